// Several blocking-style sessions on one io_context, without a scheduler of our own: each runs
// as a Boost.Asio stackful coroutine (boost::asio::spawn), and every wait it makes through
// run_until_done / run_for suspends the coroutine on a clock timer instead of running the
// context. Whoever runs the context (run_waiting_sessions below) resumes it when the operation
// completes, its deadline passes or an interrupt wakes it. Virtual time still works: a
// suspended coroutine is just one more pending timer of the shared VirtualClock.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "devices/core/clock.hpp"
#include "devices/core/interrupt.hpp"

namespace stimbench {

// Starts `body` as a coroutine on `io`; it first runs when `io` next runs a handler.
// Exceptions escaping `body` reach whoever runs `io`.
void spawn_waiting(boost::asio::io_context& io, std::function<void()> body);

// True while the calling code runs inside a spawn_waiting coroutine.
bool inside_waiting_coroutine();

// Resumes every suspended wait once so it looks at its InterruptToken now (a token set by a
// signal handler is otherwise seen only when the wait next wakes).
void wake_all_waits();

struct SessionsOutcome {
  // A handler that threw outside any session (the sessions themselves catch their own).
  std::optional<std::string> handler_threw;
  // Sessions still suspended when nothing could happen any more (should not occur).
  std::size_t stuck = 0;
};

// Spawns each body as a coroutine and turns `io` with `clock.run_one` until all have
// returned. When `token` (may be null) is requested, every wait is woken so each session
// sees it, disarms and ends.
SessionsOutcome run_waiting_sessions(boost::asio::io_context& io, const Clock& clock,
                                     std::vector<std::function<void()>> bodies,
                                     const InterruptToken* token);

namespace detail {
struct PendingOp;
}

// Holds sessions until all of them have arrived: e.g. no session seals its evidence (blocking
// file writes and fdatasync, which stall the one thread) while another still feeds a watchdog.
class SessionBarrier {
 public:
  explicit SessionBarrier(std::size_t parties) : parties_(parties) {}
  // Suspends the calling coroutine until every party has arrived (or `token` says stop);
  // the last to arrive releases the others.
  void arrive_and_wait(boost::asio::io_context& io, const Clock& clock,
                       const InterruptToken* token);
  // Counts as arrived without waiting (a session that ended before reaching the barrier).
  void arrive();

 private:
  std::size_t parties_;
  std::size_t arrived_ = 0;
  std::vector<std::shared_ptr<detail::PendingOp>> waiting_;
};

namespace detail {
// run_until_done's coroutine half (io_wait.hpp): same contract, suspends instead of running.
void suspend_until_done(boost::asio::io_context& io, const Clock& clock,
                        const std::shared_ptr<PendingOp>& op, std::chrono::nanoseconds timeout,
                        const InterruptToken* token, const std::function<void()>& cancel);
}  // namespace detail

}  // namespace stimbench
