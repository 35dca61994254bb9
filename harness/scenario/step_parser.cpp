// Steps: `- arm` or a mapping with one action key plus expect / within / timeout / name /
// basis / requires; values with their own grammar are in step_values.cpp.
#include <algorithm>

#include "harness/config/input_limits.hpp"

#include "harness/scenario/parse_detail.hpp"

namespace stimbench::scenario_detail {

namespace {

// Repeats inside repeats, at most; deeper is a mistake, and the limit bounds recursion.
constexpr long long kMaxRepeat = input_limits::kMaxRepeatCount;
constexpr int kMaxRepeatDepth = input_limits::kMaxRepeatDepth;

// `probe: LIMIT` on a stimulating step: one device-enforced rule the step probes on purpose.
bool parse_probe(YamlReader& in, Step& step, const YAML::Node& key, const YAML::Node& value) {
  auto limit = in.text(value, "probe", key);
  if (!limit) return false;
  const StepEffect effect = step_effect(step.kind);
  if (effect == StepEffect::none || effect == StepEffect::nested) {
    in.error(key, "'probe' applies to arm, fire, train and send steps only");
    return false;
  }
  const auto& known = probeable_limits();
  if (std::find(known.begin(), known.end(), *limit) == known.end()) {
    std::string names;
    for (const std::string& k : known) names += (names.empty() ? "" : ", ") + k;
    in.error(value, "'probe' names a device-enforced limit to probe: one of " + names + ", not '" +
                        *limit + "'");
    return false;
  }
  step.probe = *limit;
  return true;
}

class StepParser {
 public:
  StepParser(YamlReader& in, const std::string& file, int depth)
      : in_(in), file_(file), depth_(depth) {}

  std::optional<Step> parse(const YAML::Node& node);

 private:
  bool parse_action(Step& step, const YAML::Node& key, const YAML::Node& value);
  bool parse_repeat(Step& step, const YAML::Node& key, const YAML::Node& value);

