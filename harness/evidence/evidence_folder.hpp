// The evidence folder of one run (design.md §4): created empty, filled while the run goes,
// sealed by finish() with record.json, junit.xml, report.html, manifest.sig when signed, and
// finally manifest.json.
#pragma once

#include <memory>
#include <string>

#include "devices/core/result.hpp"
#include "harness/evidence/run_record.hpp"
#include "harness/evidence/signing.hpp"
#include "harness/evidence/transcript.hpp"

namespace stimbench {

class EvidenceFolder {
 public:
  // `dir` must not exist yet (ErrorCode::invalid_input otherwise); missing parents are created.
  static Result<EvidenceFolder> create(const std::string& dir);

  const std::string& dir() const { return dir_; }
  std::string transcript_path() const;
  std::string record_path() const;
  std::string junit_path() const;
  std::string report_path() const;
  std::string manifest_path() const;

  // Creates transcript.jsonl in the folder; call once, at the start of the run.
  Result<std::unique_ptr<TranscriptWriter>> open_transcript(
      TranscriptSync sync = TranscriptSync::background) const;

  // Writes record.json, junit.xml, report.html, then manifest.json last (hashing everything
  // else). Close the transcript and write any other files (captures) before calling it. Input
  // files without a sha256 are hashed here so record.json and the manifest agree. With
  // `signing_key`, manifest.sig (its signature of manifest.json) is written just before it.
  Status finish(const RunRecord& record, const Ed25519Key* signing_key = nullptr) const;

 private:
  explicit EvidenceFolder(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

}  // namespace stimbench
