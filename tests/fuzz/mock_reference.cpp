// Fuzz target: the built-in mock's reference (SCPI-like) command parser; see mock_fuzz.hpp.
// A reply is one line: it ends in its only '\n'.
#include <algorithm>

#include "tests/fuzz/mock_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const stimbench::DeviceProfile profile = stimbench::fuzz::fixture_profile("reference");
  return stimbench::fuzz::run_mock_input(profile, data, size, [](const stimbench::Bytes& reply) {
    return !reply.empty() && reply.back() == '\n' &&
           std::count(reply.begin(), reply.end(), '\n') == 1;
  });
}
