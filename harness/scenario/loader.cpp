// Files, directories and the top level of a scenario; steps are in step_parser.cpp.
#include "harness/scenario/loader.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <map>
#include <set>

#include "devices/mock/fault_schedule.hpp"
#include "harness/config/input_limits.hpp"
#include "harness/scenario/parse_detail.hpp"

namespace stimbench {

namespace {

namespace fs = std::filesystem;
using scenario_detail::location;

const KeyList kScenarioKeys = {"scenario", "title",       "requirements", "risk_controls", "tags",
                               "requires", "profile",     "envelope",     "setup",         "steps",
                               "teardown", "description", "faults"};

struct Parsed {
  Scenario scenario;
  std::optional<SourceLocation> id_at;  // where the id was written, for duplicate reports
  std::vector<Diagnostic> diagnostics;
};

Diagnostic whole_file(const std::string& file, std::string message) {
  return Diagnostic{SourceLocation{file, 0, 0}, std::move(message)};
}

// Tags and capability names must survive `--tags a,!b` and report columns unchanged.
void read_names(YamlReader& in, const YAML::Node& value, const YAML::Node& key,
                const std::string& what, std::vector<std::string>& out) {
  auto list = in.text_list(value, what, key);
  if (!list) return;
  std::size_t index = 0;
  for (const YAML::Node& item : value) {
    const std::string& name = (*list)[index++];
    if (!is_valid_name(name)) {
      in.error(item, "'" + what + "' entry " + name_problem(name));
    }
  }
  out = std::move(*list);
}

void read_scenario(YamlReader& in, const YAML::Node& root, Parsed& out) {
  Scenario& s = out.scenario;
  const std::string& file = s.file;
  s.where = location(file, root.Mark());
  bool has_id = false, has_steps = false;
  // Marks, not Nodes: assigning one yaml-cpp Node to another rebinds the shared node itself.
  YAML::Mark tags_at = in.position(root), steps_at = in.position(root);
  auto visit = [&](const std::string& name, const YAML::Node& key, const YAML::Node& value) {
    using scenario_detail::parse_steps;
    if (name == "scenario") {
      has_id = true;
      auto id = in.text(value, name, key);
      if (id && !is_valid_name(*id)) {
        in.error(value, "scenario id " + name_problem(*id));
      } else if (id) {
        s.id = *id;
        out.id_at = location(file, value.Mark());
      }
    } else if (name == "title" || name == "description" || name == "profile" ||
               name == "envelope") {
      auto text = in.text(value, name, key);
      if (text && name == "envelope") s.envelope = *text;
      if (text && name == "title") s.title = *text;
      if (text && name == "profile") s.profile = *text;
      if (name == "profile" || name == "envelope") {
        (name == "profile" ? s.profile_at : s.envelope_at) =
            location(file, in.position(value, key));
      }
      if (text && name == "description") s.description = *text;
    } else if (name == "requirements" || name == "risk_controls") {
      auto list = in.text_list(value, name, key);
      if (list) (name == "requirements" ? s.requirements : s.risk_controls) = std::move(*list);
    } else if (name == "tags") {
      read_names(in, value, key, name, s.tags);
      tags_at = key.Mark();
    } else if (name == "requires") {
      if (auto list = scenario_detail::read_capabilities(in, value, key))
        s.requires_capabilities = *list;
    } else if (name == "faults") {
      if (auto specs = scenario_detail::read_fault_specs(in, value, key, "a scenario's"))
        s.faults = *specs;
      s.faults_at = location(file, in.position(value, key));
    } else if (name == "setup") {
      s.setup = parse_steps(in, file, value, key, name, true);
    } else if (name == "teardown") {
      s.teardown = parse_steps(in, file, value, key, name, true);
    } else if (name == "steps") {
      has_steps = true;
      s.steps = parse_steps(in, file, value, key, name, false);
      steps_at = key.Mark();
    }
  };
  in.for_each_entry(root, kScenarioKeys, visit);
  using scenario_detail::expanded_steps;
  const long long expanded =
      std::min(expanded_steps(s.setup) + expanded_steps(s.steps) + expanded_steps(s.teardown),
               input_limits::kMaxExpandedSteps + 1);
  if (expanded > input_limits::kMaxExpandedSteps) {
    in.error(steps_at, "the scenario expands to more than " +
                           std::to_string(input_limits::kMaxExpandedSteps) +
                           " steps (repeat counts multiply through nesting; a sweep counts " +
                           std::to_string(input_limits::kSweepStepWeight) + ")");
  }
  // A safety check must trace to what it verifies (IEC 62304 §5.7, ISO 14971).
  if (std::find(s.tags.begin(), s.tags.end(), "safety") != s.tags.end()) {
    if (s.requirements.empty() || s.risk_controls.empty()) {
      in.error(tags_at, "a scenario tagged 'safety' must name its requirements and risk_controls");
    }
  }
  // ... and say where each of its expected answers is documented (design.md §7).
  scenario_detail::check_basis(in, s);
  if (!has_id) in.error(root, "missing required key 'scenario' (the scenario's id)");
  if (!has_steps) in.error(root, "missing required key 'steps'");
}

Parsed parse_text(const std::string& text, const std::string& file) {
  Parsed out;
  out.scenario.file = file;
  YamlReader in(text);
  // yaml-cpp throws from its accessors; nothing may leave this module as an exception.
  try {
    if (auto root = in.parse_single_document()) {
      if (root->IsMap()) {
        read_scenario(in, *root, out);
      } else {
        in.error(in.position(*root),
                 "a scenario file holds one mapping (scenario:, steps:, ...), "
                 "not " +
                     describe(*root));
      }
    }
  } catch (const std::exception& e) {
    in.error(YAML::Mark::null_mark(), std::string("internal error while reading: ") + e.what());
  }
  for (const YamlIssue& issue : in.sorted_issues()) {
    out.diagnostics.push_back(
        Diagnostic{SourceLocation{file, issue.line, issue.column}, issue.message});
  }
  return out;
}

Parsed parse_file(const std::string& path) {
  std::string why;
  auto text = read_text_file(path, why);
  if (!text) {
    Parsed out;
    out.diagnostics.push_back(whole_file(path, why));
    return out;
  }
  return parse_text(*text, path);
}

LoadResult to_result(Parsed parsed) {
  LoadResult result;
  if (parsed.diagnostics.empty()) result.scenarios.push_back(std::move(parsed.scenario));
  result.diagnostics = std::move(parsed.diagnostics);
  return result;
}

bool is_scenario_file(const fs::path& path) {
  return path.extension() == ".yaml" || path.extension() == ".yml";
}

// The scenario files under `dir`, sorted; hidden files and folders are skipped.
std::vector<std::string> scenario_files_in(const fs::path& dir, std::vector<Diagnostic>& diags) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.filename().string().starts_with(".")) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (is_scenario_file(path) && it->is_regular_file(ec)) files.push_back(path.string());
  }
  if (ec) diags.push_back(whole_file(dir.string(), "cannot list the directory: " + ec.message()));
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::string Diagnostic::to_string() const {
  const std::string at = where.to_string();
  return (at.empty() ? std::string() : at + ": ") + "error: " + message;
}

