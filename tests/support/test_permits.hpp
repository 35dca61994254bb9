// Test-only permits: driver and mock tests exercise arm / fire / train / raw sends directly,
// without a harness interlock. Production code has no way to create one (see
// devices/drivers/stimulation_permit.hpp); only this test seam is a friend.
#pragma once

#include <span>

#include "devices/drivers/stimulation_permit.hpp"

namespace stimbench {

struct PermitForTests {
  static StimulationPermit grant(Stimulation kind) { return StimulationPermit(kind); }
  static StimulationPermit raw(std::span<const std::uint8_t> bytes) {
    return StimulationPermit(Stimulation::raw, Bytes(bytes.begin(), bytes.end()));
  }
};

inline StimulationPermit test_permit(Stimulation kind) {
  return PermitForTests::grant(kind);
}
inline StimulationPermit test_raw_permit(std::span<const std::uint8_t> bytes) {
  return PermitForTests::raw(bytes);
}

}  // namespace stimbench
