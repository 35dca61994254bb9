// `sweep`: every boundary case of the envelope, each judged against what the oracle says
// for the device's actual state at that moment. One record per case.
#include <cmath>

#include "harness/runner/judge.hpp"
#include "harness/runner/readback.hpp"
#include "harness/runner/step_executor.hpp"
#include "harness/safety/boundary.hpp"

namespace stimbench {
namespace {

nlohmann::json reasons_json(const OracleVerdict& v) {
  nlohmann::json out = nlohmann::json::array();
  for (const OracleReason& r : v.reasons) {
    out.push_back({{"limit", r.limit},
                   {"text", r.text},
                   {"enforced_by", r.enforced_by == EnforcedBy::device ? "device" : "host"},
                   {"source", r.provenance.source},
                   {"verified", r.provenance.verified}});
  }
  return out;
}

bool same(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b));
}

}  // namespace

Outcome StepExecutor::run_sweep(const Step& step, const std::string& phase, const std::string& name,
                                std::vector<StepRecord>& out) {
  BoundaryOptions options;
  options.only = step.sweep_parameter;
  options.wrong_types = step.sweep_wrong_types;
  options.combined = step.sweep_combined;
  const DeviceProfile& profile = ctx_.oracle->profile();
  for (const BoundaryCase& c : generate_boundary_cases(*ctx_.oracle, options)) {
    if (ctx_.interrupt != nullptr && ctx_.interrupt->should_stop()) return Outcome::interrupted;
    StepRecord r;
    r.name = name + " " + c.id;
    r.kind = "sweep";
    r.phase = phase;
    r.location = step.where.to_string();
    r.start_ns = ctx_.clock.now_ns();
    Outcome o = run_case(c, profile, r);
    r.end_ns = ctx_.clock.now_ns();
    ctx_.events.event("sweep_case", {{"case", c.id}, {"verdict", to_string(r.verdict)}});
    out.push_back(std::move(r));
    if (o == Outcome::device_error || o == Outcome::harness_error || o == Outcome::interrupted)
      return o;
  }
  return Outcome::passed;  // a failed case does not stop the sweep; the scenario still fails
}

