// Figures read back from a run's transcript.jsonl: the harness's own stamps, so the benchmark
// measures exactly what the evidence says.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "devices/core/result.hpp"

namespace stimbench::bench {

struct LoopTimes {
  // t_ns(tx) of each command whose `decoded` equals the match, minus the one before it.
  std::vector<std::int64_t> periods_ns;
  // t_ns(next rx) - t_ns(tx) of each matching command.
  std::vector<std::int64_t> latencies_ns;
};

Result<LoopTimes> loop_times(const std::string& transcript_path, const std::string& decoded);

// Nearest-rank percentile of `samples` (sorted in place; 0 when empty), and the mean.
std::int64_t percentile(std::vector<std::int64_t>& samples, int percent);
double mean(const std::vector<std::int64_t>& samples);

}  // namespace stimbench::bench
