#include "devices/core/clock.hpp"

#include <time.h>

namespace stimbench {

std::int64_t MonotonicClock::now_ns() const {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::int64_t MonotonicClock::resolution_ns() const {
  timespec ts{};
  clock_getres(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

const Clock& monotonic_clock() {
  static const MonotonicClock clock;
  return clock;
}

}  // namespace stimbench
