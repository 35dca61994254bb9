// Blocking waits that keep the io_context turning, so other handlers on it (an in-process
// mock, signal_set handlers) run while the caller waits.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "devices/core/clock.hpp"
#include "devices/core/interrupt.hpp"
#include "devices/core/result.hpp"

namespace stimbench {

// Runs `io` for `duration` of `clock` time; other handlers keep firing. Returns
// ErrorCode::cancelled as soon as `token` (may be null) says should_stop(), ErrorCode::internal if
// a handler throws.
Status run_for(boost::asio::io_context& io, const Clock& clock, std::chrono::nanoseconds duration,
               const InterruptToken* token);

namespace detail {

// Why run_until_done asked the operation to cancel.
enum class StopReason { none, deadline, interrupt, handler_threw };

// Shared between a blocking call and the handlers it starts; handlers outlive the call, so
// they hold this and never the object that started them.
struct PendingOp {
  bool done = false;
  StopReason stop = StopReason::none;
  std::string thrown;  // what() of an exception that escaped a foreign handler
};

// Runs `io` one handler at a time until op->done is set by the operation's completion
// handler, waiting as `clock` waits. When the deadline passes, `token` says should_stop()
// (checked after every handler, and every 20 ms on a real clock) or a handler throws, records why
// in op->stop and calls `cancel` once; the operation must then still complete (usually with
// operation_aborted).
void run_until_done(boost::asio::io_context& io, const Clock& clock,
                    const std::shared_ptr<PendingOp>& op, std::chrono::nanoseconds timeout,
                    const InterruptToken* token, const std::function<void()>& cancel);

}  // namespace detail
}  // namespace stimbench
