// Magstim profiles built in code for the driver and dialect tests (independent of the YAML
// fixtures): 200², BiStim² and Rapid² with a two-row frequency cap (50 Hz up to 30 %, 15 Hz
// above), the 500 ms post-train lockout and a 1 s single-pulse interval.
#pragma once

#include <string>

#include "devices/core/profile.hpp"
#include "devices/protocols/magstim/codec.hpp"

namespace stimbench::test {

// Field by field, so new ParameterLimit members keep their defaults.
inline ParameterLimit limit(Parameter parameter, double min, double max, double step,
                            const char* unit) {
  ParameterLimit l;
  l.parameter = parameter;
  l.min = min;
  l.max = max;
  l.step = step;
  l.unit = unit;
  l.enforced_by = EnforcedBy::device;
  return l;
}

inline DeviceProfile magstim_profile(const std::string& variant, const std::string& firmware = "") {
  DeviceProfile p;
  p.name = "magstim-test-" + variant;
  p.family = "magstim";
  p.variant = variant;
  p.identity =
      DeviceIdentity{"Magstim", variant == "rapid" ? "Rapid2" : variant, "TEST-0001", firmware};
  p.serial.baud = 9600;
  ParameterLimit power = limit(Parameter::power, 0, 100, 1, "%");
  if (variant == "rapid") power.in_mode = ModeLimit{Parameter::enhanced_power, 110, 1};
  p.limits.push_back(power);
  p.keepalive_timeout_s = 1.0;
  p.keepalive_poll_s = 0.5;
  p.keepalive_leaves_remote = true;
  p.ready_delay_s = 0.3;
  p.coil_temperature_c = 24;
  p.coil_temperature_limit = ThermalLimit{};
  if (variant == "rapid") {
    const bool modern = magstim::version_from_firmware(firmware).at_least(9);
    p.limits.push_back(limit(Parameter::frequency, 0.1, 50, 0.1, "Hz"));
    p.limits.push_back(limit(Parameter::pulses, 1, modern ? 6000.0 : 1000.0, 1, "pulses"));
    ParameterLimit duration = limit(Parameter::train_duration, 0, modern ? 100.0 : 10.0, 0.1, "s");
    duration.default_value = 0;  // powers up in single-pulse mode (T087 §5.5)
    p.limits.push_back(duration);
    FrequencyCapTable cap;
    cap.rows = {{0, 30, 50}, {31, 100, 15}};
    p.frequency_cap = cap;
    p.lockout = LockoutRule{};
    p.single_pulse_interval_s = 1.0;
    p.single_pulse_interval_above_max_s = 2.0;
    p.limits.push_back(limit(Parameter::enhanced_power, 0, 1, 1, "switch"));
    p.limits.back().default_value = 0;
  } else {
    p.single_pulse_interval_s = 4.0;
  }
  if (variant == "bistim") {
    p.limits.push_back(limit(Parameter::power_b, 0, 100, 1, "%"));
    ParameterLimit interval = limit(Parameter::interval, 0, 999, 1, "ms");
    interval.in_mode = ModeLimit{Parameter::high_resolution, 99.9, 0.1};
    p.limits.push_back(interval);
    p.limits.push_back(limit(Parameter::high_resolution, 0, 1, 1, "switch"));
    p.limits.back().default_value = 0;
  }
  return p;
}

inline DeviceProfile rapid_profile(const std::string& firmware = "9.0.0") {
  return magstim_profile("rapid", firmware);
}

}  // namespace stimbench::test
