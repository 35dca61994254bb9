// report.html: the run for people to read. Self-contained (inline CSS and SVG plots, no script,
// no external resources), every inserted text escaped. record.json stays the machine-readable
// record; contents documented in docs/evidence-format.md.
#pragma once

#include <string>

#include "devices/core/result.hpp"
#include "harness/evidence/run_record.hpp"

namespace stimbench {

// True only when the run may be shown as PASS: exit code 0 and no scenario failed or errored.
bool report_shows_pass(const RunRecord& record);

// The whole report.html document (UTF-8).
std::string render_html_report(const RunRecord& record);

// Writes report.html to `path`, which must not exist yet.
Status write_html_report(const RunRecord& record, const std::string& path);

}  // namespace stimbench
