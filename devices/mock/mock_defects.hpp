// Named defects: each makes the mock behave like one faulty device build, in the mock's own
// code path, so the harness can show that it catches that fault (a known-answer test).
// Names are stable kebab-case ids (`stimbench mock --defect NAME`); which defects exist for
// a device depends on its protocol family and capabilities (the table in mock_defects.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "devices/core/profile.hpp"
#include "devices/core/result.hpp"

namespace stimbench {

enum class MockDefect {
  power_above_max,                // accepts a power above the profile's maximum
  frequency_above_cap,            // skips the frequency-cap-for-power check
  ignore_keepalive_loss,          // no keep-alive watchdog
  arm_above_temperature,          // arms above the coil temperature cut-off
  ignore_lockout,                 // no post-train lockout window
  clamp_instead_of_refuse,        // out-of-range values stored clamped, answered OK
  stale_readback,                 // queries report the value before the last accepted change
  fire_while_disarmed,            // TRIG fires in standby
  fire_while_arming,              // TRIG fires while still arming (armed, not ready)
  disarm_ack_stays_armed,         // OUTP:DIS answers OK and changes nothing
  trigger_during_train,           // TRIG fires an extra pulse while a train runs
  ignore_keepalive_while_firing,  // the watchdog does not stop a running train
  // A disable during a train answers "disabled", but the train runs on (MagPro).
  train_continues_after_disable,
  enhanced_power_in_train,      // Rapid²: enhanced power (110 %) in train mode
  abort_ignored,                // ABORt answers OK and the train runs on
  power_above_max_while_armed,  // the power maximum is not checked while armed
  ignore_remote_gating,         // settings and arming accepted without remote control
  extra_train_pulse,            // each train fires one pulse more than `pulses`
};

// The kebab-case name, e.g. "power-above-max".
const char* to_string(MockDefect defect);

struct DefectInfo {
  MockDefect defect = MockDefect::power_above_max;
  std::string name;         // kebab-case id
  std::string description;  // one line, for --list-defects
};

// The defects that apply to a profile (its family's dialect has the code path, and the
// profile has the capabilities the defect changes), in table order.
std::vector<DefectInfo> defects_for_profile(const DeviceProfile& profile);
bool defect_applies(MockDefect defect, const DeviceProfile& profile);

// Exact (case-sensitive) name to defect; ErrorCode::invalid_input naming the known ones.
Result<MockDefect> parse_defect(std::string_view name);

}  // namespace stimbench
