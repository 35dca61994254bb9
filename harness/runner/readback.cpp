#include "harness/runner/readback.hpp"

#include <cmath>

#include "harness/runner/judge.hpp"

namespace stimbench {

Result<ParameterValues> read_back_all(StimulatorDriver& driver, const DeviceProfile& profile) {
  ParameterValues out;
  for (const ParameterLimit& limit : profile.limits) {
    Result<Reply> reply = driver.get(limit.parameter);
    if (!reply)
      return reply.error().with_context(std::string("reading back ") + to_string(limit.parameter));
    if (reply->value) out[limit.parameter] = *reply->value;
  }
  return out;
}

std::vector<std::string> missing_readbacks(const ParameterValues& values,
                                           const DeviceProfile& profile) {
  std::vector<std::string> out;
  for (const ParameterLimit& limit : profile.limits) {
    auto it = values.find(limit.parameter);
    if (it == values.end()) {
      out.push_back(std::string(to_string(limit.parameter)) + " (no value in the reply)");
    } else if (!std::isfinite(it->second)) {
      out.push_back(std::string(to_string(limit.parameter)) + " (not a finite number)");
    }
  }
  return out;
}

nlohmann::json to_json(const ParameterValues& values) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [parameter, value] : values) j[to_string(parameter)] = value;
  return j;
}

std::string describe_changes(const ParameterValues& before, const ParameterValues& after) {
  std::string out;
  auto add = [&](Parameter p, const std::string& from, const std::string& to) {
    if (!out.empty()) out += ", ";
    out += std::string(to_string(p)) + " " + from + " -> " + to;
  };
  for (const auto& [parameter, value] : before) {
    auto it = after.find(parameter);
    if (it == after.end()) {
      add(parameter, format_value(value), "unreadable");
    } else if (std::fabs(it->second - value) > 1e-9 * std::max(1.0, std::fabs(value))) {
      add(parameter, format_value(value), format_value(it->second));
    }
  }
  for (const auto& [parameter, value] : after) {
    if (!before.count(parameter)) add(parameter, "unreadable", format_value(value));
  }
  return out;
}

double round_to_step(double value, const ParameterLimit* limit) {
  if (limit == nullptr || limit->step <= 0) return value;
  return std::round(value / limit->step) * limit->step;
}

}  // namespace stimbench
