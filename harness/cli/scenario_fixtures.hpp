// The profile and envelope files a scenario names, resolved the one way `run` and `validate`
// share (docs/robustness.md): never a file outside the fixtures path or the scenario's folder.
#pragma once

#include <string>

#include "devices/core/result.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench::cli {

// The file behind the scenario's `profile:` (or `envelope:`); the error starts with the
// scenario's file:line:column. `search_path` is fixtures_dir().
Result<std::string> scenario_profile_path(const Scenario& scenario, const std::string& search_path);
Result<std::string> scenario_envelope_path(const Scenario& scenario,
                                           const std::string& search_path);

}  // namespace stimbench::cli
