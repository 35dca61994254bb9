// Durations as written in scenario files: "50ms", "1.5s", "2 s", "500us", "1min", or a bare
// number of seconds.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "devices/core/result.hpp"

namespace stimbench {

// Units: ns, us (or µs), ms, s, min. Negative values are rejected (ErrorCode::invalid_input);
// whether zero is allowed is the caller's rule.
Result<std::chrono::nanoseconds> parse_duration(std::string_view text);

// Shortest readable form that parses back to the same value: "1.5s", "50ms", "250us".
std::string format_duration(std::chrono::nanoseconds duration);

}  // namespace stimbench
