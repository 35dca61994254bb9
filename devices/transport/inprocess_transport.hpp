// In-process transport (`mock:`): a real socketpair, so the in-process mock exercises the same
// Asio stream code as TCP and serial.
#pragma once

#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include "devices/core/clock.hpp"
#include "devices/core/interrupt.hpp"
#include "devices/transport/transport.hpp"

namespace stimbench {

struct InprocessPair {
  std::unique_ptr<Transport> host;                     // describe() == "mock:"
  boost::asio::local::stream_protocol::socket device;  // for the mock, on the same io_context
};

// Never throws. If the socketpair cannot be created (descriptor exhaustion) every operation
// on `host` fails with ErrorCode::io saying so, and `device` is closed.
InprocessPair make_inprocess_pair(boost::asio::io_context& io, const Clock& clock,
                                  const InterruptToken* token);

}  // namespace stimbench
