#include "harness/scenario/scenario.hpp"

#include <algorithm>

namespace stimbench {

std::string SourceLocation::to_string() const {
  // Problems with a whole file (missing, unreadable) have no position to point at.
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

const char* to_string(StepKind kind) {
  switch (kind) {
    case StepKind::identify:
      return "identify";
    case StepKind::remote:
      return "remote";
    case StepKind::set:
      return "set";
    case StepKind::get:
      return "get";
    case StepKind::arm:
      return "arm";
    case StepKind::disarm:
      return "disarm";
    case StepKind::fire:
      return "fire";
    case StepKind::train:
      return "train";
    case StepKind::abort:
      return "abort";
    case StepKind::status:
      return "status";
    case StepKind::temperature:
      return "temperature";
    case StepKind::keepalive:
      return "keepalive";
    case StepKind::send:
      return "send";
    case StepKind::expect_bytes:
      return "expect_bytes";
    case StepKind::wait:
      return "wait";
    case StepKind::sweep:
      return "sweep";
    case StepKind::wait_until:
      return "wait_until";
    case StepKind::repeat:
      return "repeat";
  }
  return "unknown";
}

namespace {
bool any_stimulates(const std::vector<Step>& steps) {
  return std::any_of(steps.begin(), steps.end(), [](const Step& s) { return s.stimulates(); });
}
}  // namespace

StepEffect step_effect(StepKind kind) {
  switch (kind) {
    case StepKind::identify:
    case StepKind::remote:
    case StepKind::set:
    case StepKind::get:
    case StepKind::disarm:
    case StepKind::abort:
    case StepKind::status:
    case StepKind::temperature:
    case StepKind::keepalive:
    case StepKind::expect_bytes:
    case StepKind::wait:
    case StepKind::sweep:  // settings and queries only; it never triggers
    case StepKind::wait_until:
      return StepEffect::none;
    case StepKind::arm:
      return StepEffect::arms;
    case StepKind::fire:
      return StepEffect::fires;
    case StepKind::train:
      return StepEffect::starts_train;
    case StepKind::send:
      return StepEffect::raw_bytes;
    case StepKind::repeat:
      return StepEffect::nested;
  }
  return StepEffect::raw_bytes;  // out-of-range value: treat as the least known, and gate it
}

const std::vector<std::string>& probeable_limits() {
  static const std::vector<std::string> limits = {"lockout", "coil_temperature", "arming"};
  return limits;
}

bool Step::stimulates() const {
  // design.md §7: --allow-stimulation covers fire and train steps. Raw bytes are judged only
  // when sent, so a raw frame could be a trigger: count it. Arming alone delivers nothing
  // (it still meets the interlock).
  switch (step_effect(kind)) {
    case StepEffect::none:
    case StepEffect::arms:
      return false;
    case StepEffect::nested:
      return any_stimulates(body);
    case StepEffect::fires:
    case StepEffect::starts_train:
    case StepEffect::raw_bytes:
      return true;
  }
  return true;
}

bool Step::uses_motor_threshold() const {
  if (power_in_percent_mt) return true;
  return std::any_of(body.begin(), body.end(),
                     [](const Step& s) { return s.uses_motor_threshold(); });
}

bool Scenario::stimulates() const {
  return any_stimulates(setup) || any_stimulates(steps) || any_stimulates(teardown);
}

bool Scenario::uses_motor_threshold() const {
  for (const auto* phase : {&setup, &steps, &teardown}) {
    for (const Step& s : *phase) {
      if (s.uses_motor_threshold()) return true;
    }
  }
  return false;
}

namespace {
const SourceLocation* first_step_faults(const std::vector<Step>& steps) {
  for (const Step& s : steps) {
    if (!s.faults.empty()) return &s.faults_at;
    if (const SourceLocation* inner = first_step_faults(s.body)) return inner;
  }
  return nullptr;
}
}  // namespace

const SourceLocation* Scenario::first_faults() const {
  if (!faults.empty()) return &faults_at;
  for (const auto* phase : {&setup, &steps, &teardown}) {
    if (const SourceLocation* at = first_step_faults(*phase)) return at;
  }
  return nullptr;
}

const char* to_string(Expectation::Failure failure) {
  switch (failure) {
    case Expectation::Failure::link_fault:
      return "link_fault";
    case Expectation::Failure::protocol_violation:
      return "protocol_violation";
  }
  return "unknown";
}

}  // namespace stimbench
