// verify_evidence: re-checks an evidence folder against its manifest (declared in manifest.hpp).
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

#include <nlohmann/json.hpp>

#include "harness/evidence/file_io.hpp"
#include "harness/evidence/hashing.hpp"
#include "harness/evidence/manifest.hpp"
#include "harness/evidence/transcript.hpp"

namespace fs = std::filesystem;

namespace stimbench {
namespace {

// Listed paths must stay inside the folder, or a crafted manifest could make us read anywhere.
bool is_safe_relative(const std::string& path) {
  if (path.empty() || path.front() == '/') return false;
  for (const auto& part : fs::path(path)) {
    if (part == ".." || part == ".") return false;
  }
  return true;
}

void check_transcript_file(const std::string& dir, const nlohmann::json* recorded,
                           std::vector<std::string>& problems) {
  std::string path = dir + "/" + std::string(kTranscriptFileName);
  auto check = check_transcript(path);
  if (!check.ok()) {
    problems.push_back(std::string(kTranscriptFileName) + ": " + check.error().message);
    return;
  }
  problems.insert(problems.end(), check->problems.begin(), check->problems.end());
  if (recorded == nullptr || !recorded->is_object()) return;
  auto lines = recorded->find("lines");
  if (lines != recorded->end() && lines->is_number_unsigned() &&
      lines->get<std::uint64_t>() != check->lines) {
    problems.push_back(std::string(kTranscriptFileName) + ": " + std::to_string(check->lines) +
                       " lines, but the manifest recorded " + lines->dump() +
                       " (truncated or extended)");
  }
  auto last = recorded->find("last_hash");
  if (last != recorded->end() && last->is_string() && *last != check->last_hash) {
    problems.push_back(std::string(kTranscriptFileName) +
                       ": last line's hash differs from the one in the manifest");
  }
}

void check_listed_files(const std::string& dir, const nlohmann::json& manifest,
                        std::set<std::string>& listed, std::vector<std::string>& problems) {
  auto files = manifest.find("files");
  if (files == manifest.end() || !files->is_array()) {
    problems.push_back("manifest.json: no \"files\" list");
    return;
  }
  for (std::size_t i = 0; i < files->size(); ++i) {
    const auto& entry = (*files)[i];
    std::string where = "manifest.json files[" + std::to_string(i) + "]";
    if (!entry.is_object() || !entry.contains("path") || !entry["path"].is_string() ||
        !entry.contains("sha256") || !entry["sha256"].is_string()) {
      problems.push_back(where + ": needs string \"path\" and \"sha256\"");
      continue;
    }
    std::string name = entry["path"].get<std::string>();
    if (!is_safe_relative(name)) {
      problems.push_back(where + ": path \"" + name + "\" leaves the evidence folder");
      continue;
    }
    if (!listed.insert(name).second) {
      problems.push_back(where + ": " + name + " listed twice");
      continue;
    }
    std::string path = dir + "/" + name;
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(path, ec))) {
      problems.push_back(name + ": listed in the manifest but missing");
      continue;
    }
    auto hash = sha256_file(path);
    if (!hash.ok()) {
      problems.push_back(name + ": " + hash.error().message);
    } else if (*hash != entry["sha256"].get<std::string>()) {
      problems.push_back(name + ": SHA-256 mismatch (file altered)");
    }
    auto bytes = entry.find("bytes");
    auto size = fs::file_size(path, ec);
    if (!ec && bytes != entry.end() && bytes->is_number_unsigned() &&
        bytes->get<std::uint64_t>() != size) {
      problems.push_back(name + ": " + std::to_string(size) + " bytes, manifest says " +
                         bytes->dump());
    }
  }
}

}  // namespace

Result<std::vector<std::string>> verify_evidence(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return make_error(ErrorCode::invalid_input, dir + " is not a directory");
  }
  std::vector<std::string> problems;
  std::vector<std::string> irregular;
  auto present = list_evidence_files(dir, irregular);
  if (!present.ok()) return present.error();
  for (const auto& name : irregular) problems.push_back(name + ": not a regular file");

  bool has_transcript =
      std::find(present->begin(), present->end(), kTranscriptFileName) != present->end();
  std::string manifest_path = dir + "/" + std::string(kManifestFileName);
  auto text = read_file(manifest_path);
  if (!text.ok()) {
    problems.push_back("manifest.json missing or unreadable: " + text.error().message);
    if (has_transcript) check_transcript_file(dir, nullptr, problems);
    return problems;
  }
  nlohmann::json manifest = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!manifest.is_object()) {
    problems.push_back("manifest.json is not a valid JSON object");
    if (has_transcript) check_transcript_file(dir, nullptr, problems);
    return problems;
  }
  try {
    auto format = manifest.find("format");
    if (format == manifest.end() || !format->is_string() || *format != kManifestFormat) {
      problems.push_back("manifest.json: \"format\" is not \"" + std::string(kManifestFormat) +
                         "\"");
    }
    std::set<std::string> listed;
    check_listed_files(dir, manifest, listed, problems);
    for (const auto& name : *present) {
      if (!listed.count(name)) problems.push_back(name + ": present but not in the manifest");
    }
    for (auto required : {kTranscriptFileName, kRecordFileName, kJunitFileName}) {
      if (!listed.count(std::string(required))) {
        problems.push_back(std::string(required) + ": required file not in the manifest");
      }
    }
    if (has_transcript) {
      auto recorded = manifest.find("transcript");
      check_transcript_file(dir, recorded == manifest.end() ? nullptr : &*recorded, problems);
    }
  } catch (const std::exception& e) {  // a wrongly typed field in a hand-edited manifest
    problems.push_back(std::string("manifest.json: malformed: ") + e.what());
  }
  return problems;
}

}  // namespace stimbench
