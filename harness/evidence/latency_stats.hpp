// Command latency distributions per command kind, for record.json and the scenario
// `latency:` check, in bounded memory (latency_histogram.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/evidence/latency_histogram.hpp"
#include "harness/evidence/run_record.hpp"

namespace stimbench {

// Sorts `samples` in place; nullopt when there are none.
std::optional<LatencySummary> summarize_latencies(std::vector<std::int64_t>& samples);

// The reply latency a step measured (its "latency" measurement in ns), if any.
std::optional<std::int64_t> step_latency_ns(const StepRecord& step);

// Adds the step's latencies to `into`: every folded iteration's (StepRecord::folded), or its
// own measurement.
void add_step_latency(const StepRecord& step, LatencyHistogram& into);

// Distributions grouped by step kind ("get", "set", "status", ...).
class LatencyByKind {
 public:
  void add(const StepRecord& step);
  void add(const ScenarioRecord& scenario);
  // {"<kind>": {count, min_ns, p50_ns, p90_ns, p99_ns, max_ns, jitter_ns}, ...}
  nlohmann::json to_json();

 private:
  std::map<std::string, LatencyHistogram> samples_;
};

nlohmann::json latency_summary_json(const LatencySummary& summary);

}  // namespace stimbench
