// MagVenture MagPro wire framing (protocols.md §2.2): CRC-8/MAXIM and FE|LEN|payload|CRC|FF
// frames. Pure functions, no I/O and no clock; shared by the host driver and the mock.
//
// Wire rules fixed here:
// - LEN counts the payload only (ID byte included); a payload is 1..255 bytes.
// - The CRC covers the payload only, never FE, LEN or FF.
// - No byte stuffing: payload and CRC bytes may equal FE or FF, so a reader must check the
//   FF at LEN+3 and the CRC before it trusts a FE as a frame start.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>

#include "devices/core/bytes.hpp"
#include "devices/core/result.hpp"

namespace stimbench::magventure {

constexpr std::uint8_t kFrameStart = 0xFE;
constexpr std::uint8_t kFrameEnd = 0xFF;
// FE, LEN, CRC and FF around the payload.
constexpr std::size_t kFrameOverhead = 4;
constexpr std::size_t kMaxPayload = 255;

// Multi-byte fields are big-endian (IPI index excepted, see messages.cpp).
inline void put_u16_be(Bytes& out, std::uint16_t value) {
  out.push_back(static_cast<std::uint8_t>(value >> 8));
  out.push_back(static_cast<std::uint8_t>(value & 0xFF));
}

// CRC-8/MAXIM (Dallas 1-Wire): poly 0x31 reflected (0x8C), init 0x00, no final XOR.
// One step of the bitwise form; exposed so tests can check the register byte by byte.
std::uint8_t crc8_update(std::uint8_t crc, std::uint8_t byte);
std::uint8_t crc8_bitwise(std::span<const std::uint8_t> bytes, std::uint8_t crc = 0);
// Table-driven form, the one the codec uses; agrees with crc8_bitwise for every input.
std::uint8_t crc8(std::span<const std::uint8_t> bytes, std::uint8_t crc = 0);

// Whole frame for a payload; invalid_input when the payload is empty or over 255 bytes.
Result<Bytes> encode_frame(std::span<const std::uint8_t> payload);
// Payload of exactly one complete frame (no bytes before or after); protocol_violation with
// the reason (start, length, end marker or CRC) otherwise.
Result<Bytes> decode_frame(std::span<const std::uint8_t> frame);

// Incremental, resynchronising reader for a byte stream (either direction).
// At each position it needs a FE, a LEN >= 1, the FF at LEN+3 and a matching CRC; when any
// check fails it drops one byte and rescans, so a FE inside a frame never loses the real
// frame that follows. Dropped bytes are reported, in stream order, as garbage entries so
// the harness can record them; contiguous drops are merged into one entry.
//
// A stray FE right before a frame reads as a LEN of FE and holds everything back until that
// many bytes arrived or flush() is called. A caller that knows its longest payload (every
// documented one is <= 15 bytes) passes it as `max_payload`; a longer LEN is then dropped at
// once instead of waited for.
class FrameReader {
 public:
  explicit FrameReader(std::size_t max_payload = kMaxPayload) : max_payload_(max_payload) {}

  struct Entry {
    enum class Kind { frame, garbage };
    Kind kind = Kind::frame;
    Bytes bytes;  // frame: the payload (ID first); garbage: the dropped bytes
  };

  void feed(std::span<const std::uint8_t> bytes);
  // Next frame or garbage entry, in stream order; nullopt until more bytes are fed.
  std::optional<Entry> next();
  // Next frame; garbage entries before it are discarded (see dropped_bytes()).
  std::optional<Bytes> next_frame();

  // Bytes held back as the possible start of a frame not yet complete.
  std::size_t buffered() const { return buffer_.size(); }
  // Total bytes dropped as garbage since construction or reset().
  std::size_t dropped_bytes() const { return dropped_; }
  // The stream has gone quiet (the caller's timeout), so a frame still waiting for bytes
  // will not complete: its bytes are dropped one at a time as usual, which still recovers
  // a complete frame hidden behind a false start. Returns how many bytes were dropped.
  std::size_t flush();
  // Forgets everything, queued entries included (a new connection).
  void reset();

 private:
  // Consumes what can be decided; true when stalled on an incomplete candidate frame.
  bool scan();
  void drop(std::size_t count);

  Bytes buffer_;
  std::deque<Entry> entries_;
  std::size_t dropped_ = 0;
  std::size_t max_payload_;
};

}  // namespace stimbench::magventure
