#include "devices/core/profile.hpp"

#include <algorithm>
#include <cmath>

namespace stimbench {

const char* to_string(Parameter parameter) {
  switch (parameter) {
    case Parameter::power:
      return "power";
    case Parameter::frequency:
      return "frequency";
    case Parameter::pulses:
      return "pulses";
    case Parameter::train_duration:
      return "train_duration";
    case Parameter::train_iti:
      return "train_iti";
    case Parameter::train_count:
      return "train_count";
    case Parameter::burst_pulses:
      return "burst_pulses";
    case Parameter::burst_frequency:
      return "burst_frequency";
    case Parameter::power_b:
      return "power_b";
    case Parameter::interval:
      return "interval";
    case Parameter::enhanced_power:
      return "enhanced_power";
    case Parameter::high_resolution:
      return "high_resolution";
  }
  return "unknown";
}

const std::vector<std::string_view>& known_capabilities() {
  static const std::vector<std::string_view> names = {
      "remote",                 // a remote-control handshake (Magstim Q@, SYST:REM)
      "keepalive",              // a watchdog that disarms when the host falls silent
      "single_pulse",           // fire one pulse on command
      "single_pulse_mode",      // train_duration 0 selects single-pulse mode (Rapid²)
      "train",                  // trains: frequency and pulses
      "train_duration",         // a settable train duration
      "train_sequence",         // trains per sequence and inter-train interval
      "temperature",            // coil temperature read-back
      "raw",                    // raw bytes can be sent and received
      "reference_protocol",     // speaks the reference protocol: its text frames, its error codes
      "magstim_frames",         // raw frames in the Magstim protocol
      "magventure_frames",      // raw frames in the MagVenture protocol
      "theta_burst",            // bursts inside a train
      "coil_temperature_hook",  // the mock's service hook that forces a coil temperature
      "frequency_cap",          // the device refuses frequencies above its cap for the power
      "post_train_lockout",     // the device refuses changes and triggers just after a train
      "version",                // the device reports its firmware version
      "ignore_coil_interlock",  // a command exists that defeats the coil interlock
      "bistim",                 // paired stimulators: power_b and interval
      "enhanced_power",         // a mode that allows power above 100 % (Rapid², 110 %)
      "bistim_timing",          // BiStim² low/high-resolution interval timing
      // The harness reads "armed" apart from "ready" early enough to trigger while arming:
      // a state bit and a read-back faster than half the arming delay.
      "arming_state",
  };
  return names;
}

bool is_known_capability(std::string_view name) {
  const auto& names = known_capabilities();
  return std::find(names.begin(), names.end(), name) != names.end();
}

const std::vector<Parameter>& all_parameters() {
  static const std::vector<Parameter> all = {
      Parameter::power,          Parameter::frequency,       Parameter::pulses,
      Parameter::train_duration, Parameter::train_iti,       Parameter::train_count,
      Parameter::burst_pulses,   Parameter::burst_frequency, Parameter::power_b,
      Parameter::interval,       Parameter::enhanced_power,  Parameter::high_resolution};
  return all;
}

bool is_switch(Parameter parameter) {
  return parameter == Parameter::enhanced_power || parameter == Parameter::high_resolution;
}

ParameterLimit ParameterLimit::effective(bool mode_on) const {
  if (!mode_on || !in_mode) return *this;
  ParameterLimit out = *this;
  out.max = in_mode->max;
  out.step = in_mode->step;
  return out;
}

std::optional<Parameter> parameter_from_string(std::string_view name) {
  for (Parameter p : all_parameters()) {
    if (name == to_string(p)) return p;
  }
  return std::nullopt;
}

const ParameterLimit* DeviceProfile::limit(Parameter parameter) const {
  auto it = std::find_if(limits.begin(), limits.end(),
                         [&](const ParameterLimit& l) { return l.parameter == parameter; });
  return it == limits.end() ? nullptr : &*it;
}

bool DeviceProfile::has_capability(std::string_view capability) const {
  return std::find(capabilities.begin(), capabilities.end(), capability) != capabilities.end();
}

std::optional<double> FrequencyCapTable::cap_at(double power) const {
  for (const FrequencyCapRow& row : rows) {
    if (power >= row.power_from && power <= row.power_to) return row.max_hz;
  }
  return std::nullopt;
}

std::optional<double> EnergyModel::joules_at(double power) const {
  // The table is per whole percent; a fractional power uses the next level up (stricter).
  if (!std::isfinite(power) || power < 0) return std::nullopt;
  auto index = static_cast<std::size_t>(std::ceil(power - 1e-9));
  if (index >= joules_by_power.size()) return std::nullopt;
  return joules_by_power[index];
}

std::optional<double> EnergyModel::min_wait_s(double power, double frequency_hz,
                                              double pulses) const {
  auto energy = joules_at(power);
  if (!energy || frequency_hz <= 0 || sustainable_w <= 0) return std::nullopt;
  double wait = pulses * (frequency_hz * *energy - sustainable_w) / (sustainable_w * frequency_hz);
  return std::max(min_wait_floor_s, wait);
}

std::optional<double> EnergyModel::max_on_time_s(double power, double frequency_hz) const {
  auto energy = joules_at(power);
  if (!energy || *energy <= 0 || frequency_hz <= 0) return std::nullopt;
  return dissipation_j_per_min / (frequency_hz * *energy);
}

}  // namespace stimbench
