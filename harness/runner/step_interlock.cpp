// The interlock: a fresh, complete read-back judged by the envelope before every trigger
// (typed or raw), and the train tracking the host-enforced limits need.
#include <algorithm>
#include <cmath>

#include "harness/runner/readback.hpp"
#include "harness/runner/step_executor.hpp"

namespace stimbench {

namespace {

// How long the stored train (or sequence of trains) runs, in device seconds.
double planned_train_length_s(const ParameterValues& v) {
  auto get = [&](Parameter p) -> std::optional<double> {
    auto it = v.find(p);
    if (it == v.end() || !std::isfinite(it->second)) return std::nullopt;
    return it->second;
  };
  double one = 0;
  if (auto d = get(Parameter::train_duration)) {
    one = *d;
  } else if (auto n = get(Parameter::pulses), f = get(Parameter::frequency); n && f && *f > 0) {
    one = *n / *f;
  }
  const double count = std::max(1.0, get(Parameter::train_count).value_or(1));
  return count * one + (count - 1) * get(Parameter::train_iti).value_or(0);
}

}  // namespace

void StepExecutor::observe_status(const DeviceStatus& status) {
  if (status.state == DeviceState::firing) firing_seen_ns_ = ctx_.clock.now_ns();
}

std::optional<double> StepExecutor::seconds_since_train_end() const {
  if (!train_started_ns_) return std::nullopt;  // no train since the session began
  const double scale = ctx_.options.time_scale > 0 ? ctx_.options.time_scale : 1.0;
  // The later of the planned end and the last time the device was seen firing: the
  // estimate errs towards "too recent", which can only make the interlock stricter.
  std::int64_t end = *train_started_ns_ + static_cast<std::int64_t>(train_length_s_ * 1e9 / scale);
  if (firing_seen_ns_ && *firing_seen_ns_ > end) end = *firing_seen_ns_;
  const double since = (ctx_.clock.now_ns() - end) * scale / 1e9;
  return std::max(0.0, since);
}

Outcome StepExecutor::check_interlock(StepRecord& record, bool train_step) {
  const DeviceProfile& profile = ctx_.oracle->profile();
  OracleRequest request;
  request.motor_threshold = ctx_.options.motor_threshold;
  request.train = train_step;
  auto fail_read = [&](const Error& error) {
    return record_error(record, error, "interlock read-back failed");
  };
  auto values = read_back_all(ctx_.driver, profile);
  if (!values) return fail_read(values.error());
  request.values = *values;
  // Fail closed: whatever the envelope needs and the device did not give is "not covered".
  std::vector<std::string> missing = missing_readbacks(*values, profile);
  if (profile.coil_temperature_limit) {
    if (!profile.has_capability("temperature")) {
      missing.push_back("coil temperature (the profile has a cut-off but no temperature read)");
    } else {
      Result<Reply> t = ctx_.driver.temperature();
      if (!t) return fail_read(t.error());
      if (t->value && std::isfinite(*t->value)) {
        request.coil_temperature_c = *t->value;
      } else {
        missing.push_back("coil temperature (no finite value in the reply)");
      }
    }
  }
  // The pulse counter before the trigger, so `expect: {pulses: N}` can count this train; the
  // state must be fresh too.
  pending_pulses_.reset();
  Result<Reply> st = ctx_.driver.status();
  if (!st) return fail_read(st.error());
  if (st->status) {
    pending_pulses_ = st->status->pulses;
    observe_status(*st->status);
  } else {
    missing.push_back("device status (no state in the reply)");
  }
  request.seconds_since_train_end = seconds_since_train_end();
  pending_train_length_s_ = planned_train_length_s(*values);
  OracleVerdict verdict = ctx_.oracle->judge_trigger(request);
  if (!missing.empty()) {
    std::string what;
    for (const std::string& m : missing) what += (what.empty() ? "" : "; ") + m;
    verdict.reasons.push_back(OracleReason{
        "readback.complete", "no complete read-back: missing " + what, EnforcedBy::host,
        Provenance{"design.md: the safety gate fails closed", true}, true});
    if (verdict.judgement == Judgement::allowed) verdict.judgement = Judgement::not_covered;
  }
  // The interlock only fires inside the envelope: "not covered" is not "allowed".
  const bool allowed = verdict.judgement == Judgement::allowed;
  nlohmann::json interlock = {{"readback", to_json(*values)},
                              {"judgement", to_string(verdict.judgement)},
                              {"decision", allowed ? "allowed" : "refused"},
                              {"reason", verdict.describe()}};
  if (!missing.empty()) interlock["missing"] = missing;
  if (request.coil_temperature_c) interlock["coil_temperature_c"] = *request.coil_temperature_c;
  if (request.motor_threshold) interlock["motor_threshold"] = *request.motor_threshold;
  if (request.seconds_since_train_end)
    interlock["seconds_since_train_end"] = *request.seconds_since_train_end;
  record.detail["interlock"] = interlock;
  ctx_.events.event("interlock", interlock);
  if (allowed) return Outcome::passed;
  record.verdict = Verdict::fail;
  record.message = "interlock refused to fire (" + std::string(to_string(verdict.judgement)) +
                   "): " + verdict.describe();
  return Outcome::failed;
}

Outcome StepExecutor::gate_raw(const Step& step, StepRecord& record) {
  raw_fired_ = false;
  std::vector<RawCommand> commands = ctx_.driver.classify_raw(step.bytes);
  nlohmann::json listed = nlohmann::json::array();
  bool changed = false, fires = false, arms = false;
  std::string refusal;
  for (const RawCommand& c : commands) {
    listed.push_back({{"command", c.text}, {"effect", to_string(c.effect)}});
    if (c.effect == RawEffect::unclassified && !ctx_.options.builtin_mock && refusal.empty())
      refusal = "the codec cannot classify '" + c.text +
                "', so it may stimulate; unclassified raw bytes go only to the built-in mock";
    if (c.effect == RawEffect::fires) {
      if (changed && refusal.empty())
        refusal =
            "a trigger follows a command that may change a parameter in the same send; "
            "send them as separate steps so the trigger is judged on a fresh read-back";
      fires = true;
    }
    if (c.effect == RawEffect::arms) arms = true;
    if (c.effect == RawEffect::changes_state || c.effect == RawEffect::unclassified) changed = true;
  }
  record.detail["raw_commands"] = listed;
  if (!refusal.empty()) {
    ctx_.events.event("interlock", {{"decision", "refused"}, {"reason", refusal}});
    record.verdict = Verdict::fail;
    record.message = "interlock refused the raw send: " + refusal;
    return Outcome::failed;
  }
  if (fires) {
    if (Outcome o = check_interlock(record); o != Outcome::passed) return o;
    raw_fired_ = true;
  }
  if (arms) maybe_armed_ = true;
  return Outcome::passed;
}

bool interlock_refused(Outcome gate, const StepRecord& record) {
  return gate == Outcome::failed && record.message.rfind("interlock refused", 0) == 0;
}

Outcome StepExecutor::expect_interlock_refusal(Outcome gate, StepRecord& record) {
  raw_fired_ = false;  // nothing goes out on a step that demonstrates a refusal
  if (interlock_refused(gate, record)) {
    record.verdict = Verdict::pass;
    record.message = "as expected, " + record.message;
    return Outcome::passed;
  }
  if (gate != Outcome::passed) return gate;  // a read-back error stays what it is
  record.verdict = Verdict::fail;
  record.message =
      "expected the interlock to refuse, but it allows this trigger (the read-back is inside "
      "the envelope); nothing was sent";
  return Outcome::failed;
}

}  // namespace stimbench
