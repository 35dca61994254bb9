// fixtures/scenarios/bad/: each file's diagnostics, with exact line:column.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "tests/scenario/test_util.hpp"

namespace stimbench {
namespace {

using testing::bad_fixture;

struct FileDiagnostic {
  int line;
  int column;
  std::string message;
};

const std::map<std::string, std::vector<FileDiagnostic>>& expected_by_file() {
  static const std::map<std::string, std::vector<FileDiagnostic>> table = {
      {"misspelt_key.yaml",
       {{3, 1, "unknown key 'titel' (did you mean 'title'?)"},
        {7, 5, "unknown key 'expcet' (did you mean 'expect'?)"}}},
      {"wrong_type.yaml",
       {{3, 7, "'tags' must be a list, not 'safety' (write [safety])"},
        {5, 10, "'set' must be a mapping, not a list"},
        {6, 18, "'power' must be a number, not 'fifty'"},
        {7, 13, "'remote' must be true or false (or on/off), not 'maybe'"},
        {8, 13, "'repeat' must be a mapping, not '3'"}}},
      {"bad_duration.yaml",
       {{4, 11, "'wait': bad duration '1.5sec': unknown unit 'sec' (use ns, us, ms, s or min)"},
        {5, 11, "'wait': bad duration '-2s': must not be negative"},
        {7, 13, "'within' must be above 0"},
        {8, 22,
         "'duration': bad duration 'fast': expected a number with a unit such as 50ms, 1.5s or "
         "1min"}}},
      {"yaml_syntax.yaml", {{4, 15, "YAML syntax: illegal map value"}}},
      // yaml-cpp notices an unclosed flow mapping only where the file ends.
      {"yaml_unclosed_flow.yaml", {{6, 1, "YAML syntax: end of map flow not found"}}},
      {"bad_values.yaml",
       {{4, 21, "'count' must be 1 to 100000, not 0"},
        {5, 21, "'count' must be 1 to 100000, not 100001"},
        {6, 11, "unknown parameter 'powr' (did you mean 'power'?)"},
        {7, 10, "unknown parameter 'frequncy' (did you mean 'frequency'?)"},
        {9, 21, "unknown state 'sleeping' (one of standby, armed, ready, firing, fault, unknown)"},
        {10, 11,
         "bad hex in 'send': not a hex digit: 'G' at offset 4 (for text write send: {text: "
         "\"...\"})"},
        {11, 19, "'expect_bytes' needs at least one byte"}}},
      {"wrong_expect.yaml",
       {{5, 14, "'set' steps expect accepted or refused, not a value"},
        {7, 13, "'get' steps expect {value: ...}, not accepted"},
        {9, 13, "'wait' steps take no 'expect'"},
        {11, 30, "'code' goes with 'refused: true'"},
        {13, 13, "unknown expectation 'standby' (write {state: standby})"}}},
      {"missing_keys.yaml",
       {{2, 1, "missing required key 'scenario' (the scenario's id)"},
        {3, 1, "'steps' must not be empty"}}},
      {"step_shapes.yaml",
       {{4, 24, "one action per step: 'arm' follows 'set' (write them as separate steps)"},
        {5, 5, "a step needs one action (identify, remote, set, get, ...)"},
        {6, 5, "unknown step 'fier' (did you mean 'fire'?)"},
        {7, 5, "'set' needs a value, e.g. set: {power: 50}"},
        {8, 3, "a step must be an action name or a mapping, not nothing"},
        {9, 5, "a step must be an action name or a mapping, not a list"}}},
      {"not_a_mapping.yaml",
       {{2, 1, "a scenario file holds one mapping (scenario:, steps:, ...), not a list"}}},
      {"two_documents.yaml", {{3, 1, "one document per file; this is a second one"}}},
      {"stray_comma.yaml", {{5, 1, "YAML syntax: unexpected ','"}}},
      {"empty.yaml", {{0, 0, "the file is empty"}}},
  };
  return table;
}

TEST(BadFiles, EachFileGivesItsDiagnosticsAtExactPositions) {
  for (const auto& [name, expected] : expected_by_file()) {
    SCOPED_TRACE(name);
    const std::string path = bad_fixture(name);
    LoadResult result = load_scenario_file(path);
    EXPECT_FALSE(result.ok());
    EXPECT_TRUE(result.scenarios.empty());
    ASSERT_EQ(result.diagnostics.size(), expected.size()) << testing::dump(result);
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const Diagnostic& d = result.diagnostics[i];
      EXPECT_EQ(d.where.file, path);
      EXPECT_EQ(d.where.line, expected[i].line) << d.to_string();
      EXPECT_EQ(d.where.column, expected[i].column) << d.to_string();
      EXPECT_EQ(d.message, expected[i].message) << d.to_string();
    }
  }
}

// A new bad fixture needs its expectations in the table above.
TEST(BadFiles, TableCoversEveryBadFixture) {
  namespace fs = std::filesystem;
  for (const fs::directory_entry& entry : fs::directory_iterator(bad_fixture(""))) {
    if (entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    EXPECT_EQ(expected_by_file().count(name), 1u) << name << " has no expected diagnostics";
  }
}

TEST(BadFiles, DiagnosticTextIsFileLineColumnErrorMessage) {
  LoadResult result = load_scenario_file(bad_fixture("misspelt_key.yaml"));
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_EQ(result.diagnostics[0].to_string(),
            bad_fixture("misspelt_key.yaml") +
                ":3:1: error: unknown key 'titel' (did you mean 'title'?)");
  result = load_scenario_file(bad_fixture("empty.yaml"));
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_EQ(result.diagnostics[0].to_string(),
            bad_fixture("empty.yaml") + ": error: the file is empty");
}

TEST(BadFiles, DuplicateIdsAcrossFilesInTheBadFolder) {
  LoadResult result = load_scenarios({bad_fixture("")});
  EXPECT_FALSE(result.ok());
  // duplicate_id/first.yaml is valid and comes first in path order; nothing else loads.
  ASSERT_EQ(result.scenarios.size(), 1u) << testing::dump(result);
  EXPECT_EQ(result.scenarios[0].id, "duplicate-id");
  EXPECT_EQ(result.scenarios[0].file, bad_fixture("duplicate_id/first.yaml"));
  std::size_t expected_count = 1;  // the duplicate
  for (const auto& [name, expected] : expected_by_file()) expected_count += expected.size();
  EXPECT_EQ(result.diagnostics.size(), expected_count) << testing::dump(result);
  const std::string duplicate = bad_fixture("duplicate_id/second.yaml") +
                                ":2:11: error: duplicate scenario id 'duplicate-id' (first used "
                                "at " +
                                bad_fixture("duplicate_id/first.yaml") + ":2:11)";
  bool found = false;
  for (const Diagnostic& d : result.diagnostics) found = found || d.to_string() == duplicate;
  EXPECT_TRUE(found) << testing::dump(result);
}

}  // namespace
}  // namespace stimbench
