// The floor for benchmark (a): a minimal blocking TCP client that sends one command line and
// reads its reply line, nothing else (no parsing, no transcript, no event loop).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "devices/core/result.hpp"

namespace stimbench::bench {

// Round-trip times in ns of `count` exchanges of `line` (ending in '\n') with HOST:PORT, in
// order. The first `warmup` exchanges are made but not returned.
Result<std::vector<std::int64_t>> raw_round_trips(const std::string& host, int port,
                                                  const std::string& line, int count, int warmup);

}  // namespace stimbench::bench
