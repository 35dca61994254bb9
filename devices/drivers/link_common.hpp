// What the binary-protocol links (Magstim, MagVenture) share: the write deadline, how a
// timeout reads in an error message, and the raw read behind `expect_bytes`.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "devices/core/bytes.hpp"
#include "devices/core/clock.hpp"
#include "devices/transport/transport.hpp"

namespace stimbench::link {

// A serial write of a few bytes that has not finished in 1 s never will.
inline constexpr auto kWriteTimeout = std::chrono::seconds(1);

inline std::string ms_text(std::chrono::nanoseconds duration) {
  return std::to_string(duration.count() / 1'000'000) + " ms";
}

// Unasked input read before one command, at most: past this the device is flooding the line.
inline constexpr std::size_t kMaxStrayBytes = 64 * 1024;

// Hands the bytes given up on to the transcript ("partial") before the timeout error.
using PartialReport = std::function<void(const Bytes& bytes, std::int64_t t_ns)>;

// Exactly `count` bytes from `pending` (topped up from the transport) within `timeout`; the
// chunk's time is when its last byte arrived. On timeout the bytes so far are reported,
// dropped and named in the error in hex.
Result<Chunk> receive_exactly(Transport& transport, const Clock& clock, Bytes& pending,
                              std::size_t count, std::chrono::nanoseconds timeout,
                              const PartialReport& partial);

}  // namespace stimbench::link
