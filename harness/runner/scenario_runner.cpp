#include "harness/runner/scenario_runner.hpp"

#include "harness/evidence/evidence_text.hpp"
#include "harness/runner/judge.hpp"
#include "harness/runner/link_guard.hpp"
#include "harness/runner/step_executor.hpp"

namespace stimbench {
namespace {

Verdict worst(Verdict a, Verdict b) {
  auto rank = [](Verdict v) {
    switch (v) {
      case Verdict::error:
        return 3;
      case Verdict::fail:
        return 2;
      case Verdict::pass:
        return 1;
      case Verdict::skipped:
        return 0;
    }
    return 0;
  };
  return rank(a) >= rank(b) ? a : b;
}

void add_not_run(const std::vector<Step>& steps, std::size_t from, const std::string& phase,
                 const std::string& why, std::vector<StepRecord>& out) {
  for (std::size_t i = from; i < steps.size(); ++i) {
    StepRecord r;
    r.name = phase + " " + step_label(steps[i], i);
    r.kind = to_string(steps[i].kind);
    r.phase = phase;
    r.location = steps[i].where.to_string();
    r.verdict = Verdict::skipped;
    r.message = why;
    out.push_back(std::move(r));
  }
}

}  // namespace

std::string retry_note(const ScenarioRecord& record, int retries) {
  if (record.message.empty() || retries <= 0) return "";  // nothing failed, or no retry
  return "; " + std::to_string(retries) +
         " command(s) in this scenario had no complete reply within their deadline and were "
         "sent again (transcript: retry events)";
}

bool reads_disarmed(const DeviceStatus& status) {
  if (status.state == DeviceState::standby) return true;
  return status.state == DeviceState::fault && status.armed_flags == std::optional<bool>(false);
}

std::string disarmed_state_note(const ScenarioRecord& record) {
  if (record.disarmed_state != "fault") return "";
  return "disarmed in FAULT: the device reports a fault and is not armed, ready or firing";
}

void classify_failure(StepRecord& step) {
  if (step.verdict == Verdict::pass || step.verdict == Verdict::skipped) {
    step.failure = FailureClass::none;
    return;
  }
  if (step.failure != FailureClass::none) return;
  if (step.verdict == Verdict::error) {  // no device error said otherwise: the harness's own
    step.failure = FailureClass::harness_error;
    return;
  }
  // A check that failed while the device said it was in fault is the device's fault.
  const nlohmann::json* observed =
      step.detail.contains("observed") ? &step.detail["observed"] : nullptr;
  const bool faulted = observed && observed->is_object() &&
                       ((observed->contains("state") && (*observed)["state"] == "fault") ||
                        (observed->contains("fault") && (*observed)["fault"] == true));
  step.failure = faulted ? FailureClass::device_fault : FailureClass::check_failed;
}

Outcome ScenarioRunner::run_phase(StepExecutor& executor, const std::vector<Step>& steps,
                                  const std::string& phase, std::vector<StepRecord>& out) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    Outcome o = executor.run(steps[i], phase, phase + " " + step_label(steps[i], i), out);
    if (o != Outcome::passed) {
      if (phase != "teardown")
        add_not_run(steps, i + 1, phase, "not run: an earlier step failed", out);
      return o;
    }
  }
  return Outcome::passed;
}

