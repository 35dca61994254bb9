// Loading and validating scenario files (format: docs/scenario-format.md). Problems are
// collected as diagnostics with file:line:column; nothing here throws.
#pragma once

#include <string>
#include <vector>

#include "harness/scenario/scenario.hpp"

namespace stimbench {

struct Diagnostic {
  SourceLocation where;
  std::string message;
  // "file:line:column: error: message" ("file: error: message" without a position).
  std::string to_string() const;
};

struct LoadResult {
  // Only the scenarios that loaded without a problem, in path order.
  std::vector<Scenario> scenarios;
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return diagnostics.empty(); }
};

// One file holding one scenario (a mapping).
LoadResult load_scenario_file(const std::string& path);

// Same, from text already in memory; `file` labels the scenario and the diagnostics.
LoadResult load_scenario_text(const std::string& text, const std::string& file);

// Files and directories; a directory is searched recursively for *.yaml / *.yml (hidden
// entries skipped), sorted by path. A missing path, a directory without scenario files, an
// empty `paths` and a scenario id used by two files are diagnostics. A file named twice is
// loaded once.
LoadResult load_scenarios(const std::vector<std::string>& paths);

}  // namespace stimbench
