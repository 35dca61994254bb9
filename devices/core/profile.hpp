// A device's specification as plain values: limits, capabilities, serial settings.
// Loaded from fixtures/profiles/*.yaml by harness/config; nothing here knows YAML.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stimbench {

// burst_pulses / burst_frequency describe theta-burst trains: `frequency` is then the burst
// rate (onset to onset) and each burst holds burst_pulses pulses at burst_frequency.
enum class Parameter {
  power,
  frequency,
  pulses,
  train_duration,
  train_iti,
  train_count,
  burst_pulses,
  burst_frequency,
  power_b,   // second stimulator of a BiStim² pair, % of its output
  interval,  // BiStim² inter-pulse interval between the two stimulators, ms
  // Mode switches (0 off, 1 on): they change other limits, never the pulse itself.
  enhanced_power,   // Rapid²: power up to 110 %, single-pulse mode only
  high_resolution,  // BiStim²: interval in 0.1 ms units up to 99.9 ms
};

// A 0/1 mode switch rather than a magnitude: boundary sweeps leave it alone.
bool is_switch(Parameter parameter);

const char* to_string(Parameter parameter);

// Every capability a profile may list and a scenario may require (docs/scenario-format.md);
// an unknown name is an input error, so a typo can never turn a check into a silent skip.
const std::vector<std::string_view>& known_capabilities();
bool is_known_capability(std::string_view name);
std::optional<Parameter> parameter_from_string(std::string_view name);
const std::vector<Parameter>& all_parameters();

// Who must refuse a value outside the limit (design.md §1).
enum class EnforcedBy { device, host };

// The range a parameter has while a mode switch is on (Rapid² enhanced power: 110 %).
struct ModeLimit {
  Parameter mode = Parameter::enhanced_power;
  double max = 0;
  double step = 1;
};

struct ParameterLimit {
  Parameter parameter = Parameter::power;
  double min = 0;
  double max = 0;
  double step = 1;
  std::string unit;
  EnforcedBy enforced_by = EnforcedBy::device;
  // The value the device powers up with (e.g. Rapid² train_duration 0: single-pulse mode).
  std::optional<double> default_value = std::nullopt;
  std::optional<ModeLimit> in_mode = std::nullopt;

  // This limit as it applies with the mode switch `mode_on` (min and unit unchanged).
  ParameterLimit effective(bool mode_on) const;
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

// Where a number comes from, and whether it was checked against a primary source
// (safety-limits.md tags [V] vs [S]/[M]). Reports must say when unverified data was used.
struct Provenance {
  std::string source;
  bool verified = false;
};

// Maximum train frequency by power level: each row covers power_from..power_to (inclusive,
// % of output) with its cap. Rows are disjoint and cover the power range without gaps.
struct FrequencyCapRow {
  double power_from = 0;
  double power_to = 0;
  double max_hz = 0;
};

struct FrequencyCapTable {
  std::vector<FrequencyCapRow> rows;
  EnforcedBy enforced_by = EnforcedBy::device;
  Provenance provenance;
  // nullopt where no row covers the power.
  std::optional<double> cap_at(double power) const;
};

// Rapid²-style energy model (protocols.md §1.8): energy per pulse by whole power percent,
// a sustainable dissipation rate, and the formulas derived from them.
struct EnergyModel {
  std::vector<double> joules_by_power;   // index = power % (0..N)
  double sustainable_w = 1050;           // J/s the coil system can dissipate continuously
  double dissipation_j_per_min = 63000;  // max on-time = this / (f * E)
  double min_wait_floor_s = 0.5;
  EnforcedBy enforced_by = EnforcedBy::host;
  Provenance provenance;

  std::optional<double> joules_at(double power) const;  // nullopt outside the table
  // W = max(floor, N * (f*E - P) / (P * f)); nullopt when E is unknown or f <= 0.
  std::optional<double> min_wait_s(double power, double frequency_hz, double pulses) const;
  // 63000 / (f * E); nullopt when E is 0 (unbounded) or unknown.
  std::optional<double> max_on_time_s(double power, double frequency_hz) const;
};

// After a train the device refuses parameter changes and triggers for this long.
struct LockoutRule {
  double post_train_s = 0.5;
  EnforcedBy enforced_by = EnforcedBy::device;
  Provenance provenance;
};

// The device refuses to arm (and disarms) above this coil temperature.
struct ThermalLimit {
  double cutoff_c = 40.0;
  EnforcedBy enforced_by = EnforcedBy::device;
  Provenance provenance;
};

struct DeviceProfile {
  std::string name;         // e.g. "reference"
  std::string family;       // protocol family: "reference", "magstim", "magventure"
  DeviceIdentity identity;  // what a mock of this profile reports
  SerialSettings serial;
  RefusalStyle refusal_style = RefusalStyle::reply;
  std::vector<std::string> capabilities;
  std::vector<ParameterLimit> limits;
  // Model within the family, for what the wire format needs: magstim "200", "bistim",
  // "rapid"; magventure "r30", "x100"; empty for reference. Firmware version: identity.
  std::string variant;
  double keepalive_timeout_s = 1.0;  // armed without a command for this long: disarm
  // How often the host polls while armed (Magstim: 500 ms); nullopt: a quarter of the timeout.
  std::optional<double> keepalive_poll_s;
  // The watchdog also ends remote control (Magstim, protocols.md §5), not only the output.
  bool keepalive_leaves_remote = false;
  // Under remote control in standby the device wants a command at least this often
  // (Magstim: 10 s, T087 §5.4); the host polls at half of it. nullopt: no such rule.
  std::optional<double> standby_keepalive_timeout_s;
  // Single-pulse mode: at most one pulse per this many seconds (Rapid²: 1 s).
  std::optional<double> single_pulse_interval_s;
  // The same above the power limit's base maximum (Rapid² enhanced power: 2 s).
  std::optional<double> single_pulse_interval_above_max_s;
  double ready_delay_s = 0.3;  // armed -> ready
  // The device's processing time before it answers (the built-in mock's modelled reply
  // latency on virtual time, on top of the wire time); nullopt: the family's default.
  std::optional<double> reply_latency_s;
  double coil_temperature_c = 24.0;  // mock's starting coil temperature
  std::string source;                // provenance of the numbers
  bool verified = false;
  std::optional<FrequencyCapTable> frequency_cap;
  std::optional<EnergyModel> energy;
  std::optional<LockoutRule> lockout;
  std::optional<ThermalLimit> coil_temperature_limit;

  const ParameterLimit* limit(Parameter parameter) const;
  bool has_capability(std::string_view capability) const;
};

}  // namespace stimbench
