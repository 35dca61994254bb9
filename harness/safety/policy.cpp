#include "harness/safety/policy.hpp"

#include <algorithm>
#include <cmath>

namespace stimbench {

namespace {

// Decimal keys (e.g. 0.1 steps) are not exact in binary; equal within this is equal.
bool same_key(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b));
}

// The grid keys on either side of `v`: one index when `v` is on the grid, none past the end.
std::vector<std::size_t> neighbours(const std::vector<double>& keys, double v) {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (same_key(keys[i], v)) return {i};
    if (keys[i] > v)
      return i == 0 ? std::vector<std::size_t>{0} : std::vector<std::size_t>{i - 1, i};
  }
  return {};
}

}  // namespace

std::optional<double> TrainDurationTable::max_duration_at(double frequency_hz,
                                                          double percent_mt) const {
  if (!std::isfinite(frequency_hz) || !std::isfinite(percent_mt)) return std::nullopt;
  const bool inside_hz = (frequency_hz >= domain_min_hz || same_key(frequency_hz, domain_min_hz)) &&
                         (frequency_hz <= domain_max_hz || same_key(frequency_hz, domain_max_hz));
  const bool inside_mt = (percent_mt >= domain_min_mt || same_key(percent_mt, domain_min_mt)) &&
                         (percent_mt <= domain_max_mt || same_key(percent_mt, domain_max_mt));
  if (!inside_hz || !inside_mt) return std::nullopt;
  auto rows = neighbours(frequencies_hz, frequency_hz);
  auto columns = neighbours(mt_percent, percent_mt);
  if (rows.empty() || columns.empty()) return std::nullopt;
  // Cells are not monotonic (5 Hz: 1.4 s at 200 %, 1.6 s at 210 %), so "the stricter
  // neighbour" is the smallest of the surrounding cells, never an interpolation.
  double best = INFINITY;
  for (std::size_t r : rows) {
    for (std::size_t c : columns) {
      if (r < max_duration_s.size() && c < max_duration_s[r].size()) {
        best = std::min(best, max_duration_s[r][c]);
      }
    }
  }
  if (!std::isfinite(best)) return std::nullopt;
  return best;
}

}  // namespace stimbench
