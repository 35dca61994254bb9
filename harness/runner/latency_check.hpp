// The scenario `latency:` check: bounds on the distribution of reply latencies that a step
// (a repeat: every command of every iteration) measured.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "harness/evidence/run_record.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench {

// Judges the latencies of records[first..] against `limits`. The result is one record of its
// own (named "<name> latency"): pass, fail naming the measured value and the limit, fail when
// nothing was measured, or skipped when every step in range was skipped.
StepRecord judge_latency(const LatencyLimits& limits, const Step& step, const std::string& phase,
                         const std::string& name, const std::vector<StepRecord>& records,
                         std::size_t first, std::int64_t now_ns);

}  // namespace stimbench
