#include "harness/evidence/html_report_scenarios.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "harness/evidence/html_pulse_timing.hpp"
#include "harness/evidence/html_svg.hpp"

namespace stimbench {
namespace html_scenarios_internal {
namespace {

std::string verdict_badge(Verdict verdict) {
  return std::string("<span class=\"v v-") + to_string(verdict) + "\">" + to_string(verdict) +
         "</span>";
}

std::string row_class(Verdict verdict) {
  if (verdict == Verdict::fail || verdict == Verdict::error) {
    return std::string(" class=\"r-") + to_string(verdict) + "\"";
  }
  return "";
}

std::string anchor(std::size_t index) {
  return "scenario-" + std::to_string(index + 1);
}

std::string milliseconds(std::int64_t start_ns, std::int64_t end_ns) {
  return fixed_number(static_cast<double>(end_ns - start_ns) / 1e6);
}

std::string comma_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// The scenario's own message (skip reason or first failure); else the first step that carries
// the scenario's verdict, so a failed row never has an empty reason.
std::string first_problem(const ScenarioRecord& s) {
  if (!s.message.empty() || s.verdict == Verdict::pass) return s.message;
  for (const auto& step : s.steps) {
    if (step.verdict == s.verdict && !step.message.empty()) return step.name + ": " + step.message;
  }
  return std::string("verdict ") + to_string(s.verdict) + " without a recorded reason";
}

// The failure class (docs/evidence-format.md) beside a fail or error verdict: a link fault
// and a device fault call for different repairs. Empty for a pass or a skip.
std::string failure_html(Verdict verdict, FailureClass failure) {
  if (verdict != Verdict::fail && verdict != Verdict::error) return "";
  if (failure == FailureClass::none) return "<span class=\"fc\">not classified</span>";
  return std::string("<span class=\"fc\">") + html_escape(to_string(failure)) + "</span>";
}

std::string td(const std::string& html, bool numeric = false) {
  return (numeric ? "<td class=\"num\">" : "<td>") + html + "</td>";
}

std::string limits_text(const Measurement& m) {
  if (!m.low && !m.high) return "";
  return " [" + (m.low ? measure_number(*m.low) : std::string("-inf")) + " .. " +
         (m.high ? measure_number(*m.high) : std::string("inf")) + "]";
}

std::string measurements_html(const StepRecord& step) {
  if (step.measurements.empty()) return "";
  std::string out = "<ul class=\"m\">";
  for (const auto& m : step.measurements) {
    std::string line = m.name + " = " + measure_number(m.value) +
                       (m.unit.empty() ? "" : " " + m.unit) + limits_text(m);
    if (m.unit == "ns") line += " (" + fixed_number(m.value / 1e6) + " ms)";
    out += "<li>" + html_escape(line) + "</li>";
  }
  return out + "</ul>";
}

// requested / expected / observed of a step that did not pass, folded away.
std::string detail_html(const StepRecord& step) {
  if (step.verdict != Verdict::fail && step.verdict != Verdict::error) return "";
  if (step.detail.is_null() || step.detail.empty()) return "";
  std::string dump = step.detail.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  return "<details><summary>detail</summary><pre>" + html_escape(dump) + "</pre></details>";
}

// A folded record stands for many executions; the reader must see how many.
std::string folded_note(const StepRecord& step) {
  if (!step.folded) return "";
  return "<br><small>" + std::to_string(step.folded->iterations) +
         (step.folded->beyond_bound ? " failures beyond the bound" : " iterations") +
         ", folded; last: " + html_escape(step.folded->last_name) + "</small>";
}

std::string step_row(std::size_t index, const StepRecord& step) {
  return "<tr" + row_class(step.verdict) + ">" + td(std::to_string(index + 1), true) +
         td(html_escape(step.phase)) + td(html_escape(step.name) + folded_note(step)) +
         td(html_escape(step.kind)) + td("<code>" + html_escape(step.location) + "</code>") +
         td(verdict_badge(step.verdict)) + td(failure_html(step.verdict, step.failure)) +
         td(milliseconds(step.start_ns, step.end_ns), true) +
         td(html_escape(step.message) + detail_html(step)) + td(measurements_html(step)) +
         "</tr>\n";
}

std::string steps_table(const ScenarioRecord& s) {
  if (s.steps.empty()) return "<p>No step ran.</p>\n";
  std::string out =
      "<table>\n<tr><th>#</th><th>phase</th><th>step</th><th>kind</th><th>location</th>"
      "<th>verdict</th><th>failure class</th><th>device ms</th><th>message</th>"
      "<th>measurements</th></tr>\n";
  for (std::size_t i = 0; i < s.steps.size(); ++i) out += step_row(i, s.steps[i]);
  return out + "</table>\n";
}

// One column per latency measurement, labelled with its step's # in the step table; the caption
// gives the numbers, since a generous limit can dwarf the columns.
std::string latency_chart(const ScenarioRecord& s) {
  std::vector<ColumnDatum> columns;
  double largest = 0;
  int over_limit = 0;
  for (std::size_t i = 0; i < s.steps.size(); ++i) {
    const StepRecord& step = s.steps[i];
    for (const auto& m : step.measurements) {
      if (!is_latency_measurement(m)) continue;
      ColumnDatum c;
      c.value = m.value / 1e6;
      if (m.high) c.limit = *m.high / 1e6;
      c.verdict = step.verdict;
      c.x_label = std::to_string(i + 1);
      c.tooltip = "#" + c.x_label + " " + step.name + ": " + m.name + " " + fixed_number(c.value) +
                  " ms" + (c.limit ? ", limit " + fixed_number(*c.limit) + " ms" : "") + " (" +
                  to_string(step.verdict) + ")";
      if (std::isfinite(c.value)) largest = std::max(largest, c.value);
      if (c.limit && c.value > *c.limit) ++over_limit;
      columns.push_back(std::move(c));
    }
  }
  if (columns.empty()) return "";
  std::string caption = std::to_string(columns.size()) +
                        (columns.size() == 1 ? " reply" : " replies") + ", longest " +
                        fixed_number(largest) + " ms, " + std::to_string(over_limit) +
                        " over their limit";
  return "<h3>Reply latency per step</h3>\n<p>" + html_escape(caption) + "</p>\n" +
         svg_columns_with_limit(columns, "ms", "Reply latency per step of " + s.id + " in ms",
                                "step # (as in the table below)");
}

std::string disarm_text(const std::optional<bool>& confirmed) {
  if (!confirmed) return "not read back";
  if (*confirmed) return "yes, confirmed by read-back";
  return "<span class=\"alarm\">NO: the closing disarm was not confirmed by read-back</span>";
}

std::string scenario_section(std::size_t index, const ScenarioRecord& s) {
  bool open = s.verdict == Verdict::fail || s.verdict == Verdict::error;
  std::string out = "<details id=\"" + anchor(index) + "\"" + (open ? " open" : "") +
                    ">\n<summary>" + verdict_badge(s.verdict) + " <code>" + html_escape(s.id) +
                    "</code>" + (s.title.empty() ? "" : " &mdash; " + html_escape(s.title)) +
                    "</summary>\n<table class=\"info\">\n";
  out += info_row("File", "<code>" + or_dash(s.file) + "</code> SHA-256 <code>" +
                              or_dash(s.sha256) + "</code>");
  out += info_row("Requirements", or_dash(comma_list(s.requirements)));
  out += info_row("Risk controls", or_dash(comma_list(s.risk_controls)));
  out += info_row("Tags", or_dash(comma_list(s.tags)));
  out += info_row("Started (UTC)", or_dash(s.started_utc));
  out += info_row("Duration", milliseconds(s.start_ns, s.end_ns) + " ms device time" +
                                  (s.wall_duration_ns >= 0
                                       ? ", " + fixed_number(s.wall_duration_ns / 1e6) + " ms wall"
                                       : std::string()));
  out += info_row("Disarm confirmed", disarm_text(s.disarm_confirmed));
  if (std::string failure = failure_html(s.verdict, s.failure); !failure.empty())
    out += info_row("Failure class", failure);
  out += info_row(s.not_run                       ? "Not run"
                  : s.verdict == Verdict::skipped ? "Skip reason"
                                                  : "Message",
                  or_dash(first_problem(s)));
  out += "</table>\n" + latency_chart(s) + pulse_timing_html(s) + steps_table(s);
  return out + "</details>\n";
}

}  // namespace
}  // namespace html_scenarios_internal

bool is_latency_measurement(const Measurement& measurement) {
  return measurement.unit == "ns" && measurement.name.find("latency") != std::string::npos;
}

std::string scenario_table_html(const RunRecord& record) {
  namespace in = html_scenarios_internal;
  std::string out =
      "<h2>Scenarios</h2>\n<table>\n<tr><th>#</th><th>scenario</th><th>title</th><th>verdict</th>"
      "<th>failure class</th><th>steps pass</th><th>fail</th><th>error</th><th>skipped</th>"
      "<th>device time ms</th><th>requirements / risk controls</th>"
      "<th>skip reason or first failure</th></tr>\n";
  for (std::size_t i = 0; i < record.scenarios.size(); ++i) {
    const ScenarioRecord& s = record.scenarios[i];
    const VerdictCounts steps = count_steps(s);
    std::string trace = in::comma_list(s.requirements);
    if (!s.risk_controls.empty()) {
      trace += (trace.empty() ? "" : " / ") + in::comma_list(s.risk_controls);
    }
    out += "<tr" + in::row_class(s.verdict) + ">" + in::td(std::to_string(i + 1), true) +
           in::td("<a href=\"#" + in::anchor(i) + "\"><code>" + html_escape(s.id) + "</code></a>") +
           in::td(html_escape(s.title)) +
           in::td(in::verdict_badge(s.verdict) + (s.not_run ? " not run" : "")) +
           in::td(in::failure_html(s.verdict, s.failure)) +
           in::td(std::to_string(steps.passed), true) + in::td(std::to_string(steps.failed), true) +
           in::td(std::to_string(steps.errors), true) +
           in::td(std::to_string(steps.skipped), true) +
           in::td(in::milliseconds(s.start_ns, s.end_ns), true) + in::td(html_escape(trace)) +
           in::td(html_escape(in::first_problem(s))) + "</tr>\n";
  }
  if (record.scenarios.empty()) out += "<tr><td colspan=\"12\">No scenario ran.</td></tr>\n";
  return out + "</table>\n";
}

std::string scenario_details_html(const RunRecord& record) {
  if (record.scenarios.empty()) return "";
  std::string out = "<h2>Scenario details</h2>\n";
  for (std::size_t i = 0; i < record.scenarios.size(); ++i) {
    out += html_scenarios_internal::scenario_section(i, record.scenarios[i]);
  }
  return out;
}

}  // namespace stimbench
