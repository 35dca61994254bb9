// Each kind of mistake gives one diagnostic at the right line:column, and loading goes on.
#include <gtest/gtest.h>

#include "tests/scenario/test_util.hpp"

namespace stimbench {
namespace {

struct Expected {
  int line;
  int column;
  std::string message;
};

void expect_diagnostics(const std::string& yaml, const std::vector<Expected>& expected) {
  LoadResult result = load_scenario_text(yaml, "t.yaml");
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.scenarios.empty());
  ASSERT_EQ(result.diagnostics.size(), expected.size()) << testing::dump(result);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Diagnostic& d = result.diagnostics[i];
    EXPECT_EQ(d.where.file, "t.yaml");
    EXPECT_EQ(d.where.line, expected[i].line) << d.to_string();
    EXPECT_EQ(d.where.column, expected[i].column) << d.to_string();
    EXPECT_EQ(d.message, expected[i].message) << d.to_string();
  }
}

// One step (lines starting "  - ") after "scenario: t\nsteps:\n", so it starts on line 3.
void expect_step_error(const std::string& step, int line, int column, const std::string& message) {
  SCOPED_TRACE(step);
  expect_diagnostics("scenario: t\nsteps:\n" + step, {{line, column, message}});
}

TEST(ScenarioErrors, SafetyTagNeedsRequirementsAndRiskControls) {
  expect_diagnostics(
      "scenario: t\ntags: [safety]\nrequirements: [R-1]\nsteps: [status]\n",
      {{2, 1, "a scenario tagged 'safety' must name its requirements and risk_controls"}});
}

TEST(StepErrors, UnknownModifierSuggestsTheClosestKey) {
  expect_step_error("  - arm:\n    expcet: refused\n", 4, 5,
                    "unknown key 'expcet' (did you mean 'expect'?)");
  expect_step_error("  - arm:\n    witihn: 5ms\n", 4, 5,
                    "unknown key 'witihn' (did you mean 'within'?)");
  expect_step_error("  - arm:\n    colour: red\n", 4, 5, "unknown key 'colour'");
}

TEST(StepErrors, MisspeltActionIsReportedOnce) {
  expect_step_error("  - fier\n", 3, 5, "unknown step 'fier' (did you mean 'fire'?)");
  // The unknown key explains it; no second "step needs one action" diagnostic.
  expect_step_error("  - sett: {power: 1}\n", 3, 5, "unknown key 'sett' (did you mean 'set'?)");
}

TEST(StepErrors, RefusedByNamesTheInterlockOnATrigger) {
  expect_step_error("  - status: {}\n    expect: {refused_by: interlock}\n", 4, 14,
                    "'refused_by: interlock' goes with fire, train or send steps, not 'status'");
  expect_step_error("  - fire: {}\n    expect: {refused_by: device}\n", 4, 26,
                    "'refused_by' takes 'interlock' (the harness's own refusal); for the "
                    "device's, write 'refused: true'");
}

TEST(StepErrors, WrongTypes) {
  expect_step_error("  - set: [power, 50]\n", 3, 10, "'set' must be a mapping, not a list");
  expect_step_error("  - set: {power: fifty}\n", 3, 18, "'power' must be a number, not 'fifty'");
  expect_step_error("  - set: {power: [50]}\n", 3, 18, "'power' must be a number, not a list");
  expect_step_error("  - get: [power]\n", 3, 10, "'get' must be text, not a list");
  expect_step_error("  - remote: maybe\n", 3, 13,
                    "'remote' must be true or false (or on/off), not 'maybe'");
  expect_step_error("  - repeat: {count: many, steps: [arm]}\n", 3, 21,
                    "'count' must be a number, not 'many'");
  expect_step_error("  - repeat: {count: 2.5, steps: [arm]}\n", 3, 21,
                    "'count' must be a whole number, not '2.5'");
  expect_step_error("  - arm: now\n", 3, 10, "'arm' takes no value, not 'now'");
  expect_step_error("  - arm: {now: 1}\n", 3, 10, "'arm' takes no value, not a mapping");
  expect_step_error("  - wait: {duration: 1s, keepalive: sometimes}\n", 3, 37,
                    "'keepalive' must be true or false (or on/off), not 'sometimes'");
  expect_step_error("  - arm:\n    name: [a]\n", 4, 11, "'name' must be text, not a list");
}

TEST(StepErrors, EmptyValuesAreReportedAtTheirKey) {
  expect_step_error("  - set:\n  - arm\n", 3, 5, "'set' must be a mapping, not nothing");
  expect_step_error("  - wait:\n", 3, 5, "'wait' has no value");
  expect_step_error("  - set: {}\n", 3, 10, "'set' needs at least one parameter");
  expect_step_error("  - send: \"\"\n", 3, 11, "'send' needs at least one byte");
  expect_step_error("  - send: {}\n", 3, 11, "'send' needs 'text' or 'hex'");
}

