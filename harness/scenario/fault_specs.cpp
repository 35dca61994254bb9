// `faults:` of a scenario or a step: fault SPECs for the built-in mock (docs/mock.md).
#include "devices/mock/fault_schedule.hpp"
#include "harness/scenario/parse_detail.hpp"

namespace stimbench::scenario_detail {

std::optional<std::vector<std::string>> read_fault_specs(YamlReader& in, const YAML::Node& value,
                                                         const YAML::Node& key,
                                                         const std::string& whose) {
  constexpr std::size_t kMaxFaultSpecs = 64;
  std::vector<std::string> specs;
  if (value.IsScalar()) {
    auto text = in.text(value, "faults", key);
    if (!text) return std::nullopt;
    specs.push_back(*text);
  } else {
    auto list = in.text_list(value, "faults", key);
    if (!list) return std::nullopt;
    specs = std::move(*list);
  }
  if (specs.size() > kMaxFaultSpecs) {
    in.error(value, "'faults' has more than " + std::to_string(kMaxFaultSpecs) + " entries");
    return std::nullopt;
  }
  std::size_t index = 0;
  for (const std::string& spec : specs) {
    const YAML::Node& at = value.IsSequence() ? value[index] : value;
    // Checked here so that a bad SPEC is a file:line:column error before any device is
    // contacted.
    Result<FaultSchedule> parsed = parse_fault_spec(spec);
    if (!parsed) {
      in.error(at, parsed.error().message);
      return std::nullopt;
    }
    // They act on the built-in mock's replies (docs/scenario-format.md).
    if (parsed->has_direction(FaultDirection::host_to_device)) {
      in.error(at, whose +
                       " faults act on the built-in mock's replies; /to=device needs "
                       "stimbench proxy");
      return std::nullopt;
    }
    ++index;
  }
  return specs;
}

}  // namespace stimbench::scenario_detail
