// TCP client transport: `tcp://HOST:PORT`.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "devices/core/clock.hpp"
#include "devices/core/interrupt.hpp"
#include "devices/core/result.hpp"
#include "devices/transport/transport.hpp"

namespace stimbench {

// Resolves and connects within `connect_timeout` (ErrorCode::timeout), honouring `token`
// (ErrorCode::cancelled). A refused or unreachable address is ErrorCode::io naming it.
// `io` and `clock` must outlive the transport; `token` may be null.
Result<std::unique_ptr<Transport>> connect_tcp(boost::asio::io_context& io, const Clock& clock,
                                               const InterruptToken* token, std::string host,
                                               int port, std::chrono::nanoseconds connect_timeout);

}  // namespace stimbench
