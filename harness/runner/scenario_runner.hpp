// Runs whole scenarios: setup, steps, teardown (always), then a confirmed disarm.
#pragma once

#include <functional>
#include <vector>

#include "harness/evidence/run_record.hpp"
#include "harness/runner/run_context.hpp"
#include "harness/runner/step_executor.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench {

struct ScenarioResult {
  ScenarioRecord record;
  Outcome outcome = Outcome::passed;
};

class ScenarioRunner {
 public:
  explicit ScenarioRunner(RunContext& context)
      : ctx_(context), trains_(context.clock, context.options.time_scale) {}
  ScenarioResult run(const Scenario& scenario);

 private:
  // Setup, steps and teardown (after a failure too); may throw, run() catches.
  Outcome run_phases(const Scenario& scenario, ScenarioRecord& record);
  Outcome run_phase(StepExecutor& executor, const std::vector<Step>& steps,
                    const std::string& phase, std::vector<StepRecord>& out);
  // The abort path and the normal end alike: disarm, then read the state back.
  void disarm_and_confirm(ScenarioRecord& record);

  RunContext& ctx_;
  TrainTracker trains_;  // one per run: a train in one scenario counts in the next
};

// Runs scenarios in order. Stops after a device or harness error, a closing disarm that could
// not be confirmed, an interrupt, a scenario whose evidence could not be written, and after the
// first failure with fail_fast. Every scenario not started is still listed (not_run, skipped,
// with the reason), and on_done sees it too. The policy is in docs/robustness.md.
struct RunResult {
  std::vector<ScenarioRecord> scenarios;
  bool device_error = false;
  bool harness_error = false;  // real time only: the harness fell behind a device deadline
  bool interrupted = false;
  bool any_failed = false;
  bool evidence_lost = false;
  int executed_checks = 0;  // steps that ran and were judged
  std::string stop_reason;  // why scenarios were left unrun; empty when all ran
};
using ScenarioDone = std::function<void(const ScenarioRecord&)>;
// Records for scenarios[from...], never started: skipped, not_run, "not run: <reason>".
std::vector<ScenarioRecord> not_run_records(const std::vector<Scenario>& scenarios,
                                            std::size_t from, const std::string& reason);
// Fills step.failure for a failed or errored step whose class the runner did not set where the
// failure happened: an error verdict is the harness's own, a failed check the device's fault
// when it read back in fault, else a plain failed check.
void classify_failure(StepRecord& step);
// For a failed scenario in which commands had to be retried after no reply: a note that says
// so (the failure may follow from the silence, e.g. a watchdog that ran out); else "".
std::string retry_note(const ScenarioRecord& record, int retries);
// Whether a read-back confirms the closing disarm: standby, or fault with the device's own
// armed, ready and train flags clear. Unknown flags, unknown, armed, ready, firing: never.
bool reads_disarmed(const DeviceStatus& status);
// "" unless the closing disarm read back a fault state (accepted as disarmed): then what to tell.
std::string disarmed_state_note(const ScenarioRecord& record);
// Caps each message and detail string (harness/evidence/evidence_text.hpp).
void cap_evidence_text(ScenarioRecord& record);
// Picks the envelope for a scenario (its own clinical policy, or the run's).
using OracleFor = std::function<const SafetyOracle*(const Scenario&)>;
RunResult run_scenarios(RunContext& context, const std::vector<Scenario>& scenarios,
                        const ScenarioDone& on_done = {}, const OracleFor& oracle_for = {});

}  // namespace stimbench
