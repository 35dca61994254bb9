// Fuzz target: the fault SPEC grammar. Any text must come back as a schedule or an
// invalid_input error; each parsed rule prints in a canonical form that parses back to
// itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "devices/mock/fault_schedule.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto schedule = stimbench::parse_fault_spec(text);
  if (!schedule.ok()) {
    if (schedule.error().code != stimbench::ErrorCode::invalid_input) __builtin_trap();
    return 0;
  }
  if (schedule->rules.empty() || schedule->rules.size() > 256) __builtin_trap();
  for (const stimbench::FaultRule& rule : schedule->rules) {
    std::string canonical = stimbench::to_string(rule);
    auto again = stimbench::parse_fault_spec(canonical);
    if (!again.ok() || again->rules.size() != 1) __builtin_trap();
    if (stimbench::to_string(again->rules[0]) != canonical) __builtin_trap();
    if (rule.jitter > rule.delay) __builtin_trap();
  }
  stimbench::FaultInjector injector(*schedule, size);
  for (int i = 0; i < 64; ++i) {
    auto d = injector.decide(i % 3 ? stimbench::FaultDirection::device_to_host
                                   : stimbench::FaultDirection::host_to_device);
    if (d && d->delay.count() < 0) __builtin_trap();
  }
  return 0;
}
