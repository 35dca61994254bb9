// Real elapsed time for tests that talk to real peers (sockets, PTYs, child processes): the
// monotonic clock as a duration since an arbitrary origin, so that `wall_now() - start` reads
// like std::chrono. Tests of the model itself run on a VirtualClock instead.
#pragma once

#include <chrono>

#include "devices/core/clock.hpp"

namespace stimbench {

inline std::chrono::nanoseconds wall_now() {
  return std::chrono::nanoseconds(monotonic_clock().now_ns());
}

}  // namespace stimbench
