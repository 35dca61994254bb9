// verify_evidence: sorts a folder into OK / INCOMPLETE / tampered / EMPTY / not evidence
// (evidence_verify.hpp). The transcript's part is in transcript_verify.cpp.
#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include <nlohmann/json.hpp>

#include "harness/evidence/evidence_verify.hpp"
#include "harness/evidence/file_io.hpp"
#include "harness/evidence/hashing.hpp"
#include "harness/evidence/manifest.hpp"
#include "harness/evidence/record_index.hpp"
#include "harness/evidence/transcript_verify.hpp"

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

// After record.json's hash failed: which JSON pointers changed, from the manifest's index.
void locate_record_change(const std::string& path, const nlohmann::json& manifest,
                          std::vector<std::string>& problems) {
  const std::string name(kRecordFileName);
  auto text = read_file(path);
  if (!text.ok()) return;
  nlohmann::json::parser_callback_t no_callback = nullptr;
  nlohmann::json record = nlohmann::json::parse(*text, no_callback, /*allow_exceptions=*/false);
  if (record.is_discarded()) {
    problems.push_back(name + ": no longer valid JSON");
    return;
  }
  auto index = manifest.find("record_index");
  if (index == manifest.end() || index->is_null()) return;  // written before the index existed
  auto where = record_differences(*index, record);
  if (where.empty()) {
    problems.push_back(name + ": same JSON content, other bytes (whitespace or number format)");
  }
  for (const auto& w : where) problems.push_back(name + " at " + w);
}

// One manifest `files` entry against the file on disk: removed, cut short, grown or changed.
void check_listed_file(const std::string& dir, const nlohmann::json& manifest,
                       const std::string& name, const nlohmann::json& entry,
                       std::vector<std::string>& problems) {
  std::string path = dir + "/" + name;
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(path, ec))) {
    problems.push_back(name + ": listed in the manifest but missing (removed)");
    return;
  }
  auto hash = sha256_file(path);
  if (!hash.ok()) {
    problems.push_back(name + ": " + hash.error().message);
    return;
  }
  if (*hash == entry["sha256"].get<std::string>()) return;
  auto bytes = entry.find("bytes");
  auto size = fs::file_size(path, ec);
  std::string sizes;
  if (!ec && bytes != entry.end() && bytes->is_number_unsigned()) {
    auto recorded = bytes->get<std::uint64_t>();
    if (size < recorded) sizes = ", cut short: " + std::to_string(size) + " of " + bytes->dump();
    if (size > recorded)
      sizes = ", grown: " + std::to_string(size) + " bytes, manifest says " + bytes->dump();
  }
  problems.push_back(name + ": SHA-256 mismatch (file altered" + sizes + ")");
  if (name == kRecordFileName) locate_record_change(path, manifest, problems);
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
    } else if (!listed.insert(name).second) {
      problems.push_back(where + ": " + name + " listed twice");
    } else {
      check_listed_file(dir, manifest, name, entry, problems);
    }
  }
}

// manifest.sig against the manifest's exact bytes. A manifest that names a signature but has
// none lost it; with a key, an unsigned folder fails too.
void check_signature(const std::string& dir, const nlohmann::json& manifest,
                     const std::string& manifest_bytes, const VerifyOptions& options,
                     VerifyReport& report) {
  const std::string sig_name(kSignatureFileName);
  std::error_code ec;
  bool has_sig = fs::exists(fs::symlink_status(dir + "/" + sig_name, ec));
  auto named = manifest.find("signature");
  bool names_one = named != manifest.end() && named->is_object();
  std::string recorded_key = names_one ? named->value("public_key_sha256", "") : "";
  if (!has_sig) {
    if (names_one) {
      report.signature = SignatureState::invalid;
      report.problems.push_back(sig_name +
                                ": missing (removed), but manifest.json says it is "
                                "signed");
    } else if (options.key != nullptr) {
      report.signature = SignatureState::invalid;
      report.problems.push_back(sig_name +
                                ": missing: the folder is not signed, so the key "
                                "cannot vouch for it");
    }
    return;
  }
  if (!names_one) {
    report.problems.push_back(sig_name + ": present but manifest.json names no signature");
  }
  if (options.key == nullptr) {
    report.signature = SignatureState::not_checked;
    report.notes.push_back("signature not checked (signed by key " + recorded_key +
                           "; give --verify-key FILE to check it)");
    return;
  }
  auto signature = read_file(dir + "/" + sig_name);
  if (signature.ok() && options.key->verify(manifest_bytes, *signature)) {
    report.signature = SignatureState::valid;
    report.signer = options.key->fingerprint();
    return;
  }
  report.signature = SignatureState::invalid;
  if (!recorded_key.empty() && recorded_key != options.key->fingerprint()) {
    report.problems.push_back(sig_name + ": does not verify with the given key " +
                              options.key->fingerprint() + "; manifest.json names key " +
                              recorded_key + " (wrong key, or a re-signed folder)");
  } else {
    report.problems.push_back(sig_name +
                              ": bad signature: manifest.json or manifest.sig was changed");
  }
}

