// The combined summary of a bench run: summary.json at the top of the evidence folder and the
// console lines (docs/many-devices.md documents both).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/cli/device_run.hpp"

namespace stimbench::cli {

struct BenchTotals {
  std::string bench_name;
  std::string clock_name;
  std::int64_t wall_duration_ns = 0;
  std::int64_t device_time_ns = 0;
  int exit_code = 0;
  std::string exit_reason;
};

nlohmann::json bench_summary_json(const BenchTotals& totals, const std::vector<DevicePlan>& plans,
                                  const std::vector<DeviceOutcome>& outcomes);

// "device NAME: exit N (reason); S scenario(s) passed, ...; evidence DIR", when it finishes.
void print_device_line(const DevicePlan& plan, const DeviceOutcome& outcome);
void print_bench_summary(const nlohmann::json& summary, const std::string& out_dir);

}  // namespace stimbench::cli
