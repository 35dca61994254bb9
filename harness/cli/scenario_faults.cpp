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
  // Step-level faults count too: a device fault one of them injected is repaired here.
  const bool any = !schedule.empty() || (scenario && scenario->first_faults() != nullptr);
  if (!any && !faults_set) return;
  faults_set = any;
  mock.set_scenario_faults(std::move(schedule), seed);
}

void apply_step_faults(MockServer& mock, const std::vector<std::string>& faults,
                       std::uint64_t seed) {
  FaultSchedule schedule;
  // Checked when the scenario was loaded, as above.
  if (Result<FaultSchedule> parsed = parse_fault_specs(faults); parsed)
    schedule = std::move(parsed).value();
  mock.set_step_faults(std::move(schedule), seed);
}

}  // namespace stimbench::cli
