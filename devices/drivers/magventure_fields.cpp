#include "devices/drivers/magventure_fields.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace stimbench::magventure_fields {

std::optional<std::uint16_t> to_field(double value, double scale) {
  if (!std::isfinite(value)) return std::nullopt;
  double scaled = value * scale;
  double whole = std::round(scaled);
  if (std::fabs(scaled - whole) > 1e-6 * std::max(1.0, std::fabs(scaled))) return std::nullopt;
  if (whole < 0 || whole > std::numeric_limits<std::uint16_t>::max()) return std::nullopt;
  return static_cast<std::uint16_t>(whole);
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::optional<double> timing_scale(Parameter p) {
  switch (p) {
    case Parameter::frequency:
    case Parameter::train_iti:
      return 10.0;
    case Parameter::pulses:
    case Parameter::train_count:
      return 1.0;
    default:
      return std::nullopt;
  }
}

std::uint16_t& timing_field(magventure::TrainSettings& t, Parameter p) {
  switch (p) {
    case Parameter::frequency:
      return t.rate_tenth_pps;
    case Parameter::pulses:
      return t.pulses_per_train;
    case Parameter::train_count:
      return t.trains;
    default:
      return t.iti_tenth_s;
  }
}

}  // namespace stimbench::magventure_fields
