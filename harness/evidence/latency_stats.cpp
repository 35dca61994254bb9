#include "harness/evidence/latency_stats.hpp"

#include <algorithm>

namespace stimbench {

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

void add_step_latency(const StepRecord& step, LatencyHistogram& into) {
  if (step.folded) {
    into.merge(step.folded->latency);
  } else if (auto ns = step_latency_ns(step)) {
    into.add(*ns);
  }
}

void LatencyByKind::add(const StepRecord& step) {
  if (!step.folded && !step_latency_ns(step)) return;  // no empty entry for a wait
  add_step_latency(step, samples_[step.kind]);
}

void LatencyByKind::add(const ScenarioRecord& scenario) {
  for (const StepRecord& step : scenario.steps) add(step);
}

nlohmann::json latency_summary_json(const LatencySummary& s) {
  return {{"count", s.count},         {"min_ns", s.min_ns},
          {"p50_ns", s.p50_ns},       {"p90_ns", s.p90_ns},
          {"p99_ns", s.p99_ns},       {"max_ns", s.max_ns},
          {"jitter_ns", s.jitter_ns}, {"relative_resolution", s.relative_resolution}};
}

nlohmann::json LatencyByKind::to_json() {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [kind, samples] : samples_) {
    if (auto s = samples.summary()) out[kind] = latency_summary_json(*s);
  }
  return out;
}

}  // namespace stimbench
