// Executes scenario steps against the driver and judges them against their expectations.
#pragma once

#include <vector>

#include "harness/evidence/run_record.hpp"
#include "harness/runner/run_context.hpp"
#include "harness/safety/boundary.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench {

class StepExecutor {
 public:
  explicit StepExecutor(RunContext& context) : ctx_(context) {}

  // Runs `step` (a repeat expands into its body) and appends one record per executed
  // step. Returns failed on the first failing check, device_error / interrupted when the
  // run cannot go on.
  Outcome run(const Step& step, const std::string& phase, const std::string& name,
              std::vector<StepRecord>& out);

  // Whether the device may be armed, as far as the harness knows.
  bool maybe_armed() const { return maybe_armed_; }
  void set_maybe_armed(bool value) { maybe_armed_ = value; }

 private:
  Outcome run_single(const Step& step, StepRecord& record);
  // The first capability the step needs and the profile lacks, or "".
  std::string missing_capability(const Step& step) const;
  Outcome run_command(const Step& step, StepRecord& record);
  // Sends the command and follows what its reply says about arming and remote control.
  Result<Reply> exchange(const Step& step, StepRecord& record);
  // `expect: {any_of: [...]}` (step_alternatives.cpp): the step runs once, and passes when
  // one alternative matches what happened; the record lists each alternative's result.
  Outcome run_any_of(const Step& step, StepRecord& record);
  Outcome run_wait(const Step& step, StepRecord& record);
  Outcome run_raw(const Step& step, StepRecord& record);
  // Raw bytes pass the same interlock as typed steps: a raw trigger is judged on a fresh
  // read-back; a change and a trigger in one send, or unclassifiable bytes off the built-in
  // mock, are refused.
  Outcome gate_raw(const Step& step, StepRecord& record);
  // `expect: {refused_by: interlock}`: turns the gate's outcome into the step's verdict. A
  // refusal passes; an allowed trigger fails, and is not sent.
  Outcome expect_interlock_refusal(Outcome gate, StepRecord& record);
  // `train_step`: the step asks for a train, judged as one whatever mode reads back.
  Outcome check_interlock(StepRecord& record, bool train_step = false);
  // Remembers the pulse counter at a fire/train start for `expect: {pulses: N}`.
  Outcome note_train_start(StepRecord& record);
  Outcome run_set_percent_mt(const Step& step, StepRecord& record);
  // The step with its %MT power turned into output power, or nullopt (recorded) without a
  // motor threshold.
  std::optional<Step> in_output_power(const Step& step, StepRecord& record);
  Outcome run_with_state_check(const Step& step, StepRecord& record);
  Outcome run_wait_until(const Step& step, StepRecord& record);
  Outcome run_sweep(const Step& step, const std::string& phase, const std::string& name,
                    std::vector<StepRecord>& out);
  Outcome run_case(const BoundaryCase& c, const DeviceProfile& profile, StepRecord& record);
  Outcome check_pulses(const Step& step, const Reply& reply, StepRecord& record);
  // Records the pulses delivered since the last trigger; why they are not `want`, or "".
  std::string pulses_mismatch(std::uint64_t want, const Reply& reply, StepRecord& record);
  Result<Reply> dispatch(const Step& step, StepRecord& record);
  std::chrono::nanoseconds scaled(std::chrono::nanoseconds duration) const;
  // The device's keep-alive window in real ns while it may be armed (or in remote standby
  // with a standby watchdog); 0 when nothing has to be fed.
  std::int64_t keepalive_window_ns() const;
  // Real time only: a harness error when the harness, having planned to act by
  // `planned_ns` (inside the window), woke so late that the device's keep-alive window
  // since the last command passed. A device failure must never be blamed for that.
  Outcome check_harness_on_time(std::int64_t planned_ns, StepRecord& record);
  void note_contact();
  // Train tracking on the run's clock, for the lockout and the energy model's minimum wait.
  void observe_status(const DeviceStatus& status);
  std::optional<double> seconds_since_train_end() const;

  RunContext& ctx_;
  bool maybe_armed_ = false;
  bool maybe_remote_ = false;  // remote control may be on: standby waits must poll
  std::optional<std::uint64_t> pulses_at_train_start_;
  std::optional<std::uint64_t> pending_pulses_;
  std::int64_t last_contact_ns_ = -1;  // end of the last exchange with the device
  bool raw_fired_ = false;             // the last raw send held a trigger
  bool silence_intended_ = false;      // a `wait` without keep-alive let the watchdog run
  std::optional<std::int64_t> train_started_ns_;  // last train start the device accepted
  double train_length_s_ = 0;                     // its planned length, from the read-back
  double pending_train_length_s_ = 0;             // the length the interlock just judged
  std::optional<std::int64_t> firing_seen_ns_;    // last status that showed firing
};

Outcome outcome_for(const Error& error);

// Whether `gate` is the interlock refusing (not a read-back error on the way).
bool interlock_refused(Outcome gate, const StepRecord& record);

// Why a `wait_until` for `target` cannot succeed any more, or "" while it still can: the
// device faulted, or disarmed itself after being armed (`was_armed`) during the wait.
std::string wait_until_unreachable(DeviceState target, DeviceState now, bool was_armed);

// Marks `record` failed (protocol violation) or errored (anything else) with the error's
// message, prefixed by `context` when given, and returns the matching outcome.
Outcome record_error(StepRecord& record, const Error& error, const std::string& context = "");

}  // namespace stimbench
