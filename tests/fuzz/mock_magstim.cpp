// Fuzz target: the built-in mock's Magstim command parser (a Rapid² V9); see mock_fuzz.hpp.
// A reply is the lone '?' of an unknown command or a frame whose checksum holds.
#include "devices/protocols/magstim/codec.hpp"
#include "tests/fuzz/mock_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const stimbench::DeviceProfile profile =
      stimbench::fuzz::fixture_profile("magstim-rapid2-v9-240v");
  return stimbench::fuzz::run_mock_input(profile, data, size, [](const stimbench::Bytes& reply) {
    if (reply.size() == 1) return reply[0] == stimbench::magstim::kRefusedData;
    return reply.size() >= 3 && stimbench::magstim::checksum_valid(reply);
  });
}