TEST(StepErrors, BadValues) {
  expect_step_error("  - wait: -1s\n", 3, 11, "'wait': bad duration '-1s': must not be negative");
  expect_step_error("  - repeat: {count: 0, steps: [arm]}\n", 3, 21,
                    "'count' must be 1 to 100000, not 0");
  expect_step_error("  - repeat: {count: 100001, steps: [arm]}\n", 3, 21,
                    "'count' must be 1 to 100000, not 100001");
  expect_step_error("  - set: {powr: 1}\n", 3, 11,
                    "unknown parameter 'powr' (did you mean 'power'?)");
  expect_step_error("  - get: intensity\n", 3, 10, "unknown parameter 'intensity'");
  expect_step_error("  - status:\n    expect: {state: redy}\n", 4, 21,
                    "unknown state 'redy' (one of standby, armed, ready, firing, fault, unknown) "
                    "(did you mean 'ready'?)");
  expect_step_error("  - send: \"4F 4\"\n", 3, 11,
                    "bad hex in 'send': odd number of hex digits (for text write send: {text: "
                    "\"...\"})");
  expect_step_error("  - arm:\n    within: 0ms\n", 4, 13, "'within' must be above 0");
  expect_step_error("  - arm:\n    timeout: 0\n", 4, 14, "'timeout' must be above 0");
  expect_step_error("  - arm:\n    within: soon\n", 4, 13,
                    "'within': bad duration 'soon': expected a number with a unit such as 50ms, "
                    "1.5s or 1min");
}

TEST(StepErrors, StepShape) {
  expect_step_error("  - {arm: ~, fire: ~}\n", 3, 14,
                    "one action per step: 'fire' follows 'arm' (write them as separate steps)");
  expect_step_error("  - expect: accepted\n", 3, 5,
                    "a step needs one action (identify, remote, set, get, ...)");
  expect_step_error("  - get\n", 3, 5, "'get' needs a value, e.g. get: power");
  expect_step_error("  - [arm]\n", 3, 5, "a step must be an action name or a mapping, not a list");
  expect_step_error("  - arm\n  -\n  - fire\n", 4, 3,
                    "a step must be an action name or a mapping, not nothing");
  expect_step_error("  - arm:\n    expect: accepted\n    expect: refused\n", 5, 5,
                    "duplicate key 'expect' (first on line 4)");
}

TEST(StepErrors, ExpectationMistakes) {
  expect_step_error("  - arm:\n    expect: acepted\n", 4, 13,
                    "unknown expectation 'acepted' (did you mean 'accepted'?)");
  expect_step_error("  - get: power\n    expect: 50\n", 4, 13,
                    "unknown expectation '50' (write {value: 50})");
  expect_step_error("  - arm:\n    expect: {accepted: false}\n", 4, 24,
                    "'accepted: false' is ambiguous; write 'expect: refused'");
  expect_step_error("  - arm:\n    expect: {refused: true, accepted: true}\n", 4, 29,
                    "'accepted' cannot be combined with 'refused' in one expect");
  expect_step_error("  - get: power\n    expect: {tolerance: 1}\n", 4, 14,
                    "'tolerance' goes with 'value'");
  expect_step_error("  - get: power\n    expect: {value: 1, tolerance: -1}\n", 4, 35,
                    "'tolerance' must not be negative");
  expect_step_error("  - arm:\n    expect: {refused: true, code: E1}\n", 4, 35,
                    "'code' must be a number, not 'E1'");
  expect_step_error("  - arm:\n    expect: {}\n", 4, 13,
                    "'expect' needs one of accepted, refused, refused_by, value, max, min, state, "
                    "pulses or failure");
  expect_step_error("  - arm:\n    expect: [refused]\n", 4, 13,
                    "'expect' must be accepted, refused or a mapping, not a list");
  expect_step_error("  - set: {power: 1}\n    expect: {value: 1}\n", 4, 14,
                    "'set' steps expect accepted or refused, not a value");
  expect_step_error("  - status:\n    expect: refused\n", 4, 13,
                    "'status' steps expect {state: ...}, not refused");
  expect_step_error("  - identify:\n    expect: accepted\n", 4, 13,
                    "'identify' steps take no 'expect'");
}

TEST(StepErrors, TimingModifiersNeedAReply) {
  expect_step_error("  - wait: 1s\n    within: 5ms\n", 4, 5,
                    "'within' does not apply to 'wait' steps");
  expect_step_error("  - send: \"0A\"\n    timeout: 1s\n", 4, 5,
                    "'timeout' does not apply to 'send' steps");
}

