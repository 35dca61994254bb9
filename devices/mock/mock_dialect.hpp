// One connection's protocol handler in the mock: bytes from the client in, reply bytes out.
// Each connection gets its own (partial lines never leak between clients); the device
// state behind it is shared and persists across connections.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>

#include "devices/core/bytes.hpp"

namespace stimbench {

class MockStimulator;

class MockDialect {
 public:
  virtual ~MockDialect() = default;
  // Returns the bytes to send back (possibly none) for what arrived at `now_ns`.
  virtual Bytes on_bytes(std::span<const std::uint8_t> bytes, std::int64_t now_ns) = 0;
};

using MockDialectFactory = std::function<std::unique_ptr<MockDialect>(MockStimulator& device)>;

}  // namespace stimbench
