// A scenario's `faults:` on the built-in mock (docs/scenario-format.md): set as the scenario
// starts, counted from there, and cleared for the next scenario.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "devices/mock/mock_server.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench::cli {

// `faults_set` remembers whether a schedule is in place, so that scenarios without faults
// leave the mock as the URI's own schedule made it.
void apply_scenario_faults(MockServer& mock, const std::vector<Scenario>& scenarios,
                           const std::string& scenario_id, std::uint64_t seed, bool& faults_set);

// A step's `faults:` (empty: the step ended), frames counted from now.
void apply_step_faults(MockServer& mock, const std::vector<std::string>& faults,
                       std::uint64_t seed);

}  // namespace stimbench::cli
