// Step vocabulary: action names, default step names, examples for messages.
#include <sstream>

#include "harness/scenario/duration.hpp"
#include "harness/scenario/parse_detail.hpp"

namespace stimbench::scenario_detail {

namespace {

std::string format_number(double value) {
  std::ostringstream out;
  out.precision(12);
  out << value;
  return out.str();
}

}  // namespace

const KeyList& step_keys() {
  static const KeyList keys = {
      "identify", "remote",   "set",    "get",         "arm",       "disarm",       "fire",
      "train",    "abort",    "status", "temperature", "keepalive", "send",         "expect_bytes",
      "wait",     "repeat",   "sweep",  "wait_until",  "expect",    "within",       "timeout",
      "name",     "requires", "probe",  "basis",       "latency",   "pulse_timing", "faults"};
  return keys;
}

const KeyList& action_names() {
  static const KeyList names(step_keys().begin(), step_keys().begin() + 18);
  return names;
}

const KeyList& parameter_names() {
  static const KeyList names = [] {
    KeyList out;
    for (Parameter p : all_parameters()) out.push_back(to_string(p));
    return out;
  }();
  return names;
}

bool takes_no_argument(StepKind kind) {
  switch (kind) {
    case StepKind::remote:
    case StepKind::set:
    case StepKind::get:
    case StepKind::send:
    case StepKind::expect_bytes:
    case StepKind::wait:
    case StepKind::repeat:
    case StepKind::sweep:
    case StepKind::wait_until:
      return false;
    default:
      return true;
  }
}

const char* example(StepKind kind) {
  switch (kind) {
    case StepKind::remote:
      return "remote: on";
    case StepKind::set:
      return "set: {power: 50}";
    case StepKind::get:
      return "get: power";
    case StepKind::send:
      return "send: \"2A 49 44 4E 3F 0A\"";
    case StepKind::expect_bytes:
      return "expect_bytes: \"4F 4B 0A\"";
    case StepKind::wait:
      return "wait: 1.5s";
    case StepKind::sweep:
      return "sweep: {parameter: power}";
    case StepKind::wait_until:
      return "wait_until: {state: ready, timeout: 60s}";
    default:
      return "repeat: {count: 3, steps: [fire]}";
  }
}

std::string default_name(const Step& step) {
  std::string name = to_string(step.kind);
  switch (step.kind) {
    case StepKind::remote:
      return name + (step.remote_on ? " on" : " off");
    case StepKind::set:
      for (const auto& [parameter, value] : step.values) {
        name += std::string(" ") + to_string(parameter) + "=" + format_number(value);
        if (parameter == Parameter::power && step.power_in_percent_mt) name += "%MT";
      }
      return name;
    case StepKind::get:
      return name + " " + (step.parameter ? to_string(*step.parameter) : "?");
    case StepKind::send:
    case StepKind::expect_bytes: {
      const std::size_t shown = std::min<std::size_t>(step.bytes.size(), 8);
      name += " " + to_hex(std::span(step.bytes.data(), shown));
      return shown < step.bytes.size() ? name + " ..." : name;
    }
    case StepKind::wait:
      return name + " " + format_duration(step.duration);
    case StepKind::repeat:
      return name + " " + std::to_string(step.count) + "x";
    case StepKind::sweep:
      return name + " " + (step.sweep_parameter ? to_string(*step.sweep_parameter) : "all");
    case StepKind::wait_until:
      return name + " " + (step.until_state ? to_string(*step.until_state) : "?");
    default:
      return name;
  }
}

SourceLocation location(const std::string& file, const YAML::Mark& mark) {
  return SourceLocation{file, mark.line + 1, mark.column + 1};
}

std::optional<StepKind> step_kind_from_string(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(StepKind::wait_until); ++i) {
    if (name == to_string(static_cast<StepKind>(i))) return static_cast<StepKind>(i);
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> read_capabilities(YamlReader& in, const YAML::Node& value,
                                                          const YAML::Node& key) {
  auto list = in.text_list(value, "requires", key);
  if (!list) return std::nullopt;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string& name = (*list)[i];
    if (is_known_capability(name)) continue;
    in.error(value[i], "unknown capability '" + name + "' in 'requires'" +
                           did_you_mean(name, known_capabilities()));
  }
  return list;
}

}  // namespace stimbench::scenario_detail