  YamlReader& in_;
  const std::string& file_;
  int depth_;
};

bool StepParser::parse_repeat(Step& step, const YAML::Node& key, const YAML::Node& value) {
  if (!in_.expect_map(value, "repeat", key)) return false;
  if (depth_ >= kMaxRepeatDepth) {
    in_.error(key, "repeats nested deeper than " + std::to_string(kMaxRepeatDepth));
    return false;
  }
  bool good = true, has_count = false, has_steps = false;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& v) {
    if (name == "count") {
      has_count = true;
      auto count = in_.integer(v, "count", k);
      if (count && (*count < 1 || *count > kMaxRepeat)) {
        in_.error(v, "'count' must be 1 to " + std::to_string(kMaxRepeat) + ", not " +
                         std::to_string(*count));
        count.reset();
      }
      if (count) step.count = static_cast<int>(*count);
      good = good && count.has_value();
      return;
    }
    has_steps = true;
    const std::size_t before = in_.issue_count();
    step.body = parse_steps(in_, file_, v, k, "steps", false, depth_ + 1);
    good = good && in_.issue_count() == before;
  };
  in_.for_each_entry(value, {"count", "steps"}, visit);
  for (auto [present, name] : {std::pair{has_count, "count"}, {has_steps, "steps"}}) {
    if (!present) in_.error(value, std::string("'repeat' needs '") + name + "'");
    good = good && present;
  }
  return good;
}

bool StepParser::parse_action(Step& step, const YAML::Node& key, const YAML::Node& value) {
  const std::string action = key.Scalar();
  if (takes_no_argument(step.kind)) {
    // `arm:` and `arm: {}` both say "no arguments".
    if (value.IsNull() || (value.IsMap() && value.size() == 0)) return true;
    in_.error(value, "'" + action + "' takes no value, not " + describe(value));
    return false;
  }
  switch (step.kind) {
    case StepKind::remote: {
      auto on = in_.boolean(value, "remote", key);
      if (on) step.remote_on = *on;
      return on.has_value();
    }
    case StepKind::set: {
      if (!in_.expect_map(value, "set", key)) return false;
      if (value.size() == 0) in_.error(value, "'set' needs at least one parameter");
      const std::size_t before = in_.issue_count();
      auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& v) {
        auto parameter = parameter_from_string(name);
        if (!parameter) {
          in_.error(k, "unknown parameter '" + name + "'" + did_you_mean(name, parameter_names()));
          return;
        }
        if (v.IsMap() && *parameter == Parameter::power) {
          // Intensity relative to the patient's motor threshold (needs --motor-threshold).
          auto visit_mt = [&](const std::string&, const YAML::Node& mk, const YAML::Node& mv) {
            const input_limits::Range range = input_limits::kPercentMt;
            if (auto number = in_.number(mv, "percent_mt", mk)) {
              if (!range.contains(*number)) {
                in_.error(mv, "'percent_mt' must be " + range.describe() + ", not " + describe(mv));
                return;
              }
              step.values.emplace_back(*parameter, *number);
              step.power_in_percent_mt = true;
            }
          };
          // `power: {}` says nothing; at run time it would be a set without values.
          if (v.size() == 0) in_.error(v, "'power' as a mapping needs {percent_mt: N}");
          in_.for_each_entry(v, {"percent_mt"}, visit_mt);
          return;
        }
        if (auto number = in_.number(v, name, k)) step.values.emplace_back(*parameter, *number);
      };
      in_.for_each_entry(value, {}, visit);
      if (value.size() > 0 && in_.issue_count() == before && step.values.empty()) {
        in_.error(value, "'set' names no value to set");
      }
      return in_.issue_count() == before;
    }
    case StepKind::get: {
      auto name = in_.text(value, "get", key);
      if (!name) return false;
      step.parameter = parameter_from_string(*name);
      if (!step.parameter) {
        in_.error(value,
                  "unknown parameter '" + *name + "'" + did_you_mean(*name, parameter_names()));
      }
      return step.parameter.has_value();
    }
    case StepKind::send:
    case StepKind::expect_bytes:
      return parse_step_bytes(in_, step, action, key, value);
    case StepKind::wait: {
      if (!value.IsMap()) {
        auto d = read_duration(in_, value, "wait", key, true);
        if (d) step.duration = *d;
        return d.has_value();
      }
      bool has_duration = false, good = true;
      auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& v) {
        if (name == "keepalive") {
          auto flag = in_.boolean(v, name, k);
          if (flag) step.keepalive = *flag;
          good = good && flag.has_value();
          return;
        }
        has_duration = true;
        auto d = read_duration(in_, v, "duration", k, true);
        if (d) step.duration = *d;
        good = good && d.has_value();
      };
      in_.for_each_entry(value, {"duration", "keepalive"}, visit);
      if (!has_duration) in_.error(value, "'wait' needs 'duration'");
      return good && has_duration;
    }
    case StepKind::sweep:
      return parse_sweep(in_, step, key, value);
    case StepKind::wait_until:
      return parse_wait_until(in_, step, key, value);
    default:
      return parse_repeat(step, key, value);
  }
}