LoadResult load_scenario_text(const std::string& text, const std::string& file) {
  return to_result(parse_text(text, file));
}

LoadResult load_scenario_file(const std::string& path) {
  return to_result(parse_file(path));
}

LoadResult load_scenarios(const std::vector<std::string>& paths) {
  LoadResult result;
  if (paths.empty()) result.diagnostics.push_back(whole_file("", "no scenario paths given"));
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) {
      result.diagnostics.push_back(whole_file(path, "no such file or directory"));
    } else if (fs::is_directory(status)) {
      auto found = scenario_files_in(path, result.diagnostics);
      if (found.empty()) {
        result.diagnostics.push_back(
            whole_file(path, "no scenario files (*.yaml, *.yml) in this directory"));
      }
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(path);
    }
  }
  std::set<std::string> loaded;  // canonical paths: a file named twice is loaded once
  std::map<std::string, SourceLocation> ids;
  for (const std::string& file : files) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(file, ec);
    if (!loaded.insert(ec ? file : canonical.string()).second) continue;
    Parsed parsed = parse_file(file);
    if (parsed.id_at) {
      auto [it, inserted] = ids.emplace(parsed.scenario.id, *parsed.id_at);
      if (!inserted) {
        parsed.diagnostics.push_back(
            Diagnostic{*parsed.id_at, "duplicate scenario id '" + parsed.scenario.id +
                                          "' (first used at " + it->second.to_string() + ")"});
      }
    }
    LoadResult one = to_result(std::move(parsed));
    for (Scenario& s : one.scenarios) result.scenarios.push_back(std::move(s));
    for (Diagnostic& d : one.diagnostics) result.diagnostics.push_back(std::move(d));
  }
  return result;
}

}  // namespace stimbench
