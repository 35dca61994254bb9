// The address a local server listens on: "tcp://HOST:PORT" or "tcp://[IPV6]:PORT", PORT 0
// meaning any free port, "localhost" meaning 127.0.0.1. Whether a non-loopback host is
// allowed is the caller's policy (the mock never; the proxy with --allow-remote).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <string_view>

#include "devices/core/result.hpp"

namespace stimbench {

// invalid_input naming `what` (e.g. "mock listen address") and the problem.
Result<boost::asio::ip::tcp::endpoint> parse_listen_address(std::string_view uri,
                                                            std::string_view what);

}  // namespace stimbench
