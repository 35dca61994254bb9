// Profile names to files: NAME -> <fixtures>/profiles/NAME.yaml.
#include <algorithm>
#include <filesystem>

#include "harness/config/profile_loader.hpp"
#include "harness/config/yaml_reader.hpp"

namespace stimbench {

Result<std::string> resolve_profile_path(const std::string& name_or_file,
                                         const std::string& fixtures_dir) {
  namespace fs = std::filesystem;
  const std::string& given = name_or_file;
  auto ends_with = [&](std::string_view suffix) { return given.ends_with(suffix); };
  if (given.empty()) return make_error(ErrorCode::invalid_input, "empty profile name");
  if (given.find('/') != std::string::npos || ends_with(".yaml") || ends_with(".yml")) {
    std::error_code ec;
    if (!fs::is_regular_file(given, ec)) {
      return make_error(ErrorCode::invalid_input, "profile file not found: " + given);
    }
    return given;
  }
  const fs::path dir = fs::path(fixtures_dir) / "profiles";
  const std::string path = (dir / (given + ".yaml")).string();
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return path;
  // Name the profiles that do exist, so a typo is a one-look fix.
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".yaml") names.push_back(it->path().stem().string());
  }
  std::sort(names.begin(), names.end());
  KeyList candidates(names.begin(), names.end());
  std::string known;
  for (const std::string& name : names) known += (known.empty() ? "" : ", ") + name;
  return make_error(ErrorCode::invalid_input,
                    "unknown profile '" + given + "': no " + path +
                        did_you_mean(given, candidates) +
                        (known.empty() ? "" : "; known profiles: " + known));
}

Result<DeviceProfile> load_profile(const std::string& name_or_file,
                                   const std::string& fixtures_dir) {
  auto path = resolve_profile_path(name_or_file, fixtures_dir);
  if (!path) return path.error();
  return load_profile_file(*path);
}

}  // namespace stimbench
