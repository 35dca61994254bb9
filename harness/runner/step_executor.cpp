#include "harness/runner/step_executor.hpp"

#include <algorithm>
#include <cmath>

#include "devices/transport/io_wait.hpp"
#include "harness/evidence/latency_stats.hpp"
#include "harness/runner/judge.hpp"
#include "harness/runner/latency_check.hpp"
#include "harness/runner/link_guard.hpp"
#include "harness/runner/readback.hpp"

namespace stimbench {

bool dispatched_kind(StepKind kind) {
  switch (kind) {
    case StepKind::identify:
    case StepKind::remote:
    case StepKind::set:
    case StepKind::get:
    case StepKind::arm:
    case StepKind::disarm:
    case StepKind::fire:
    case StepKind::train:
    case StepKind::abort:
    case StepKind::status:
    case StepKind::temperature:
    case StepKind::keepalive:
      return true;
    default:
      return false;
  }
}

Outcome outcome_for(const Error& error) {
  switch (error.code) {
    case ErrorCode::protocol_violation:
    case ErrorCode::interlock:
      return Outcome::failed;
    case ErrorCode::cancelled:
      return Outcome::interrupted;

    default:
      return Outcome::device_error;
  }
}

Outcome record_error(StepRecord& record, const Error& error, const std::string& context) {
  record.verdict = error.code == ErrorCode::protocol_violation ? Verdict::fail : Verdict::error;
  record.failure = failure_class_of(error);
  record.message = context.empty() ? error.message : context + ": " + error.message;
  return outcome_for(error);
}

std::chrono::nanoseconds StepExecutor::scaled(std::chrono::nanoseconds duration) const {
  double scale = ctx_.options.time_scale > 0 ? ctx_.options.time_scale : 1.0;
  return std::chrono::nanoseconds(static_cast<std::int64_t>(duration.count() / scale));
}

Outcome StepExecutor::run(const Step& step, const std::string& phase, const std::string& name,
                          std::vector<StepRecord>& out) {
  const std::int64_t start_ns = ctx_.clock.now_ns();
  // A command step's faults start with its own command, after any interlock read-back; a
  // wait, repeat or raw step's at its start (docs/scenario-format.md).
  const bool faulted = !step.faults.empty() && ctx_.progress.step_faults;
  if (faulted) {
    ctx_.events.event("step_faults", {{"step", name}, {"faults", step.faults}});
    if (dispatched_kind(step.kind)) {
      pending_faults_ = &step.faults;
    } else {
      ctx_.progress.step_faults(step.faults);
    }
  }
  // The `latency:` check sees every record made under this step as it is kept, folded or not.
  std::optional<LatencyWindow> window;
  if (step.latency) windows_.push_back(&window.emplace());
  Outcome outcome = run_unjudged(step, phase, name, out);
  if (step.latency) windows_.pop_back();
  if (faulted) {
    pending_faults_ = nullptr;
    ctx_.progress.step_faults({});
  }
  if (outcome != Outcome::passed) return outcome;
  if (step.latency) {
    StepRecord check =
        judge_latency(*step.latency, step, phase, name, *window, ctx_.clock.now_ns());
    if (post_check(step, "latency_check", std::move(check), out) != Outcome::passed)
      return Outcome::failed;
  }
  if (step.pulse_timing) return judge_pulses(step, phase, name, start_ns, out);
  return Outcome::passed;
}

void StepExecutor::keep(const Step& step, StepRecord record, std::vector<StepRecord>& out,
                        bool may_fold) {
  for (LatencyWindow* window : windows_) window->add(record);
  last_name_ = record.name;
  last_verdict_ = record.verdict;
  if (may_fold && repeat_depth_ > 0) {
    folder_.keep(&step, std::move(record), out);
  } else {
    out.push_back(std::move(record));
  }
}

Outcome StepExecutor::post_check(const Step& step, const char* event_type, StepRecord check,
                                 std::vector<StepRecord>& out) {
  const bool failed = check.verdict == Verdict::fail;
  ctx_.events.event(event_type, {{"step", check.name},
                                 {"verdict", to_string(check.verdict)},
                                 {"message", check.message},
                                 {"detail", check.detail}});
  if (ctx_.progress.step_ended) ctx_.progress.step_ended(check);
  keep(step, std::move(check), out);
  return failed ? Outcome::failed : Outcome::passed;
}

Outcome StepExecutor::run_unjudged(const Step& step, const std::string& phase,
                                   const std::string& name, std::vector<StepRecord>& out) {
  if (ctx_.interrupt != nullptr && ctx_.interrupt->should_stop()) return Outcome::interrupted;
  if (std::string missing = missing_capability(step); !missing.empty()) {
    StepRecord skipped;
    skipped.name = name;
    skipped.kind = to_string(step.kind);
    skipped.phase = phase;
    skipped.location = step.where.to_string();
    skipped.basis = step.basis;
    skipped.start_ns = skipped.end_ns = ctx_.clock.now_ns();
    skipped.verdict = Verdict::skipped;
    skipped.message = "requires capability '" + missing + "', which profile '" +
                      ctx_.oracle->profile().name + "' does not list";
    ctx_.events.event("step_skipped", {{"step", name}, {"reason", skipped.message}});
    keep(step, std::move(skipped), out);
    return Outcome::passed;
  }
  if (step.kind == StepKind::repeat) {
    ++repeat_depth_;
    struct Leave {
      int& depth;
      ~Leave() { --depth; }
    } leave{repeat_depth_};
    for (int i = 1; i <= step.count; ++i) {
      for (std::size_t j = 0; j < step.body.size(); ++j) {
        std::string inner = name + " [" + std::to_string(i) + "/" + std::to_string(step.count) +
                            "] " + step_label(step.body[j], j);
        Outcome o = run(step.body[j], phase, inner, out);
        if (o != Outcome::passed) return o;
      }
    }
    return Outcome::passed;
  }
  if (step.kind == StepKind::sweep) {
    const std::size_t first = out.size();
    Outcome o = run_sweep(step, phase, name, out);  // one record per case, never folded
    for (std::size_t i = first; i < out.size(); ++i) {
      for (LatencyWindow* window : windows_) window->add(out[i]);
    }
    note_contact();  // the sweep talks to the device throughout
    // Failed cases fail the scenario but do not stop the steps after the sweep.
    return o;
  }
  StepRecord record;
  record.name = name;
  record.kind = to_string(step.kind);
  record.phase = phase;
  record.location = step.where.to_string();
  record.basis = step.basis;
  record.start_ns = ctx_.clock.now_ns();
  ctx_.events.event("step_start", {{"step", name}, {"location", record.location}});
  if (ctx_.progress.step_started) ctx_.progress.step_started(name);
  // The previous step ended at the last contact; this one was due straight after it.
  Outcome outcome = check_harness_on_time(last_contact_ns_, record);
  if (outcome == Outcome::passed) outcome = run_single(step, record);
  if (step.kind != StepKind::wait) note_contact();
  pulses_.collect(ctx_.driver);
  record.end_ns = ctx_.clock.now_ns();
  if (outcome == Outcome::interrupted) {
    record.verdict = Verdict::error;
    record.failure = FailureClass::interrupted;
    if (record.message.empty()) record.message = "interrupted";
  }
  nlohmann::json end = {
      {"step", name}, {"verdict", to_string(record.verdict)}, {"message", record.message}};
  if (auto latency = step_latency_ns(record)) end["latency_ns"] = *latency;
  ctx_.events.event("step_end", std::move(end));
  if (ctx_.progress.step_ended) ctx_.progress.step_ended(record);
  // A train's record is kept in full: its pulse timing is written into it later.
  const bool train = train_started_now_;
  keep(step, std::move(record), out, !train);
  if (train) {
    train_started_now_ = false;
    train_records_ = &out;
    train_record_ = out.size() - 1;
  }
  return outcome;
}

void StepExecutor::note_contact() {
  last_contact_ns_ = ctx_.clock.now_ns();
  silence_intended_ = false;
}

std::int64_t StepExecutor::keepalive_window_ns() const {
  const DeviceProfile& profile = ctx_.oracle->profile();
  double window_s = 0;
  if (maybe_armed_ && profile.keepalive_timeout_s > 0) {
    window_s = profile.keepalive_timeout_s;
  } else if (!maybe_armed_ && maybe_remote_ && profile.standby_keepalive_timeout_s) {
    window_s = *profile.standby_keepalive_timeout_s;
  }
  return scaled(std::chrono::nanoseconds(static_cast<std::int64_t>(window_s * 1e9))).count();
}

Outcome StepExecutor::check_harness_on_time(std::int64_t planned_ns, StepRecord& record) {
  if (ctx_.clock.is_virtual() || last_contact_ns_ < 0 || silence_intended_) return Outcome::passed;
  const std::int64_t window = keepalive_window_ns();
  if (window <= 0) return Outcome::passed;
  const std::int64_t now = ctx_.clock.now_ns();
  const std::int64_t silent = now - last_contact_ns_;
  // Only a plan that met the window can be missed by the harness; a longer planned silence
  // is the scenario's choice and the device's to handle.
  if (silent <= window || planned_ns - last_contact_ns_ > window) return Outcome::passed;
  auto ms = [](std::int64_t ns) { return std::to_string((ns + 500'000) / 1'000'000); };
  record.verdict = Verdict::error;
  record.message = "harness sent the keep-alive " + ms(silent - window) +
                   " ms late; the device's " + ms(window) + " ms window was missed (" + ms(silent) +
                   " ms without a command on " + ctx_.clock.name() +
                   "; the harness was descheduled or overloaded, so what the device did "
                   "next is not judged)";
  record.failure = FailureClass::harness_error;
  record.detail["harness_late"] = {{"silent_ns", silent},
                                   {"window_ns", window},
                                   {"late_ns", silent - window},
                                   {"clock", ctx_.clock.name()}};
  ctx_.events.event("harness_late", record.detail["harness_late"]);
  return Outcome::harness_error;
}

std::string StepExecutor::missing_capability(const Step& step) const {
  for (const std::string& capability : step.requires_capabilities) {
    if (!ctx_.oracle->profile().has_capability(capability)) return capability;
  }
  return "";
}

Outcome StepExecutor::run_single(const Step& step, StepRecord& record) {
  switch (step_effect(step.kind)) {
    case StepEffect::arms:
      return run_gated(step, Stimulation::arm, record);
    case StepEffect::fires:
      return run_gated(step, Stimulation::fire, record);
    case StepEffect::starts_train:
      return run_gated(step, Stimulation::train, record);
    case StepEffect::raw_bytes:
      return run_raw(step, record);
    case StepEffect::nested:  // run() expands repeats before they get here
      record.verdict = Verdict::error;
      record.message = "internal: a nested step reached the executor unexpanded";
      return Outcome::device_error;
    case StepEffect::none:
      break;
  }
  switch (step.kind) {
    case StepKind::wait:
      return run_wait(step, record);
    case StepKind::expect_bytes:
      return run_raw(step, record);
    case StepKind::wait_until:
      return run_wait_until(step, record);
    default:
      if (step.expect.kind == Expectation::Kind::any_of) return run_any_of(step, record);
      if (step.kind == StepKind::set && step.power_in_percent_mt)
        return run_set_percent_mt(step, record);
      if (step.expect.state_unchanged) return run_with_state_check(step, record);
      return run_command(step, record);
  }
}

Outcome StepExecutor::run_gated(const Step& step, Stimulation kind, StepRecord& record) {
  if (step.expect.kind == Expectation::Kind::any_of) return run_any_of(step, record);
  InterlockDecision gate = interlock_.judge(kind, step.probe, record);
  if (step.expect.kind == Expectation::Kind::interlock_refusal)
    return expect_interlock_refusal(gate, record);
  if (!gate.permit) return gate.outcome;
  if (kind != Stimulation::arm) pulse_trigger(kind, gate);
  Outcome o = step.expect.state_unchanged
                  ? run_with_state_check(step, record, std::move(gate.permit))
                  : run_command(step, record, std::move(gate.permit));
  if (o != Outcome::passed || kind == Stimulation::arm) return o;
  return note_train_start(gate, kind == Stimulation::train, record);
}

Result<Reply> StepExecutor::dispatch(const Step& step, StepRecord& record,
                                     std::optional<StimulationPermit> permit) {
  StimulatorDriver& d = ctx_.driver;
  const StepEffect effect = step_effect(step.kind);
  if ((effect == StepEffect::arms || effect == StepEffect::fires ||
       effect == StepEffect::starts_train) &&
      !permit) {
    return make_error(ErrorCode::internal,
                      "a stimulating step reached the driver without "
                      "passing the interlock");
  }
  switch (step.kind) {
    case StepKind::identify:
      return d.identify();
    case StepKind::remote:
      record.detail["requested"] = {{"remote", step.remote_on}};
      return d.set_remote(step.remote_on);
    case StepKind::set: {
      nlohmann::json requested = nlohmann::json::object();
      for (const auto& [parameter, value] : step.values) requested[to_string(parameter)] = value;
      record.detail["requested"] = requested;
      Result<Reply> last = make_error(ErrorCode::internal, "set without values");
      for (const auto& [parameter, value] : step.values) {
        last = d.set(parameter, value);
        if (!last || last->refusal) break;  // the record names what the device answered
      }
      return last;
    }
    case StepKind::get:
      record.detail["requested"] = {{"parameter", to_string(*step.parameter)}};
      return d.get(*step.parameter);
    case StepKind::arm:
      return d.arm(std::move(*permit));
    case StepKind::disarm:
      return d.disarm();
    case StepKind::fire:
      return d.fire(std::move(*permit));
    case StepKind::train:
      return d.start_train(std::move(*permit));
    case StepKind::abort:
      return d.abort();
    case StepKind::status:
      return d.status();
    case StepKind::temperature:
      return d.temperature();
    case StepKind::keepalive:
      return d.keepalive();
    default:
      return make_error(ErrorCode::internal, "not a command step");
  }
}

Outcome StepExecutor::run_command(const Step& step, StepRecord& record,
                                  std::optional<StimulationPermit> permit) {
  Result<Reply> reply = exchange(step, record, std::move(permit));
  Outcome outcome = judge_reply(step, reply, record);
  if (outcome == Outcome::passed && step.expect.pulses_since_train) {
    return check_pulses(step, *reply, record);
  }
  return outcome;
}

Result<Reply> StepExecutor::exchange(const Step& step, StepRecord& record,
                                     std::optional<StimulationPermit> permit) {
  if (pending_faults_ != nullptr) {
    ctx_.progress.step_faults(*pending_faults_);
    pending_faults_ = nullptr;
  }
  Result<Reply> reply = dispatch(step, record, std::move(permit));
  if (const auto* guard = dynamic_cast<const LinkGuard*>(&ctx_.driver))
    record.detail["link"] = guard->last_note().to_json();
  // An arm, fire or train start without an answer may have reached the device: assume the
  // worst, so waits feed the watchdog.
  const StepEffect effect = step_effect(step.kind);
  if (!reply && (effect == StepEffect::arms || effect == StepEffect::fires ||
                 effect == StepEffect::starts_train))
    maybe_armed_ = true;
  if (reply && reply->accepted) {
    if (step.kind == StepKind::arm) maybe_armed_ = true;
    if (step.kind == StepKind::disarm) maybe_armed_ = false;
    if (step.kind == StepKind::remote) maybe_remote_ = step.remote_on;
  }
  if (reply && reply->status) {
    saw_status(*reply);
    DeviceState s = reply->status->state;
    maybe_armed_ = s == DeviceState::armed || s == DeviceState::ready || s == DeviceState::firing;
    maybe_remote_ = reply->status->remote;
  }
  return reply;
}

Outcome StepExecutor::run_wait(const Step& step, StepRecord& record) {
  const std::int64_t start = ctx_.clock.now_ns();
  const auto total = scaled(step.duration);
  const DeviceProfile& profile = ctx_.oracle->profile();
  // A device without a watchdog (timeout 0) needs no feeding. In standby only a device with
  // a standby rule does (Magstim: 10 s), and only under remote control: before V9 the
  // keep-alive is `Q@`, which would take remote control back.
  const bool armed_feed = maybe_armed_ && profile.keepalive_timeout_s > 0;
  const bool standby_feed =
      !armed_feed && maybe_remote_ && profile.standby_keepalive_timeout_s.has_value();
  const bool feed = step.keepalive && (armed_feed || standby_feed);
  // Poll well inside the device's watchdog period: the profile's rate (Magstim: 500 ms of
  // 1 s, the vendor's advice), else a quarter of it for scheduling jitter at high time
  // scales; in standby every half period (MP polls every 5 s of 10 s).
  const double poll_s = armed_feed
                            ? profile.keepalive_poll_s.value_or(profile.keepalive_timeout_s * 0.25)
                            : profile.standby_keepalive_timeout_s.value_or(0) * 0.5;
  const auto period =
      scaled(std::chrono::nanoseconds(static_cast<std::int64_t>(std::max(poll_s, 1e-3) * 1e9)));
  std::int64_t polls = 0;
  for (;;) {
    std::int64_t left = total.count() - (ctx_.clock.now_ns() - start);
    if (left <= 0) break;
    auto slice =
        feed ? std::min(std::chrono::nanoseconds(left), period) : std::chrono::nanoseconds(left);
    const std::int64_t planned = ctx_.clock.now_ns() + slice.count();
    if (Status s = run_for(ctx_.io, ctx_.clock, slice, ctx_.interrupt); !s)
      return outcome_for(s.error());
    if (feed) {
      if (Outcome o = check_harness_on_time(planned, record); o != Outcome::passed) return o;
    }
    if (ctx_.progress.tick) ctx_.progress.tick();
    if (feed && total.count() - (ctx_.clock.now_ns() - start) > 0) {
      Result<Reply> alive = ctx_.driver.keepalive();
      if (!alive) return record_error(record, alive.error(), "keep-alive failed");
      pulses_.status(*alive);  // a status keep-alive also samples the pulse counter
      note_contact();
      ++polls;
    }
  }
  if (!step.keepalive) silence_intended_ = true;
  record.measurements.push_back({"waited", static_cast<double>(ctx_.clock.now_ns() - start), "ns",
                                 std::nullopt, std::nullopt});
  record.detail["requested"] = {{"duration_ns", step.duration.count()},
                                {"scaled_ns", total.count()},
                                {"keepalive", feed},
                                {"keepalive_polls", polls}};
  return Outcome::passed;
}

Outcome StepExecutor::run_raw(const Step& step, StepRecord& record) {
  if (step.kind == StepKind::send) {
    record.detail["requested"] = {{"hex", to_hex(step.bytes)}};
    if (std::optional<std::string> override = ctx_.driver.safety_override(step.bytes)) {
      // Defeating a device safety feature is always on the record, asked for or not.
      ctx_.events.event("safety_event", {{"override", *override},
                                         {"hex", to_hex(step.bytes)},
                                         {"allowed_by_scenario", step.allow_safety_override}});
      record.detail["safety_override"] = *override;
      if (!step.allow_safety_override) {
        record.verdict = Verdict::fail;
        record.message = "refused by the harness: " + *override +
                         " defeats a device safety feature; the step must set "
                         "allow_safety_override: true to send it";
        return Outcome::failed;
      }
    }
    InterlockDecision gate = interlock_.judge_raw(step, record);
    if (step.expect.kind == Expectation::Kind::interlock_refusal)
      return expect_interlock_refusal(gate, record);  // never sent
    if (!gate.permit) return gate.outcome;
    const bool fires = gate.raw_fires;
    if (gate.raw_arms || fires) maybe_armed_ = true;
    if (fires) pulse_trigger(Stimulation::raw, gate);
    Status sent = ctx_.driver.send_raw(step.bytes, std::move(*gate.permit));
    if (!sent) return record_error(record, sent.error());
    // A raw trigger counts as a train start: the stricter reading.
    return fires ? note_train_start(gate, true, record) : Outcome::passed;
  }
  auto timeout = step.timeout.value_or(ctx_.options.reply_timeout);
  const std::int64_t start = ctx_.clock.now_ns();
  Result<Chunk> got = ctx_.driver.receive_raw(step.bytes.size(), timeout);
  std::string expected = to_hex(step.bytes);
  for (std::size_t i = 0; i < step.any_byte.size() && 3 * i + 1 < expected.size(); ++i) {
    if (step.any_byte[i]) expected.replace(3 * i, 2, "??");
  }
  record.detail["expected"] = {{"hex", expected}};
  if (!got) {
    // Missing bytes from a live device are a failed check, not a broken link.
    record.verdict = Verdict::fail;
    record.message = "expect_bytes: " + got.error().message;
    return got.error().code == ErrorCode::timeout ? Outcome::failed : outcome_for(got.error());
  }
  record.detail["observed"] = {{"hex", to_hex(got->data)}};
  record.measurements.push_back(
      {"latency", static_cast<double>(got->t_ns - start), "ns", std::nullopt, std::nullopt});
  bool same = got->data.size() == step.bytes.size();
  for (std::size_t i = 0; same && i < step.bytes.size(); ++i) {
    bool any = i < step.any_byte.size() && step.any_byte[i];
    same = any || got->data[i] == step.bytes[i];
  }
  if (!same) {
    record.verdict = Verdict::fail;
    record.message = "expected bytes " + expected + ", received " + to_hex(got->data);
    return Outcome::failed;
  }
  return Outcome::passed;
}

}  // namespace stimbench
