// Trigger-level boundary cases from the energy model (host-enforced on the Rapid²).
// Internal to harness/safety.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "harness/safety/boundary.hpp"

namespace stimbench {

// Numbers in case ids: short and stable ("73", "0.1", "30.5").
inline std::string id_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

// For a few trains the profile allows (73 %/25 Hz/250, 100 %/10 Hz/40, 80 %/10 Hz/40):
// the pause between trains one ITI step below, at and above the minimum wait
// ("energy.min_wait@..."), and for two of them the pulse count around the maximum on-time
// ("energy.max_on_time@..."). Each case carries the whole train in its preconditions and
// the oracle's judge_trigger verdict.
void energy_cases(const SafetyOracle& oracle, bool min_wait, bool max_on_time,
                  std::vector<BoundaryCase>& out);

}  // namespace stimbench
