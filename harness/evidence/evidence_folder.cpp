#include "harness/evidence/evidence_folder.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "harness/evidence/file_io.hpp"
#include "harness/evidence/html_report.hpp"
#include "harness/evidence/junit_writer.hpp"
#include "harness/evidence/manifest.hpp"
#include "harness/evidence/record_writer.hpp"

namespace fs = std::filesystem;

namespace stimbench {

Result<EvidenceFolder> EvidenceFolder::create(const std::string& dir) {
  if (dir.empty()) return make_error(ErrorCode::invalid_input, "evidence folder path is empty");
  std::string normal = fs::path(dir).lexically_normal().generic_string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  fs::path parent = fs::path(normal).parent_path();
  std::error_code ec;
  if (!parent.empty()) {
    fs::create_directories(parent, ec);
    if (ec) {
      return make_error(ErrorCode::io, "cannot create " + parent.string() + ": " + ec.message());
    }
  }
  // mkdir itself is the existence check, so two runs racing for one folder cannot both win.
  if (::mkdir(normal.c_str(), 0755) != 0) {
    if (errno == EEXIST) {
      return make_error(ErrorCode::invalid_input,
                        "evidence folder " + normal + " already exists; choose a new --out");
    }
    return make_error(ErrorCode::io, "cannot create " + normal + ": " + std::strerror(errno));
  }
  Status synced = sync_directory(parent.empty() ? "." : parent.string());
  if (!synced.ok()) return synced.error();
  return EvidenceFolder(normal);
}

std::string EvidenceFolder::transcript_path() const {
  return dir_ + "/" + std::string(kTranscriptFileName);
}
std::string EvidenceFolder::record_path() const {
  return dir_ + "/" + std::string(kRecordFileName);
}
std::string EvidenceFolder::junit_path() const {
  return dir_ + "/" + std::string(kJunitFileName);
}
std::string EvidenceFolder::report_path() const {
  return dir_ + "/" + std::string(kReportFileName);
}
std::string EvidenceFolder::manifest_path() const {
  return dir_ + "/" + std::string(kManifestFileName);
}

Result<std::unique_ptr<TranscriptWriter>> EvidenceFolder::open_transcript(
    TranscriptSync sync) const {
  return TranscriptWriter::create(transcript_path(), sync);
}

Status EvidenceFolder::finish(const RunRecord& record, const Ed25519Key* signing_key) const {
  RunRecord completed = record;
  complete_input_hashes(completed);
  if (Status s = write_record_json(completed, record_path()); !s.ok()) {
    return s.error().with_context("writing record.json");
  }
  if (Status s = write_junit_xml(completed, junit_path()); !s.ok()) {
    return s.error().with_context("writing junit.xml");
  }
  // Before the manifest, so the report is hashed like every other file.
  if (Status s = write_html_report(completed, report_path()); !s.ok()) {
    return s.error().with_context("writing report.html");
  }
  if (Status s = write_manifest(completed, dir_, signing_key); !s.ok()) {
    return s.error().with_context("writing manifest.json");
  }
  return Status::success();
}

}  // namespace stimbench
