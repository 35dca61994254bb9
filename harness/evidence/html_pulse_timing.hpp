// report.html: a scenario's pulse timing table, one row per train or `pulse_timing:` check
// whose record carries it (docs/evidence-format.md). Every inserted text is escaped.
#pragma once

#include <string>

#include "harness/evidence/run_record.hpp"

namespace stimbench {

// "" when no step of the scenario has pulse timing.
std::string pulse_timing_html(const ScenarioRecord& scenario);

}  // namespace stimbench
