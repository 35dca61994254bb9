// Fixture names to files: NAME -> <fixtures>/<folder>/NAME.yaml over a search path, and the
// stricter rule for names written inside a scenario.
#include <algorithm>
#include <filesystem>

#include "harness/config/profile_loader.hpp"
#include "harness/config/yaml_reader.hpp"

namespace stimbench {

namespace {

namespace fs = std::filesystem;

bool names_a_file(const std::string& given) {
  return given.find('/') != std::string::npos || given.ends_with(".yaml") ||
         given.ends_with(".yml");
}

std::vector<std::string> split_search_path(const std::string& search_path) {
  std::vector<std::string> dirs;
  std::size_t start = 0;
  while (start <= search_path.size()) {
    std::size_t end = search_path.find(':', start);
    if (end == std::string::npos) end = search_path.size();
    if (end > start) dirs.push_back(search_path.substr(start, end - start));
    start = end + 1;
  }
  return dirs;
}

std::string plural_of(const std::string& kind) {
  return kind.ends_with("y") ? kind.substr(0, kind.size() - 1) + "ies" : kind + "s";
}

// NAME in the search path, or the error that names what does exist (a one-look fix).
Result<std::string> find_in_search_path(const std::string& name, const std::string& search_path,
                                        const std::string& folder, const std::string& kind) {
  std::error_code ec;
  std::vector<std::string> names, tried;
  for (const std::string& root : split_search_path(search_path)) {
    const fs::path dir = fs::path(root) / folder;
    const std::string path = (dir / (name + ".yaml")).string();
    if (fs::is_regular_file(path, ec)) return path;
    tried.push_back(path);
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".yaml") names.push_back(it->path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  KeyList candidates(names.begin(), names.end());
  std::string known, where;
  for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
  for (const std::string& t : tried) where += (where.empty() ? "" : " or ") + t;
  return make_error(ErrorCode::invalid_input,
                    "unknown " + kind + " '" + name + "': no " +
                        (where.empty() ? "fixtures folder" : where) +
                        did_you_mean(name, candidates) +
                        (known.empty() ? "" : "; known " + plural_of(kind) + ": " + known));
}

}  // namespace

Result<std::string> resolve_fixture_path(const std::string& name_or_file,
                                         const std::string& fixtures_dir, const std::string& folder,
                                         const std::string& kind) {
  const std::string& given = name_or_file;
  if (given.empty()) return make_error(ErrorCode::invalid_input, "empty " + kind + " name");
  std::error_code ec;
  if (names_a_file(given)) {
    if (!fs::is_regular_file(given, ec)) {
      return make_error(ErrorCode::invalid_input, kind + " file not found: " + given);
    }
    return given;
  }
  return find_in_search_path(given, fixtures_dir, folder, kind);
}

Result<std::string> resolve_scenario_fixture(const std::string& value,
                                             const std::string& scenario_file,
                                             const std::string& fixtures_dir,
                                             const std::string& folder, const std::string& kind) {
  if (value.empty()) return make_error(ErrorCode::invalid_input, "empty " + kind + " name");
  const fs::path beside = fs::path(scenario_file).parent_path();
  std::error_code ec;
  if (!names_a_file(value) && is_valid_name(value)) {
    auto found = find_in_search_path(value, fixtures_dir, folder, kind);
    if (found) return found;
    const std::string local = (beside / (value + ".yaml")).string();
    if (fs::is_regular_file(local, ec)) return local;
    return found.error();
  }
  const fs::path relative(value);
  const bool leaves = std::any_of(relative.begin(), relative.end(),
                                  [](const fs::path& part) { return part == ".."; });
  const bool yaml = value.ends_with(".yaml") || value.ends_with(".yml");
  if (relative.is_absolute() || leaves || !yaml) {
    return make_error(ErrorCode::invalid_input,
                      "a scenario's '" + std::string(kind == "policy" ? "envelope" : kind) +
                          "' is a NAME from the fixtures path or a .yaml file beside the "
                          "scenario, not '" +
                          value + "' (give other files with --" +
                          (kind == "policy" ? "envelope" : kind) + ")");
  }
  const std::string path = (beside / relative).string();
  if (!fs::is_regular_file(path, ec)) {
    return make_error(ErrorCode::invalid_input, kind + " file not found: " + path);
  }
  return path;
}

Result<std::string> resolve_profile_path(const std::string& name_or_file,
                                         const std::string& fixtures_dir) {
  return resolve_fixture_path(name_or_file, fixtures_dir, "profiles", "profile");
}

Result<DeviceProfile> load_profile(const std::string& name_or_file,
                                   const std::string& fixtures_dir) {
  auto path = resolve_profile_path(name_or_file, fixtures_dir);
  if (!path) return path.error();
  return load_profile_file(*path);
}

}  // namespace stimbench
