// The per-scenario parts of report.html: the summary table and one <details> section per
// scenario with its steps, measurements and latency plot. Every inserted text is escaped.
#pragma once

#include <string>

#include "harness/evidence/run_record.hpp"

namespace stimbench {

// Measurements the latency plot shows: unit "ns" and "latency" in the name.
bool is_latency_measurement(const Measurement& measurement);

// "<h2>Scenarios</h2>" and a table with one row per scenario.
std::string scenario_table_html(const RunRecord& record);

// "<h2>Scenario details</h2>" and one <details> per scenario, open when it failed or errored.
std::string scenario_details_html(const RunRecord& record);

}  // namespace stimbench
