// Magstim mode commands on the shared model: Rapid² enhanced power and the train duration
// that leaves single-pulse mode, BiStim² high-resolution timing.
#include "devices/mock/magstim_commands.hpp"

namespace stimbench::magstim_mock {
namespace {

// Turns enhanced power off and brings the power back within its base range (T087 6.8).
MockOutcome leave_enhanced_power(MockStimulator& device, std::int64_t now_ns) {
  MockOutcome outcome = device.set_parameter(Parameter::enhanced_power, 0, now_ns);
  const ParameterLimit* power = device.profile().limit(Parameter::power);
  if (outcome.ok() && power && device.parameter(Parameter::power).value_or(0) > power->max) {
    outcome = device.set_parameter(Parameter::power, power->max, now_ns);
  }
  return outcome;
}

}  // namespace

// `^@`: single-pulse mode only (T087 6.7), unless the build is faulty.
Bytes enhanced_power(MockStimulator& device, bool on, std::int64_t now_ns) {
  const char command = on ? '^' : '_';
  if (!on) return outcome_reply(command, leave_enhanced_power(device, now_ns), device, true);
  if (!single_pulse_mode(device) && !device.has_defect(MockDefect::enhanced_power_in_train)) {
    return refusal(command, magstim::kRefusedConflict);
  }
  return outcome_reply(command, device.set_parameter(Parameter::enhanced_power, 1, now_ns), device,
                       true);
}

// What `[` does with enhanced power on is not documented; MockOptions::enhanced_train picks
// one safe answer. The value's own checks come first: a refused `[` changes nothing.
Bytes train_duration(MockStimulator& device, int tenths, std::int64_t now_ns) {
  const char command = '[';
  const bool enhanced_to_train = tenths != 0 && device.mode_on(Parameter::enhanced_power);
  EnhancedTrainMode mode = device.options().enhanced_train;
  if (device.has_defect(MockDefect::enhanced_power_in_train)) mode = EnhancedTrainMode::keep_power;
  if (enhanced_to_train && mode == EnhancedTrainMode::refuse) {
    return refusal(command, magstim::kRefusedConflict);
  }
  MockOutcome outcome = device.set_parameter(Parameter::train_duration, tenths / 10.0, now_ns);
  if (outcome.ok() && enhanced_to_train && mode == EnhancedTrainMode::drop_enhanced) {
    outcome = leave_enhanced_power(device, now_ns);
  }
  return outcome_reply(command, outcome, device, true);
}

// `Y@` / `Z@`: not while armed; each resets the interval to 1 ms (on) or 10 ms (off)
// (T086 4.7-4.8).
Bytes timing_resolution(MockStimulator& device, bool high, std::int64_t now_ns) {
  const char command = high ? 'Y' : 'Z';
  if (device.state() != MockState::standby) return refusal(command, magstim::kRefusedConflict);
  MockOutcome outcome = device.set_parameter(Parameter::high_resolution, high ? 1 : 0, now_ns);
  if (outcome.ok()) outcome = device.set_parameter(Parameter::interval, high ? 1 : 10, now_ns);
  return outcome_reply(command, outcome, device, false);
}

}  // namespace stimbench::magstim_mock
