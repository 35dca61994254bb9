#include "devices/core/profile.hpp"

#include <algorithm>

namespace stimbench {

const char* to_string(Parameter parameter) {
  switch (parameter) {
    case Parameter::power:
      return "power";
    case Parameter::frequency:
      return "frequency";
    case Parameter::pulses:
      return "pulses";
    case Parameter::train_duration:
      return "train_duration";
    case Parameter::train_iti:
      return "train_iti";
    case Parameter::train_count:
      return "train_count";
  }
  return "unknown";
}

const std::vector<Parameter>& all_parameters() {
  static const std::vector<Parameter> all = {Parameter::power,          Parameter::frequency,
                                             Parameter::pulses,         Parameter::train_duration,
                                             Parameter::train_iti,      Parameter::train_count};
  return all;
}

std::optional<Parameter> parameter_from_string(std::string_view name) {
  for (Parameter p : all_parameters()) {
    if (name == to_string(p)) return p;
  }
  return std::nullopt;
}

const ParameterLimit* DeviceProfile::limit(Parameter parameter) const {
  auto it = std::find_if(limits.begin(), limits.end(),
                         [&](const ParameterLimit& l) { return l.parameter == parameter; });
  return it == limits.end() ? nullptr : &*it;
}

bool DeviceProfile::has_capability(std::string_view capability) const {
  return std::find(capabilities.begin(), capabilities.end(), capability) != capabilities.end();
}

}  // namespace stimbench
