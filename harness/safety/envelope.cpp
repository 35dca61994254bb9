#include "harness/safety/envelope.hpp"

#include <cmath>
#include <cstdio>

namespace stimbench {
namespace {
std::string number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}
}  // namespace

std::vector<EnvelopeViolation> SafetyEnvelope::check(
    const std::map<Parameter, double>& readback) const {
  std::vector<EnvelopeViolation> out;
  for (const ParameterLimit& limit : profile_.limits) {
    auto it = readback.find(limit.parameter);
    if (it == readback.end()) {
      out.push_back({limit.parameter, std::nullopt, "not read back, so not known to be safe"});
      continue;
    }
    // Read-back values are decimal text; allow for the last binary digit only.
    double slack = 1e-9 * std::max(1.0, std::fabs(limit.max));
    if (!std::isfinite(it->second) || it->second < limit.min - slack ||
        it->second > limit.max + slack) {
      out.push_back({limit.parameter, it->second,
                     number(it->second) + " " + limit.unit + " is outside " + number(limit.min) +
                         ".." + number(limit.max) + " " + limit.unit + " (profile " +
                         profile_.name + ")"});
    }
  }
  return out;
}

std::string describe(const std::vector<EnvelopeViolation>& violations) {
  std::string out;
  for (const auto& v : violations) {
    if (!out.empty()) out += "; ";
    out += std::string(to_string(v.parameter)) + " " + v.reason;
  }
  return out;
}

}  // namespace stimbench
