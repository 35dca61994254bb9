// Internal to the mock: refusals, and moving values onto a limit's step grid (multiples of `step`
// counted from 0) and inside its range.
#pragma once

#include <algorithm>
#include <cmath>

#include "devices/core/profile.hpp"
#include "devices/mock/mock_stimulator.hpp"

namespace stimbench::mock_detail {

// A refusal with the device's error code and a short reason.
inline MockOutcome refuse(int code, std::string detail) {
  return MockOutcome{code, std::move(detail)};
}

// Clears the 0.30000000000000004 kind of noise a grid multiplication leaves.
inline double tidy(double value) {
  return std::round(value * 1e9) / 1e9;
}

// The grid point nearest to `value`, moved inside [min, max]; min when the grid misses
// the range altogether.
inline double snap_inside(const ParameterLimit& limit, double value) {
  double step = limit.step;
  if (step <= 0) return std::clamp(value, limit.min, limit.max);
  double v = tidy(std::round(value / step) * step);
  if (v < limit.min) v = tidy(std::ceil(limit.min / step - 1e-9) * step);
  if (v > limit.max) v = tidy(std::floor(limit.max / step + 1e-9) * step);
  return (v < limit.min || v > limit.max) ? limit.min : v;
}

// The highest grid point at or below `ceiling` (not below min): a value under a cap.
inline double floor_onto(const ParameterLimit& limit, double ceiling) {
  double v = limit.step > 0 ? tidy(std::floor(ceiling / limit.step + 1e-9) * limit.step) : ceiling;
  return std::max(v, limit.min);
}

// Tolerance for comparing decimal text read as a binary double against a limit.
inline double slack(double value) {
  return 1e-9 * std::max(1.0, std::fabs(value));
}

}  // namespace stimbench::mock_detail
