#include "harness/evidence/html_pulse_timing.hpp"

#include "harness/evidence/html_svg.hpp"

namespace stimbench {
namespace {

std::string number(const nlohmann::json& v, double scale = 1.0) {
  return v.is_number() ? fixed_number(v.get<double>() * scale) : std::string("-");
}

std::string whole(const nlohmann::json& v) {
  return v.is_number_integer() ? std::to_string(v.get<long long>()) : number(v);
}

// "|err| p50 / p99 / max in us (max in %), signed min .. max in us, resolution" for one kind.
std::string errors_cell(const nlohmann::json& e) {
  if (!e.is_object()) return "-";
  const double us = 1e-3;
  return "nominal " + number(e["nominal_ns"], us) + " us; |error| p50 " +
         number(e["abs_p50_ns"], us) + " / p99 " + number(e["abs_p99_ns"], us) + " / max " +
         number(e["abs_max_ns"], us) + " us (p99 " + number(e["abs_p99_pct"]) + " %, max " +
         number(e["abs_max_pct"]) + " %); signed " + number(e["min_ns"], us) + " .. " +
         number(e["max_ns"], us) + " us; " + whole(e["count"]) + " samples; resolution " +
         number(e["resolution_ns"], us) + " us";
}

const nlohmann::json* timing_of(const StepRecord& step) {
  const nlohmann::json& d = step.detail;
  if (d.contains("pulse_timing") && d["pulse_timing"].is_object()) return &d["pulse_timing"];
  if (d.contains("observed") && d["observed"].is_object() && d["observed"].contains("pulse_timing"))
    return &d["observed"]["pulse_timing"];
  return nullptr;
}

}  // namespace

std::string pulse_timing_html(const ScenarioRecord& s) {
  std::string rows;
  for (std::size_t i = 0; i < s.steps.size(); ++i) {
    const nlohmann::json* t = timing_of(s.steps[i]);
    if (t == nullptr) continue;
    const nlohmann::json& pulses = (*t)["pulses"];
    rows += "<tr><td class=\"num\">" + std::to_string(i + 1) + "</td><td>" +
            html_escape(s.steps[i].name) + "</td><td>" +
            html_escape((*t).value("method", std::string("?"))) + "</td><td class=\"num\">" +
            whole(pulses["seen"]) + " / " + whole(pulses["commanded"]) + "</td><td>" +
            html_escape(errors_cell((*t)["ipi"])) + "</td><td>" +
            html_escape(t->contains("burst_onset") ? errors_cell((*t)["burst_onset"]) : "-") +
            "</td><td>" + html_escape(errors_cell((*t)["duration"])) + "</td></tr>\n";
  }
  if (rows.empty()) return "";
  return "<h3>Pulse timing</h3>\n<p>Measured minus commanded, in device time; per_pulse: each "
         "pulse report stamped on arrival; counter: pulses placed between status polls.</p>\n"
         "<table>\n<tr><th>#</th><th>step</th><th>method</th><th>pulses seen / commanded</th>"
         "<th>inter-pulse interval</th><th>burst onset</th><th>train duration</th></tr>\n" +
         rows + "</table>\n";
}

}  // namespace stimbench
