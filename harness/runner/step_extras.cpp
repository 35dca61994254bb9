// Steps beyond a single command: %MT settings, state-unchanged refusals, waiting for a state,
// pulse counting.
#include <cmath>

#include "devices/transport/io_wait.hpp"
#include "harness/runner/judge.hpp"
#include "harness/runner/readback.hpp"
#include "harness/runner/step_executor.hpp"

namespace stimbench {

Outcome StepExecutor::note_train_start(const InterlockDecision& gate, bool starts_train,
                                       StepRecord& record) {
  pulses_at_train_start_ = gate.pulses_before;
  if (starts_train) trains_.started(gate.planned_train_length_s);
  if (gate.pulses_before) record.detail["pulses_before"] = *gate.pulses_before;
  return Outcome::passed;
}

Outcome StepExecutor::check_pulses(const Step& step, const Reply& reply, StepRecord& record) {
  std::string why = pulses_mismatch(*step.expect.pulses_since_train, reply, record);
  if (why.empty()) return Outcome::passed;
  record.verdict = Verdict::fail;
  record.message = why;
  return Outcome::failed;
}

std::string StepExecutor::pulses_mismatch(std::uint64_t want, const Reply& reply,
                                          StepRecord& record) {
  if (!reply.status || !reply.status->pulses || !pulses_at_train_start_)
    return "cannot count pulses: the device reports no pulse counter, or no train was started";
  const std::uint64_t delivered = *reply.status->pulses - *pulses_at_train_start_;
  record.measurements.push_back({"pulses_delivered", static_cast<double>(delivered), "pulses",
                                 static_cast<double>(want), static_cast<double>(want)});
  if (delivered == want) return "";
  return "expected " + std::to_string(want) + " pulses since the train started, device counted " +
         std::to_string(delivered);
}

Outcome StepExecutor::run_set_percent_mt(const Step& step, StepRecord& record) {
  std::optional<Step> converted = in_output_power(step, record);
  if (!converted) return Outcome::failed;
  return run_command(*converted, record);
}

std::optional<Step> StepExecutor::in_output_power(const Step& step, StepRecord& record) {
  if (!ctx_.options.motor_threshold) {
    record.verdict = Verdict::error;
    record.message = "power in %MT needs --motor-threshold";
    return std::nullopt;
  }
  Step converted = step;
  converted.power_in_percent_mt = false;
  const ParameterLimit* limit = ctx_.oracle->profile().limit(Parameter::power);
  for (auto& [parameter, value] : converted.values) {
    if (parameter != Parameter::power) continue;
    double output =
        percent_mt_to_output(value, *ctx_.options.motor_threshold, limit ? limit->step : 1);
    record.detail["percent_mt"] = {{"percent_mt", value},
                                   {"motor_threshold", *ctx_.options.motor_threshold},
                                   {"power", output}};
    value = output;
  }
  return converted;
}

Outcome StepExecutor::run_with_state_check(const Step& step, StepRecord& record,
                                           std::optional<StimulationPermit> permit) {
  const DeviceProfile& profile = ctx_.oracle->profile();
  auto before = read_back_all(ctx_.driver, profile);
  if (!before) {
    record.verdict = Verdict::error;
    record.failure = failure_class_of(before.error());
    record.message = before.error().message;
    return outcome_for(before.error());
  }
  Outcome outcome = run_command(step, record, std::move(permit));
  if (outcome != Outcome::passed && outcome != Outcome::failed) return outcome;
  auto after = read_back_all(ctx_.driver, profile);
  if (!after) {
    record.verdict = Verdict::error;
    record.failure = failure_class_of(after.error());
    record.message = after.error().message;
    return outcome_for(after.error());
  }
  record.detail["state_before"] = to_json(*before);
  record.detail["state_after"] = to_json(*after);
  std::string changes = describe_changes(*before, *after);
  if (changes.empty()) return outcome;
  std::string why = "state changed although the request was to be refused: " + changes;
  record.verdict = Verdict::fail;
  record.message = record.message.empty() ? why : record.message + "; " + why;
  return Outcome::failed;
}

// Whether `target` can no longer be reached without a new command: the device faulted, or
// went back to standby (disarmed itself) after being armed during this wait.
std::string wait_until_unreachable(DeviceState target, DeviceState now, bool was_armed) {
  if (now == DeviceState::fault && target != DeviceState::fault)
    return "the device reported a fault";
  const bool armed_target =
      target == DeviceState::armed || target == DeviceState::ready || target == DeviceState::firing;
  if (armed_target && was_armed && now == DeviceState::standby)
    return "the device disarmed itself (back to standby)";
  return "";
}

Outcome StepExecutor::run_wait_until(const Step& step, StepRecord& record) {
  const double scale = ctx_.options.time_scale > 0 ? ctx_.options.time_scale : 1.0;
  const std::int64_t start = ctx_.clock.now_ns();
  const std::int64_t deadline = start + scaled(step.duration).count();
  const auto poll = scaled(step.poll);
  std::optional<DeviceState> last;
  bool was_armed = false;
  std::int64_t polls = 0;
  for (;;) {
    Result<Reply> reply = ctx_.driver.status();  // also feeds the watchdog
    ++polls;
    if (!reply) return record_error(record, reply.error(), "status poll failed");
    note_contact();
    if (reply->status) {
      last = reply->status->state;
      saw_status(*reply);
    }
    if (last && *last == *step.until_state) break;
    if (last) {
      if (std::string why = wait_until_unreachable(*step.until_state, *last, was_armed);
          !why.empty()) {
        record.verdict = Verdict::fail;
        record.message = std::string("state ") + to_string(*step.until_state) +
                         " can no longer be reached: " + why + " after " +
                         format_value((ctx_.clock.now_ns() - start) * scale / 1e9) +
                         " s (device time)";
        record.detail["observed"] = {{"state", to_string(*last)}, {"polls", polls}};
        return Outcome::failed;
      }
      if (*last == DeviceState::armed || *last == DeviceState::ready ||
          *last == DeviceState::firing)
        was_armed = true;
    }
    if (ctx_.clock.now_ns() >= deadline) {
      record.verdict = Verdict::fail;
      record.message = std::string("state ") + to_string(*step.until_state) +
                       " not reached within " + format_value(step.duration.count() / 1e9) +
                       " s (device time); last state " + (last ? to_string(*last) : "unknown");
      return Outcome::failed;
    }
    auto slice = std::min(poll, std::chrono::nanoseconds(deadline - ctx_.clock.now_ns()));
    const std::int64_t planned = ctx_.clock.now_ns() + slice.count();
    if (Status s = run_for(ctx_.io, ctx_.clock, slice, ctx_.interrupt); !s)
      return outcome_for(s.error());
    if (Outcome o = check_harness_on_time(planned, record); o != Outcome::passed) return o;
    if (ctx_.progress.tick) ctx_.progress.tick();
  }
  // Elapsed in device time: the mock's clock runs time_scale times faster.
  const double elapsed_s = (ctx_.clock.now_ns() - start) * scale / 1e9;
  Measurement m{"elapsed_device_time", elapsed_s, "s", std::nullopt, std::nullopt};
  if (step.min_elapsed) m.low = step.min_elapsed->count() / 1e9;
  if (step.max_elapsed) m.high = step.max_elapsed->count() / 1e9;
  record.measurements.push_back(m);
  record.detail["observed"] = {
      {"state", to_string(*last)}, {"elapsed_s", elapsed_s}, {"polls", polls}};
  if ((m.low && elapsed_s < *m.low) || (m.high && elapsed_s > *m.high)) {
    record.verdict = Verdict::fail;
    record.message = "reached " + std::string(to_string(*last)) + " after " +
                     format_value(elapsed_s) + " s, expected between " +
                     format_value(m.low.value_or(0)) + " and " +
                     (m.high ? format_value(*m.high) : std::string("any")) + " s";
    return Outcome::failed;
  }
  return Outcome::passed;
}

}  // namespace stimbench

namespace stimbench {

Outcome StepExecutor::expect_interlock_refusal(const InterlockDecision& gate, StepRecord& record) {
  // Nothing goes out on a step that demonstrates a refusal; an unused permit just expires.
  if (gate.refused) {
    record.verdict = Verdict::pass;
    record.message = "as expected, " + record.message;
    return Outcome::passed;
  }
  if (gate.outcome != Outcome::passed) return gate.outcome;  // a read-back error stays one
  record.verdict = Verdict::fail;
  record.message =
      "expected the interlock to refuse, but it allows this trigger (the read-back is inside "
      "the envelope); nothing was sent";
  return Outcome::failed;
}

}  // namespace stimbench
