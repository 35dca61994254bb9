// Internals of the scenario loader, split across files; not an API for other components.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/config/yaml_reader.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench::scenario_detail {

SourceLocation location(const std::string& file, const YAML::Mark& mark);

// The action keys of a step, in the order the docs list them; step_keys() adds the
// modifiers expect, within, timeout and name.
const KeyList& action_names();
const KeyList& step_keys();
const KeyList& parameter_names();
std::optional<StepKind> step_kind_from_string(std::string_view name);

// Actions written without a value (`- arm`).
bool takes_no_argument(StepKind kind);
// A correct use of the action, for messages.
const char* example(StepKind kind);
// The name a step gets when it has no `name:`: "set power=50", "wait 1.5s", ...
std::string default_name(const Step& step);

// `expect` when the step has none: `accepted` for commands, nothing otherwise.
Expectation default_expectation(StepKind kind);

// Parses an `expect` value; reports and returns nullopt when it is malformed. `at` is where
// a mismatch with the step's action should be reported.
struct ParsedExpectation {
  Expectation expectation;
  YAML::Mark at;
  std::vector<YAML::Mark> alternatives_at;  // any_of: where each alternative was written
};
std::optional<ParsedExpectation> parse_expectation(YamlReader& in, const YAML::Node& node,
                                                   const YAML::Node& key);

// Why this expectation cannot go with this action, or nullopt when it can.
std::optional<std::string> expectation_mismatch(StepKind kind, Expectation::Kind expected);

// A safety scenario (tagged `safety` or naming risk_controls) whose checks lack a `basis:`
// gets one error per such step.
void check_basis(YamlReader& in, const Scenario& scenario);

// A `requires:` list: every name must be a known capability (devices/core/profile.hpp).
std::optional<std::vector<std::string>> read_capabilities(YamlReader& in, const YAML::Node& value,
                                                          const YAML::Node& key);

// The bytes of a `send` / `expect_bytes` step; reports and returns false when malformed.
bool parse_step_bytes(YamlReader& in, Step& step, const std::string& action, const YAML::Node& key,
                      const YAML::Node& value);

// step_values.cpp. A duration (`1.5s`); `allow_zero` for waits. Reports and returns nullopt.
std::optional<std::chrono::nanoseconds> read_duration(YamlReader& in, const YAML::Node& node,
                                                      const std::string& what,
                                                      const YAML::Node& key, bool allow_zero);
// `latency: {p50|p90|p99|max: DURATION, ...}`: at least one bound, each above 0.
std::optional<LatencyLimits> parse_latency(YamlReader& in, const YAML::Node& key,
                                           const YAML::Node& value);
// `pulse_timing: {ipi_error_p99: 2%, ...}`: at least one bound, each a percentage or a duration.
std::optional<PulseTimingLimits> parse_pulse_timing(YamlReader& in, const YAML::Node& key,
                                                    const YAML::Node& value);
bool parse_sweep(YamlReader& in, Step& step, const YAML::Node& key, const YAML::Node& value);
bool parse_wait_until(YamlReader& in, Step& step, const YAML::Node& key, const YAML::Node& value);
// Why a `basis:` text is unusable, or "": one line naming a document section or "assumption".
std::string basis_problem(const std::string& text);

// step_budget.cpp. Steps these would execute with every repeat expanded, counted without
// expanding anything; saturates just above input_limits::kMaxExpandedSteps.
long long expanded_steps(const std::vector<Step>& steps);

// fault_specs.cpp. `faults:` (a SPEC or a list of up to 64), each SPEC checked against the
// grammar and refused with /to=device; `whose` starts that message ("a scenario's").
std::optional<std::vector<std::string>> read_fault_specs(YamlReader& in, const YAML::Node& value,
                                                         const YAML::Node& key,
                                                         const std::string& whose);

// Whether the step waits for a reply, so `within` / `timeout` make sense.
bool has_reply(StepKind kind);

// A list of steps (setup, steps, teardown or a repeat body). Bad steps are reported and left
// out; `depth` counts enclosing repeats.
std::vector<Step> parse_steps(YamlReader& in, const std::string& file, const YAML::Node& list,
                              const YAML::Node& key, std::string_view what, bool allow_empty,
                              int depth = 0);

}  // namespace stimbench::scenario_detail
