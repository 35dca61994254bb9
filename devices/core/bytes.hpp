// Byte buffers and their hex form as used in transcripts and scenarios.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "devices/core/result.hpp"

namespace stimbench {

using Bytes = std::vector<std::uint8_t>;

// Bytes as they arrived, stamped on the injected monotonic clock.
struct Chunk {
  Bytes data;
  std::int64_t t_ns = 0;
};

// "51 40 6E" (upper case, space separated).
std::string to_hex(std::span<const std::uint8_t> bytes);
// Accepts "51 40 6E", "51406e", "0x51 0x40"; whitespace and commas ignored.
Result<Bytes> parse_hex(std::string_view text);
Bytes to_bytes(std::string_view text);
std::string to_text(std::span<const std::uint8_t> bytes);
// Printable rendering with \n, \r, \xNN escapes, for messages and transcripts.
std::string escape_bytes(std::span<const std::uint8_t> bytes);
// The same, appended to `out` (a reused buffer: no allocation once it is large enough).
void append_escaped(std::string& out, std::span<const std::uint8_t> bytes);

// How much device input a message quotes: the transcript holds every byte, a message only
// points at them, so a runaway device cannot blow up a step message or a report.
inline constexpr std::size_t kQuotedBytes = 64;
// escape_bytes / to_hex of the first kQuotedBytes of `bytes`; when `total` (the bytes that
// arrived, default bytes.size()) is larger, "... (N bytes, see transcript)" follows.
std::string quote_bytes(std::span<const std::uint8_t> bytes, std::size_t total = 0);
std::string quote_hex(std::span<const std::uint8_t> bytes, std::size_t total = 0);

}  // namespace stimbench
