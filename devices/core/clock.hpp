// The one source of time and of waiting. Every timestamp, timer and blocking wait in
// stimbench goes through a Clock: CLOCK_MONOTONIC for hardware and standalone mocks, a
// discrete-event VirtualClock (virtual_clock.hpp) for the built-in mock. Nothing outside this
// module reads an OS clock or constructs an Asio timer (ci/check-clock enforces it).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/system/error_code.hpp>

namespace boost::asio {
class io_context;
}

namespace stimbench {

using TimerHandler = std::function<void(const boost::system::error_code&)>;

// An Asio-style one-shot timer on its clock's time line. As with Asio timers, setting the
// expiry or destroying the timer completes pending waits with operation_aborted.
class ClockTimer {
 public:
  virtual ~ClockTimer() = default;
  virtual void expires_at_ns(std::int64_t t_ns) = 0;
  virtual void expires_after(std::chrono::nanoseconds duration) = 0;
  // The handler runs on the timer's io_context: error_code{} at expiry, else aborted.
  virtual void async_wait(TimerHandler handler) = 0;
  virtual void cancel() = 0;
};

class Clock {
 public:
  virtual ~Clock() = default;
  // Nanoseconds on a monotonic time line; only differences are meaningful.
  virtual std::int64_t now_ns() const = 0;
  // The clock's name as reported in evidence: "CLOCK_MONOTONIC" or "virtual".
  virtual std::string name() const = 0;
  virtual std::int64_t resolution_ns() const = 0;
  // Virtual time moves only when every party waits; wall-clock lateness cannot happen.
  virtual bool is_virtual() const { return false; }
  virtual std::unique_ptr<ClockTimer> make_timer(boost::asio::io_context& io) const = 0;
  // Runs at most one handler of `io`, waiting the way this clock waits: a real clock blocks
  // in the reactor; a virtual one jumps to the next due timer when nothing else is ready.
  // Returns 0 when nothing can ever happen (no work and no timer).
  virtual std::size_t run_one(boost::asio::io_context& io) const = 0;
};

// CLOCK_MONOTONIC via clock_gettime; timers are Asio steady_timers (the same clock on Linux).
class MonotonicClock final : public Clock {
 public:
  std::int64_t now_ns() const override;
  std::string name() const override { return "CLOCK_MONOTONIC"; }
  std::int64_t resolution_ns() const override;
  std::unique_ptr<ClockTimer> make_timer(boost::asio::io_context& io) const override;
  std::size_t run_one(boost::asio::io_context& io) const override;
};

// Returns the process-wide monotonic clock (for composition roots only).
const Clock& monotonic_clock();

// Wall-clock time (CLOCK_REALTIME), ns since the Unix epoch: for UTC stamps in evidence only,
// never for waits or durations.
std::int64_t wall_clock_unix_ns();

// Blocks the calling thread for `duration` of real time without an io_context (process
// supervision in tests and tools, e.g. waiting for a child to start).
void real_sleep(std::chrono::nanoseconds duration);

}  // namespace stimbench

#include "devices/core/virtual_clock.hpp"  // IWYU pragma: export (VirtualClock, FakeClock)
