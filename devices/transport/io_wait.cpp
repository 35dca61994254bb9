#include "devices/transport/io_wait.hpp"

#include <exception>

#include <boost/asio/io_context.hpp>

#include "devices/transport/coroutine_waits.hpp"

namespace stimbench {
namespace detail {
namespace {

constexpr std::chrono::milliseconds kInterruptPoll{20};

// Wakes run_one() regularly so a token set outside the context (another thread, a plain
// signal handler) is noticed. Stops re-arming once the operation is done.
void arm_poll(ClockTimer& timer, const std::shared_ptr<PendingOp>& op) {
  timer.expires_after(kInterruptPoll);
  timer.async_wait([&timer, op](const boost::system::error_code& ec) {
    if (ec || op->done) return;  // superseded: `timer` may be gone by now
    arm_poll(timer, op);
  });
}

}  // namespace

void run_until_done(boost::asio::io_context& io, const Clock& clock,
                    const std::shared_ptr<PendingOp>& op, std::chrono::nanoseconds timeout,
                    const InterruptToken* token, const std::function<void()>& cancel) {
  if (inside_waiting_coroutine()) {
    suspend_until_done(io, clock, op, timeout, token, cancel);
    return;
  }
  std::unique_ptr<ClockTimer> deadline = clock.make_timer(io);
  std::unique_ptr<ClockTimer> poll = clock.make_timer(io);
  deadline->expires_after(timeout);
  deadline->async_wait([op](const boost::system::error_code& ec) {
    if (ec || op->done) return;
    if (op->stop == StopReason::none) op->stop = StopReason::deadline;
  });
  // Virtual time never blocks, so the check after every handler is enough there.
  if (token != nullptr && !clock.is_virtual()) arm_poll(*poll, op);

  bool cancelled = false;
  while (!op->done) {
    if (token != nullptr && token->should_stop() && op->stop == StopReason::none)
      op->stop = StopReason::interrupt;
    if (op->stop == StopReason::deadline && !cancelled && !clock.is_virtual()) {
      // A harness descheduled past the deadline wakes to a due timer and, often, a reply
      // that is already in the socket: the reply wins, the deadline was ours to miss.
      io.poll();
      if (op->done) break;
    }
    if (op->stop != StopReason::none && !cancelled) {
      cancelled = true;
      cancel();
      continue;  // the cancel may have completed the operation synchronously
    }
    std::size_t ran = 0;
    try {
      ran = clock.run_one(io);
    } catch (const std::exception& e) {
      ran = 1;
      if (op->stop == StopReason::none) {
        op->stop = StopReason::handler_threw;
        op->thrown = e.what();
      }
    } catch (...) {
      ran = 1;
      if (op->stop == StopReason::none) {
        op->stop = StopReason::handler_threw;
        op->thrown = "unknown exception";
      }
    }
    // Nothing can complete the operation any more: treat it as timed out.
    if (ran == 0 && !op->done && op->stop == StopReason::none) op->stop = StopReason::deadline;
    if (ran == 0 && cancelled && !op->done) break;
  }
  deadline->cancel();
  poll->cancel();
}

}  // namespace detail

Status run_for(boost::asio::io_context& io, const Clock& clock, std::chrono::nanoseconds duration,
               const InterruptToken* token) {
  if (token != nullptr && token->should_stop())
    return make_error(ErrorCode::cancelled, "interrupted");
  // Nothing to complete but the deadline itself: "cancelling" just ends the wait.
  auto op = std::make_shared<detail::PendingOp>();
  detail::run_until_done(io, clock, op, duration, token, [&op] { op->done = true; });
  switch (op->stop) {
    case detail::StopReason::interrupt:
      return make_error(ErrorCode::cancelled, "interrupted");
    case detail::StopReason::handler_threw:
      return make_error(ErrorCode::internal, "an I/O handler threw: " + op->thrown);
    case detail::StopReason::none:
    case detail::StopReason::deadline:
      break;
  }
  return Status::success();
}

}  // namespace stimbench
