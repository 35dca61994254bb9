// The transcript's part of verify_evidence (evidence_verify.hpp): its chain against the
// manifest's line count and last hash, or, without a manifest, on its own.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/evidence/evidence_verify.hpp"

namespace stimbench {

// A finished folder: every broken line, a final line cut short, and lines removed from or
// added after the end the manifest recorded (`recorded`: its "transcript" member, or null).
// Adds to report.problems and sets report.intact_lines.
void check_finished_transcript(const std::string& dir, const nlohmann::json* recorded,
                               VerifyReport& report);

// A folder without manifest.json whose transcript is present: INCOMPLETE when the chain holds
// (a last line the kill cut short is noted, not held against it), tampered otherwise. Sets
// report.verdict.
void check_unfinished(const std::string& dir, const std::vector<std::string>& present,
                      bool has_signature, VerifyReport& report);

}  // namespace stimbench
