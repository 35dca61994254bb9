#include "harness/cli/scenario_faults.hpp"

namespace stimbench::cli {

void apply_scenario_faults(MockServer& mock, const std::vector<Scenario>& scenarios,
                           const std::string& scenario_id, std::uint64_t seed, bool& faults_set) {
  const Scenario* scenario = nullptr;
  for (const Scenario& s : scenarios) {
    if (s.id == scenario_id) scenario = &s;
  }
  FaultSchedule schedule;
  if (scenario) {
    // Checked when the scenario was loaded; a failure here would be a loader bug.
    if (Result<FaultSchedule> parsed = parse_fault_specs(scenario->faults); parsed)
      schedule = std::move(parsed).value();
  }
  if (schedule.empty() && !faults_set) return;
  faults_set = !schedule.empty();
  mock.set_scenario_faults(std::move(schedule), seed);
}

}  // namespace stimbench::cli
