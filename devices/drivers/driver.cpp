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

namespace stimbench {

Result<Reply> StimulatorDriver::arm(StimulationPermit permit) {
  if (Status ok = permit.redeem(Stimulation::arm); !ok) return ok.error();
  return arm();
}

Result<Reply> StimulatorDriver::fire(StimulationPermit permit) {
  if (Status ok = permit.redeem(Stimulation::fire); !ok) return ok.error();
  return fire();
}

Result<Reply> StimulatorDriver::start_train(StimulationPermit permit) {
  if (Status ok = permit.redeem(Stimulation::train); !ok) return ok.error();
  return start_train();
}

Status StimulatorDriver::send_raw(std::span<const std::uint8_t> bytes, StimulationPermit permit) {
  if (Status ok = permit.redeem(Stimulation::raw, bytes); !ok) return ok.error();
  return send_raw(bytes);
}

}  // namespace stimbench
