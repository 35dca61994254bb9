// load_scenarios: files, folders, ordering and whole-file problems.
#include <gtest/gtest.h>

#include "tests/scenario/test_util.hpp"

namespace stimbench {
namespace {

using testing::TempDir;

std::string scenario_text(const std::string& id) {
  return "scenario: " + id + "\nsteps:\n  - status\n";
}

std::vector<std::string> ids(const LoadResult& result) {
  std::vector<std::string> out;
  for (const Scenario& s : result.scenarios) out.push_back(s.id);
  return out;
}

TEST(LoadScenarios, DirectoryIsSearchedRecursivelyInPathOrder) {
  TempDir dir;
  dir.write("b.yaml", scenario_text("b"));
  dir.write("a.yml", scenario_text("a"));
  dir.write("sub/c.yaml", scenario_text("c"));
  dir.write("sub/deeper/d.yaml", scenario_text("d"));
  dir.write("sub_e.yaml", scenario_text("e"));  // '_' sorts after '/'
  dir.write(".hidden/x.yaml", "not: a scenario\n");
  dir.write("sub/.y.yaml", "not: a scenario\n");
  dir.write("notes.txt", "not yaml");
  dir.write("scenario.yaml.bak", "not yaml");
  LoadResult result = load_scenarios({dir.path()});
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  EXPECT_EQ(ids(result), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(result.scenarios[2].file, dir.path() + "/sub/c.yaml");
}

TEST(LoadScenarios, PathsKeepTheirOrderAndFilesNeedNoYamlSuffix) {
  TempDir dir;
  std::string z = dir.write("z.scenario", scenario_text("z"));
  dir.write("folder/a.yaml", scenario_text("a"));
  LoadResult result = load_scenarios({z, dir.path() + "/folder"});
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  EXPECT_EQ(ids(result), (std::vector<std::string>{"z", "a"}));
}

TEST(LoadScenarios, AFileNamedTwiceIsLoadedOnce) {
  TempDir dir;
  std::string one = dir.write("one.yaml", scenario_text("one"));
  LoadResult result = load_scenarios({one, dir.path(), dir.path() + "/./one.yaml"});
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  EXPECT_EQ(ids(result), (std::vector<std::string>{"one"}));
}

TEST(LoadScenarios, DuplicateIdsAcrossFiles) {
  TempDir dir;
  std::string first = dir.write("a.yaml", scenario_text("same"));
  std::string second = dir.write("b.yaml", "# comment\nscenario: same\nsteps: [arm]\n");
  LoadResult result = load_scenarios({dir.path()});
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(ids(result), (std::vector<std::string>{"same"}));
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(
      result.diagnostics[0].to_string(),
      second + ":2:11: error: duplicate scenario id 'same' (first used at " + first + ":1:11)");
}

TEST(LoadScenarios, DuplicateIdIsFoundEvenWhenTheSecondFileHasOtherErrors) {
  TempDir dir;
  dir.write("a.yaml", scenario_text("same"));
  dir.write("b.yaml", "scenario: same\nsteps: [fier]\n");
  LoadResult result = load_scenarios({dir.path()});
  ASSERT_EQ(result.diagnostics.size(), 2u) << testing::dump(result);
  EXPECT_EQ(result.diagnostics[0].where.line, 2);  // fier
  EXPECT_EQ(result.diagnostics[1].where.line, 1);  // the duplicate id
}

TEST(LoadScenarios, GoodFilesStillLoadNextToBadOnes) {
  TempDir dir;
  dir.write("1.yaml", scenario_text("one"));
  dir.write("2.yaml", "scenario: two\nsteps: [fier]\n");
  dir.write("3.yaml", scenario_text("three"));
  LoadResult result = load_scenarios({dir.path()});
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(ids(result), (std::vector<std::string>{"one", "three"}));
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].where.file, dir.path() + "/2.yaml");
}

TEST(LoadScenarios, MissingPathIsADiagnosticWithoutPosition) {
  TempDir dir;
  std::string good = dir.write("good.yaml", scenario_text("good"));
  const std::string missing = dir.path() + "/nope";
  LoadResult result = load_scenarios({missing, good});
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(ids(result), (std::vector<std::string>{"good"}));
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].where.line, 0);
  EXPECT_EQ(result.diagnostics[0].to_string(), missing + ": error: no such file or directory");
}

TEST(LoadScenarios, DirectoryWithoutScenarioFiles) {
  TempDir dir;
  dir.write("readme.txt", "nothing here");
  LoadResult result = load_scenarios({dir.path()});
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].to_string(),
            dir.path() + ": error: no scenario files (*.yaml, *.yml) in this directory");
  EXPECT_TRUE(result.scenarios.empty());
}

TEST(LoadScenarios, NoPathsAtAll) {
  LoadResult result = load_scenarios({});
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].to_string(), "error: no scenario paths given");
}

TEST(LoadScenarioFile, MissingFileAndDirectory) {
  TempDir dir;
  LoadResult missing = load_scenario_file(dir.path() + "/gone.yaml");
  ASSERT_EQ(missing.diagnostics.size(), 1u);
  EXPECT_EQ(missing.diagnostics[0].to_string(), dir.path() + "/gone.yaml: error: no such file");
  LoadResult folder = load_scenario_file(dir.path());
  ASSERT_EQ(folder.diagnostics.size(), 1u);
  EXPECT_EQ(folder.diagnostics[0].message, "is a directory");
}

}  // namespace
}  // namespace stimbench
