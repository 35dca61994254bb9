#include "harness/evidence/latency_stats.hpp"

#include <algorithm>

namespace stimbench {

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, int percent) {
  const std::size_t n = sorted.size();
  // ceil(percent * n / 100) in integers, at least rank 1.
  std::size_t rank = (static_cast<std::size_t>(percent) * n + 99) / 100;
  if (rank == 0) rank = 1;
  if (rank > n) rank = n;
  return sorted[rank - 1];
}

std::optional<LatencySummary> summarize_latencies(std::vector<std::int64_t>& samples) {
  if (samples.empty()) return std::nullopt;
  std::sort(samples.begin(), samples.end());
  LatencySummary s;
  s.count = samples.size();
  s.min_ns = samples.front();
  s.max_ns = samples.back();
  s.p50_ns = nearest_rank(samples, 50);
  s.p90_ns = nearest_rank(samples, 90);
  s.p99_ns = nearest_rank(samples, 99);
  s.jitter_ns = s.p99_ns - s.p50_ns;
  return s;
}

std::optional<std::int64_t> step_latency_ns(const StepRecord& step) {
  for (const Measurement& m : step.measurements) {
    if (m.name == "latency" && m.unit == "ns") return static_cast<std::int64_t>(m.value);
  }
  return std::nullopt;
}

void LatencyByKind::add(const StepRecord& step) {
  if (auto ns = step_latency_ns(step)) samples_[step.kind].push_back(*ns);
}

void LatencyByKind::add(const ScenarioRecord& scenario) {
  for (const StepRecord& step : scenario.steps) add(step);
}

nlohmann::json latency_summary_json(const LatencySummary& s) {
  return {{"count", s.count},        {"min_ns", s.min_ns}, {"p50_ns", s.p50_ns},
          {"p90_ns", s.p90_ns},      {"p99_ns", s.p99_ns}, {"max_ns", s.max_ns},
          {"jitter_ns", s.jitter_ns}};
}

nlohmann::json LatencyByKind::to_json() {
  nlohmann::json out = nlohmann::json::object();
  for (auto& [kind, samples] : samples_) {
    if (auto s = summarize_latencies(samples)) out[kind] = latency_summary_json(*s);
  }
  return out;
}

}  // namespace stimbench
