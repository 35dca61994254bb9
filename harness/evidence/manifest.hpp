// manifest.json: who/what/when of a run plus the SHA-256 of every other file in the evidence
// folder, written last; verify_evidence re-checks a folder against it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "devices/core/result.hpp"
#include "harness/evidence/run_record.hpp"
#include "harness/evidence/signing.hpp"

namespace stimbench {

inline constexpr int kManifestFormatVersion = 1;
inline constexpr std::string_view kManifestFormat = "stimbench-evidence-manifest";

inline constexpr std::string_view kManifestFileName = "manifest.json";
inline constexpr std::string_view kTranscriptFileName = "transcript.jsonl";
inline constexpr std::string_view kRecordFileName = "record.json";
inline constexpr std::string_view kJunitFileName = "junit.xml";
inline constexpr std::string_view kReportFileName = "report.html";

// Fills the sha256 of inputs that have none by hashing the file at their path; inputs that
// cannot be read keep an empty hash (the manifest then says why).
void complete_input_hashes(RunRecord& record);

// Every regular file under `dir` except the top-level manifest.json and manifest.sig, as
// '/'-separated relative
// paths, sorted. Anything that is not a regular file or directory (symlink, FIFO, ...) is put in
// `irregular` rather than followed.
Result<std::vector<std::string>> list_evidence_files(const std::string& dir,
                                                     std::vector<std::string>& irregular);

// Writes `dir`/manifest.json (must not exist yet). Call it after every other file is complete.
// With `key`, first writes manifest.sig, the Ed25519 signature of the manifest's exact bytes,
// so manifest.json is still the last file to appear. Both appear atomically (file_io.hpp).
Status write_manifest(const RunRecord& record, const std::string& dir,
                      const Ed25519Key* key = nullptr);

}  // namespace stimbench
