// A device's specification as plain values: limits, capabilities, serial settings.
// Loaded from fixtures/profiles/*.yaml by harness/config; nothing here knows YAML.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stimbench {

enum class Parameter { power, frequency, pulses, train_duration, train_iti, train_count };

const char* to_string(Parameter parameter);
std::optional<Parameter> parameter_from_string(std::string_view name);
const std::vector<Parameter>& all_parameters();

// Who must refuse a value outside the limit (design.md §1).
enum class EnforcedBy { device, host };

struct ParameterLimit {
  Parameter parameter = Parameter::power;
  double min = 0;
  double max = 0;
  double step = 1;
  std::string unit;
  EnforcedBy enforced_by = EnforcedBy::device;
};

enum class RefusalStyle { reply, readback };

enum class Parity { none, odd, even };
enum class FlowControl { none, xonxoff, rtscts };

struct SerialSettings {
  int baud = 115200;
  int data_bits = 8;
  Parity parity = Parity::none;
  int stop_bits = 1;
  FlowControl flow_control = FlowControl::none;
};

struct DeviceIdentity {
  std::string maker;
  std::string model;
  std::string serial;
  std::string firmware;
};

struct DeviceProfile {
  std::string name;    // e.g. "reference"
  std::string family;  // protocol family: "reference", "magstim", "magventure"
  DeviceIdentity identity;  // what a mock of this profile reports
  SerialSettings serial;
  RefusalStyle refusal_style = RefusalStyle::reply;
  std::vector<std::string> capabilities;
  std::vector<ParameterLimit> limits;
  double keepalive_timeout_s = 1.0;  // armed without a command for this long: disarm
  double ready_delay_s = 0.3;        // armed -> ready
  double coil_temperature_c = 24.0;  // mock's starting coil temperature
  std::string source;                // provenance of the numbers
  bool verified = false;

  const ParameterLimit* limit(Parameter parameter) const;
  bool has_capability(std::string_view capability) const;
};

}  // namespace stimbench