Outcome StepExecutor::run_case(const BoundaryCase& c, const DeviceProfile& profile, StepRecord& r) {
  auto device_error = [&](const Error& e) {
    Outcome o = record_error(r, e);
    r.detail["verdict"] = to_string(r.verdict);
    r.detail["reason"] = e.message;
    return o;
  };
  nlohmann::json requested = {
      {"parameter", to_string(c.parameter)}, {"case", c.id}, {"description", c.description}};
  if (c.value) requested["value"] = *c.value;
  if (c.text) requested["text"] = *c.text;
  // A case whose precondition does not hold judges nothing: an error that says so.
  auto precondition_error = [&](const std::string& why) {
    r.verdict = Verdict::error;
    r.message = "precondition not met, the case cannot be judged: " + why;
    r.detail["verdict"] = "error";
    r.detail["reason"] = r.message;
    return Outcome::failed;
  };
  nlohmann::json pre = nlohmann::json::array();
  std::string refused_pre;
  for (const auto& [p, v] : c.preconditions) {
    pre.push_back({{"parameter", to_string(p)}, {"value", v}});
    Result<Reply> set = ctx_.driver.set(p, v);
    if (!set) return device_error(set.error());
    if (set->refusal && refused_pre.empty()) {
      refused_pre = std::string(to_string(p)) + " = " + format_value(v) + " was refused (code " +
                    std::to_string(set->refusal->code) + ")";
    }
  }
  requested["preconditions"] = pre;
  r.detail["requested"] = requested;

  auto before = read_back_all(ctx_.driver, profile);
  if (!before) return device_error(before.error());
  r.detail["observed"] = {{"state_before", to_json(*before)}};
  if (!refused_pre.empty()) return precondition_error(refused_pre);
  // The last setting of each parameter is what must hold (a case may set one twice).
  std::map<Parameter, double> wanted;
  for (const auto& [p, v] : c.preconditions) wanted[p] = v;
  for (const auto& [p, v] : wanted) {
    auto it = before->find(p);
    if (it == before->end() || !same(it->second, v)) {
      return precondition_error(std::string(to_string(p)) + " should be " + format_value(v) +
                                " but reads back as " +
                                (it == before->end() ? "unreadable" : format_value(it->second)));
    }
  }
  // Judge against the device's actual state, so earlier cases cannot skew the expectation.
  OracleVerdict expected = c.expected;
  if (c.value) {
    OracleRequest request;
    request.values = *before;
    request.values[c.parameter] = *c.value;
    expected = ctx_.oracle->judge_setting(request);
  }
  const bool must_refuse = expected.device_must_refuse();
  r.detail["expected"] = {{"judgement", to_string(expected.judgement)},
                          {"device_must_refuse", must_refuse},
                          {"reasons", reasons_json(expected)}};

  Result<Reply> reply =
      c.value ? ctx_.driver.set(c.parameter, *c.value) : ctx_.driver.set_text(c.parameter, *c.text);
  if (!reply && reply.error().code == ErrorCode::unsupported) {
    r.verdict = Verdict::skipped;
    r.message = "the device's wire format cannot carry this request: " + reply.error().message;
    r.detail["verdict"] = "skipped";
    r.detail["reason"] = r.message;
    return Outcome::passed;
  }
  if (!reply) return device_error(reply.error());
  auto after = read_back_all(ctx_.driver, profile);
  if (!after) return device_error(after.error());

  const bool refused_by_reply = reply->refusal.has_value();
  const std::string changes = describe_changes(*before, *after);
  nlohmann::json observed = {{"accepted", reply->accepted},
                             {"text", reply->text},
                             {"latency_ns", reply->latency_ns()},
                             {"state_before", to_json(*before)},
                             {"state_after", to_json(*after)}};
  if (reply->refusal)
    observed["refusal"] = {{"code", reply->refusal->code}, {"text", reply->refusal->text}};
  r.detail["observed"] = observed;
  r.measurements.push_back(
      {"latency", static_cast<double>(reply->latency_ns()), "ns", std::nullopt, std::nullopt});

  std::string why;
  std::string reason;
  if (must_refuse) {
    reason = "device must refuse: " + expected.describe();
    if (profile.refusal_style == RefusalStyle::reply) {
      if (!refused_by_reply)
        why = "device accepted a request it must refuse (" + expected.describe() + ")";
      if (!changes.empty()) {
        why += std::string(why.empty() ? "" : "; ") + "state changed: " + changes;
      }
    } else {
      // readback style: the out-of-range value must not have been applied.
      auto it = after->find(c.parameter);
      if (c.value && it != after->end() && same(it->second, *c.value)) {
        why = "device applied the out-of-range value " + format_value(*c.value);
      }
      OracleRequest now;
      now.values = *after;
      OracleVerdict inside = ctx_.oracle->judge_setting(now);
      if (inside.device_must_refuse()) {
        why +=
            std::string(why.empty() ? "" : "; ") + "device left its limits: " + inside.describe();
      }
    }
  } else if (expected.judgement == Judgement::refused) {
    reason = "enforced by the host, not the device (" + expected.describe() +
             "); recorded, not judged: the interlock refuses to trigger with it";
  } else if (expected.judgement == Judgement::not_covered) {
    reason = "not covered: " + expected.describe();
  } else {
    reason = "inside the envelope: the device must accept it and store it to its step";
    const double want = round_to_step(*c.value, profile.limit(c.parameter));
    auto it = after->find(c.parameter);
    if (refused_by_reply) {
      why = "device refused an allowed request: code " + std::to_string(reply->refusal->code) +
            " \"" + reply->refusal->text + "\"";
    } else if (it == after->end() || !same(it->second, want)) {
      why = "read-back " +
            (it == after->end() ? std::string("missing") : format_value(it->second)) +
            " differs from the request " + format_value(want);
    }
  }
  r.verdict = why.empty() ? Verdict::pass : Verdict::fail;
  r.message = why;
  r.detail["verdict"] = to_string(r.verdict);
  r.detail["reason"] = why.empty() ? reason : why;
  return why.empty() ? Outcome::passed : Outcome::failed;
}

}  // namespace stimbench
