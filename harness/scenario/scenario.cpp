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
  if (kind == StepKind::fire || kind == StepKind::train) return true;
  // Raw `send` bytes are not decoded here, so a trigger frame sent raw is not counted.
  return kind == StepKind::repeat && any_stimulates(body);
}

bool Scenario::stimulates() const {
  return any_stimulates(setup) || any_stimulates(steps) || any_stimulates(teardown);
}

}  // namespace stimbench
