// Checks on command-line values, applied to the text before CLI11 converts it: every number
// finite and ranged (input_limits.hpp), seeds unsigned decimals, given strings non-empty.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "harness/config/input_limits.hpp"

namespace stimbench::cli {

// A finite decimal number within `range` ("nan", "inf", "0x10" refused).
CLI::Validator finite_number(const input_limits::Range& range);
// A non-negative decimal integer that fits in 64 bits ("-1" refused, not wrapped).
CLI::Validator unsigned_decimal();
// Refuses '' (an option given with an empty value would silently mean its default).
CLI::Validator non_empty();

}  // namespace stimbench::cli
