// Every check of a safety scenario names its basis (design.md §7): the document section that
// fixes the device's answer, or "assumption".
#include <algorithm>

#include "harness/scenario/parse_detail.hpp"

namespace stimbench::scenario_detail {

namespace {

// Whether the step judges the device: an expectation (written or the action's default
// `accepted`), expected bytes, a state to reach, or boundary cases.
bool checks(const Step& step) {
  switch (step.kind) {
    case StepKind::expect_bytes:
    case StepKind::wait_until:
    case StepKind::sweep:
      return true;
    case StepKind::repeat:
      return false;  // its body is checked step by step
    default:
      return step.expect.kind != Expectation::Kind::none;
  }
}

YAML::Mark mark_of(const SourceLocation& where) {
  YAML::Mark mark;
  mark.line = where.line - 1;
  mark.column = where.column - 1;
  return mark;
}

// `in_steps`: the scenario's own checks; setup and teardown only where `expect:` is written.
void check_list(YamlReader& in, const std::vector<Step>& steps, bool in_steps) {
  for (const Step& step : steps) {
    if (step.kind == StepKind::repeat) check_list(in, step.body, in_steps);
    const bool needs = in_steps ? checks(step) : step.expect_given;
    if (!needs || !step.basis.empty()) continue;
    std::string message = "'" + step.name +
                          "' checks the device but names no basis; a safety scenario (tagged "
                          "safety or naming risk_controls) cites where each expected answer "
                          "is documented (basis: \"T087 6.7\") or says basis: assumption";
    if (step.bare) {
      const std::string action = to_string(step.kind);
      message += " (a bare '- " + action + "' takes keys written as '- " + action + ": {}')";
    }
    in.error(mark_of(step.where), message);
  }
}

}  // namespace

void check_basis(YamlReader& in, const Scenario& s) {
  const bool safety = std::find(s.tags.begin(), s.tags.end(), "safety") != s.tags.end();
  if (!safety && s.risk_controls.empty()) return;
  check_list(in, s.setup, false);
  check_list(in, s.steps, true);
  check_list(in, s.teardown, false);
}

}  // namespace stimbench::scenario_detail
