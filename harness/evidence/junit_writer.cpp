#include "harness/evidence/junit_writer.hpp"

#include <cmath>
#include <cstdio>

#include "harness/evidence/file_io.hpp"

namespace stimbench {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

// Decodes one well-formed UTF-8 sequence at `i` (rejecting overlong forms, surrogates and values
// above U+10FFFF); returns its length, or 0 if the bytes there are not valid UTF-8.
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
  auto b0 = static_cast<unsigned char>(s[i]);
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  std::size_t avail = s.size() - i;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (avail < 2 || !is_continuation(at(1))) return 0;
    cp = ((b0 & 0x1Fu) << 6) | (at(1) & 0x3Fu);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (avail < 3 || !is_continuation(at(1)) || !is_continuation(at(2))) return 0;
    if (b0 == 0xE0 && at(1) < 0xA0) return 0;  // overlong
    if (b0 == 0xED && at(1) > 0x9F) return 0;  // UTF-16 surrogate
    cp = ((b0 & 0x0Fu) << 12) | ((at(1) & 0x3Fu) << 6) | (at(2) & 0x3Fu);
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (avail < 4 || !is_continuation(at(1)) || !is_continuation(at(2)) ||
        !is_continuation(at(3))) {
      return 0;
    }
    if (b0 == 0xF0 && at(1) < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && at(1) > 0x8F) return 0;  // above U+10FFFF
    cp = ((b0 & 0x07u) << 18) | ((at(1) & 0x3Fu) << 12) | ((at(2) & 0x3Fu) << 6) | (at(3) & 0x3Fu);
    return 4;
  }
  return 0;
}

// XML 1.0 "Char" production.
bool is_xml_char(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

std::string attr(std::string_view name, std::string_view value) {
  std::string out = " ";
  out.append(name).append("=\"").append(xml_escape(value, XmlContext::attribute)).append("\"");
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

std::string format_number(double value) {
  if (!std::isfinite(value)) return std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

// Measured values in the CI view too: regulators want numbers, not only pass/fail.
std::string measurements_text(const StepRecord& step) {
  std::string out;
  for (const auto& m : step.measurements) {
    out += m.name + " = " + format_number(m.value) + (m.unit.empty() ? "" : " " + m.unit);
    if (m.low || m.high) {
      out += " (limits " + (m.low ? format_number(*m.low) : std::string("-inf")) + " .. " +
             (m.high ? format_number(*m.high) : std::string("inf")) + ")";
    }
    out += '\n';
  }
  return out;
}

std::string step_body(const StepRecord& step) {
  std::string out = "phase: " + step.phase + "\nkind: " + step.kind +
                    "\nlocation: " + step.location + "\n" + measurements_text(step);
  if (step.folded) {  // this case stands for many executions: say so (docs/evidence-format.md)
    out += std::string(step.folded->beyond_bound ? "failures beyond the bound" : "iterations") +
           " folded into this case: " + std::to_string(step.folded->iterations) +
           " (last: " + step.folded->last_name + ")\n";
  }
  if (!step.detail.is_null() && !step.detail.empty()) {
    out += "detail: " + step.detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n";
  }
  return out;
}

struct Case {
  std::string name;
  std::string classname;
  std::int64_t duration_ns = 0;
  Verdict verdict = Verdict::pass;
  std::string message;
  std::string body;
  FailureClass failure = FailureClass::none;
};

// `type` names the failure class (check failed, link fault, ...); the verdict when a record
// carries none.
std::string failure_type(const Case& c) {
  return c.failure == FailureClass::none ? to_string(c.verdict) : to_string(c.failure);
}

std::string case_xml(const Case& c) {
  std::string out = "    <testcase" + attr("name", c.name) + attr("classname", c.classname) +
                    attr("time", junit_seconds(c.duration_ns));
  std::string child;
  switch (c.verdict) {
    case Verdict::pass:
      if (!c.body.empty()) {
        child = "      <system-out>" + xml_escape(c.body, XmlContext::text) + "</system-out>\n";
      }
      break;
    case Verdict::fail:
    case Verdict::error: {
      const char* tag = c.verdict == Verdict::fail ? "failure" : "error";
      child = std::string("      <") + tag + attr("message", c.message) +
              attr("type", failure_type(c)) + ">" + xml_escape(c.body, XmlContext::text) + "</" +
              tag + ">\n";
      break;
    }
    case Verdict::skipped:
      child = "      <skipped" + attr("message", c.message) + "/>\n";
      break;
  }
  if (child.empty()) return out + "/>\n";
  return out + ">\n" + child + "    </testcase>\n";
}

std::string why(const std::string& message, Verdict verdict) {
  if (!message.empty()) return message;
  return std::string("verdict ") + to_string(verdict) + " without a recorded reason";
}

std::vector<Case> scenario_cases(const ScenarioRecord& scenario) {
  std::vector<Case> cases;
  std::string classname = "stimbench." + scenario.id;
  bool step_carries_verdict = false;
  for (const auto& step : scenario.steps) {
    Case c{step.name,       classname,   step.end_ns - step.start_ns, step.verdict, {},
           step_body(step), step.failure};
    if (step.verdict == Verdict::fail || step.verdict == Verdict::error) {
      c.message = step.name + ": " + why(step.message, step.verdict);
    } else if (step.verdict == Verdict::skipped) {
      c.message = why(step.message, step.verdict);
    }
    step_carries_verdict = step_carries_verdict || step.verdict == scenario.verdict;
    cases.push_back(std::move(c));
  }
  // A skipped scenario (or one that failed before any step) still shows up in CI, and a
  // scenario-level failure no step carries must not read as green.
  bool needs_own_case =
      scenario.steps.empty() ||
      ((scenario.verdict == Verdict::fail || scenario.verdict == Verdict::error) &&
       !step_carries_verdict);
  if (needs_own_case) {
    std::string name = scenario.steps.empty() ? scenario.id : "(scenario) " + scenario.id;
    Case c{name, classname,       scenario.end_ns - scenario.start_ns, scenario.verdict, {},
           {},   scenario.failure};
    c.message = scenario.verdict == Verdict::skipped
                    ? why(scenario.message, scenario.verdict)
                    : name + ": " + why(scenario.message, scenario.verdict);
    c.body = scenario.message;
    cases.push_back(std::move(c));
  }
  return cases;
}

std::string property(std::string_view name, std::string_view value) {
  return "      <property" + attr("name", name) + attr("value", value) + "/>\n";
}

}  // namespace

std::string xml_escape(std::string_view text, XmlContext context) {
  std::string out;
  out.reserve(text.size());
  bool attribute = context == XmlContext::attribute;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    std::size_t len = decode_utf8(text, i, cp);
    if (len == 0) {  // one bad byte -> one replacement, then resynchronise
      out.append(kReplacement);
      ++i;
      continue;
    }
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      default:
        if (is_xml_char(cp)) {
          out.append(text.substr(i, len));
        } else if (cp < 0x20) {
          // A control byte XML cannot carry (NUL, ESC, BEL...) stays visible as \xNN, so a
          // reason that holds one still reads in full.
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(cp));
          out += buffer;
        } else {
          out.append(kReplacement);
        }
    }
    i += len;
  }
  return out;
}

