// Command latency distributions: exact nearest-rank percentiles over every sample, per
// command kind, for record.json and the scenario `latency:` check.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/evidence/run_record.hpp"

namespace stimbench {

struct LatencySummary {
  std::size_t count = 0;
  std::int64_t min_ns = 0;
  std::int64_t p50_ns = 0;
  std::int64_t p90_ns = 0;
  std::int64_t p99_ns = 0;
  std::int64_t max_ns = 0;
  std::int64_t jitter_ns = 0;  // p99 - p50 (docs/evidence-format.md)
};

// The nearest-rank percentile of `sorted` (ascending, non-empty): the smallest sample with at
// least `percent` % of the samples at or below it, i.e. sorted[ceil(percent/100 * n) - 1].
std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, int percent);

// Sorts `samples` in place; nullopt when there are none.
std::optional<LatencySummary> summarize_latencies(std::vector<std::int64_t>& samples);

// The reply latency a step measured (its "latency" measurement in ns), if any.
std::optional<std::int64_t> step_latency_ns(const StepRecord& step);

// Samples grouped by step kind ("get", "set", "status", ...); 8 bytes per command.
class LatencyByKind {
 public:
  void add(const StepRecord& step);
  void add(const ScenarioRecord& scenario);
  // {"<kind>": {count, min_ns, p50_ns, p90_ns, p99_ns, max_ns, jitter_ns}, ...}
  nlohmann::json to_json();

 private:
  std::map<std::string, std::vector<std::int64_t>> samples_;
};

nlohmann::json latency_summary_json(const LatencySummary& summary);

}  // namespace stimbench
