// manifest.json: who/what/when of a run plus the SHA-256 of every other file in the evidence
// folder, written last; verify_evidence re-checks a folder against it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "devices/core/result.hpp"
#include "harness/evidence/run_record.hpp"

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

// Every regular file under `dir` except the top-level manifest.json, as '/'-separated relative
// paths, sorted. Anything that is not a regular file or directory (symlink, FIFO, ...) is put in
// `irregular` rather than followed.
Result<std::vector<std::string>> list_evidence_files(const std::string& dir,
                                                     std::vector<std::string>& irregular);

// Writes `dir`/manifest.json (must not exist yet). Call it after every other file is complete.
Status write_manifest(const RunRecord& record, const std::string& dir);

// Problems found in the evidence folder `dir`; empty = intact. Checks: manifest present and
// well-formed, every listed file present with matching size and SHA-256, no unlisted files,
// the required files listed, and the transcript's hash chain (line numbers in the messages).
// Error only if `dir` is not a readable directory.
Result<std::vector<std::string>> verify_evidence(const std::string& dir);

}  // namespace stimbench
