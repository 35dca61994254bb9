#include "harness/runner/latency_check.hpp"

#include <cstdio>

#include "harness/evidence/latency_stats.hpp"
#include "harness/runner/judge.hpp"
#include "harness/scenario/duration.hpp"

namespace stimbench {
namespace {

std::string in_ms(std::int64_t ns) {
  char text[48];
  std::snprintf(text, sizeof text, "%.3f ms", static_cast<double>(ns) / 1e6);
  return text;
}

struct Bound {
  const char* name;
  const std::optional<std::chrono::nanoseconds>& limit;
  std::int64_t measured;
};

}  // namespace

void LatencyWindow::add(const StepRecord& record) {
  if (records == 0) first_start_ns = record.start_ns;
  const std::size_t n = record.folded ? record.folded->iterations : 1;
  records += n;
  if (record.verdict == Verdict::skipped) skipped += n;
  add_step_latency(record, latency);
}

StepRecord judge_latency(const LatencyLimits& limits, const Step& step, const std::string& phase,
                         const std::string& name, const LatencyWindow& window,
                         std::int64_t now_ns) {
  StepRecord record = check_record(step, phase, name, "latency",
                                   window.records > 0 ? window.first_start_ns : now_ns, now_ns);
  const bool all_skipped = window.records > 0 && window.skipped == window.records;
  nlohmann::json wanted = nlohmann::json::object();
  for (const auto& [key, limit] : {std::pair{"p50", limits.p50}, std::pair{"p90", limits.p90},
                                   std::pair{"p99", limits.p99}, std::pair{"max", limits.max}}) {
    if (limit) wanted[std::string(key) + "_ns"] = limit->count();
  }
  record.detail["expected"] = {{"latency", wanted}};
  auto summary = window.latency.summary();
  if (!summary) {
    record.verdict = all_skipped ? Verdict::skipped : Verdict::fail;
    record.message = all_skipped ? "every step it covers was skipped"
                                 : "no reply latency was measured, so 'latency' cannot pass";
    return record;
  }
  record.detail["observed"] = {{"latency", latency_summary_json(*summary)}};
  const Bound bounds[] = {{"p50", limits.p50, summary->p50_ns},
                          {"p90", limits.p90, summary->p90_ns},
                          {"p99", limits.p99, summary->p99_ns},
                          {"max", limits.max, summary->max_ns}};
  for (const Bound& b : bounds) {
    if (!b.limit) continue;
    record.measurements.push_back({std::string("latency_") + b.name,
                                   static_cast<double>(b.measured), "ns", std::nullopt,
                                   static_cast<double>(b.limit->count())});
    if (b.measured > b.limit->count() && record.verdict == Verdict::pass) {
      record.verdict = Verdict::fail;
      record.message = std::string("latency ") + b.name + " is " + in_ms(b.measured) + " over " +
                       std::to_string(summary->count) + " replies, above the limit " +
                       format_duration(*b.limit);
      if (summary->relative_resolution > 0)
        record.message += " (the upper edge of its histogram bucket, at most 0.4 % high)";
    }
  }
  return record;
}

}  // namespace stimbench
