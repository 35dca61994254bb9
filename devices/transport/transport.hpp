// Byte transport with per-operation deadlines and arrival timestamps.
//
// Every implementation runs its Asio operations on the io_context it was given and
// blocks the caller by running that context until the operation completes, its
// deadline passes, or the interrupt token asks to stop. Other work on the same
// context (e.g. the in-process mock) progresses meanwhile.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "devices/core/bytes.hpp"
#include "devices/core/result.hpp"

namespace stimbench {

class Transport {
 public:
  virtual ~Transport() = default;

  // Writes all bytes or fails (timeout, closed, io, cancelled).
  virtual Status write(std::span<const std::uint8_t> data, std::chrono::nanoseconds timeout) = 0;
  // Waits up to `timeout` for at least one byte and returns what arrived.
  // Returns ErrorCode::timeout when nothing came, ErrorCode::closed on EOF/hang-up.
  virtual Result<Chunk> read_some(std::chrono::nanoseconds timeout) = 0;
  // Drops bytes already received and not yet read (e.g. before a raw exchange).
  virtual void discard_input() = 0;
  virtual void close() = 0;
  // URI-like description for records, e.g. "tcp://127.0.0.1:5025".
  virtual std::string describe() const = 0;
};

}  // namespace stimbench
