// Injected monotonic clock: every timestamp in stimbench comes through one of these.
#pragma once

#include <cstdint>
#include <string>

namespace stimbench {

class Clock {
 public:
  virtual ~Clock() = default;
  // Nanoseconds on a monotonic clock; only differences are meaningful.
  virtual std::int64_t now_ns() const = 0;
  // The clock's name as reported in evidence, e.g. "CLOCK_MONOTONIC".
  virtual std::string name() const = 0;
  // Resolution in nanoseconds as reported by the OS.
  virtual std::int64_t resolution_ns() const = 0;
};

// CLOCK_MONOTONIC via clock_gettime.
class MonotonicClock final : public Clock {
 public:
  std::int64_t now_ns() const override;
  std::string name() const override { return "CLOCK_MONOTONIC"; }
  std::int64_t resolution_ns() const override;
};

// Manually advanced clock for unit tests.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::int64_t start_ns = 0) : now_(start_ns) {}
  std::int64_t now_ns() const override { return now_; }
  std::string name() const override { return "FAKE"; }
  std::int64_t resolution_ns() const override { return 1; }
  void advance_ns(std::int64_t delta) { now_ += delta; }
  void set_ns(std::int64_t value) { now_ = value; }

 private:
  std::int64_t now_;
};

// Returns the process-wide monotonic clock (for composition roots only).
const Clock& monotonic_clock();

}  // namespace stimbench
