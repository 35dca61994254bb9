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

bool Step::stimulates() const {
  // Raw bytes are not decoded, so a raw frame could be a trigger: count it as one.
  if (kind == StepKind::fire || kind == StepKind::train || kind == StepKind::send) return true;
  return kind == StepKind::repeat && any_stimulates(body);
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

}  // namespace stimbench
