#include "devices/mock/magstim_dialect.hpp"

#include "devices/mock/magstim_commands.hpp"

namespace stimbench {
namespace {

// Frames have no terminator: the command character fixes the length. Bytes may arrive split
// or several frames at once; each complete frame gets exactly one reply.
class MagstimDialect final : public MockDialect {
 public:
  explicit MagstimDialect(MockStimulator& device)
      : device_(device), unit_(magstim_mock::unit_for(device.profile())) {}

  std::vector<Bytes> on_bytes(std::span<const std::uint8_t> bytes, std::int64_t now_ns) override {
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
    std::vector<Bytes> out;
    while (!buffer_.empty()) {
      std::optional<std::size_t> length = magstim_mock::frame_length(unit_, buffer_);
      if (!length) break;
      if (*length == 0) {  // unknown to this unit: one '?', then resume at the next byte
        out.push_back(Bytes{magstim::kRefusedData});
        buffer_.erase(buffer_.begin());
        continue;
      }
      if (buffer_.size() < *length) break;
      Bytes frame(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(*length));
      buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(*length));
      if (!magstim::checksum_valid(frame)) {  // project decision (§5): `<cmd>?`, no effect
        const char body[] = {static_cast<char>(frame[0]), static_cast<char>(magstim::kRefusedData)};
        out.push_back(magstim::frame(std::string_view(body, 2)));
        continue;
      }
      out.push_back(magstim_mock::answer(device_, unit_, frame, now_ns));
    }
    return out;
  }

 private:
  MockStimulator& device_;
  magstim_mock::Unit unit_;
  Bytes buffer_;  // never longer than one frame (18 bytes) between calls
};

}  // namespace

std::unique_ptr<MockDialect> make_magstim_dialect(MockStimulator& device) {
  return std::make_unique<MagstimDialect>(device);
}

}  // namespace stimbench
