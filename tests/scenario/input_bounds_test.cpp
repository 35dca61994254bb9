// Issue 14: every scenario input bounded (file size, lines, values, nodes after alias
// expansion, nesting, expanded steps) and the cross-field rules; each with file:line:column.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "harness/config/input_limits.hpp"
#include "tests/scenario/test_util.hpp"
#include "tests/support/wall_time.hpp"

namespace stimbench {
namespace {

using testing::dump;

std::string bad_input(const std::string& name) {
  return std::string(STIMBENCH_SOURCE_DIR) + "/fixtures/bad/" + name;
}

// The one diagnostic `yaml` gets; fails the test unless there is exactly one.
Diagnostic sole_problem(const std::string& yaml) {
  LoadResult result = load_scenario_text(yaml, "t.yaml");
  EXPECT_EQ(result.diagnostics.size(), 1u) << dump(result);
  return result.diagnostics.empty() ? Diagnostic{} : result.diagnostics.front();
}

void expect_problem_at(const Diagnostic& d, int line, int column, const std::string& part) {
  EXPECT_EQ(d.where.line, line) << d.to_string();
  EXPECT_EQ(d.where.column, column) << d.to_string();
  EXPECT_NE(d.message.find(part), std::string::npos) << d.to_string();
}

TEST(InputBounds, AliasBombStopsAtTheNodeBudgetQuickly) {
  const auto start = wall_now();
  LoadResult result = load_scenario_file(bad_input("alias_bomb.yaml"));
  const auto elapsed = wall_now() - start;
  ASSERT_EQ(result.diagnostics.size(), 1u) << dump(result);
  const Diagnostic& d = result.diagnostics.front();
  EXPECT_GT(d.where.line, 0);
  EXPECT_GT(d.where.column, 0);
  EXPECT_NE(d.message.find("expands to more than 250000 nodes"), std::string::npos) << d.message;
  EXPECT_LT(elapsed, std::chrono::seconds(20));  // generous: about 0.1 s on the CI machine
}

TEST(InputBounds, TooManyNodesAsWrittenAreRefusedBeforeATreeIsBuilt) {
  std::string yaml = "scenario: t\nsteps:\n";
  std::string row = "  - [a";
  for (int i = 1; i < 2000; ++i) row += ",a";
  for (int i = 0; i < 130; ++i) yaml += row + "]\n";  // 260,000 scalars in 520 KB
  Diagnostic d = sole_problem(yaml);
  EXPECT_GT(d.where.line, 100);
  EXPECT_NE(d.message.find("expands to more than 250000 nodes"), std::string::npos) << d.message;
}

TEST(InputBounds, RepeatCountsMultiplyThroughNesting) {
  LoadResult result = load_scenario_file(bad_input("repeat_product.yaml"));
  ASSERT_EQ(result.diagnostics.size(), 1u) << dump(result);
  expect_problem_at(result.diagnostics[0], 4, 1, "expands to more than 2000000 steps");
}

TEST(InputBounds, AMillionCommandBenchmarkStillLoads) {
  Scenario s = testing::load_ok(
      "scenario: t\nsteps:\n  - repeat: {count: 10, steps: [{repeat: {count: 100000, steps: "
      "[status]}}]}\n");
  ASSERT_EQ(s.steps.size(), 1u);
  EXPECT_EQ(s.steps[0].count, 10);
}

TEST(InputBounds, SweepsCountTowardsTheStepBound) {
  Diagnostic d = sole_problem(
      "scenario: t\nsteps:\n  - repeat: {count: 2001, steps: [{sweep: {parameter: power}}]}\n");
  expect_problem_at(d, 2, 1, "a sweep counts 1000");
}

TEST(InputBounds, FileLargerThanOneMebibyteIsRefusedWithoutReadingOn) {
  testing::TempDir dir;
  const std::string path =
      dir.write("big.yaml", "scenario: t\nsteps: [status]\n# " +
                                std::string(input_limits::kMaxFileBytes, 'x') + "\n");
  LoadResult result = load_scenario_file(path);
  ASSERT_EQ(result.diagnostics.size(), 1u) << dump(result);
  EXPECT_EQ(result.diagnostics[0].to_string(),
            path + ": error: larger than 1024 KiB: input files are bounded (docs/robustness.md)");
}

TEST(InputBounds, NulByteIsNotText) {
  std::string yaml = "scenario: t\nsteps:\n  - status\n";
  yaml[15] = '\0';
  expect_problem_at(sole_problem(yaml), 2, 4, "NUL byte");
}

TEST(InputBounds, OverlongLineIsRefusedAtItsBound) {
  Diagnostic d = sole_problem("scenario: t\n# " + std::string(10000, 'y') + "\nsteps: [status]\n");
  expect_problem_at(d, 2, 8193, "line longer than 8192 bytes");
}

TEST(InputBounds, OverlongValueIsRefused) {
  std::string block = "scenario: t\ndescription: |\n";
  for (int i = 0; i < 200; ++i) block += "  " + std::string(60, 'z') + "\n";
  Diagnostic d = sole_problem(block + "steps: [status]\n");
  expect_problem_at(d, 2, 14, "a value longer than 8192 bytes");
}

TEST(InputBounds, DeepNestingIsRefused) {
  Diagnostic d =
      sole_problem("scenario: t\nsteps: " + std::string(100, '[') + std::string(100, ']') + "\n");
  EXPECT_NE(d.message.find("nested deeper than 64"), std::string::npos) << d.to_string();
  EXPECT_EQ(d.where.line, 2);
}

TEST(InputBounds, NamesThatBecomeFileNamesAreBounded) {
  const std::string id(200, 'n');
  expect_problem_at(sole_problem("scenario: " + id + "\nsteps: [status]\n"), 1, 11,
                    "scenario id 'nnnnnnnnnnnnnnnnnnnn...' is longer than 128 characters");
  expect_problem_at(sole_problem("scenario: t\ntags: [" + id + "]\nsteps: [status]\n"), 2, 8,
                    "'tags' entry 'nnnnnnnnnnnnnnnnnnnn...' is longer than 128 characters");
  testing::load_ok("scenario: " + std::string(128, 'n') + "\nsteps: [status]\n");
}

TEST(InputBounds, HugeAndNonFiniteNumbersAreRefused) {
  expect_problem_at(sole_problem("scenario: t\nsteps:\n  - set: {power: 1e12}\n"), 3, 18,
                    "'power' is out of range");
  expect_problem_at(sole_problem("scenario: t\nsteps:\n  - set: {power: nan}\n"), 3, 18,
                    "'power' must be a number, not 'nan'");
  expect_problem_at(sole_problem("scenario: t\nsteps:\n  - set: {power: .inf}\n"), 3, 18,
                    "'power' must be a number");
  expect_problem_at(
      sole_problem("scenario: t\nsteps:\n  - repeat: {count: 99999999999999999999, steps: "
                   "[status]}\n"),
      3, 21, "'count' is out of range");
}

TEST(InputBounds, PercentOfMotorThresholdIsRanged) {
  expect_problem_at(sole_problem("scenario: t\nsteps:\n  - set: {power: {percent_mt: 0}}\n"), 3, 31,
                    "'percent_mt' must be above 0 and at most 1000, not '0'");
  expect_problem_at(sole_problem("scenario: t\nsteps:\n  - set: {power: {percent_mt: 5000}}\n"), 3,
                    31, "'percent_mt' must be above 0 and at most 1000");
}

TEST(EmptyMeaning, SetPowerWithEmptyMappingIsRefused) {
  LoadResult result = load_scenario_file(bad_input("set_power_empty.yaml"));
  ASSERT_EQ(result.diagnostics.size(), 1u) << dump(result);
  expect_problem_at(result.diagnostics[0], 4, 18, "'power' as a mapping needs {percent_mt: N}");
  expect_problem_at(sole_problem("scenario: t\nsteps:\n  - set: {}\n"), 3, 10,
                    "'set' needs at least one parameter");
}

TEST(CrossField, ExpectMinAboveMaxIsRefused) {
  LoadResult result = load_scenario_file(bad_input("expect_min_above_max.yaml"));
  ASSERT_EQ(result.diagnostics.size(), 1u) << dump(result);
  expect_problem_at(result.diagnostics[0], 5, 13,
                    "'min' '5' is above 'max' '1': no value could pass");
  testing::load_ok("scenario: t\nsteps:\n  - get: power\n    expect: {min: 1, max: 1}\n");
}

TEST(CrossField, WaitUntilWindowMustBeSatisfiable) {
  expect_problem_at(
      sole_problem("scenario: t\nsteps:\n  - wait_until: {state: ready, timeout: 10s, "
                   "min: 5s, max: 2s}\n"),
      3, 17, "'min' above 'max'");
  expect_problem_at(
      sole_problem("scenario: t\nsteps:\n  - wait_until: {state: ready, timeout: 10s, "
                   "min: 20s}\n"),
      3, 17, "'min' above 'timeout'");
}

TEST(RealBooleans, QuotedTextIsNotABoolean) {
  expect_problem_at(sole_problem("scenario: t\nsteps:\n  - remote: \"on\"\n"), 3, 13,
                    "'remote' must be a boolean, not the quoted text \"on\" (remove the quotes)");
  EXPECT_TRUE(testing::only_step("  - remote: on\n").remote_on);
}

TEST(ScenarioFixtures, ProfileAndEnvelopePositionsAreKept) {
  Scenario s = testing::load_ok(
      "scenario: t\nprofile: reference\nenvelope:   wassermann-1998\nsteps: [status]\n");
  EXPECT_EQ(s.profile_at.line, 2);
  EXPECT_EQ(s.profile_at.column, 10);
  EXPECT_EQ(s.envelope_at.line, 3);
  EXPECT_EQ(s.envelope_at.column, 13);
}

}  // namespace
}  // namespace stimbench
