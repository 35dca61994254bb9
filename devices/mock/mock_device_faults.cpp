// Spontaneous hardware faults injected by a fault schedule (overtemp, coil_removed,
// power_fault). The device reacts as to a real fault: train stopped, FAULT, error queued;
// each dialect reports the state the way its protocol does (docs/mock.md, "Device faults").
#include <algorithm>

#include "devices/mock/mock_stimulator.hpp"

namespace stimbench {

namespace {
// Not in the reference protocol's table (docs/protocols.md is silent): the mock's choice.
constexpr int kCoilRemoved = 212;
constexpr int kPowerFault = 213;
constexpr double kOverTemperatureMarginC = 5;  // how far past the cut-off the coil jumps
constexpr double kDefaultCutoffC = 40;         // when the profile leaves the cut-off to the host
}  // namespace

void MockStimulator::spontaneous_fault(MockDeviceFault fault, std::int64_t now_ns) {
  advance(now_ns);  // not touch(): a fault is not host activity for the watchdog
  hardware_fault_ = fault;
  switch (fault) {
    case MockDeviceFault::over_temperature:
      cool_to(now_ns_);
      temperature_c_ =
          std::max(temperature_c_, cutoff_c_.value_or(kDefaultCutoffC) + kOverTemperatureMarginC);
      enter_fault(now_ns_);  // queues 210 with the coil's temperature
      return;
    case MockDeviceFault::coil_removed:
      stop_train(now_ns_);
      state_ = MockState::fault;
      queue_error(kCoilRemoved, "Coil removed");
      return;
    case MockDeviceFault::power_fault:
      stop_train(now_ns_);
      state_ = MockState::fault;
      queue_error(kPowerFault, "Power fault");
      return;
  }
}

void MockStimulator::repair_injected_fault(std::int64_t now_ns) {
  if (!hardware_fault_) return;
  advance(now_ns);
  hardware_fault_.reset();
  temperature_c_ = profile_.coil_temperature_c;
  temperature_at_ns_ = now_ns_;
  if (state_ == MockState::fault) state_ = MockState::standby;
}

bool MockStimulator::persistent_hardware_fault() const {
  return hardware_fault_ == MockDeviceFault::coil_removed ||
         hardware_fault_ == MockDeviceFault::power_fault;
}

}  // namespace stimbench