void check_finished(const std::string& dir, const std::vector<std::string>& present,
                    const std::string& manifest_bytes, const VerifyOptions& options,
                    VerifyReport& report) {
  auto& problems = report.problems;
  nlohmann::json manifest =
      nlohmann::json::parse(manifest_bytes, nullptr, /*allow_exceptions=*/false);
  if (!manifest.is_object()) {
    problems.push_back("manifest.json is not a valid JSON object (corrupt)");
    if (options.key != nullptr) check_signature(dir, manifest, manifest_bytes, options, report);
    return;
  }
  try {
    auto format = manifest.find("format");
    if (format == manifest.end() || !format->is_string() || *format != kManifestFormat) {
      problems.push_back("manifest.json: \"format\" is not \"" + std::string(kManifestFormat) +
                         "\"");
    }
    std::set<std::string> listed;
    check_listed_files(dir, manifest, listed, problems);
    for (const auto& name : present) {
      if (!listed.count(name))
        problems.push_back(name + ": present but not in the manifest (added)");
    }
    for (auto required : {kTranscriptFileName, kRecordFileName, kJunitFileName}) {
      if (!listed.count(std::string(required))) {
        problems.push_back(std::string(required) + ": required file not in the manifest");
      }
    }
    if (std::find(present.begin(), present.end(), kTranscriptFileName) != present.end()) {
      auto recorded = manifest.find("transcript");
      check_finished_transcript(dir, recorded == manifest.end() ? nullptr : &*recorded, report);
    }
    check_signature(dir, manifest, manifest_bytes, options, report);
  } catch (const std::exception& e) {  // a wrongly typed field in a hand-edited manifest
    problems.push_back(std::string("manifest.json: malformed: ") + e.what());
  }
}

}  // namespace

const char* to_string(VerifyVerdict verdict) {
  switch (verdict) {
    case VerifyVerdict::ok:
      return "ok";
    case VerifyVerdict::incomplete:
      return "incomplete";
    case VerifyVerdict::tampered:
      return "tampered";
    case VerifyVerdict::empty:
      return "empty";
    case VerifyVerdict::not_evidence:
      return "not_evidence";
  }
  return "unknown";
}

Result<VerifyReport> verify_evidence(const std::string& dir, const VerifyOptions& options) {
  VerifyReport report;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    report.problems.push_back(dir + " is not a directory");
    return report;
  }
  std::vector<std::string> irregular;
  auto present = list_evidence_files(dir, irregular);
  if (!present.ok()) return present.error();
  for (const auto& name : irregular) report.problems.push_back(name + ": not a regular file");
  const std::string manifest_path = dir + "/" + std::string(kManifestFileName);
  bool has_manifest = fs::exists(fs::symlink_status(manifest_path, ec));
  bool has_sig = fs::exists(fs::symlink_status(dir + "/" + std::string(kSignatureFileName), ec));
  bool has_transcript =
      std::find(present->begin(), present->end(), kTranscriptFileName) != present->end();

  if (!has_manifest) {
    if (present->empty() && irregular.empty() && !has_sig) {
      report.verdict = VerifyVerdict::empty;
    } else if (!has_transcript) {
      report.problems.push_back(
          "neither manifest.json nor transcript.jsonl: not an evidence "
          "folder");
    } else {
      check_unfinished(dir, *present, has_sig, report);
    }
    return report;
  }
  auto text = read_file(manifest_path);
  if (!text.ok()) {
    report.problems.push_back("manifest.json: unreadable: " + text.error().message);
  } else {
    check_finished(dir, *present, *text, options, report);
  }
  report.verdict = report.problems.empty() ? VerifyVerdict::ok : VerifyVerdict::tampered;
  return report;
}

}  // namespace stimbench
