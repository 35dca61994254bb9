#include "devices/transport/coroutine_waits.hpp"

#include <algorithm>
#include <exception>
#include <limits>
#include <unordered_set>
#include <utility>

#include <boost/asio/async_result.hpp>
#include <boost/asio/spawn.hpp>

#include "devices/transport/io_wait.hpp"

namespace stimbench {
namespace {

// Generous: a session runs the whole runner, JSON building and the drivers on this stack.
constexpr std::size_t kStackBytes = 2 * 1024 * 1024;
constexpr std::chrono::milliseconds kInterruptPoll{20};
// After cancel() the operation must still complete; on a broken one stop waiting after this.
constexpr std::chrono::seconds kCancelGrace{1};
constexpr std::chrono::hours kBarrierBound{24 * 365};

// One thread runs every coroutine of a context, so "the coroutine running now" is a plain
// per-thread pointer: set while a coroutine runs, null while the thread runs anything else.
thread_local boost::asio::yield_context* running_coroutine = nullptr;
// The timers of the waits now suspended, for wake_all_waits().
thread_local std::unordered_set<ClockTimer*> suspended_waits;

// Marks the coroutine as running for its whole life, and not running once it returns or
// unwinds.
class RunningScope {
 public:
  explicit RunningScope(boost::asio::yield_context* self)
      : previous_(std::exchange(running_coroutine, self)) {}
  ~RunningScope() { running_coroutine = previous_; }
  RunningScope(const RunningScope&) = delete;
  RunningScope& operator=(const RunningScope&) = delete;

 private:
  boost::asio::yield_context* previous_;
};

// Suspends the running coroutine until `timer` fires or is cancelled.
boost::system::error_code suspend_on(ClockTimer& timer) {
  boost::asio::yield_context* self = running_coroutine;
  boost::system::error_code ec;
  suspended_waits.insert(&timer);
  running_coroutine = nullptr;
  boost::asio::yield_context token = (*self)[ec];
  boost::asio::async_initiate<boost::asio::yield_context, void(boost::system::error_code)>(
      [&timer](auto handler) {
        timer.async_wait([handler](const boost::system::error_code& e) mutable { handler(e); });
      },
      token);
  running_coroutine = self;
  suspended_waits.erase(&timer);
  return ec;
}

std::int64_t saturating_deadline(const Clock& clock, std::chrono::nanoseconds timeout) {
  const std::int64_t now = clock.now_ns();
  const std::int64_t room = std::numeric_limits<std::int64_t>::max() - now;
  return timeout.count() > room ? std::numeric_limits<std::int64_t>::max() : now + timeout.count();
}

// Clears the wake-up hook when the wait ends: the operation (and its handlers) may outlive
// the timer it points at.
class WakeHook {
 public:
  WakeHook(detail::DoneFlag& flag, ClockTimer& timer) : flag_(flag) {
    flag_.on_set([&timer] { timer.cancel(); });
  }
  ~WakeHook() { flag_.on_set({}); }
  WakeHook(const WakeHook&) = delete;
  WakeHook& operator=(const WakeHook&) = delete;

 private:
  detail::DoneFlag& flag_;
};

}  // namespace

void spawn_waiting(boost::asio::io_context& io, std::function<void()> body) {
  boost::asio::spawn(
      io,
      [body = std::move(body)](boost::asio::yield_context yield) {
        RunningScope running(&yield);
        body();
      },
      boost::coroutines::attributes(kStackBytes));
}

bool inside_waiting_coroutine() {
  return running_coroutine != nullptr;
}

void wake_all_waits() {
  // cancel() only queues each wait's handler, so the set does not change under us.
  for (ClockTimer* timer : suspended_waits) timer->cancel();
}

namespace detail {

void suspend_until_done(boost::asio::io_context& io, const Clock& clock,
                        const std::shared_ptr<PendingOp>& op, std::chrono::nanoseconds timeout,
                        const InterruptToken* token, const std::function<void()>& cancel) {
  std::unique_ptr<ClockTimer> timer = clock.make_timer(io);
  WakeHook hook(op->done, *timer);
  const std::int64_t deadline_ns = saturating_deadline(clock, timeout);
  const bool poll_token = token != nullptr && !clock.is_virtual();
  bool cancelled = false;
  bool late_reply_checked = false;
  std::int64_t give_up_ns = 0;
  while (!op->done) {
    if (token != nullptr && token->should_stop() && op->stop == StopReason::none)
      op->stop = StopReason::interrupt;
    if (op->stop != StopReason::none && !cancelled) {
      cancelled = true;
      give_up_ns = saturating_deadline(clock, kCancelGrace);
      cancel();
      continue;  // the cancel may have completed the operation synchronously
    }
    std::int64_t wake_ns = cancelled ? give_up_ns : deadline_ns;
    if (poll_token) wake_ns = std::min(wake_ns, saturating_deadline(clock, kInterruptPoll));
    timer->expires_at_ns(wake_ns);
    suspend_on(*timer);
    if (op->done) break;
    const std::int64_t now = clock.now_ns();
    if (cancelled) {
      if (now >= give_up_ns) break;
      continue;
    }
    if (now < deadline_ns) continue;  // woken early: completion, interrupt poll, wake_all
    if (!clock.is_virtual() && !late_reply_checked) {
      // A session resumed late may find its reply already in the socket: one more turn of the
      // reactor lets it land, and the reply wins (as in the run_one loop).
      late_reply_checked = true;
      timer->expires_after(std::chrono::nanoseconds(0));
      suspend_on(*timer);
      if (op->done) break;
    }
    op->stop = StopReason::deadline;
  }
}

}  // namespace detail

void SessionBarrier::arrive() {
  if (++arrived_ < parties_) return;
  for (const std::shared_ptr<detail::PendingOp>& op : waiting_) op->done = true;
  waiting_.clear();
}

void SessionBarrier::arrive_and_wait(boost::asio::io_context& io, const Clock& clock,
                                     const InterruptToken* token) {
  auto op = std::make_shared<detail::PendingOp>();
  waiting_.push_back(op);
  arrive();
  // Only the last arrival or an interrupt ends it; the bound is for a party that never comes.
  detail::run_until_done(io, clock, op, kBarrierBound, token, [op] { op->done = true; });
}

SessionsOutcome run_waiting_sessions(boost::asio::io_context& io, const Clock& clock,
                                     std::vector<std::function<void()>> bodies,
                                     const InterruptToken* token) {
  struct CountDown {
    std::size_t& running;
    ~CountDown() { --running; }
  };
  std::size_t running = bodies.size();
  for (std::function<void()>& body : bodies) {
    spawn_waiting(io, [b = std::move(body), &running] {
      CountDown done{running};
      b();
    });
  }
  SessionsOutcome outcome;
  bool woken = false;
  while (running > 0) {
    std::size_t ran = 0;
    try {
      ran = clock.run_one(io);
    } catch (const std::exception& e) {
      ran = 1;
      if (!outcome.handler_threw) outcome.handler_threw = e.what();
    } catch (...) {
      ran = 1;
      if (!outcome.handler_threw) outcome.handler_threw = "unknown exception";
    }
    if (ran == 0) {
      outcome.stuck = running;
      break;
    }
    if (token != nullptr && token->requested() && !woken) {
      woken = true;
      wake_all_waits();
    }
  }
  return outcome;
}

}  // namespace stimbench
