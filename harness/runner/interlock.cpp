#include "harness/runner/interlock.hpp"

#include <algorithm>
#include <cmath>

#include "harness/runner/judge.hpp"
#include "harness/runner/readback.hpp"
#include "harness/runner/step_executor.hpp"
#include "harness/safety/oracle_checks.hpp"

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

bool timing_rule(const std::string& limit) {
  return limit == "lockout" || limit == "energy.min_wait";
}

}  // namespace

InterlockDecision Interlock::refuse(StepRecord& record, const std::string& why,
                                    nlohmann::json detail) {
  detail["decision"] = "refused";
  detail["reason"] = why;
  record.detail["interlock"] = detail;
  ctx_.events.event("interlock", detail);
  record.verdict = Verdict::fail;
  record.message = "interlock refused: " + why;
  InterlockDecision out;
  out.outcome = Outcome::failed;
  out.refused = true;
  return out;
}

std::string Interlock::probe_too_late(const std::string& probe, const OracleRequest& request,
                                      const std::optional<DeviceStatus>& status) const {
  const DeviceProfile& profile = ctx_.oracle->profile();
  const double scale = ctx_.options.time_scale > 0 ? ctx_.options.time_scale : 1.0;
  if (probe == "lockout") {
    // The device's answer says something only well inside its window: the harness's
    // estimate of the train end may be late by up to a poll.
    const double window = profile.lockout ? profile.lockout->post_train_s : 0;
    const auto since = request.seconds_since_train_end;
    if (!since) return "no train has run";
    if (*since > window / 2)
      return format_value(*since) + " s since the last train is past half the " +
             format_value(window) + " s lockout";
  }
  if (probe == "arming") {
    // Armed but not yet ready, and inside the first half of the arming delay, so that the
    // device is surely still arming when the trigger arrives.
    if (!status || status->state != DeviceState::armed)
      return std::string("the device reads back ") +
             (status ? to_string(status->state) : "no state") + ", not arming";
    const double since = arm_granted_ns_ ? (ctx_.clock.now_ns() - *arm_granted_ns_) * scale / 1e9
                                         : profile.ready_delay_s;
    if (since > profile.ready_delay_s / 2)
      return format_value(since) + " s since the arm is past half the " +
             format_value(profile.ready_delay_s) + " s arming delay";
  }
  return "";
}

