// `stimbench validate`: every check `run` makes before it contacts a device, on the
// scenarios and on each profile and envelope they name.
#include <cstdio>
#include <set>
#include <string>

#include "harness/cli/commands.hpp"
#include "harness/cli/run_progress.hpp"
#include "harness/cli/scenario_fixtures.hpp"
#include "harness/config/envelope_loader.hpp"
#include "harness/config/profile_loader.hpp"
#include "harness/scenario/loader.hpp"

namespace stimbench::cli {

namespace {

// Problems go to stderr one per line, counted per line, so the count is the last line.
class ProblemReport {
 public:
  void add(const std::string& text) {
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      if (end > start) {
        // A diagnostic quotes the file: its control bytes must not reach the terminal raw.
        std::fprintf(stderr, "%s\n",
                     printable(std::string_view(text).substr(start, end - start)).c_str());
        ++count_;
      }
      start = end + 1;
    }
  }
  int count() const { return count_; }

 private:
  int count_ = 0;
};

enum class FileKind { profile, envelope };

}  // namespace

int validate_command(const std::vector<std::string>& paths, const std::string& profile) {
  ProblemReport report;
  LoadResult loaded = load_scenarios(paths);
  for (const Diagnostic& d : loaded.diagnostics) report.add(d.to_string());

  const std::string search = fixtures_dir();
  std::set<std::string> checked;  // each file is loaded (and its problems reported) once
  auto check = [&](const std::string& path, FileKind kind) {
    if (!checked.insert(path).second) return;
    std::string problem;
    if (kind == FileKind::profile) {
      if (auto p = load_profile_file(path); !p) problem = p.error().message;
    } else if (auto e = load_policy_file(path); !e) {
      problem = e.error().message;
    }
    report.add(problem);
  };
  if (!profile.empty()) {
    auto path = resolve_profile_path(profile, search);
    if (path) {
      check(*path, FileKind::profile);
    } else {
      report.add("--profile: error: " + path.error().message);
    }
  }
  for (const Scenario& s : loaded.scenarios) {
    if (s.profile) {
      auto path = scenario_profile_path(s, search);
      path ? check(*path, FileKind::profile) : report.add(path.error().message);
    }
    if (s.envelope) {
      auto path = scenario_envelope_path(s, search);
      path ? check(*path, FileKind::envelope) : report.add(path.error().message);
    }
  }
  std::fflush(stderr);
  if (report.count() > 0) {
    std::fprintf(stderr, "validate: %d problem(s)\n", report.count());
    return exit_code::kUsage;
  }
  std::printf("validate: %zu scenario(s) OK\n", loaded.scenarios.size());
  return exit_code::kPass;
}

}  // namespace stimbench::cli
