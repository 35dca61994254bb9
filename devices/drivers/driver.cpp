#include "devices/drivers/driver.hpp"

namespace stimbench {

const char* to_string(DeviceState state) {
  switch (state) {
    case DeviceState::standby:
      return "standby";
    case DeviceState::armed:
      return "armed";
    case DeviceState::ready:
      return "ready";
    case DeviceState::firing:
      return "firing";
    case DeviceState::fault:
      return "fault";
    case DeviceState::unknown:
      return "unknown";
  }
  return "unknown";
}

std::optional<DeviceState> device_state_from_string(std::string_view name) {
  for (DeviceState s : {DeviceState::standby, DeviceState::armed, DeviceState::ready,
                        DeviceState::firing, DeviceState::fault, DeviceState::unknown}) {
    if (name == to_string(s)) return s;
  }
  return std::nullopt;
}

}  // namespace stimbench
