// Fuzz target: the built-in mock's MagVenture command parser (a MagPro X100); see
// mock_fuzz.hpp. A reply, and every message sent unasked, is exactly one valid frame.
#include "devices/protocols/magventure/frame.hpp"
#include "tests/fuzz/mock_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const stimbench::DeviceProfile profile =
      stimbench::fuzz::fixture_profile("magventure-magpro-x100");
  return stimbench::fuzz::run_mock_input(profile, data, size, [](const stimbench::Bytes& reply) {
    return stimbench::magventure::decode_frame(reply).ok();
  });
}