void ScenarioRunner::disarm_and_confirm(ScenarioRecord& record) {
  // The disarm must go out even after Ctrl-C.
  if (ctx_.interrupt != nullptr && ctx_.interrupt->requested()) {
    ctx_.interrupt->shield();
  }
  StepRecord step;
  step.name = "safety: closing disarm confirmed by read-back";
  step.kind = "disarm";
  step.phase = "safety";
  step.location = record.file;
  step.start_ns = ctx_.clock.now_ns();
  Result<Reply> disarm = ctx_.driver.disarm();
  std::string violation;
  if (!disarm && disarm.error().code == ErrorCode::protocol_violation) {
    // Stray or garbled bytes (already consumed and on record) must not keep the device
    // armed: the disarm goes out once more. The violation still fails this step.
    violation = disarm.error().message;
    disarm = ctx_.driver.disarm();
  }
  Result<Reply> status = disarm ? ctx_.driver.status() : Result<Reply>(disarm.error());
  if (status && status->status) trains_.observe(*status->status);
  step.end_ns = ctx_.clock.now_ns();
  if (!violation.empty()) {
    step.verdict = Verdict::fail;
    step.failure = FailureClass::protocol_violation;
    step.message = "first disarm met a protocol violation (" + violation + "); sent again";
  }
  if (!status) {
    record.disarm_confirmed = false;
    step.verdict =
        status.error().code == ErrorCode::protocol_violation ? Verdict::fail : Verdict::error;
    step.failure = failure_class_of(status.error());
    step.message += (step.message.empty() ? "" : "; ") +
                    std::string("could not confirm the device is disarmed: ") +
                    status.error().message;
  } else if (disarm->refusal) {
    record.disarm_confirmed = false;
    step.verdict = Verdict::fail;
    step.message += (step.message.empty() ? "" : "; ") +
                    std::string("device refused to disarm: code ") +
                    std::to_string(disarm->refusal->code);
  } else {
    // Standby is the driver's word for disarmed with no train running and no pulse since the
    // disarm (a MagPro that says "disabled" while its train runs on reads back as firing). A
    // device in FAULT is disarmed too, but only when its own flags say it is not armed, ready
    // or firing (Magstim reports fault over an armed unit): unknown and armed never pass.
    const DeviceStatus* st = status->status ? &*status->status : nullptr;
    const bool disarmed = st && reads_disarmed(*st);
    record.disarm_confirmed = disarmed;
    step.detail["observed"] = {{"state", st ? to_string(st->state) : "?"}, {"raw", status->text}};
    if (st && st->pulses) step.detail["observed"]["pulses"] = *st->pulses;
    if (disarmed) {
      record.disarmed_state = to_string(st->state);
      step.detail["disarmed_state"] = record.disarmed_state;
    }
    if (!disarmed) {
      step.verdict = Verdict::fail;
      step.message +=
          (step.message.empty() ? "" : "; ") +
          std::string("device acknowledged the disarm but reads back as ") +
          (st ? to_string(st->state) : "unknown") +
          (st && st->state == DeviceState::fault ? " with its armed flags set or unknown" : "") +
          (st && !st->raw.empty() ? " (" + st->raw + ")" : "");
    }
  }
  if (!disarmed_state_note(record).empty()) step.detail["note"] = disarmed_state_note(record);
  ctx_.events.event("disarm", {{"confirmed", *record.disarm_confirmed},
                               {"state", record.disarmed_state},
                               {"message", step.message}});
  record.steps.push_back(std::move(step));
}

Outcome ScenarioRunner::run_phases(const Scenario& scenario, ScenarioRecord& r) {
  // One executor per scenario: what it knows (armed, pulse counter) spans the phases.
  StepExecutor executor(ctx_, trains_);
  Outcome outcome = run_phase(executor, scenario.setup, "setup", r.steps);
  if (outcome == Outcome::passed) {
    outcome = run_phase(executor, scenario.steps, "steps", r.steps);
  } else {
    add_not_run(scenario.steps, 0, "steps", "not run: setup failed", r.steps);
  }
  // The policy (docs/robustness.md): the teardown runs after a failure and after a device
  // error alike; only an interrupt skips it (the closing disarm still runs).
  if (outcome == Outcome::interrupted) {
    add_not_run(scenario.teardown, 0, "teardown", "not run: interrupted", r.steps);
    executor.attach_pulse_timing();
    return outcome;
  }
  Outcome teardown = run_phase(executor, scenario.teardown, "teardown", r.steps);
  executor.attach_pulse_timing();
  auto severity = [](Outcome o) {
    switch (o) {
      case Outcome::passed:
        return 0;
      case Outcome::failed:
        return 1;
      case Outcome::device_error:
      case Outcome::harness_error:
        return 2;
      case Outcome::interrupted:
        return 3;
    }
    return 3;
  };
  return severity(teardown) > severity(outcome) ? teardown : outcome;
}

ScenarioResult ScenarioRunner::run(const Scenario& scenario) {
  ScenarioResult result;
  ScenarioRecord& r = result.record;
  r.id = scenario.id;
  r.title = scenario.title;
  r.file = scenario.file;
  r.requirements = scenario.requirements;
  r.risk_controls = scenario.risk_controls;
  r.tags = scenario.tags;
  r.start_ns = ctx_.clock.now_ns();
  if (ctx_.progress.scenario_started) ctx_.progress.scenario_started(scenario.id);
  if (ctx_.oracle == nullptr) {  // without an envelope nothing may be judged or fired
    r.verdict = Verdict::error;
    r.message = "no safety envelope configured";
    result.outcome = Outcome::device_error;
    return result;
  }
  const DeviceProfile& profile = ctx_.oracle->profile();
  for (const std::string& capability : scenario.requires_capabilities) {
    if (!profile.has_capability(capability)) {
      r.verdict = Verdict::skipped;
      r.message = "requires capability '" + capability + "', which profile '" + profile.name +
                  "' does not list";
      r.end_ns = r.start_ns;
      return result;
    }
  }
  ctx_.events.event("scenario_start", {{"scenario", scenario.id}, {"file", scenario.file}});
  auto* guard = dynamic_cast<LinkGuard*>(&ctx_.driver);
  const int retries_at_start = guard ? guard->retries() : 0;
  if (guard) guard->begin_scenario();
  Outcome outcome = Outcome::passed;
  // Whatever happens in the phases, even an exception, the closing disarm below runs.
  auto internal_error = [&](const std::string& what) {
    StepRecord step;
    step.name = "internal error";
    step.kind = "internal";
    step.phase = "safety";
    step.location = scenario.file;
    step.start_ns = step.end_ns = ctx_.clock.now_ns();
    step.verdict = Verdict::error;
    step.message = "the harness failed (" + what + "); the device is disarmed next";
    step.failure = FailureClass::harness_error;
    ctx_.events.event("internal_error", {{"message", step.message}});
    r.steps.push_back(std::move(step));
    outcome = Outcome::device_error;
  };
  try {
    outcome = run_phases(scenario, r);
  } catch (const std::exception& e) {
    internal_error(e.what());
  } catch (...) {
    internal_error("unknown exception");
  }
  try {
    disarm_and_confirm(r);
  } catch (const std::exception& e) {
    r.disarm_confirmed = false;
    internal_error(std::string("during the closing disarm: ") + e.what());
  } catch (...) {
    r.disarm_confirmed = false;
    internal_error("during the closing disarm: unknown exception");
  }

  r.verdict = Verdict::skipped;
  for (StepRecord& s : r.steps) {
    classify_failure(s);
    r.verdict = worst(r.verdict, s.verdict);
    if (r.message.empty() && (s.verdict == Verdict::fail || s.verdict == Verdict::error)) {
      r.message = s.name + ": " + s.message;
      r.failure = s.failure;
    }
  }
  if (guard) r.message += retry_note(r, guard->retries() - retries_at_start);
  if (outcome == Outcome::passed && r.verdict == Verdict::fail) outcome = Outcome::failed;
  result.outcome = outcome;
  r.end_ns = ctx_.clock.now_ns();
  ctx_.events.event("scenario_end", {{"scenario", scenario.id}, {"verdict", to_string(r.verdict)}});
  return result;
}

