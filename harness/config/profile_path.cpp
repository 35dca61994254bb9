// Fixture names to files: NAME -> <fixtures>/<folder>/NAME.yaml.
#include <algorithm>
#include <filesystem>

#include "harness/config/profile_loader.hpp"
#include "harness/config/yaml_reader.hpp"

namespace stimbench {

Result<std::string> resolve_fixture_path(const std::string& name_or_file,
                                         const std::string& fixtures_dir, const std::string& folder,
                                         const std::string& kind) {
  namespace fs = std::filesystem;
  const std::string& given = name_or_file;
  if (given.empty()) return make_error(ErrorCode::invalid_input, "empty " + kind + " name");
  std::error_code ec;
  if (given.find('/') != std::string::npos || given.ends_with(".yaml") || given.ends_with(".yml")) {
    if (!fs::is_regular_file(given, ec)) {
      return make_error(ErrorCode::invalid_input, kind + " file not found: " + given);
    }
    return given;
  }
  const fs::path dir = fs::path(fixtures_dir) / folder;
  const std::string path = (dir / (given + ".yaml")).string();
  if (fs::is_regular_file(path, ec)) return path;
  // Name the files that do exist, so a typo is a one-look fix.
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".yaml") names.push_back(it->path().stem().string());
  }
  std::sort(names.begin(), names.end());
  const std::string plural =
      kind.ends_with("y") ? kind.substr(0, kind.size() - 1) + "ies" : kind + "s";
  KeyList candidates(names.begin(), names.end());
  std::string known;
  for (const std::string& name : names) known += (known.empty() ? "" : ", ") + name;
  return make_error(ErrorCode::invalid_input,
                    "unknown " + kind + " '" + given + "': no " + path +
                        did_you_mean(given, candidates) +
                        (known.empty() ? "" : "; known " + plural + ": " + known));
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
