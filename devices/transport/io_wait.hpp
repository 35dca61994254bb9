// Blocking waits that keep the io_context turning, so other handlers on it (an in-process
// mock, signal_set handlers) run while the caller waits. Inside a coroutine started by
// spawn_waiting (coroutine_waits.hpp) the same waits suspend the coroutine instead, so several
// device sessions share one io_context and one clock.
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

// A completion flag that also wakes a coroutine suspended on it: the handlers keep writing
// `op->done = true`, whoever waits (a loop over run_one, or a coroutine) notices.
class DoneFlag {
 public:
  DoneFlag() = default;
  DoneFlag(const DoneFlag&) = delete;
  DoneFlag& operator=(const DoneFlag&) = delete;
  DoneFlag& operator=(bool value) {
    value_ = value;
    if (value_ && wake_) wake_();
    return *this;
  }
  operator bool() const { return value_; }  // NOLINT(google-explicit-constructor): a flag
  // Called each time the flag is set; empty to stop (the waiter is gone).
  void on_set(std::function<void()> wake) { wake_ = std::move(wake); }

 private:
  bool value_ = false;
  std::function<void()> wake_;
};

// Shared between a blocking call and the handlers it starts; handlers outlive the call, so
// they hold this and never the object that started them.
struct PendingOp {
  DoneFlag done;
  StopReason stop = StopReason::none;
  std::string thrown;  // what() of an exception that escaped a foreign handler
};

// Runs `io` one handler at a time until op->done is set by the operation's completion
// handler, waiting as `clock` waits (inside a spawn_waiting coroutine: suspends it until then).
// When the deadline passes, `token` says should_stop() (checked after every handler, and every 20
// ms on a real clock) or a handler throws, records why in op->stop and calls `cancel` once; the
// operation must then still complete (usually with operation_aborted).
void run_until_done(boost::asio::io_context& io, const Clock& clock,
                    const std::shared_ptr<PendingOp>& op, std::chrono::nanoseconds timeout,
                    const InterruptToken* token, const std::function<void()>& cancel);

}  // namespace detail
}  // namespace stimbench
