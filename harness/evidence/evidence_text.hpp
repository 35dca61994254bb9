// Bound on any text copied into evidence (step messages, events, record.json, junit.xml,
// report.html): a runaway device must not turn a step message into megabytes. The full bytes
// are kept once, in the transcript's frames.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace stimbench {

inline constexpr std::size_t kMaxEvidenceText = 512;

// `text` when it fits; else its first bytes, cut on a UTF-8 boundary, then
// "... (N bytes, see transcript)".
std::string cap_text(std::string_view text, std::size_t max = kMaxEvidenceText);
// Caps every string inside `value`, in objects and arrays alike.
void cap_strings(nlohmann::json& value, std::size_t max = kMaxEvidenceText);

}  // namespace stimbench
