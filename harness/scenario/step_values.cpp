// Step values with their own grammar: durations, `sweep`, `wait_until` and `basis`.
#include "harness/config/input_limits.hpp"
#include "harness/scenario/duration.hpp"
#include "harness/scenario/parse_detail.hpp"

namespace stimbench::scenario_detail {

constexpr std::size_t kMaxBasis = input_limits::kMaxBasisBytes;  // one line of text

// Why a `basis:` text is unusable, or "": one line naming a document section or "assumption".
std::string basis_problem(const std::string& text) {
  if (text.find_first_not_of(" \t") == std::string::npos)
    return "must name a document section (e.g. \"T087 6.7\") or say 'assumption'";
  if (text.find('\n') != std::string::npos) return "must be one line";
  if (text.size() > kMaxBasis) return "is longer than " + std::to_string(kMaxBasis) + " characters";
  return "";
}

std::optional<std::chrono::nanoseconds> read_duration(YamlReader& in, const YAML::Node& node,
                                                      const std::string& what,
                                                      const YAML::Node& key, bool allow_zero) {
  auto text = in.text(node, what, key);
  if (!text) return std::nullopt;
  auto parsed = parse_duration(*text);
  if (!parsed) {
    in.error(node, "'" + what + "': " + parsed.error().message);
    return std::nullopt;
  }
  if (!allow_zero && parsed->count() == 0) {
    in.error(node, "'" + what + "' must be above 0");
    return std::nullopt;
  }
  return *parsed;
}

std::optional<LatencyLimits> parse_latency(YamlReader& in, const YAML::Node& key,
                                           const YAML::Node& value) {
  if (!in.expect_map(value, "latency", key)) return std::nullopt;
  static const KeyList keys = {"p50", "p90", "p99", "max"};
  LatencyLimits limits;
  bool good = true;
  bool any = false;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& v) {
    auto d = read_duration(in, v, "latency." + name, k, false);
    if (!d) {
      good = false;
      return;
    }
    any = true;
    (name == "p50"   ? limits.p50
     : name == "p90" ? limits.p90
     : name == "p99" ? limits.p99
                     : limits.max) = d;
  };
  const std::size_t before = in.issue_count();
  in.for_each_entry(value, keys, visit);
  if (in.issue_count() != before || !good) return std::nullopt;
  if (!any) {
    in.error(value, "'latency' needs at least one of p50, p90, p99, max (e.g. {p99: 20ms})");
    return std::nullopt;
  }
  return limits;
}

bool parse_sweep(YamlReader& in, Step& step, const YAML::Node& key, const YAML::Node& value) {
  if (!in.expect_map(value, "sweep", key)) return false;
  bool good = true;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& v) {
    if (name == "parameter") {
      auto text = in.text(v, name, k);
      if (!text) {
        good = false;
      } else if (*text != "all") {
        step.sweep_parameter = parameter_from_string(*text);
        if (!step.sweep_parameter) {
          in.error(v, "unknown parameter '" + *text + "'" + did_you_mean(*text, parameter_names()));
          good = false;
        }
      }
    } else if (name == "at") {
      auto text = in.text(v, name, k);
      if (text && *text != "envelope-boundary") {
        in.error(v, "'at' supports only envelope-boundary");
        good = false;
      }
      good = good && text.has_value();
    } else {
      auto flag = in.boolean(v, name, k);
      if (flag) (name == "wrong_types" ? step.sweep_wrong_types : step.sweep_combined) = *flag;
      good = good && flag.has_value();
    }
  };
  in.for_each_entry(value, {"parameter", "at", "wrong_types", "combined"}, visit);
  return good;
}

bool parse_wait_until(YamlReader& in, Step& step, const YAML::Node& key, const YAML::Node& value) {
  if (!in.expect_map(value, "wait_until", key)) return false;
  bool good = true;
  bool has_timeout = false;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& v) {
    if (name == "state") {
      auto text = in.text(v, name, k);
      if (text) step.until_state = device_state_from_string(*text);
      if (text && !step.until_state) in.error(v, "unknown state '" + *text + "'");
      good = good && step.until_state.has_value();
      return;
    }
    auto d = read_duration(in, v, name, k, name == "min");
    good = good && d.has_value();
    if (!d) return;
    if (name == "timeout") {
      step.duration = *d;
      has_timeout = true;
    } else if (name == "poll") {
      step.poll = *d;
    } else if (name == "min") {
      step.min_elapsed = *d;
    } else {
      step.max_elapsed = *d;
    }
  };
  in.for_each_entry(value, {"state", "timeout", "poll", "min", "max"}, visit);
  if (!step.until_state || !has_timeout) {
    in.error(value, "'wait_until' needs 'state' and 'timeout'");
    good = false;
  }
  // Cross-field rules: a window that no elapsed time can satisfy.
  if (good && step.min_elapsed && step.max_elapsed && *step.min_elapsed > *step.max_elapsed) {
    in.error(value, "'wait_until' has 'min' above 'max': no elapsed time could pass");
    good = false;
  }
  if (good && step.min_elapsed && *step.min_elapsed > step.duration) {
    in.error(value, "'wait_until' has 'min' above 'timeout': it would time out first");
    good = false;
  }
  return good;
}

}  // namespace stimbench::scenario_detail