TEST(StepErrors, RepeatShape) {
  expect_step_error("  - repeat: {count: 2}\n", 3, 13, "'repeat' needs 'steps'");
  expect_step_error("  - repeat: {steps: [arm]}\n", 3, 13, "'repeat' needs 'count'");
  expect_step_error("  - repeat: {count: 2, steps: []}\n", 3, 24, "'steps' must not be empty");
  expect_step_error("  - repeat: {count: 2, steps: [fier]}\n", 3, 32,
                    "unknown step 'fier' (did you mean 'fire'?)");
  // Eight levels of repeat are fine, nine are not.
  std::string deep = "[arm]";
  for (int i = 0; i < 8; ++i) deep = "[{repeat: {count: 1, steps: " + deep + "}}]";
  EXPECT_TRUE(load_scenario_text("scenario: t\nsteps: " + deep + "\n", "t.yaml").ok());
  deep = "[{repeat: {count: 1, steps: " + deep + "}}]";
  LoadResult r = load_scenario_text("scenario: t\nsteps: " + deep + "\n", "t.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u) << testing::dump(r);
  EXPECT_EQ(r.diagnostics[0].message, "repeats nested deeper than 8");
  // At the innermost repeat's key: after "steps: ", eight wraps and "[{".
  const int wrap = static_cast<int>(std::string("[{repeat: {count: 1, steps: ").size());
  EXPECT_EQ(r.diagnostics[0].where.column, 7 + 8 * wrap + 2 + 1);
}

TEST(StepErrors, AllProblemsInAFileAreCollectedInFileOrder) {
  expect_diagnostics(
      "scenario: t\n"
      "setup:\n  - remote: maybe\n"
      "steps:\n  - fier\n  - set: {power: x}\n"
      "teardown:\n  - wait: -1s\n"
      "titel: x\n",
      {{3, 13, "'remote' must be true or false (or on/off), not 'maybe'"},
       {5, 5, "unknown step 'fier' (did you mean 'fire'?)"},
       {6, 18, "'power' must be a number, not 'x'"},
       {8, 11, "'wait': bad duration '-1s': must not be negative"},
       {9, 1, "unknown key 'titel' (did you mean 'title'?)"}});
}

TEST(ScenarioErrors, TopLevel) {
  expect_diagnostics(
      "scenario: bad id!\nsteps: [arm]\n",
      {{1, 11, "scenario id 'bad id!' may only use letters, digits, '_', '.', '-'"}});
  expect_diagnostics("scenario: t\ntitle: [a, b]\nsteps: [arm]\n",
                     {{2, 8, "'title' must be text, not a list"}});
  expect_diagnostics("scenario: t\ntags: [smoke, 'a,b']\nsteps: [arm]\n",
                     {{2, 15, "'tags' entry 'a,b' may only use letters, digits, '_', '.', '-'"}});
  expect_diagnostics("scenario: t\nrequires: keepalive\nsteps: [arm]\n",
                     {{2, 11, "'requires' must be a list, not 'keepalive' (write [keepalive])"}});
  expect_diagnostics("scenario: t\nsteps: {arm: ~}\n",
                     {{2, 8, "'steps' must be a list, not a mapping"}});
  expect_diagnostics("scenario: t\nsteps:\n", {{2, 1, "'steps' must be a list, not nothing"}});
  expect_diagnostics("scenario: t\nscenario: u\nsteps: [arm]\n",
                     {{2, 1, "duplicate key 'scenario' (first on line 1)"}});
  expect_diagnostics("title: x\n", {{1, 1, "missing required key 'scenario' (the scenario's id)"},
                                    {1, 1, "missing required key 'steps'"}});
  expect_diagnostics("scenario: t\nsteps: []\n", {{2, 1, "'steps' must not be empty"}});
}

TEST(StepErrors, ProbeNamesAProbeableLimitOnAStimulatingStep) {
  expect_step_error("  - set: {power: 20}\n    probe: lockout\n", 4, 5,
                    "'probe' applies to arm, fire, train and send steps only");
  expect_step_error("  - fire: {}\n    probe: power.max\n", 4, 12,
                    "'probe' names a device-enforced limit to probe: one of lockout, "
                    "coil_temperature, arming, not 'power.max'");
}

TEST(StepErrors, AllowUnclassifiedIsForSendOnly) {
  expect_step_error("  - expect_bytes: {hex: \"4F\", allow_unclassified: true}\n", 3, 31,
                    "'allow_unclassified' applies to 'send' only");
}

}  // namespace
}  // namespace stimbench
