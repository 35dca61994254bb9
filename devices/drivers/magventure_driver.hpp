// Driver for MagVenture MagPro (R30, X100) over its binary framed protocol (protocols.md §2).
// The device sends no error frames: every setting is confirmed by reading it back, and a
// value the device kept or clamped comes back as a refusal (refusal style `readback`).
#pragma once

#include <memory>

#include "devices/core/clock.hpp"
#include "devices/core/profile.hpp"
#include "devices/drivers/driver.hpp"
#include "devices/transport/transport.hpp"

namespace stimbench {

std::unique_ptr<StimulatorDriver> make_magventure_driver(Transport& transport, const Clock& clock,
                                                         const DeviceProfile& profile);

}  // namespace stimbench
