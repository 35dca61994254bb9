// `expect: {any_of: [...]}`: the step runs once and passes when one alternative matches what
// happened. Where the documents leave the device's answer open, a scenario lists every safe
// answer this way (design.md §7).
#include <algorithm>

#include "harness/runner/judge.hpp"
#include "harness/runner/readback.hpp"
#include "harness/runner/step_executor.hpp"

namespace stimbench {

namespace {

using Kind = Expectation::Kind;

// The verdict from each alternative's result ("" = matched): the first match passes.
Outcome conclude(const std::vector<Expectation>& alternatives,
                 const std::vector<std::string>& results, const std::string& context,
                 StepRecord& record) {
  nlohmann::json listed = nlohmann::json::array();
  std::optional<std::size_t> matched;
  std::string failures;
  for (std::size_t i = 0; i < alternatives.size(); ++i) {
    const bool ok = results[i].empty();
    if (ok && !matched) matched = i;
    listed.push_back(
        {{"expected", expected_json(alternatives[i])}, {"result", ok ? "matched" : results[i]}});
    if (!ok) {
      failures += (failures.empty() ? "" : "; ") + std::to_string(i + 1) + " (" +
                  expectation_text(alternatives[i]) + "): " + results[i];
    }
  }
  const std::string of = " of " + std::to_string(alternatives.size());
  record.detail["any_of"] = {{"alternatives", listed},
                             {"matched", matched ? nlohmann::json(*matched + 1) : nullptr}};
  if (matched) {
    record.verdict = Verdict::pass;
    record.message = "alternative " + std::to_string(*matched + 1) + of + " matched (" +
                     expectation_text(alternatives[*matched]) + ")" +
                     (context.empty() ? "" : ": " + context);
    return Outcome::passed;
  }
  record.verdict = Verdict::fail;
  record.message = "no alternative matched: " + failures;
  return Outcome::failed;
}

}  // namespace

Outcome StepExecutor::run_any_of(const Step& original, StepRecord& record) {
  const std::vector<Expectation>& alternatives = original.expect.alternatives;
  record.detail["expected"] = expected_json(original.expect);
  std::vector<std::string> results(alternatives.size());
  auto interlock_alt =
      std::find_if(alternatives.begin(), alternatives.end(),
                   [](const Expectation& e) { return e.kind == Kind::interlock_refusal; });
  const bool expects_interlock = interlock_alt != alternatives.end();
  const StepEffect effect = step_effect(original.kind);
  const bool gated = effect == StepEffect::arms || effect == StepEffect::fires ||
                     effect == StepEffect::starts_train;
  const Stimulation kind = effect == StepEffect::arms    ? Stimulation::arm
                           : effect == StepEffect::fires ? Stimulation::fire
                                                         : Stimulation::train;
  InterlockDecision gate;
  gate.outcome = Outcome::passed;
  if (gated) {
    gate = interlock_.judge(kind, original.probe, record);
    if (gate.refused) {
      // Nothing was sent: only the interlock's own refusal can match.
      for (std::size_t i = 0; i < alternatives.size(); ++i) {
        if (alternatives[i].kind != Kind::interlock_refusal)
          results[i] = "the interlock refused the trigger, so nothing was sent";
      }
      return conclude(alternatives, results, record.message, record);
    }
    if (!gate.permit) return gate.outcome;  // a read-back error stays what it is
    if (expects_interlock) {
      results[static_cast<std::size_t>(interlock_alt - alternatives.begin())] =
          "the interlock allowed the trigger (the read-back is inside the envelope)";
    }
  }
  std::optional<Step> converted;
  if (original.power_in_percent_mt) {
    converted = in_output_power(original, record);
    if (!converted) return Outcome::failed;
  }
  const Step& step = converted ? *converted : original;
  // A setting's any_of keeps the device's state on record, whatever it answered.
  const bool read_state = step.kind == StepKind::set ||
                          std::any_of(alternatives.begin(), alternatives.end(),
                                      [](const Expectation& e) { return e.state_unchanged; });
  const DeviceProfile& profile = ctx_.oracle->profile();
  Result<ParameterValues> before = ParameterValues{};
  if (read_state && !(before = read_back_all(ctx_.driver, profile)))
    return record_error(record, before.error(), "read-back before the step failed");
  // A trigger ends the last train's pulses, whatever the device answers.
  if (gated && kind != Stimulation::arm) pulse_trigger(kind, gate);
  Result<Reply> reply = exchange(step, record, std::move(gate.permit));
  if (!reply) return judge_exchange_error(reply.error(), record);
  record_observed(step, *reply, record);
  std::string changes;
  if (read_state) {
    auto after = read_back_all(ctx_.driver, profile);
    if (!after) return record_error(record, after.error(), "read-back after the step failed");
    record.detail["state_before"] = to_json(*before);
    record.detail["state_after"] = to_json(*after);
    changes = describe_changes(*before, *after);
  }
  const std::string slow = latency_mismatch(step, *reply);
  for (std::size_t i = 0; i < alternatives.size(); ++i) {
    const Expectation& e = alternatives[i];
    if (e.kind == Kind::interlock_refusal) continue;
    std::string why = reply_mismatch(e, *reply);
    if (why.empty() && e.state_unchanged && !changes.empty()) why = "state changed: " + changes;
    if (why.empty() && e.pulses_since_train)
      why = pulses_mismatch(*e.pulses_since_train, *reply, record);
    results[i] = why.empty() ? slow : why;
  }
  if (gated && kind != Stimulation::arm && reply->accepted)
    note_train_start(gate, kind == Stimulation::train, record);
  return conclude(alternatives, results, "", record);
}

}  // namespace stimbench
