// Runs a command as a child process and reports its peak resident set and wall time, for the
// memory and session-length figures of ci/bench.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "devices/core/result.hpp"

namespace stimbench::bench {

struct ChildUsage {
  int exit_code = -1;  // 128 + signal when killed by one
  std::int64_t peak_rss_kib = 0;
  double wall_s = 0;
  bool timed_out = false;  // killed at the time limit
};

struct ChildLimits {
  std::int64_t address_space_mib = 0;  // RLIMIT_AS of the child; 0: none
  double wall_s = 0;                   // SIGKILL after this long; 0: none
};

// Runs argv[0] (searched in PATH) with its output passed through; error if it cannot start.
Result<ChildUsage> run_measured(const std::vector<std::string>& argv, ChildLimits limits = {});

}  // namespace stimbench::bench
