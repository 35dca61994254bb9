// Driver for Magstim 200², BiStim² and Rapid² over their ASCII serial protocol
// (protocols.md §1, §5). The profile's variant ("200", "bistim", "rapid") and firmware
// version choose commands and field widths; the version the device reports after remote
// control is enabled wins over the profile's, and is recorded.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "devices/core/clock.hpp"
#include "devices/core/profile.hpp"
#include "devices/drivers/driver.hpp"
#include "devices/transport/transport.hpp"

namespace stimbench {

struct MagstimDriverOptions {
  // Rapid² V9+ remote-control unlock code (XXXX-XXXXXXXX-XX); never written in clear to
  // the transcript or any report. nullopt: `Q@`.
  std::optional<std::string> unlock_code;
};

std::unique_ptr<StimulatorDriver> make_magstim_driver(Transport& transport, const Clock& clock,
                                                      const DeviceProfile& profile,
                                                      MagstimDriverOptions options = {});

}  // namespace stimbench