std::optional<Step> StepParser::parse(const YAML::Node& node) {
  Step step;
  step.where = location(file_, in_.position(node));
  if (node.IsScalar()) {
    const std::string& word = node.Scalar();
    auto kind = step_kind_from_string(word);
    if (!kind) {
      in_.error(node, "unknown step '" + word + "'" + did_you_mean(word, action_names()));
      return std::nullopt;
    }
    if (!takes_no_argument(*kind)) {
      in_.error(node, "'" + word + "' needs a value, e.g. " + example(*kind));
      return std::nullopt;
    }
    step.kind = *kind;
    step.bare = true;
    step.expect = default_expectation(step.kind);
    step.name = default_name(step);
    return step;
  }
  if (!node.IsMap()) {
    in_.error(in_.position(node),
              "a step must be an action name or a mapping, not " + describe(node));
    return std::nullopt;
  }
  std::optional<std::string> action;
  YAML::Node action_key, action_value, expect_key, expect_value, probe_key, probe_value;
  YAML::Node latency_key, latency_value, pulse_timing_key, pulse_timing_value;
  std::vector<std::pair<YAML::Node, YAML::Node>> timing;  // within / timeout
  bool good = true;
  const std::size_t before = in_.issue_count();
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& v) {
    if (auto kind = step_kind_from_string(name)) {
      if (action) {
        in_.error(k, "one action per step: '" + name + "' follows '" + *action +
                         "' (write them as separate steps)");
        good = false;
        return;
      }
      action = name;
      step.kind = *kind;
      action_key = k;
      action_value = v;
    } else if (name == "expect") {
      expect_key = k;
      expect_value = v;
    } else if (name == "name") {
      if (auto text = in_.text(v, name, k)) step.name = *text;
    } else if (name == "basis") {
      if (auto text = in_.text(v, name, k)) {
        if (std::string why = basis_problem(*text); !why.empty()) {
          in_.error(v, "'basis' " + why);
        } else {
          step.basis = *text;
        }
      }
    } else if (name == "requires") {
      if (auto list = read_capabilities(in_, v, k)) step.requires_capabilities = *list;
    } else if (name == "latency") {
      latency_key = k;
      latency_value = v;
    } else if (name == "pulse_timing") {
      pulse_timing_key = k;
      pulse_timing_value = v;
    } else if (name == "probe") {
      probe_key = k;
      probe_value = v;
    } else if (name == "faults") {
      if (auto specs = read_fault_specs(in_, v, k, "a step's")) {
        step.faults = *specs;
        step.faults_at = location(file_, in_.position(v, k));
      }
    } else {
      timing.emplace_back(k, v);
    }
  };
  in_.for_each_entry(node, step_keys(), visit);
  good = good && in_.issue_count() == before;
  if (!action) {
    // An unknown key already explained the likely cause (a misspelt action).
    if (good) in_.error(node, "a step needs one action (identify, remote, set, get, ...)");
    return std::nullopt;
  }
  good = parse_action(step, action_key, action_value) && good;
  step.expect = default_expectation(step.kind);
  if (expect_key.IsScalar()) {
    auto parsed = parse_expectation(in_, expect_value, expect_key);
    if (parsed) {
      if (auto why = expectation_mismatch(step.kind, parsed->expectation.kind)) {
        in_.error(parsed->at, *why);
        good = false;
      }
      const auto& alternatives = parsed->expectation.alternatives;
      for (std::size_t i = 0; good && i < alternatives.size(); ++i) {
        if (auto why = expectation_mismatch(step.kind, alternatives[i].kind)) {
          in_.error(parsed->alternatives_at[i], *why);
          good = false;
        }
      }
      step.expect = parsed->expectation;
      step.expect_given = true;
    }
    good = good && parsed.has_value();
  }
  if (probe_key.IsScalar()) good = parse_probe(in_, step, probe_key, probe_value) && good;
  if (latency_key.IsScalar()) {
    if (step.kind != StepKind::repeat && !has_reply(step.kind)) {
      in_.error(latency_key, "'latency' does not apply to '" + *action +
                                 "' steps (use it on a repeat or a step that gets a reply)");
      good = false;
    } else {
      step.latency = parse_latency(in_, latency_key, latency_value);
      good = good && step.latency.has_value();
    }
  }
  if (pulse_timing_key.IsScalar()) {
    if (step.kind == StepKind::sweep) {
      in_.error(pulse_timing_key,
                "'pulse_timing' does not apply to 'sweep' steps (put it on the step after which "
                "the train has ended, e.g. a wait_until)");
      good = false;
    } else {
      step.pulse_timing = parse_pulse_timing(in_, pulse_timing_key, pulse_timing_value);
      good = good && step.pulse_timing.has_value();
    }
  }
  for (const auto& [k, v] : timing) {
    const std::string name = k.Scalar();
    if (!has_reply(step.kind)) {
      in_.error(k, "'" + name + "' does not apply to '" + *action + "' steps");
      good = false;
      continue;
    }
    auto d = read_duration(in_, v, name, k, false);
    (name == "within" ? step.within : step.timeout) = d;
    good = good && d.has_value();
  }
  if (!good) return std::nullopt;
  if (step.name.empty()) step.name = default_name(step);
  return step;
}

}  // namespace

std::vector<Step> parse_steps(YamlReader& in, const std::string& file, const YAML::Node& list,
                              const YAML::Node& key, std::string_view what, bool allow_empty,
                              int depth) {
  std::vector<Step> steps;
  if (!in.expect_list(list, what, key)) return steps;
  if (list.size() == 0 && !allow_empty) {
    in.error(key, "'" + std::string(what) + "' must not be empty");
  }
  StepParser parser(in, file, depth);
  for (const YAML::Node& item : list) {
    if (auto step = parser.parse(item)) steps.push_back(std::move(*step));
  }
  return steps;
}

}  // namespace stimbench::scenario_detail
