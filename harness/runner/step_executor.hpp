// Executes scenario steps against the driver and judges them against their expectations.
#pragma once

#include <vector>

#include "harness/evidence/run_record.hpp"
#include "harness/runner/interlock.hpp"
#include "harness/runner/iteration_folder.hpp"
#include "harness/runner/latency_check.hpp"
#include "harness/runner/pulse_recorder.hpp"
#include "harness/runner/run_context.hpp"
#include "harness/runner/train_tracker.hpp"
#include "harness/safety/boundary.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench {

class StepExecutor {
 public:
  // `trains` outlives the executor: train tracking spans the scenarios of a run.
  StepExecutor(RunContext& context, TrainTracker& trains)
      : ctx_(context),
        trains_(trains),
        interlock_(context, trains),
        pulses_(context.options.time_scale, context.clock.resolution_ns()) {}

  // Runs `step` (a repeat expands into its body) and appends one record per executed
  // step; inside a repeat, iterations fold (IterationFolder). Returns failed on the first failing
  // check, device_error / interrupted when the run cannot go on.
  Outcome run(const Step& step, const std::string& phase, const std::string& name,
              std::vector<StepRecord>& out);

  // Writes the last train's pulse timing into its train step's record (called when the next
  // trigger goes out and at the scenario's end): record.json has it per train.
  void attach_pulse_timing();

  // Whether the device may be armed, as far as the harness knows.
  bool maybe_armed() const { return maybe_armed_; }
  void set_maybe_armed(bool value) { maybe_armed_ = value; }

 private:
  // run() without the step's own `latency:` check.
  Outcome run_unjudged(const Step& step, const std::string& phase, const std::string& name,
                       std::vector<StepRecord>& out);
  Outcome run_single(const Step& step, StepRecord& record);
  // The first capability the step needs and the profile lacks, or "".
  std::string missing_capability(const Step& step) const;
  // `permit` comes from the interlock for arm / fire / train, and is empty otherwise.
  Outcome run_command(const Step& step, StepRecord& record,
                      std::optional<StimulationPermit> permit = std::nullopt);
  // Arm, fire and train: through the interlock, then to the driver with its permit.
  Outcome run_gated(const Step& step, Stimulation kind, StepRecord& record);
  // Sends the command (with its permit, for arm / fire / train) and follows what the reply
  // says about arming and remote control.
  Result<Reply> exchange(const Step& step, StepRecord& record,
                         std::optional<StimulationPermit> permit = std::nullopt);
  // `expect: {any_of: [...]}` (step_alternatives.cpp): the step runs once, and passes when
  // one alternative matches what happened; the record lists each alternative's result.
  Outcome run_any_of(const Step& step, StepRecord& record);
  Outcome run_wait(const Step& step, StepRecord& record);
  Outcome run_raw(const Step& step, StepRecord& record);
  // `expect: {refused_by: interlock}`: turns the gate's decision into the step's verdict. A
  // refusal passes; an allowed trigger fails, and is not sent.
  Outcome expect_interlock_refusal(const InterlockDecision& gate, StepRecord& record);
  // Remembers the pulse counter at a fire/train start for `expect: {pulses: N}`, and the
  // train for the lockout and minimum-wait rules.
  Outcome note_train_start(const InterlockDecision& gate, bool starts_train, StepRecord& record);
  Outcome run_set_percent_mt(const Step& step, StepRecord& record);
  // The step with its %MT power turned into output power, or nullopt (recorded) without a
  // motor threshold.
  std::optional<Step> in_output_power(const Step& step, StepRecord& record);
  Outcome run_with_state_check(const Step& step, StepRecord& record,
                               std::optional<StimulationPermit> permit = std::nullopt);
  Outcome run_wait_until(const Step& step, StepRecord& record);
  Outcome run_sweep(const Step& step, const std::string& phase, const std::string& name,
                    std::vector<StepRecord>& out);
  Outcome run_case(const BoundaryCase& c, const DeviceProfile& profile, StepRecord& record);
  Outcome check_pulses(const Step& step, const Reply& reply, StepRecord& record);
  // Records the pulses delivered since the last trigger; why they are not `want`, or "".
  std::string pulses_mismatch(std::uint64_t want, const Reply& reply, StepRecord& record);
  Result<Reply> dispatch(const Step& step, StepRecord& record,
                         std::optional<StimulationPermit> permit);
  std::chrono::nanoseconds scaled(std::chrono::nanoseconds duration) const;
  // The device's keep-alive window in real ns while it may be armed (or in remote standby
  // with a standby watchdog); 0 when nothing has to be fed.
  std::int64_t keepalive_window_ns() const;
  // Real time only: a harness error when the harness, having planned to act by
  // `planned_ns` (inside the window), woke so late that the device's keep-alive window
  // since the last command passed. A device failure must never be blamed for that.
  Outcome check_harness_on_time(std::int64_t planned_ns, StepRecord& record);
  void note_contact();
  // A fire, train or raw trigger is about to go out: the pulse recorder starts a new train.
  void pulse_trigger(Stimulation kind, const InterlockDecision& gate);
  // Any status reply the harness read: the train tracker and the pulse counter see it.
  void saw_status(const Reply& reply);
  // Records a check made after its step (event `event_type`, progress, `out`); passed or
  // failed by its verdict.
  Outcome post_check(const Step& step, const char* event_type, StepRecord check,
                     std::vector<StepRecord>& out);
  // Adds `record`, made by `step`, to `out` (folded inside a repeat, if `may_fold`) and to
  // the open `latency:` windows.
  void keep(const Step& step, StepRecord record, std::vector<StepRecord>& out,
            bool may_fold = true);
  // run()'s `pulse_timing:` check, after the step.
  Outcome judge_pulses(const Step& step, const std::string& phase, const std::string& name,
                       std::int64_t start_ns, std::vector<StepRecord>& out);

  RunContext& ctx_;
  TrainTracker& trains_;
  Interlock interlock_;
  bool maybe_armed_ = false;
  bool maybe_remote_ = false;  // remote control may be on: standby waits must poll
  std::optional<std::uint64_t> pulses_at_train_start_;
  std::int64_t last_contact_ns_ = -1;  // end of the last exchange with the device
  bool silence_intended_ = false;      // a `wait` without keep-alive let the watchdog run
  // A command step's `faults:`, handed to the mock just before its command goes out.
  const std::vector<std::string>* pending_faults_ = nullptr;
  PulseRecorder pulses_;
  // Where the last train step's record is, to give it the train's pulse timing later.
  std::vector<StepRecord>* train_records_ = nullptr;
  std::optional<std::size_t> train_record_;
  bool train_started_now_ = false;  // set by the train step that is running
  IterationFolder folder_;
  int repeat_depth_ = 0;
  std::vector<LatencyWindow*> windows_;  // the `latency:` checks of the steps running now
  std::string last_name_;                // the last record kept, folded or not
  Verdict last_verdict_ = Verdict::pass;
};

// Steps that send one command through dispatch (not waits, repeats, sweeps or raw bytes).
bool dispatched_kind(StepKind kind);

Outcome outcome_for(const Error& error);

// Why a `wait_until` for `target` cannot succeed any more, or "" while it still can: the
// device faulted, or disarmed itself after being armed (`was_armed`) during the wait.
std::string wait_until_unreachable(DeviceState target, DeviceState now, bool was_armed);

// Marks `record` failed (protocol violation) or errored (anything else) with the error's
// message, prefixed by `context` when given, and returns the matching outcome.
Outcome record_error(StepRecord& record, const Error& error, const std::string& context = "");

}  // namespace stimbench
