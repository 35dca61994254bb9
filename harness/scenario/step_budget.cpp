// How many steps a scenario would execute, counted as a product through the nesting of
// repeats so that no expansion is ever needed to find out.
#include <algorithm>

#include "harness/config/input_limits.hpp"
#include "harness/scenario/parse_detail.hpp"

namespace stimbench::scenario_detail {

namespace {

constexpr long long kCeiling = input_limits::kMaxExpandedSteps + 1;

long long saturating_add(long long a, long long b) {
  return a >= kCeiling - b ? kCeiling : a + b;
}

long long saturating_multiply(long long a, long long b) {
  if (a == 0 || b == 0) return 0;
  return a > kCeiling / b ? kCeiling : std::min(kCeiling, a * b);
}

}  // namespace

long long expanded_steps(const std::vector<Step>& steps) {
  long long total = 0;
  for (const Step& step : steps) {
    long long weight = 1;
    if (step.kind == StepKind::repeat) {
      weight = saturating_multiply(std::max(step.count, 0), expanded_steps(step.body));
    } else if (step.kind == StepKind::sweep) {
      weight = input_limits::kSweepStepWeight;
    }
    total = saturating_add(total, weight);
  }
  return total;
}

}  // namespace stimbench::scenario_detail
