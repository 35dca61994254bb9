#include "devices/transport/stream_transport.hpp"

#include <cerrno>

#include <boost/asio/error.hpp>

namespace stimbench::detail {
namespace {

std::string milliseconds_text(std::chrono::nanoseconds timeout) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
  if (us % 1000 == 0) return std::to_string(us / 1000) + " ms";
  return std::to_string(us) + " us";
}

// EOF, resets and EIO (a PTY whose other side went away) all mean the peer is gone.
bool is_hang_up(const boost::system::error_code& ec) {
  namespace error = boost::asio::error;
  if (ec == error::eof || ec == error::connection_reset || ec == error::broken_pipe ||
      ec == error::connection_aborted || ec == error::not_connected || ec == error::shut_down ||
      ec == error::bad_descriptor)
    return true;
  return ec.category() == boost::system::system_category() && ec.value() == EIO;
}

}  // namespace

Error stream_error(const StreamOp& op, const std::string& what, std::chrono::nanoseconds timeout) {
  if (!op.done)  // the context ran dry: nothing was left that could complete it
    return make_error(ErrorCode::timeout, what + " timed out after " + milliseconds_text(timeout));
  if (op.ec == boost::asio::error::operation_aborted) {
    switch (op.stop) {
      case StopReason::deadline:
        return make_error(ErrorCode::timeout,
                          what + " timed out after " + milliseconds_text(timeout));
      case StopReason::interrupt:
        return make_error(ErrorCode::cancelled, what + " interrupted");
      case StopReason::handler_threw:
        return make_error(ErrorCode::internal,
                          what + " abandoned: an I/O handler threw: " + op.thrown);
      case StopReason::none:
        break;  // cancelled by someone else, e.g. close() from another handler
    }
    return make_error(ErrorCode::closed, what + ": transport closed while waiting");
  }
  if (is_hang_up(op.ec))
    return make_error(ErrorCode::closed,
                      what + ": closed by the other side (" + op.ec.message() + ")");
  return make_error(ErrorCode::io, what + ": " + op.ec.message());
}

}  // namespace stimbench::detail
