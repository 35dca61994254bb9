// `expect: {any_of: [...]}` and `basis:`: the forms, their errors with positions, and the rule
// that every check of a safety scenario names its basis.
#include <gtest/gtest.h>

#include "tests/scenario/test_util.hpp"

namespace stimbench {
namespace {

using testing::dump;
using testing::only_step;
using Kind = Expectation::Kind;

struct Expected {
  int line;
  int column;
  std::string message;
};

void expect_errors(const std::string& yaml, const std::vector<Expected>& expected) {
  SCOPED_TRACE(yaml);
  LoadResult result = load_scenario_text(yaml, "t.yaml");
  ASSERT_EQ(result.diagnostics.size(), expected.size()) << dump(result);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Diagnostic& d = result.diagnostics[i];
    EXPECT_EQ(d.where.line, expected[i].line) << d.to_string();
    EXPECT_EQ(d.where.column, expected[i].column) << d.to_string();
    EXPECT_EQ(d.message, expected[i].message) << d.to_string();
  }
}

// One step after "scenario: t\nsteps:\n": the step starts on line 3, column 5 after "  - ".
void expect_step_error(const std::string& step, int line, int column, const std::string& message) {
  expect_errors("scenario: t\nsteps:\n" + step, {{line, column, message}});
}

TEST(AnyOf, FlowAndBlockFormsKeepTheirAlternativesInOrder) {
  Expectation e = only_step(
                      "  - set: {train_duration: 1}\n"
                      "    expect: {any_of: [{refused: true, state_unchanged: true}, accepted]}\n")
                      .expect;
  ASSERT_EQ(e.kind, Kind::any_of);
  ASSERT_EQ(e.alternatives.size(), 2u);
  EXPECT_EQ(e.alternatives[0].kind, Kind::refused);
  EXPECT_TRUE(e.alternatives[0].state_unchanged);
  EXPECT_EQ(e.alternatives[1].kind, Kind::accepted);
  Expectation trigger = only_step(
                            "  - train: {}\n"
                            "    expect:\n"
                            "      any_of:\n"
                            "        - {refused_by: interlock}\n"
                            "        - accepted\n"
                            "        - {refused: true, code: 211}\n")
                            .expect;
  ASSERT_EQ(trigger.alternatives.size(), 3u);
  EXPECT_EQ(trigger.alternatives[0].kind, Kind::interlock_refusal);
  EXPECT_EQ(trigger.alternatives[2].refusal_code, std::optional<int>(211));
  Expectation value =
      only_step("  - get: power\n    expect: {any_of: [{value: 100}, {max: 90}]}\n").expect;
  EXPECT_EQ(value.alternatives[1].at_most, std::optional<double>(90));
}

TEST(AnyOf, TakesTwoToEightAlternatives) {
  expect_step_error("  - arm: {}\n    expect: {any_of: [accepted]}\n", 4, 14,
                    "'any_of' takes 2 to 8 alternatives, not 1 (write that expectation on its "
                    "own)");
  std::string nine =
      "[accepted, refused, accepted, refused, accepted, refused, accepted, "
      "refused, accepted]";
  expect_step_error("  - arm: {}\n    expect: {any_of: " + nine + "}\n", 4, 14,
                    "'any_of' takes 2 to 8 alternatives, not 9");
  expect_step_error("  - arm: {}\n    expect: {any_of: accepted}\n", 4, 22,
                    "'any_of' must be a list, not 'accepted' (write [accepted])");
}

TEST(AnyOf, StandsAloneAndDoesNotNest) {
  expect_step_error("  - arm: {}\n    expect: {any_of: [accepted, refused], code: 3}\n", 4, 43,
                    "'any_of' stands alone in an expect: put 'code' inside the alternatives it "
                    "belongs to");
  expect_step_error(
      "  - arm: {}\n    expect: {any_of: [accepted, {any_of: [accepted, refused]}]}\n", 4, 33,
      "'any_of' cannot be nested: list every alternative in the outer any_of");
}

TEST(AnyOf, EachAlternativeMustFitTheAction) {
  expect_step_error("  - get: power\n    expect: {any_of: [{value: 1}, accepted]}\n", 4, 35,
                    "'get' steps expect {value: ...}, not accepted");
  expect_step_error(
      "  - set: {power: 1}\n    expect: {any_of: [accepted, {refused_by: interlock}]}\n", 4, 34,
      "'refused_by: interlock' goes with fire, train or send steps, not 'set'");
  expect_step_error(
      "  - fire: {}\n    expect: {any_of: [{refused_by: interlock}, {refused_by: "
      "interlock}]}\n",
      4, 48, "'refused_by: interlock' is already an alternative");
  expect_step_error(
      "  - send: \"51 40 6E\"\n    expect: {any_of: [{refused_by: interlock}, "
      "accepted]}\n",
      4, 14, "'send' steps take only 'refused_by: interlock', not 'any_of'");
  expect_step_error("  - wait: 1s\n    expect: {any_of: [accepted, refused]}\n", 4, 14,
                    "'wait' steps take no 'expect'");
}

TEST(AnyOf, AMalformedAlternativeIsReportedWhereItIs) {
  expect_step_error("  - arm: {}\n    expect: {any_of: [{refused: maybe}, accepted]}\n", 4, 33,
                    "'refused' must be true or false (or on/off), not 'maybe'");
}

const char* kHead = "scenario: t\nrequirements: [R-1]\nrisk_controls: [RC-1]\nsteps:\n";

TEST(Basis, IsReadAndChecked) {
  Step s = only_step("  - arm: {}\n    basis: \"T087 6.4 (EB arms)\"\n");
  EXPECT_EQ(s.basis, "T087 6.4 (EB arms)");
  expect_step_error("  - arm: {}\n    basis: \"  \"\n", 4, 12,
                    "'basis' must name a document section (e.g. \"T087 6.7\") or say "
                    "'assumption'");
  expect_step_error("  - arm: {}\n    basis: \"a\\nb\"\n", 4, 12, "'basis' must be one line");
  expect_step_error("  - arm: {}\n    basis: " + std::string(201, 'x') + "\n", 4, 12,
                    "'basis' is longer than 200 characters");
  expect_step_error("  - arm: {}\n    basis: [T087]\n", 4, 12, "'basis' must be text, not a list");
}

const std::string kNoBasis =
    "' checks the device but names no basis; a safety scenario (tagged safety or naming "
    "risk_controls) cites where each expected answer is documented (basis: \"T087 6.7\") or "
    "says basis: assumption";

TEST(Basis, EveryCheckOfAScenarioWithRiskControlsNamesOne) {
  expect_errors(std::string(kHead) +
                    "  - arm\n"
                    "  - set: {power: 101}\n"
                    "    expect: refused\n"
                    "  - get: power\n"
                    "  - wait_until: {state: ready, timeout: 1s}\n"
                    "  - wait: 1s\n"
                    "  - status: {}\n"
                    "    expect: {state: ready}\n"
                    "    basis: assumption\n",
                {{5, 5, "'arm" + kNoBasis + " (a bare '- arm' takes keys written as '- arm: {}')"},
                 {6, 5, "'set power=101" + kNoBasis},
                 {9, 5, "'wait_until ready" + kNoBasis}});
}

TEST(Basis, SafetyTagAloneAlsoNeedsItInsideRepeats) {
  expect_errors(
      "scenario: t\ntags: [safety]\nrequirements: [R-1]\nrisk_controls: [RC-1]\nsteps:\n"
      "  - repeat:\n"
      "      count: 2\n"
      "      steps:\n"
      "        - fire: {}\n"
      "          name: one pulse\n"
      "  - sweep: {parameter: power}\n",
      {{9, 11, "'one pulse" + kNoBasis}, {11, 5, "'sweep power" + kNoBasis}});
}

TEST(Basis, SetupAndTeardownNeedOneOnlyWhereTheyWriteAnExpectation) {
  expect_errors(std::string("scenario: t\nrisk_controls: [RC-1]\nsetup:\n  - remote: on\n"
                            "  - set: {power: 20}\n    expect: accepted\n"
                            "steps:\n  - status: {}\n"
                            "teardown:\n  - disarm\n"),
                {{5, 5, "'set power=20" + kNoBasis}});
}

TEST(Basis, NotNeededWithoutSafetyTagOrRiskControls) {
  LoadResult result =
      load_scenario_text("scenario: t\ntags: [smoke]\nsteps: [arm, fire]\n", "t.yaml");
  EXPECT_TRUE(result.ok()) << dump(result);
}

}  // namespace
}  // namespace stimbench
