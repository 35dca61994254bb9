// The scenario `latency:` check: bounds on the distribution of reply latencies that a step
// (a repeat: every command of every iteration) measured.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "harness/evidence/latency_histogram.hpp"
#include "harness/evidence/run_record.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench {

// What a `latency:` check saw of the records made under its step, in bounded memory.
struct LatencyWindow {
  LatencyHistogram latency;
  std::size_t records = 0;
  std::size_t skipped = 0;
  std::int64_t first_start_ns = 0;
  void add(const StepRecord& record);
};

// Judges the latencies in `window` against `limits`, conservatively: a percentile from the
// histogram is the upper edge of its bucket, never below the true value. The result is one record
// of its own (named "<name> latency"): pass, fail naming the measured value and the limit, fail
// when nothing was measured, or skipped when every step in range was skipped.
StepRecord judge_latency(const LatencyLimits& limits, const Step& step, const std::string& phase,
                         const std::string& name, const LatencyWindow& window, std::int64_t now_ns);

}  // namespace stimbench