std::string junit_seconds(std::int64_t duration_ns) {
  if (duration_ns < 0) duration_ns = 0;
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%lld.%03lld",
                static_cast<long long>(duration_ns / 1'000'000'000),
                static_cast<long long>((duration_ns % 1'000'000'000) / 1'000'000));
  return buffer;
}

std::string junit_xml(const RunRecord& record) {
  std::string suites;
  VerdictCounts all;
  std::int64_t all_ns = 0;
  for (std::size_t index = 0; index < record.scenarios.size(); ++index) {
    const ScenarioRecord& s = record.scenarios[index];
    std::vector<Case> cases = scenario_cases(s);
    VerdictCounts counts;
    std::string body;
    for (const auto& c : cases) {
      counts.add(c.verdict);
      body += case_xml(c);
    }
    all.total += counts.total;
    all.failed += counts.failed;
    all.errors += counts.errors;
    std::int64_t duration = s.end_ns > s.start_ns ? s.end_ns - s.start_ns : 0;
    all_ns += duration;
    const std::string& timestamp = s.started_utc.empty() ? record.started_utc : s.started_utc;
    std::string disarm = !s.disarm_confirmed ? "unknown" : (*s.disarm_confirmed ? "true" : "false");
    suites += "  <testsuite" + attr("name", s.id) + attr("tests", std::to_string(counts.total)) +
              attr("failures", std::to_string(counts.failed)) +
              attr("errors", std::to_string(counts.errors)) +
              attr("skipped", std::to_string(counts.skipped)) +
              attr("time", junit_seconds(duration)) + attr("timestamp", timestamp) +
              attr("hostname", record.host) + attr("id", std::to_string(index)) +
              attr("package", "stimbench") + attr("file", s.file) + ">\n";
    suites += "    <properties>\n" + property("title", s.title) +
              property("requirements", join(s.requirements)) +
              property("risk_controls", join(s.risk_controls)) + property("tags", join(s.tags)) +
              property("file", s.file) + property("sha256", s.sha256) +
              property("verdict", to_string(s.verdict)) + property("disarm_confirmed", disarm) +
              property("run_id", record.run_id) + "    </properties>\n";
    suites += body + "  </testsuite>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites" + attr("name", "stimbench") +
         attr("tests", std::to_string(all.total)) + attr("failures", std::to_string(all.failed)) +
         attr("errors", std::to_string(all.errors)) + attr("time", junit_seconds(all_ns)) + ">\n" +
         suites + "</testsuites>\n";
}

Status write_junit_xml(const RunRecord& record, const std::string& path) {
  std::string text;
  try {
    text = junit_xml(record);  // detail.dump could throw only on allocation failure
  } catch (const std::exception& e) {
    return make_error(ErrorCode::internal, std::string("cannot build junit.xml: ") + e.what());
  }
  return write_file_exclusive(path, text);
}

}  // namespace stimbench
