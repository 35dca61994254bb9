// What the binary-protocol links (Magstim, MagVenture) share: the write deadline and how a
// timeout reads in an error message.
#pragma once

#include <chrono>
#include <string>

namespace stimbench::link {

// A serial write of a few bytes that has not finished in 1 s never will.
inline constexpr auto kWriteTimeout = std::chrono::seconds(1);

inline std::string ms_text(std::chrono::nanoseconds duration) {
  return std::to_string(duration.count() / 1'000'000) + " ms";
}

}  // namespace stimbench::link
