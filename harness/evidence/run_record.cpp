#include "harness/evidence/run_record.hpp"

namespace stimbench {

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return "pass";
    case Verdict::fail:
      return "fail";
    case Verdict::error:
      return "error";
    case Verdict::skipped:
      return "skipped";
  }
  return "unknown";
}

const char* to_string(FailureClass failure) {
  switch (failure) {
    case FailureClass::none:
      return "none";
    case FailureClass::check_failed:
      return "check failed";
    case FailureClass::protocol_violation:
      return "protocol violation (device or link)";
    case FailureClass::device_fault:
      return "device fault";
    case FailureClass::link_fault:
      return "link fault";
    case FailureClass::harness_error:
      return "harness error";
    case FailureClass::interrupted:
      return "interrupted";
  }
  return "unknown";
}

void VerdictCounts::add(Verdict verdict) {
  ++total;
  switch (verdict) {
    case Verdict::pass:
      ++passed;
      break;
    case Verdict::fail:
      ++failed;
      break;
    case Verdict::error:
      ++errors;
      break;
    case Verdict::skipped:
      ++skipped;
      break;
  }
}

VerdictCounts count_scenarios(const RunRecord& record) {
  VerdictCounts counts;
  for (const auto& scenario : record.scenarios) {
    counts.add(scenario.verdict);
    if (scenario.not_run) ++counts.not_run;
  }
  return counts;
}

VerdictCounts count_steps(const ScenarioRecord& scenario) {
  VerdictCounts counts;
  for (const auto& step : scenario.steps) counts.add(step.verdict);
  return counts;
}

VerdictCounts count_steps(const RunRecord& record) {
  VerdictCounts counts;
  for (const auto& scenario : record.scenarios) {
    for (const auto& step : scenario.steps) counts.add(step.verdict);
  }
  return counts;
}

}  // namespace stimbench