InterlockDecision Interlock::judge(Stimulation kind, const std::optional<std::string>& probe,
                                   StepRecord& record) {
  const DeviceProfile& profile = ctx_.oracle->profile();
  InterlockDecision out;
  auto fail_read = [&](const Error& error) {
    out.outcome = record_error(record, error, "interlock read-back failed");
    return std::move(out);
  };
  OracleRequest request;
  request.motor_threshold = ctx_.options.motor_threshold;
  request.train = kind == Stimulation::train;  // a train step is a train, whatever the mode
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
  // The state must be fresh too, and the pulse counter before the trigger lets
  // `expect: {pulses: N}` count this train.
  Result<Reply> st = ctx_.driver.status();
  if (!st) return fail_read(st.error());
  if (st->status) {
    out.pulses_before = st->status->pulses;
    trains_.observe(*st->status);
  } else {
    missing.push_back("device status (no state in the reply)");
  }
  request.seconds_since_train_end = trains_.seconds_since_train_end();
  out.planned_train_length_s = planned_train_length_s(*values);
  out.train_pattern = train_pattern_from(*values);
  OracleVerdict verdict = ctx_.oracle->judge_trigger(request);
  if (kind == Stimulation::arm) {
    std::erase_if(verdict.reasons, [](const OracleReason& r) { return timing_rule(r.limit); });
  }
  nlohmann::json detail = {{"stimulation", to_string(kind)}, {"readback", to_json(*values)}};
  if (probe) {
    // Only a device-enforced rule may be probed; a host rule is the harness's own to keep.
    for (const OracleReason& r : verdict.reasons) {
      if (r.limit == *probe && r.enforced_by != EnforcedBy::device) {
        detail["probe"] = *probe;
        return refuse(record,
                      "probe: " + *probe + " is enforced by the host here (" + r.text +
                          "), so the harness keeps it",
                      detail);
      }
    }
    if (std::string late = probe_too_late(*probe, request, st->status); !late.empty()) {
      detail["probe"] = {{"limit", *probe}, {"in_force", false}};
      record.detail["interlock"] = detail;
      ctx_.events.event("probe_late", {{"probe", *probe}, {"reason", late}});
      // On real time the harness was slow, which says nothing about the device: not judged.
      // On virtual time nothing is slow, so the scenario itself is wrong.
      record.verdict = ctx_.clock.is_virtual() ? Verdict::error : Verdict::skipped;
      record.message = "probe: " + *probe + " not sent: " + late +
                       ", so the device's answer would not show the rule (the probe came too "
                       "late" +
                       (ctx_.clock.is_virtual() ? ")" : "; not judged)");
      out.outcome = ctx_.clock.is_virtual() ? Outcome::failed : Outcome::passed;
      return out;
    }
    const auto before = verdict.reasons.size();
    std::erase_if(verdict.reasons,
                  [&](const OracleReason& r) { return r.limit == *probe && !r.not_covered; });
    detail["probe"] = {{"limit", *probe}, {"in_force", verdict.reasons.size() != before}};
  }
  oracle_detail::finish(verdict);
  if (!missing.empty()) {
    std::string what;
    for (const std::string& m : missing) what += (what.empty() ? "" : "; ") + m;
    verdict.reasons.push_back(OracleReason{
        "readback.complete", "no complete read-back: missing " + what, EnforcedBy::host,
        Provenance{"design.md: the safety gate fails closed", true}, true});
    if (verdict.judgement == Judgement::allowed) verdict.judgement = Judgement::not_covered;
    detail["missing"] = missing;
  }
  detail["judgement"] = to_string(verdict.judgement);
  if (request.coil_temperature_c) detail["coil_temperature_c"] = *request.coil_temperature_c;
  if (request.motor_threshold) detail["motor_threshold"] = *request.motor_threshold;
  if (request.seconds_since_train_end)
    detail["seconds_since_train_end"] = *request.seconds_since_train_end;
  if (st->status) detail["state"] = to_string(st->status->state);
  // The interlock only lets a command through inside the envelope: "not covered" is no.
  if (verdict.judgement != Judgement::allowed) {
    return refuse(record,
                  std::string(to_string(kind)) + " (" + to_string(verdict.judgement) +
                      "): " + verdict.describe(),
                  detail);
  }
  detail["decision"] = "allowed";
  detail["reason"] = verdict.describe();
  record.detail["interlock"] = detail;
  ctx_.events.event("interlock", detail);
  out.outcome = Outcome::passed;
  if (kind == Stimulation::arm) arm_granted_ns_ = ctx_.clock.now_ns();
  out.permit.emplace(StimulationPermit(kind));
  return out;
}

InterlockDecision Interlock::judge_raw(const Step& step, StepRecord& record) {
  std::vector<RawCommand> commands = ctx_.driver.classify_raw(step.bytes);
  nlohmann::json listed = nlohmann::json::array();
  bool changed = false, fires = false, arms = false, unclassified = false;
  std::string refusal;
  for (const RawCommand& c : commands) {
    listed.push_back({{"command", c.text}, {"effect", to_string(c.effect)}});
    if (c.effect == RawEffect::unclassified) {
      unclassified = true;
      if (!ctx_.options.builtin_mock && !step.allow_unclassified && refusal.empty())
        refusal = "the codec cannot classify '" + c.text +
                  "', so it may stimulate; unclassified raw bytes go only to the built-in mock "
                  "or with allow_unclassified: true";
    }
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
  if (unclassified && step.allow_unclassified && !ctx_.options.builtin_mock) {
    // Off the mock, unknown bytes may fire: on the record, and judged as a trigger.
    ctx_.events.event("safety_event", {{"allow_unclassified", true}, {"hex", to_hex(step.bytes)}});
    record.detail["allow_unclassified"] = true;
    fires = true;
  }
  if (!refusal.empty()) return refuse(record, "raw send: " + refusal, {{"stimulation", "raw"}});
  InterlockDecision out;
  if (fires || arms) {
    out = judge(fires ? Stimulation::fire : Stimulation::arm, step.probe, record);
    if (!out.permit) return out;
    out.permit.reset();  // the raw permit below replaces the typed one
  }
  out.outcome = Outcome::passed;
  out.raw_fires = fires;
  out.raw_arms = arms;
  out.permit.emplace(StimulationPermit(Stimulation::raw, step.bytes));
  return out;
}

}  // namespace stimbench
