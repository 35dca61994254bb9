#include "harness/evidence/html_report.hpp"

#include <exception>

#include "harness/evidence/file_io.hpp"
#include "harness/evidence/html_report_scenarios.hpp"
#include "harness/evidence/html_svg.hpp"

namespace stimbench {
namespace html_report_internal {
namespace {

constexpr const char* kStyle = R"(<style>
body{font-family:system-ui,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#222;
max-width:1200px;margin:1em auto;padding:0 1em;line-height:1.35}
h1{font-size:1.5em;margin:.3em 0}h2{font-size:1.2em;margin:1.4em 0 .4em;
border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.4em 0}
th,td{border:1px solid #ccc;padding:.2em .45em;text-align:left;vertical-align:top}
th{background:#f2f2f2}table.info th{width:11em}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88em;
overflow-wrap:anywhere}
.banner{padding:.7em 1em;margin:.6em 0;border-radius:4px;border:3px solid}
.banner .big{font-size:2em;font-weight:bold;margin-right:.4em;vertical-align:middle}
.banner.pass{background:#e8f5e9;border-color:#2e7d32;color:#1b5e20}
.banner.fail{background:#ffebee;border-color:#c62828;color:#b71c1c}
.banner.warn{background:#fff8e1;border-color:#f9a825;color:#4e342e}
.banner ul{margin:.3em 0}
.v{font-weight:bold;text-transform:uppercase;white-space:nowrap}
.v-pass{color:#2e7d32}.v-fail{color:#c62828}.v-error{color:#ef6c00}.v-skipped{color:#757575}
tr.r-fail td,tr.r-error td{background:#fff5f5}
.alarm{color:#c62828;font-weight:bold}
details{border:1px solid #ddd;border-radius:4px;margin:.5em 0;padding:.3em .7em}
details>summary{cursor:pointer;font-weight:bold}
details details{border:none;padding:0}details details>summary{font-weight:normal}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fafafa;padding:.4em;margin:.2em 0}
svg{max-width:100%;height:auto;font-family:sans-serif;font-size:11px;display:block}
ul.m{margin:0;padding-left:1.1em}footer{margin:2em 0 1em;color:#666;font-size:.9em}
@media print{details{break-inside:avoid}}
</style>
)";

std::string document_head(const RunRecord& record) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>stimbench report " +
         html_escape(record.run_id) + (report_shows_pass(record) ? " PASS" : " FAIL") +
         "</title>\n" + kStyle + "</head>\n<body>\n";
}

// PASS is shown only when nothing argues against it; anything else is FAIL with the reason.
std::string verdict_banner(const RunRecord& record) {
  const VerdictCounts counts = count_scenarios(record);
  const std::string tally =
      std::to_string(counts.passed) + " passed, " + std::to_string(counts.failed) + " failed, " +
      std::to_string(counts.errors) + " error, " + std::to_string(counts.skipped) + " skipped of " +
      std::to_string(counts.total) + " scenarios";
  std::string exit = "exit code " + std::to_string(record.exit_code) +
                     (record.exit_reason.empty() ? "" : ": " + record.exit_reason);
  if (report_shows_pass(record)) {
    return "<div class=\"banner pass\" id=\"verdict\"><span class=\"big\">PASS</span>" +
           html_escape(exit) + " &middot; " + html_escape(tally) + "</div>\n";
  }
  std::string why = html_escape(exit);
  if (record.exit_code == 0) {
    why +=
        " &middot; <span class=\"alarm\">but a scenario failed or errored, so this run did "
        "not pass</span>";
  }
  return "<div class=\"banner fail\" id=\"verdict\"><span class=\"big\">FAIL</span>" + why +
         " &middot; " + html_escape(tally) + "</div>\n";
}

std::string unverified_banner(const RunRecord& record) {
  if (record.unverified_sources.empty()) return "";
  std::string out =
      "<div class=\"banner warn\" id=\"unverified\"><strong>NOTE unverified data in use</strong>: "
      "these tables are marked <code>verified: false</code> (not checked against a primary "
      "source); limits and verdicts that rely on them are provisional.\n<ul>\n";
  for (const auto& source : record.unverified_sources) {
    out += "<li>" + html_escape(source) + "</li>\n";
  }
  return out + "</ul></div>\n";
}

std::string identity_fields(const DeviceIdentity& id) {
  auto part = [](const std::string& v) { return v.empty() ? std::string("not reported") : v; };
  return html_escape(part(id.maker) + " " + part(id.model)) + " &middot; serial " +
         html_escape(part(id.serial)) + " &middot; firmware " + html_escape(part(id.firmware));
}

std::string identity_text(const RunRecord& record) {
  std::string out = record.device_identity
                        ? "reported: " + identity_fields(*record.device_identity)
                        : std::string("<span class=\"alarm\">not identified</span>");
  if (record.expected_identity)
    out += "<br>expected (profile, not read): " + identity_fields(*record.expected_identity);
  return out;
}

std::string named_hash(const std::string& name, const std::string& sha256) {
  if (name.empty() && sha256.empty()) return "none";
  return or_dash(name) + "<br>SHA-256 <code>" + or_dash(sha256) + "</code>";
}

std::string inputs_list(const RunRecord& record) {
  if (record.inputs.empty()) return "&mdash;";
  std::string out = "<ul class=\"m\">";
  for (const auto& input : record.inputs) {
    out += "<li>" + html_escape(input.role) + ": <code>" + html_escape(input.path) +
           "</code> <code>" + or_dash(input.sha256) + "</code></li>";
  }
  return out + "</ul>";
}

std::string run_info(const RunRecord& record) {
  std::string command;
  for (const auto& arg : record.command_line) command += (command.empty() ? "" : " ") + arg;
  std::string out = "<h2>Run</h2>\n<table class=\"info\">\n";
  out += info_row("Run id", "<code>" + or_dash(record.run_id) + "</code>");
  out += info_row("Started (UTC)", or_dash(record.started_utc));
  out += info_row("Ended (UTC)", or_dash(record.ended_utc));
  out += info_row("Harness", "stimbench " + or_dash(record.harness_version) + ", commit <code>" +
                                 or_dash(record.git_commit) + "</code>");
  out += info_row("Host", or_dash(record.host));
  out += info_row("Operator", or_dash(record.operator_name));
  out += info_row("Station", or_dash(record.station));
  out += info_row("Command line", "<code>" + or_dash(command) + "</code>");
  out += info_row("Device",
                  "<code>" + or_dash(record.device_uri) + "</code><br>" + identity_text(record));
  out += info_row("Profile", named_hash(record.profile_name, record.profile_sha256));
  out += info_row("Envelope", named_hash(record.envelope_name, record.envelope_sha256));
  out += info_row("Motor threshold",
                  record.motor_threshold
                      ? html_escape(measure_number(*record.motor_threshold)) + " % output"
                      : std::string("not given"));
  out += info_row("Clock", or_dash(record.clock_name) + ", resolution " +
                               std::to_string(record.clock_resolution_ns) + " ns" +
                               (record.clock_name == "virtual"
                                    ? " (discrete-event time shared with the built-in mock)"
                                    : ""));
  if (record.device_time_ns >= 0) {
    out += info_row("Device time", fixed_number(record.device_time_ns / 1e9) + " s on the " +
                                       or_dash(record.clock_name) + " clock");
  }
  if (record.wall_duration_ns >= 0) {
    out +=
        info_row("Wall time", fixed_number(record.wall_duration_ns / 1e9) + " s (CLOCK_MONOTONIC)");
  }
  out += info_row("Time scale", html_escape(measure_number(record.time_scale)) +
                                    (record.time_scale == 1.0 ? " (real device time)" : ""));
  out += info_row("Seed", std::to_string(record.seed));
  out += info_row("Exit",
                  std::to_string(record.exit_code) + " &mdash; " + or_dash(record.exit_reason));
  out += info_row("Inputs", inputs_list(record));
  return out + "</table>\n";
}

std::string counts_row(std::string_view what, const VerdictCounts& c) {
  return "<tr><th>" + html_escape(what) + "</th><td class=\"num\">" + std::to_string(c.total) +
         "</td><td class=\"num\">" + std::to_string(c.passed) + "</td><td class=\"num\">" +
         std::to_string(c.failed) + "</td><td class=\"num\">" + std::to_string(c.errors) +
         "</td><td class=\"num\">" + std::to_string(c.skipped) + "</td></tr>\n";
}

std::string totals(const RunRecord& record) {
  return "<h2>Summary</h2>\n<table>\n<tr><th></th><th>total</th><th>pass</th><th>fail</th>"
         "<th>error</th><th>skipped</th></tr>\n" +
         counts_row("scenarios", count_scenarios(record)) +
         counts_row("steps", count_steps(record)) + "</table>\n";
}

std::string duration_chart(const RunRecord& record) {
  if (record.scenarios.empty()) return "";
  std::vector<BarDatum> bars;
  for (const auto& s : record.scenarios) {
    double ms = static_cast<double>(s.end_ns - s.start_ns) / 1e6;
    bars.push_back({s.id, ms, s.verdict,
                    s.id + " (" + to_string(s.verdict) + "): " + fixed_number(ms) + " ms" +
                        (s.title.empty() ? "" : " \xE2\x80\x94 " + s.title)});
  }
  return "<h2>Scenario durations (device time)</h2>\n" +
         svg_horizontal_bars(bars, "ms",
                             "Scenario durations in ms of device time, coloured by verdict");
}

std::string footer(const RunRecord& record) {
  return "<footer>Written by stimbench " + or_dash(record.harness_version) +
         " for people to read. The machine-readable record of this run is "
         "<code>record.json</code>; <code>manifest.json</code> holds the SHA-256 of this file and "
         "every other; <code>stimbench verify</code> checks them.</footer>\n";
}

}  // namespace
}  // namespace html_report_internal

bool report_shows_pass(const RunRecord& record) {
  if (record.exit_code != 0) return false;
  const VerdictCounts counts = count_scenarios(record);
  return counts.failed == 0 && counts.errors == 0;
}

std::string render_html_report(const RunRecord& record) {
  namespace in = html_report_internal;
  return in::document_head(record) + "<h1>stimbench run report</h1>\n" +
         in::verdict_banner(record) + in::unverified_banner(record) + in::run_info(record) +
         in::totals(record) + in::duration_chart(record) + scenario_table_html(record) +
         scenario_details_html(record) + in::footer(record) + "</body>\n</html>\n";
}

Status write_html_report(const RunRecord& record, const std::string& path) {
  std::string text;
  try {
    text = render_html_report(record);  // throws only on allocation failure
  } catch (const std::exception& e) {
    return make_error(ErrorCode::internal, std::string("cannot build report.html: ") + e.what());
  }
  return write_file_exclusive(path, text);
}

}  // namespace stimbench
