// Fuzz target: the scenario loader on any text (the in-memory entry point the file loader
// uses). Asserts: a rejected file always says why, as "fuzz.yaml:line:column: error: ..." or
// "fuzz.yaml: error: ..."; an accepted file yields exactly one scenario.
#include <cstddef>
#include <cstdint>
#include <string>

#include "harness/scenario/loader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using stimbench::fuzz::property_failed;
  std::string text(stimbench::fuzz::as_text(data, size));
  stimbench::LoadResult loaded = stimbench::load_scenario_text(text, "fuzz.yaml");
  if (loaded.ok()) {
    if (loaded.scenarios.size() != 1) property_failed("accepted file without one scenario");
    return 0;
  }
  for (const stimbench::Diagnostic& d : loaded.diagnostics) {
    std::string line = d.to_string();
    if (line.rfind("fuzz.yaml", 0) != 0 || line.find("error: ") == std::string::npos ||
        d.message.empty()) {
      property_failed("diagnostic without file, error: or message");
    }
  }
  return 0;
}
