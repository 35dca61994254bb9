// One Magstim command against the shared device model. Limits, defects, the watchdog and
// trains live in MockStimulator; this file only maps bytes to its operations and back.
#include <algorithm>
#include <cmath>
#include <string>

#include "devices/mock/magstim_commands.hpp"

namespace stimbench::magstim_mock {

// The helpers the mode commands (magstim_modes.cpp) share with this file.

Bytes refusal(char command, std::uint8_t marker) {
  const char body[] = {command, static_cast<char>(marker)};
  return magstim::frame(std::string_view(body, 2));
}

bool single_pulse_mode(const MockStimulator& device) {
  return device.parameter(Parameter::train_duration).value_or(0) <= 0;
}

namespace {

namespace codes = reference::error_codes;

bool is_rapid(const Unit& unit) {
  return unit.variant == Variant::rapid;
}

// Whether this unit knows the command character (the rest get a lone '?').
bool knows(const Unit& unit, char command) {
  const bool rapid = is_rapid(unit);
  const bool bistim = unit.variant == Variant::bistim;
  switch (command) {
    case 'Q':
    case 'R':
    case '@':
    case 'E':
    case 'F':
      return true;
    case 'J':
      return !rapid;
    case 'A':
    case 'C':
    case 'X':
    case 'Y':
    case 'Z':
      return bistim;
    case 'B':
    case 'D':
    case '[':
    case '\\':
    case 'N':
    case 'I':
    case '^':
    case '_':
    case 'b':
      return rapid;
    case 'x':
    case 'n':
    case 'o':
      return rapid && unit.version.at_least(9);
    default:
      return false;
  }
}

// Answered without remote control (protocols.md §5); everything else gets `<cmd>S`.
bool allowed_without_remote(char command, std::string_view data) {
  switch (command) {
    case 'Q':
    case 'R':
    case 'J':
    case 'F':
    case '\\':
    case 'x':
    case 'N':
    case 'I':
    case 'X':
    case 'o':
      return true;
    case 'E':
      return data == "A";
    default:
      return false;
  }
}

// Zero-padded decimal, clamped into the field (a report never overflows its width).
std::string digits(double value, int width) {
  long limit = 1;
  for (int i = 0; i < width; ++i) limit *= 10;
  long v = std::clamp(std::lround(value), 0L, limit - 1);
  std::string text = std::to_string(v);
  return std::string(static_cast<std::size_t>(width) - text.size(), '0') + text;
}

// `I@`'s source and code: C01 coil over temperature, C02 coil removed, E01 power fault.
std::string error_code_field(const MockStimulator& device) {
  if (device.state() != MockState::fault) return "E00";
  if (device.hardware_fault() == MockDeviceFault::coil_removed) return "C02";
  if (device.hardware_fault() == MockDeviceFault::power_fault) return "E01";
  return "C01";
}

std::uint8_t instrument_byte(const MockStimulator& device) {
  const MockState state = device.state();
  magstim::InstrumentStatus s;
  s.standby = state == MockState::standby;
  s.armed = state == MockState::armed || state == MockState::ready || state == MockState::firing;
  s.ready = state == MockState::ready || state == MockState::firing;
  s.coil_present = device.hardware_fault() != MockDeviceFault::coil_removed;
  s.error_present = s.error_fatal = state == MockState::fault;
  s.remote = device.remote();
  return magstim::encode_instrument_status(s);
}

std::uint8_t rapid_byte(const MockStimulator& device) {
  magstim::RapidStatus s;
  s.train = device.train_running();
  s.wait = device.in_lockout() && !device.train_running();
  s.single_pulse = single_pulse_mode(device);
  s.enhanced_power = device.mode_on(Parameter::enhanced_power);
  s.hv_psu = true;
  s.coil_ready = true;
  return magstim::encode_rapid_status(s);
}

double readback(const MockStimulator& device, Parameter parameter) {
  return device.readback(parameter).value_or(0);
}

// echo + instrument status (+ Rapid status) + fields + checksum.
Bytes ok_reply(char command, const MockStimulator& device, bool with_rapid,
               const std::string& fields = {}) {
  std::string body(1, command);
  body += static_cast<char>(instrument_byte(device));
  if (with_rapid) body += static_cast<char>(rapid_byte(device));
  body += fields;
  return magstim::frame(body);
}

std::optional<int> number(std::string_view data) {
  if (data.empty()) return std::nullopt;
  int value = 0;
  for (char c : data) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

Bytes set(MockStimulator& device, const Unit& unit, char command, std::string_view data,
          std::int64_t now_ns) {
  std::optional<int> n = number(data);
  if (!n) return refusal(command, magstim::kRefusedData);
  Parameter parameter = Parameter::power;
  double value = *n;
  switch (command) {
    case 'A':
      parameter = Parameter::power_b;
      break;
    case 'C':  // whole ms, or 0.1 ms units with high-resolution timing (T086 4.3)
      parameter = Parameter::interval;
      if (device.mode_on(Parameter::high_resolution)) value = *n / 10.0;
      break;
    case 'B':
      parameter = Parameter::frequency;
      value = *n / 10.0;
      break;
    case 'D':
      parameter = Parameter::pulses;
      break;
    case '[':  // 0 selects single-pulse mode; enhanced power may be on (magstim_modes.cpp)
      return train_duration(device, *n, now_ns);
    default:
      break;
  }
  const bool with_rapid = command == 'B' || command == 'D';
  return outcome_reply(command, device.set_parameter(parameter, value, now_ns), device,
                       with_rapid && is_rapid(unit));
}

Bytes mode(MockStimulator& device, const Unit& unit, std::string_view data, std::int64_t now_ns) {
  MockOutcome outcome;
  if (data == "A") {
    outcome = device.disarm(now_ns);
  } else if (data == "B") {
    outcome = device.arm(now_ns);  // already armed: the model refuses -> `ES`
  } else if (data == "H") {
    // A Rapid in train mode runs a whole train per trigger (T087 §5.6).
    outcome = is_rapid(unit) && !single_pulse_mode(device) ? device.initiate(now_ns)
                                                           : device.trigger(now_ns);
  } else {
    return refusal('E', magstim::kRefusedData);
  }
  return outcome_reply('E', outcome, device, false);
}

Bytes remote_on(MockStimulator& device, std::string_view data, std::int64_t now_ns) {
  const std::optional<std::string>& code = device.options().unlock_code;
  if (data == "@") {
    if (code) return refusal('Q', magstim::kRefusedData);
  } else {
    bool printable =
        std::all_of(data.begin(), data.end(), [](char c) { return c > 0x20 && c < 0x7F; });
    if (!printable || (code && *code != data)) return refusal('Q', magstim::kRefusedData);
  }
  device.set_remote(true, now_ns);
  return ok_reply('Q', device, false);
}

Bytes rapid_parameters(const MockStimulator& device, const Unit& unit) {
  const bool v9 = unit.version.at_least(9);
  const double wait_s = device.profile().lockout ? device.profile().lockout->post_train_s : 0.5;
  std::string fields = digits(readback(device, Parameter::power), 3) +
                       digits(readback(device, Parameter::frequency) * 10, 4) +
                       digits(readback(device, Parameter::pulses), v9 ? 5 : 4) +
                       digits(readback(device, Parameter::train_duration) * 10, v9 ? 4 : 3) +
                       digits(wait_s * 10, unit.version.at_least(7) ? 4 : 3);
  return ok_reply('\\', device, true, fields);
}

Bytes parameters(const MockStimulator& device, const Unit& unit) {
  std::string fields = digits(readback(device, Parameter::power), 3);
  if (unit.variant == Variant::bistim) {
    const double ipi_scale = device.mode_on(Parameter::high_resolution) ? 10 : 1;
    fields += digits(readback(device, Parameter::power_b), 3) +
              digits(readback(device, Parameter::interval) * ipi_scale, 3);
  } else {
    fields += "000000";
  }
  return ok_reply('J', device, false, fields);
}

Bytes version_reply(const MockStimulator& device) {
  std::string firmware = device.profile().identity.firmware;
  if (firmware.empty()) firmware = "0.0";
  std::string body = "N";
  if (firmware[0] >= '0' && firmware[0] <= '9') body += 'V';
  body += firmware;
  body += '\0';
  return magstim::frame(body);
}

Bytes query(MockStimulator& device, const Unit& unit, char command) {
  switch (command) {
    case 'J':
      return parameters(device, unit);
    case '\\':
      return rapid_parameters(device, unit);
    case 'F': {  // one coil temperature for both windings
      std::string t = digits(device.coil_temperature_c() * 10, 3);
      return ok_reply('F', device, false, t + t);
    }
    case 'N':
      return version_reply(device);
    case 'I':  // the codes are in the Rapid² manual; these are invented (docs/mock.md)
      return ok_reply('I', device, false, error_code_field(device));
    case 'x':
      return ok_reply('x', device, true, std::string(2, '\0'));
    case 'X': {  // a BiStim pair as master: simultaneous at interval 0, else its timing mode
      const bool simultaneous = readback(device, Parameter::interval) <= 0;
      const bool high = device.mode_on(Parameter::high_resolution);
      return ok_reply('X', device, false, simultaneous ? "1" : high ? "4" : "2");
    }
    case 'o':  // charge delay is not modelled: always 0 ms
      return ok_reply('o', device, false, std::string(unit.version.at_least(10) ? 5 : 4, '0'));
    default:
      return Bytes{magstim::kRefusedData};
  }
}

}  // namespace

// ok: the reply; -222/-104/-241 (range, step, type, not supported): `<cmd>?`; 220 (frequency
// cap): `B?` on a frequency, `<cmd>S` on a power; anything else: `<cmd>S`.
Bytes outcome_reply(char command, const MockOutcome& outcome, const MockStimulator& device,
                    bool with_rapid) {
  if (outcome.ok()) return ok_reply(command, device, with_rapid);
  switch (outcome.code) {
    case codes::kDataOutOfRange:
    case codes::kDataTypeError:
    case codes::kHardwareMissing:
      return refusal(command, magstim::kRefusedData);
    case codes::kUnsafeCombination:
      return refusal(command, command == 'B' ? magstim::kRefusedData : magstim::kRefusedConflict);
    default:
      return refusal(command, magstim::kRefusedConflict);
  }
}

Unit unit_for(const DeviceProfile& profile) {
  Unit unit;
  if (profile.variant == "rapid") {
    unit.variant = Variant::rapid;
    unit.version = magstim::version_from_firmware(profile.identity.firmware);
  } else if (profile.variant == "bistim") {
    unit.variant = Variant::bistim;
  }
  return unit;
}

std::optional<std::size_t> frame_length(const Unit& unit, std::span<const std::uint8_t> head) {
  if (head.empty()) return std::nullopt;
  const char command = static_cast<char>(head[0]);
  if (!knows(unit, command)) return 0;
  const bool v9 = unit.version.at_least(9);
  switch (command) {
    case 'Q':
      if (head.size() < 2) return std::nullopt;
      return head[1] == magstim::kPadding ? 3 : 18;  // `Q@` or `Q` + 16-character code
    case '@':
    case 'A':
    case 'C':
      return 5;
    case 'B':
      return 6;
    case 'D':
      return v9 ? 7 : 6;
    case '[':
      return v9 ? 6 : 5;
    case 'n':
      return unit.version.at_least(10) ? 7 : 6;
    default:
      return 3;
  }
}

Bytes answer(MockStimulator& device, const Unit& unit, std::span<const std::uint8_t> frame,
             std::int64_t now_ns) {
  const char command = static_cast<char>(frame[0]);
  const std::string data = to_text(frame.subspan(1, frame.size() - 2));
  device.command_received(now_ns);  // a valid frame feeds the watchdog
  if (!device.remote() && !allowed_without_remote(command, data)) {
    return refusal(command, magstim::kRefusedConflict);
  }
  switch (command) {
    case 'Q':
      return remote_on(device, data, now_ns);
    case 'R':  // MP: handing control back also disarms
      if (device.state() != MockState::standby) (void)device.disarm(now_ns);
      device.set_remote(false, now_ns);
      return ok_reply('R', device, false);
    case '@':
    case 'A':
    case 'C':
    case 'B':
    case 'D':
    case '[':
      return set(device, unit, command, data, now_ns);
    case 'E':
      return mode(device, unit, data, now_ns);
    case 'b':  // the mock has no coil interlock switch to ignore
      return ok_reply('b', device, false);
    case '^':
    case '_':
      return enhanced_power(device, command == '^', now_ns);
    case 'n':  // the charge delay is not modelled
      return refusal(command, number(data) ? magstim::kRefusedConflict : magstim::kRefusedData);
    case 'Y':
    case 'Z':
      return timing_resolution(device, command == 'Y', now_ns);
    default:
      return query(device, unit, command);
  }
}

}  // namespace stimbench::magstim_mock
