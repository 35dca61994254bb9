#include "harness/evidence/manifest.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <nlohmann/json.hpp>

#include "harness/evidence/file_io.hpp"
#include "harness/evidence/hashing.hpp"
#include "harness/evidence/record_writer.hpp"
#include "harness/evidence/transcript.hpp"

namespace fs = std::filesystem;

namespace stimbench {

void complete_input_hashes(RunRecord& record) {
  for (auto& input : record.inputs) {
    if (!input.sha256.empty()) continue;
    auto hash = sha256_file(input.path);
    if (hash.ok()) input.sha256 = *hash;
  }
}

Result<std::vector<std::string>> list_evidence_files(const std::string& dir,
                                                     std::vector<std::string>& irregular) {
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec);
  if (ec) return make_error(ErrorCode::io, "cannot list " + dir + ": " + ec.message());
  std::vector<std::string> files;
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    fs::file_status status = it->symlink_status(ec);
    if (ec) break;
    std::string relative = it->path().lexically_relative(dir).generic_string();
    if (fs::is_directory(status)) continue;
    if (!fs::is_regular_file(status)) {
      irregular.push_back(relative);
      continue;
    }
    if (relative != kManifestFileName) files.push_back(std::move(relative));
  }
  if (ec) return make_error(ErrorCode::io, "cannot list " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::sort(irregular.begin(), irregular.end());
  return files;
}

Status write_manifest(const RunRecord& record, const std::string& dir) {
  std::vector<std::string> irregular;
  auto files = list_evidence_files(dir, irregular);
  if (!files.ok()) return files.error();
  if (!irregular.empty()) {
    // A symlink could point anywhere later; evidence must be self-contained plain files.
    return make_error(ErrorCode::invalid_input,
                      dir + " contains something other than regular files: " + irregular[0]);
  }
  std::string text;
  try {
    nlohmann::json manifest = run_info_json(record);
    manifest["format"] = kManifestFormat;
    manifest["format_version"] = kManifestFormatVersion;
    for (auto& input : manifest["inputs"]) {
      if (!input["sha256"].get<std::string>().empty()) continue;
      auto hash = sha256_file(input["path"].get<std::string>());
      if (hash.ok()) {
        input["sha256"] = *hash;
      } else {
        input["sha256"] = nullptr;
        input["error"] = hash.error().message;
      }
    }
    nlohmann::json listed = nlohmann::json::array();
    for (const auto& name : *files) {
      std::string path = dir + "/" + name;
      auto hash = sha256_file(path);
      if (!hash.ok()) return hash.error();
      std::error_code ec;
      auto size = fs::file_size(path, ec);
      if (ec) return make_error(ErrorCode::io, "cannot stat " + path + ": " + ec.message());
      listed.push_back({{"path", name}, {"sha256", *hash}, {"bytes", size}});
    }
    manifest["files"] = std::move(listed);
    std::string transcript = dir + "/" + std::string(kTranscriptFileName);
    std::error_code exists_ec;
    if (fs::exists(transcript, exists_ec)) {
      auto check = check_transcript(transcript);
      if (!check.ok()) return check.error();
      // Recorded as found: a broken chain is evidence too, and verify will name it again.
      manifest["transcript"] = {
          {"lines", check->lines}, {"last_hash", check->last_hash}, {"problems", check->problems}};
    } else {
      manifest["transcript"] = nullptr;
    }
    text = manifest.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::internal, std::string("cannot build manifest: ") + e.what());
  }
  text.push_back('\n');
  return write_file_exclusive(dir + "/" + std::string(kManifestFileName), text);
}

}  // namespace stimbench
