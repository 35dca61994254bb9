// Helpers shared by the scenario loader tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/scenario/loader.hpp"

namespace stimbench::testing {

inline std::string bad_fixture(const std::string& name) {
  return std::string(STIMBENCH_SOURCE_DIR) + "/fixtures/scenarios/bad/" + name;
}

// Every diagnostic, one per line, so a failing assertion shows them all.
inline std::string dump(const LoadResult& result) {
  std::string out;
  for (const Diagnostic& d : result.diagnostics) out += d.to_string() + "\n";
  return out;
}

// Loads text that must be valid; a diagnostic fails the calling test.
inline Scenario load_ok(const std::string& yaml) {
  LoadResult result = load_scenario_text(yaml, "t.yaml");
  EXPECT_TRUE(result.ok()) << dump(result);
  EXPECT_EQ(result.scenarios.size(), result.ok() ? 1u : 0u);
  return result.scenarios.empty() ? Scenario{} : result.scenarios.front();
}

// `steps_yaml` is the body of `steps:` (lines starting "  - "); it begins on line 3.
inline std::vector<Step> steps_of(const std::string& steps_yaml) {
  return load_ok("scenario: t\nsteps:\n" + steps_yaml).steps;
}

inline Step only_step(const std::string& steps_yaml) {
  std::vector<Step> steps = steps_of(steps_yaml);
  EXPECT_EQ(steps.size(), 1u);
  return steps.empty() ? Step{} : steps.front();
}

// The steps (body of `steps:`, from line 3) must give exactly one diagnostic, this one.
inline void expect_one_error(const std::string& steps_yaml, int line, int column,
                             const std::string& message) {
  SCOPED_TRACE(steps_yaml);
  LoadResult result = load_scenario_text("scenario: t\nsteps:\n" + steps_yaml, "t.yaml");
  EXPECT_FALSE(result.ok());
  ASSERT_EQ(result.diagnostics.size(), 1u) << dump(result);
  const Diagnostic& d = result.diagnostics.front();
  EXPECT_EQ(d.where.line, line) << d.to_string();
  EXPECT_EQ(d.where.column, column) << d.to_string();
  EXPECT_EQ(d.message, message) << d.to_string();
}

// A directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "stimbench-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) ? pattern : std::string();
    if (path_.empty()) ADD_FAILURE() << "mkdtemp failed";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `text` to path()/relative, creating folders; returns the full path.
  std::string write(const std::string& relative, const std::string& text) const {
    std::filesystem::path full = std::filesystem::path(path_) / relative;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream(full) << text;
    return full.string();
  }

 private:
  std::string path_;
};

}  // namespace stimbench::testing
