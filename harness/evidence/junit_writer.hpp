// junit.xml for CI systems: one <testsuite> per scenario, one <testcase> per step.
// Valid against shared/schemas/junit-10.xsd; mapping documented in docs/evidence-format.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "devices/core/result.hpp"
#include "harness/evidence/run_record.hpp"

namespace stimbench {

enum class XmlContext { text, attribute };

// Escapes & < > " ' and makes the text legal XML 1.0: invalid UTF-8 bytes and characters XML 1.0
// forbids (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF) become U+FFFD. In attributes tab,
// LF and CR are written as character references so parsers do not normalise them to spaces;
// CR is a reference in text too.
std::string xml_escape(std::string_view text, XmlContext context = XmlContext::attribute);

// Seconds with millisecond precision, matching the schema's SUREFIRE_TIME ("12.345"); negative
// durations (clock misuse) are written as 0.000.
std::string junit_seconds(std::int64_t duration_ns);

// The whole junit.xml document.
std::string junit_xml(const RunRecord& record);

// Writes junit.xml to `path`, which must not exist yet.
Status write_junit_xml(const RunRecord& record, const std::string& path);

}  // namespace stimbench
