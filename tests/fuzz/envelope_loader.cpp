// Fuzz target: the clinical envelope (policy) loader on any text. Asserts: a rejected
// envelope says why (an invalid_input error naming fuzz.yaml).
#include <cstddef>
#include <cstdint>
#include <string>

#include "harness/config/envelope_loader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(stimbench::fuzz::as_text(data, size));
  auto policy = stimbench::load_policy_text(text, "fuzz.yaml");
  if (!policy.ok() && (policy.error().code != stimbench::ErrorCode::invalid_input ||
                       policy.error().message.find("fuzz.yaml") == std::string::npos)) {
    stimbench::fuzz::property_failed("envelope rejected without invalid_input naming the file");
  }
  return 0;
}
