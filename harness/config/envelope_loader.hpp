// Clinical policies from fixtures/envelopes/*.yaml (format: docs/safety-envelope.md).
#pragma once

#include <string>

#include "devices/core/result.hpp"
#include "harness/safety/policy.hpp"

namespace stimbench {

// Reads and validates one policy. Every problem is reported, one per line, as
// "file:line:column: message" in an ErrorCode::invalid_input error (the CLI exits 2).
Result<ClinicalPolicy> load_policy_file(const std::string& path);

// Same, from text already in memory; `file` only labels the messages.
Result<ClinicalPolicy> load_policy_text(const std::string& text, const std::string& file);

// NAME -> fixtures_dir/envelopes/NAME.yaml; a value containing '/' or ending in .yaml/.yml is
// a path used as is. The file must exist (ErrorCode::invalid_input otherwise).
Result<std::string> resolve_policy_path(const std::string& name_or_file,
                                        const std::string& fixtures_dir);

}  // namespace stimbench
