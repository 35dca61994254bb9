// Fuzz target: the device profile loader on any text. Asserts: a rejected profile says why
// (an invalid_input error naming fuzz.yaml). An accepted one is then handed to the mock's
// device model, which must accept or refuse it without crashing.
#include <cstddef>
#include <cstdint>
#include <string>

#include "devices/mock/mock_stimulator.hpp"
#include "harness/config/profile_loader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using stimbench::fuzz::property_failed;
  std::string text(stimbench::fuzz::as_text(data, size));
  auto profile = stimbench::load_profile_text(text, "fuzz.yaml");
  if (!profile.ok()) {
    if (profile.error().code != stimbench::ErrorCode::invalid_input ||
        profile.error().message.find("fuzz.yaml") == std::string::npos) {
      property_failed("profile rejected without invalid_input naming the file");
    }
    return 0;
  }
  (void)stimbench::MockStimulator::create(*profile);
  return 0;
}
