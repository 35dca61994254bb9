// The executor's side of pulse timing: a trigger starts a new train for the recorder, status
// replies feed its counter, `pulse_timing:` is judged after its step, and each train's step
// record gets the train's timing.
#include "harness/runner/step_executor.hpp"

namespace stimbench {

void StepExecutor::pulse_trigger(Stimulation kind, const InterlockDecision& gate) {
  attach_pulse_timing();  // the previous train is complete as far as this scenario goes
  train_record_.reset();
  std::optional<TrainPattern> pattern;
  std::string why;
  if (kind == Stimulation::train) {
    pattern = gate.train_pattern;
    if (!pattern) why = "the train's read-back has no positive frequency and pulse count";
    train_started_now_ = true;
  } else if (kind == Stimulation::fire) {
    why = "the last trigger was a single pulse (fire), not a train";
  } else {
    why = "the last trigger was raw bytes, whose train pattern the harness does not know";
  }
  pulses_.trigger(pattern, why, gate.pulses_before, ctx_.clock.now_ns(), ctx_.driver);
}

void StepExecutor::saw_status(const Reply& reply) {
  if (!reply.status) return;
  trains_.observe(*reply.status);
  pulses_.status(reply);
}

void StepExecutor::attach_pulse_timing() {
  if (!train_records_ || !train_record_ || *train_record_ >= train_records_->size()) return;
  pulses_.collect(ctx_.driver);
  PulseTimingInput in = pulses_.input();
  if (!in.timing) return;
  nlohmann::json timing = to_json(*in.timing);
  timing["source"] = in.source;
  (*train_records_)[*train_record_].detail["pulse_timing"] = std::move(timing);
}

Outcome StepExecutor::judge_pulses(const Step& step, const std::string& phase,
                                   const std::string& name, std::int64_t start_ns,
                                   std::vector<StepRecord>& out) {
  pulses_.collect(ctx_.driver);
  PulseTimingInput in = pulses_.input();
  StepRecord check =
      judge_pulse_timing(*step.pulse_timing, step, phase, name, in, start_ns, ctx_.clock.now_ns());
  // The step itself was skipped (a capability the profile lacks): so is its check.
  if (last_verdict_ == Verdict::skipped && last_name_ == name) {
    check.verdict = Verdict::skipped;
    check.message = "its step was skipped";
  }
  attach_pulse_timing();
  return post_check(step, "pulse_timing_check", std::move(check), out);
}

}  // namespace stimbench
