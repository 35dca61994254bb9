// One connection's protocol handler in the mock: bytes from the client in, replies out.
// Each connection gets its own (partial lines never leak between clients); the device
// state behind it is shared and persists across connections. Replies come back one
// element per reply (a line, a frame), so the server's fault schedule can count them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "devices/core/bytes.hpp"

namespace stimbench {

class MockStimulator;

class MockDialect {
 public:
  virtual ~MockDialect() = default;
  // The replies, in order, to what arrived at `now_ns` (possibly none: a partial command).
  virtual std::vector<Bytes> on_bytes(std::span<const std::uint8_t> bytes, std::int64_t now_ns) = 0;
  // What the device sends unasked by `now_ns` (MagPro: a di/dt message after each pulse);
  // called on the server's tick. Most protocols only answer.
  virtual std::vector<Bytes> on_tick(std::int64_t now_ns) {
    (void)now_ns;
    return {};
  }
};

using MockDialectFactory = std::function<std::unique_ptr<MockDialect>(MockStimulator& device)>;

}  // namespace stimbench
