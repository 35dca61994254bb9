#include "harness/cli/bench_summary.hpp"

#include <cstdio>

#include "harness/cli/run_progress.hpp"
#include "harness/evidence/hashing.hpp"
#include "harness/evidence/latency_stats.hpp"

namespace stimbench::cli {
namespace {

nlohmann::json verdict_counts_json(const VerdictCounts& c) {
  return {{"total", c.total},   {"passed", c.passed},   {"failed", c.failed},
          {"errors", c.errors}, {"skipped", c.skipped}, {"not_run", c.not_run}};
}

nlohmann::json bench_latency_json(const LatencyHistogram& samples) {
  auto s = samples.summary();
  if (!s) return nullptr;
  return {{"count", s->count},
          {"min_ns", s->min_ns},
          {"p50_ns", s->p50_ns},
          {"p90_ns", s->p90_ns},
          {"p99_ns", s->p99_ns},
          {"max_ns", s->max_ns},
          {"relative_resolution", s->relative_resolution}};
}

double rate_per_second(std::size_t count, std::int64_t ns) {
  return ns > 0 ? static_cast<double>(count) * 1e9 / static_cast<double>(ns) : 0.0;
}

std::string latency_ms_text(const nlohmann::json& latency, const char* key) {
  if (latency.is_null()) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f ms", latency[key].get<std::int64_t>() / 1e6);
  return buffer;
}

}  // namespace

nlohmann::json bench_summary_json(const BenchTotals& totals, const std::vector<DevicePlan>& plans,
                                  const std::vector<DeviceOutcome>& outcomes) {
  nlohmann::json devices = nlohmann::json::array();
  LatencyHistogram all;
  int missed = 0;
  int failed_steps = 0;
  int passed_devices = 0;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const DeviceOutcome& o = outcomes[i];
    auto manifest = sha256_file(o.out_dir + "/manifest.json");
    devices.push_back({{"name", plans[i].name},
                       {"uri", plans[i].uri_text},
                       {"profile", plans[i].profile.name},
                       {"folder", plans[i].name},
                       {"manifest_sha256", manifest ? *manifest : std::string()},
                       {"exit_code", o.exit_code},
                       {"exit_reason", o.exit_reason},
                       {"scenarios", verdict_counts_json(o.scenarios)},
                       {"steps", verdict_counts_json(o.steps)},
                       {"commands", o.latencies.count()},
                       {"latency", bench_latency_json(o.latencies)},
                       {"missed_keepalives", o.missed_keepalives}});
    all.merge(o.latencies);
    missed += o.missed_keepalives;
    failed_steps += o.steps.failed + o.steps.errors;
    if (o.exit_code == exit_code::kPass) ++passed_devices;
  }
  return {{"bench", totals.bench_name},
          {"clock", totals.clock_name},
          {"exit_code", totals.exit_code},
          {"exit_reason", totals.exit_reason},
          {"device_count", plans.size()},
          {"devices_passed", passed_devices},
          {"device_time_ns", totals.device_time_ns},
          {"wall_duration_ns", totals.wall_duration_ns},
          {"commands", all.count()},
          {"commands_per_wall_second", rate_per_second(all.count(), totals.wall_duration_ns)},
          {"failed_steps", failed_steps},
          {"missed_keepalives", missed},
          {"latency", bench_latency_json(all)},
          {"devices", devices}};
}

void print_device_line(const DevicePlan& plan, const DeviceOutcome& outcome) {
  std::printf(
      "device %s: exit %d (%s); %d scenario(s) passed, %d failed, %d skipped, %d with "
      "errors; evidence %s\n",
      printable(plan.name).c_str(), outcome.exit_code, printable(outcome.exit_reason).c_str(),
      outcome.scenarios.passed, outcome.scenarios.failed, outcome.scenarios.skipped,
      outcome.scenarios.errors, printable(outcome.out_dir).c_str());
  std::fflush(stdout);
}

void print_bench_summary(const nlohmann::json& summary, const std::string& out_dir) {
  const nlohmann::json& latency = summary["latency"];
  std::printf(
      "summary: %zu device(s), %d passed; %zu command(s), %.0f per wall second, p50 %s, "
      "p99 %s; %d failed step(s), %d missed keep-alive(s); exit %d (%s)\n",
      summary["device_count"].get<std::size_t>(), summary["devices_passed"].get<int>(),
      summary["commands"].get<std::size_t>(), summary["commands_per_wall_second"].get<double>(),
      latency_ms_text(latency, "p50_ns").c_str(), latency_ms_text(latency, "p99_ns").c_str(),
      summary["failed_steps"].get<int>(), summary["missed_keepalives"].get<int>(),
      summary["exit_code"].get<int>(),
      printable(summary["exit_reason"].get<std::string>()).c_str());
  std::printf("time: %s device time (%s clock), %s wall\n",
              human_duration(summary["device_time_ns"].get<std::int64_t>() / 1e9).c_str(),
              summary["clock"].get<std::string>().c_str(),
              human_duration(summary["wall_duration_ns"].get<std::int64_t>() / 1e9).c_str());
  std::printf("evidence: %s (one folder per device, summary.json)\n", printable(out_dir).c_str());
  std::fflush(stdout);
}

}  // namespace stimbench::cli
