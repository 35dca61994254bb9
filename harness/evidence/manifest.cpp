#include "harness/evidence/manifest.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <nlohmann/json.hpp>

#include "harness/evidence/file_io.hpp"
#include "harness/evidence/hashing.hpp"
#include "harness/evidence/record_index.hpp"
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
    if (relative != kManifestFileName && relative != kSignatureFileName)
      files.push_back(std::move(relative));
  }
  if (ec) return make_error(ErrorCode::io, "cannot list " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::sort(irregular.begin(), irregular.end());
  return files;
}

namespace {

// The hash of every node of record.json as written, so verify can name the JSON pointer of a
// change later. Null when record.json is absent or not JSON (verify then names the file only).
nlohmann::json index_of_record(const std::string& dir) {
  auto text = read_file(dir + "/" + std::string(kRecordFileName));
  if (!text.ok()) return nullptr;
  nlohmann::json record = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (record.is_discarded()) return nullptr;
  return record_index(record);
}

nlohmann::json file_list(const std::string& dir, const std::vector<std::string>& files,
                         Status& status) {
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& name : files) {
    std::string path = dir + "/" + name;
    auto hash = sha256_file(path);
    if (!hash.ok()) {
      status = hash.error();
      return listed;
    }
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    if (ec) {
      status = make_error(ErrorCode::io, "cannot stat " + path + ": " + ec.message());
      return listed;
    }
    listed.push_back({{"path", name}, {"sha256", *hash}, {"bytes", size}});
  }
  return listed;
}

Result<std::string> manifest_text(const RunRecord& record, const std::string& dir,
                                  const std::vector<std::string>& files, const Ed25519Key* key) {
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
  Status listed;
  manifest["files"] = file_list(dir, files, listed);
  if (!listed.ok()) return listed.error();
  manifest["record_index"] = index_of_record(dir);
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
  // Named inside the signed bytes, so deleting manifest.sig is itself detected.
  manifest["signature"] = key == nullptr
                              ? nlohmann::json(nullptr)
                              : nlohmann::json{{"algorithm", "Ed25519"},
                                               {"file", kSignatureFileName},
                                               {"public_key_sha256", key->fingerprint()}};
  return manifest.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

Status write_manifest(const RunRecord& record, const std::string& dir, const Ed25519Key* key) {
  std::vector<std::string> irregular;
  auto files = list_evidence_files(dir, irregular);
  if (!files.ok()) return files.error();
  if (!irregular.empty()) {
    // A symlink could point anywhere later; evidence must be self-contained plain files.
    return make_error(ErrorCode::invalid_input,
                      dir + " contains something other than regular files: " + irregular[0]);
  }
  Result<std::string> text = make_error(ErrorCode::internal, "manifest not built");
  try {
    text = manifest_text(record, dir, *files, key);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::internal, std::string("cannot build manifest: ") + e.what());
  }
  if (!text.ok()) return text.error();
  if (key != nullptr) {
    auto signature = key->sign(*text);
    if (!signature.ok()) return signature.error();
    if (Status s = write_file_atomic(dir + "/" + std::string(kSignatureFileName), *signature);
        !s.ok())
      return s;
  }
  return write_file_atomic(dir + "/" + std::string(kManifestFileName), *text);
}

}  // namespace stimbench
