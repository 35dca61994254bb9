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

void VerdictCounts::add(Verdict verdict, int times) {
  total += times;
  switch (verdict) {
    case Verdict::pass:
      passed += times;
      break;
    case Verdict::fail:
      failed += times;
      break;
    case Verdict::error:
      errors += times;
      break;
    case Verdict::skipped:
      skipped += times;
      break;
  }
}

void VerdictCounts::add(const StepRecord& step) {
  // A folded record counts every execution it stands for (the counts fit an int: a
  // scenario runs at most 2,000,000 steps).
  add(step.verdict, step.folded ? static_cast<int>(step.folded->iterations) : 1);
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
  for (const auto& step : scenario.steps) counts.add(step);
  return counts;
}

VerdictCounts count_steps(const RunRecord& record) {
  VerdictCounts counts;
  for (const auto& scenario : record.scenarios) {
    for (const auto& step : scenario.steps) counts.add(step);
  }
  return counts;
}

}  // namespace stimbench