void cap_evidence_text(ScenarioRecord& record) {
  record.message = cap_text(record.message);
  for (StepRecord& step : record.steps) {
    step.message = cap_text(step.message);
    cap_strings(step.detail);
  }
}

std::vector<ScenarioRecord> not_run_records(const std::vector<Scenario>& scenarios,
                                            std::size_t from, const std::string& reason) {
  std::vector<ScenarioRecord> out;
  for (std::size_t i = from; i < scenarios.size(); ++i) {
    const Scenario& s = scenarios[i];
    ScenarioRecord r;
    r.id = s.id;
    r.title = s.title;
    r.file = s.file;
    r.requirements = s.requirements;
    r.risk_controls = s.risk_controls;
    r.tags = s.tags;
    r.verdict = Verdict::skipped;
    r.not_run = true;
    r.message = cap_text("not run: " + reason);
    out.push_back(std::move(r));
  }
  return out;
}

namespace {

// Why the run stops after `record`, or empty when the next scenario may start.
std::string stop_reason(const RunResult& out, const ScenarioRecord& record, bool fail_fast) {
  const std::string after = " in '" + record.id + "'";
  if (out.interrupted) return "the run was interrupted" + after;
  if (record.disarm_confirmed == false)
    return "the closing disarm" + after + " was not confirmed, so no further scenario starts";
  if (out.harness_error) return "the harness fell behind real time" + after;
  if (out.device_error) return "a device error" + after + " stopped the run: " + record.message;
  if (out.evidence_lost) return "the transcript could not be written" + after;
  if (fail_fast && out.any_failed) return "--fail-fast after the failure" + after;
  return "";
}

}  // namespace

RunResult run_scenarios(RunContext& context, const std::vector<Scenario>& scenarios,
                        const ScenarioDone& on_done, const OracleFor& oracle_for) {
  RunResult out;
  ScenarioRunner runner(context);
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const Scenario& scenario = scenarios[i];
    if (oracle_for) context.oracle = oracle_for(scenario);
    ScenarioResult result = runner.run(scenario);
    cap_evidence_text(result.record);
    for (const StepRecord& s : result.record.steps) {
      if (s.verdict == Verdict::pass || s.verdict == Verdict::fail) ++out.executed_checks;
    }
    // An error verdict is never a pass, even when the run could go on after it.
    if (result.record.verdict == Verdict::fail || result.record.verdict == Verdict::error)
      out.any_failed = true;
    if (on_done) on_done(result.record);
    if (result.outcome == Outcome::device_error) out.device_error = true;
    if (result.outcome == Outcome::harness_error) out.harness_error = true;
    if (result.outcome == Outcome::interrupted) out.interrupted = true;
    // A device whose disarm could not be confirmed may still be armed: nothing more starts.
    if (result.record.disarm_confirmed == false) out.device_error = true;
    if (context.events.broken()) out.evidence_lost = true;
    std::string stop = stop_reason(out, result.record, context.options.fail_fast);
    out.scenarios.push_back(std::move(result.record));
    if (stop.empty()) continue;
    out.stop_reason = stop;
    for (ScenarioRecord& r : not_run_records(scenarios, i + 1, stop)) {
      context.events.event("scenario_not_run", {{"scenario", r.id}, {"reason", r.message}});
      if (on_done) on_done(r);
      out.scenarios.push_back(std::move(r));
    }
    break;
  }
  return out;
}

}  // namespace stimbench
