#include "devices/mock/reference_dialect.hpp"

#include <string>

namespace stimbench {

std::vector<Bytes> ReferenceDialect::on_bytes(std::span<const std::uint8_t> bytes,
                                              std::int64_t now_ns) {
  splitter_.feed(bytes);
  std::vector<Bytes> out;
  while (std::optional<reference::LineSplitter::Line> line = splitter_.next()) {
    std::string reply =
        line->overflowed
            ? device_.refuse_line(reference::error_codes::kCommandError,
                                  "line longer than " +
                                      std::to_string(reference::LineSplitter::kMaxLine) + " bytes",
                                  now_ns)
            : device_.handle_line(line->text, now_ns);
    if (reply.empty()) continue;  // blank line
    reply.push_back('\n');
    out.push_back(to_bytes(reply));
  }
  return out;
}

MockDialectFactory reference_dialect_factory() {
  return [](MockStimulator& device) -> std::unique_ptr<MockDialect> {
    return std::make_unique<ReferenceDialect>(device);
  };
}

}  // namespace stimbench
