// record.json: scenarios -> steps -> measurements -> verdicts, with run info and summary counts.
// Layout documented in docs/evidence-format.md.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "devices/core/result.hpp"
#include "harness/evidence/run_record.hpp"

namespace stimbench {

inline constexpr int kRecordFormatVersion = 1;

// Everything about the run except its scenarios (also the body of manifest.json).
nlohmann::json run_info_json(const RunRecord& record);

// The whole record.json document.
nlohmann::json record_to_json(const RunRecord& record);

// Writes record.json to `path`, which must not exist yet.
Status write_record_json(const RunRecord& record, const std::string& path);

}  // namespace stimbench
