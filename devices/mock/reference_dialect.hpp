// The reference protocol's framing for the mock: LineSplitter -> MockStimulator -> "\n"
// terminated replies, exactly one reply line per command line (blank lines: none).
#pragma once

#include "devices/mock/mock_dialect.hpp"
#include "devices/mock/mock_stimulator.hpp"
#include "devices/protocols/reference/codec.hpp"

namespace stimbench {

class ReferenceDialect final : public MockDialect {
 public:
  explicit ReferenceDialect(MockStimulator& device) : device_(device) {}

  // A line longer than LineSplitter::kMaxLine is answered ERR -100 once; the splitter
  // discards the rest of it up to the next '\n' and carries on with the following line.
  // Each reply is one "\n"-terminated line.
  std::vector<Bytes> on_bytes(std::span<const std::uint8_t> bytes, std::int64_t now_ns) override;

 private:
  MockStimulator& device_;
  reference::LineSplitter splitter_;
};

MockDialectFactory reference_dialect_factory();

}  // namespace stimbench
