#include "devices/core/step_grid.hpp"

#include <cmath>

namespace stimbench {

int step_decimals(double step) {
  if (!std::isfinite(step) || step <= 0) return 0;
  double scaled = step;
  int decimals = 0;
  // Integer ratio checks, so 0.1 (not exactly representable) still counts as one decimal.
  while (decimals < 9 && std::fabs(scaled - std::round(scaled)) > 1e-9 * std::max(1.0, scaled)) {
    scaled *= 10;
    ++decimals;
  }
  return decimals;
}

double tidy_on_grid(double value, double step) {
  if (!std::isfinite(value)) return value;
  const double scale = std::pow(10.0, step_decimals(step) + 1);
  // Division by an exact power of ten gives the double nearest the decimal k / 10^d.
  return std::round(value * scale) / scale;
}

}  // namespace stimbench
