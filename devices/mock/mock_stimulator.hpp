// The mock stimulator's device model: a pure state machine, no I/O and no clock of its own.
// Every call carries `now_ns` (any monotonic origin); time never runs backwards inside the
// model (an earlier `now_ns` is treated as the latest one seen). docs/mock.md describes the
// behaviour in full; the short version:
//
// - Timers (ready delay, keep-alive, trains, lockout, cooling) run `time_scale` times faster
//   than the profile says. Events are applied one by one in time order, so one long gap
//   gives the same result as many small ticks.
// - The mock enforces the profile's limits in its own code (never through harness/safety):
//   ranges and steps (-222), the frequency cap for the stored power (220), the post-train
//   lockout (211) and the coil temperature cut-off (210). A table marked enforced_by: host
//   (e.g. the Rapid² energy model) is not enforced by the device.
// - Refusal order, settings: 201 not remote, 211 lockout (train running or post-train),
//   -221 train running (profiles without a lockout rule), -104 not a number, -241 no limit
//   in the profile, -222 range/step, 220 frequency above the cap.
//   ARM: 201, 211 in fault, 204 armed/ready/firing, 210 coil above the cut-off.
//   TRIG/INIT: 201, 211 in fault, 211 lockout, 202 standby, 203 armed or firing;
//   INIT also -221 when the parameters cannot make a train (or a burst does not fit).
//   *RST: 210 while in fault and the coil is still above the cut-off.
// - Always accepted, remote or not: queries, *IDN?, *RST, *CLS, SYST:ERR?, SYST:REM,
//   OUTP:DIS (fault stays fault), ABOR (a train stops, the device stays ready).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "devices/core/profile.hpp"
#include "devices/core/result.hpp"
#include "devices/mock/mock_defects.hpp"
#include "devices/protocols/reference/codec.hpp"

namespace stimbench {

enum class MockState { standby, armed, ready, firing, fault };
// Spontaneous hardware faults a fault schedule can inject (docs/mock.md, "Device faults").
enum class MockDeviceFault { over_temperature, coil_removed, power_fault };
const char* to_string(MockState state);  // "standby" ... as DeviceState spells them

// Invented model parameters (docs/mock.md §thermal): the coil warms by
// heat_c_per_joule * E per pulse, where E is the profile's energy table value for the
// power, or joules_at_full_power * power / 100 without a table, and cools exponentially
// toward the profile's coil_temperature_c with this time constant (device seconds).
struct MockThermalModel {
  double heat_c_per_joule = 2.5e-5;
  double cooling_time_constant_s = 600.0;
  double joules_at_full_power = 252.0;
};

// What a Rapid² does with a train duration (`[` > 0) while enhanced power is on. The documents
// only make enhanced power a single-pulse feature (T087 6.7, protocols.md §1.5); the answer
// to `[` is not fixed, so the mock plays each safe reading (docs/mock.md).
enum class EnhancedTrainMode {
  refuse,         // `[S`, nothing changes (the default)
  drop_enhanced,  // accepted; enhanced power goes off and the power back to 100 %, as `_@`
  keep_power,     // accepted; enhanced power stays on at up to 110 % (the host must not fire)
};
const char* to_string(EnhancedTrainMode mode);  // "refuse", "drop", "keep"

struct MockOptions {
  double time_scale = 1.0;  // > 0
  // Coil temperature at start; default: the profile's coil_temperature_c (also ambient).
  std::optional<double> initial_coil_temperature_c;
  MockThermalModel thermal;
  // Each must apply to the profile's family (defects_for_family), else create() fails.
  std::vector<MockDefect> defects;
  // Magstim Rapid² V9+: the one remote-control unlock code this unit accepts; nullopt
  // accepts any well-formed code (protocols.md §5).
  std::optional<std::string> unlock_code;
  // A correct unit that checks its step grid on the exact decimal it received: 5.5 is on a
  // 0.1 grid, 5.500000000000001 is not (it answers "not a multiple of step").
  bool strict_grid = false;
  // MagPro only (family magventure; create() refuses it elsewhere): a correct unit that
  // answers no more than protocols.md §2 promises. 04 gets no page message, only the di/dt
  // of the pulses it fires; a refused amplitude gets no message 1 (§2.5: silently ignored).
  bool minimal_replies = false;
  // Only a profile with an enhanced_power limit may take a mode other than refuse.
  EnhancedTrainMode enhanced_train = EnhancedTrainMode::refuse;
};

// Answer to one logical request: code 0 is accepted, otherwise the SCPI/device code
// (reference::error_codes) with a short reason.
struct MockOutcome {
  int code = 0;
  std::string detail;
  bool ok() const { return code == 0; }
};

class MockStimulator {
 public:
  // Fails (invalid_input) on time_scale <= 0, a limit with min > max or step < 0, a bad
  // thermal option, a malformed cap table or lockout, or a defect not for this family.
  static Result<MockStimulator> create(DeviceProfile profile, MockOptions options = {});

  // --- Reference protocol (mock_reference_commands.cpp) ---
  // One line without its terminator in, one reply line without terminator out. A blank
  // line is not a command: "" and no effect on the watchdog.
  std::string handle_line(std::string_view line, std::int64_t now_ns);
  // A line refused before parsing (e.g. overflow): counted as a command, queued, answered.
  std::string refuse_line(int code, std::string_view detail, std::int64_t now_ns);

  // --- Time ---
  // Applies everything due up to now_ns: ready delay, train pulses, watchdog, cooling.
  void tick(std::int64_t now_ns);
  // When the next train pulse is due (run ns), nullopt when none is: the server wakes then,
  // so a per-pulse report leaves at the pulse's own time, not on the next tick.
  std::optional<std::int64_t> next_pulse_ns() const;
  // A command arrived (any protocol): feeds the keep-alive watchdog.
  void command_received(std::int64_t now_ns);

  // --- Logical operations, shared by every dialect ---
  // Each one also feeds the watchdog, as any command does.
  MockOutcome set_remote(bool on, std::int64_t now_ns);
  MockOutcome set_parameter(Parameter parameter, double value, std::int64_t now_ns);
  MockOutcome arm(std::int64_t now_ns);
  MockOutcome disarm(std::int64_t now_ns);
  // One pulse, only when ready (and, with a single_pulse_interval_s, not too soon after
  // the previous one).
  MockOutcome trigger(std::int64_t now_ns);
  MockOutcome initiate(std::int64_t now_ns);  // train sequence, only when ready
  MockOutcome abort(std::int64_t now_ns);     // stops a train; always allowed
  // *RST: defaults, disarmed, fault cleared once cool; remote, errors and counters kept.
  MockOutcome reset(std::int64_t now_ns);
  // Service hook (DIAG:COIL:TEMP): sets the coil temperature as if the coil were that hot.
  MockOutcome force_coil_temperature(double celsius, std::int64_t now_ns);
  void queue_error(int code, std::string text);
  // A spontaneous hardware fault: train stopped, FAULT, an error queued (210 over temperature,
  // 212 coil removed, 213 power fault). Over temperature clears by *RST once the coil cools;
  // a removed coil or a failed power stage keeps the device in FAULT for the mock's life.
  void spontaneous_fault(MockDeviceFault fault, std::int64_t now_ns);
  std::optional<MockDeviceFault> hardware_fault() const { return hardware_fault_; }
  // The end of a scenario whose `faults:` injected a device fault: the unit is serviced (coil
  // back in, power stage replaced, coil at ambient) and leaves FAULT for standby, so the next
  // scenario meets a working device. Queued errors stay. Nothing to do without such a fault.
  void repair_injected_fault(std::int64_t now_ns);
  // Oldest queued error, or {0, "No error"}.
  reference::ErrorEntry pop_error();
  void clear_errors() { errors_.clear(); }

  // --- Observers (state as of the last call) ---
  MockState state() const { return state_; }
  bool remote() const { return remote_; }
  bool mode_on(Parameter mode_switch) const { return value(mode_switch) >= 0.5; }
  // The value the device uses; nullopt: the profile has no limit for it (not supported).
  std::optional<double> parameter(Parameter parameter) const;
  // What a query reports (differs from parameter() only with the stale-readback defect).
  std::optional<double> readback(Parameter parameter) const;
  // The power of the last pulse delivered (single or in a train); nullopt before the first.
  std::optional<double> last_pulse_power() const { return last_pulse_power_; }
  // During a train, or inside the post-train window (only with a device lockout rule).
  bool in_lockout() const;
  bool has_lockout_rule() const { return lockout_s_.has_value(); }
  // The cut-off the device enforces, nullopt when the profile leaves it to the host.
  std::optional<double> temperature_cutoff_c() const { return cutoff_c_; }
  bool has_defect(MockDefect defect) const;
  std::uint64_t pulses_delivered() const { return pulses_delivered_; }
  bool train_running() const { return train_.has_value(); }
  std::uint64_t trains_started() const { return trains_started_; }
  std::uint64_t trains_completed() const { return trains_completed_; }
  std::uint64_t watchdog_disarms() const { return watchdog_disarms_; }
  // Times remote control ended because the host fell silent in standby.
  std::uint64_t standby_remote_losses() const { return standby_remote_losses_; }
  std::uint64_t commands_received() const { return commands_received_; }
  std::size_t error_queue_size() const { return errors_.size(); }
  double coil_temperature_c() const { return temperature_c_; }
  const DeviceProfile& profile() const { return profile_; }
  const MockOptions& options() const { return options_; }

  static constexpr std::size_t kErrorQueueDepth = 16;

 private:
  MockStimulator(DeviceProfile profile, MockOptions options);

  static constexpr std::size_t kParameterCount = 12;
  struct Train {  // frozen at INITiate; times in clock ns
    std::int64_t start_ns = 0;
    std::int64_t burst_period_ns = 0;  // onset to onset of bursts (1 / frequency)
    std::int64_t pulse_period_ns = 0;  // inside a burst (1 / burst_frequency)
    std::int64_t cycle_ns = 0;         // start of one train to start of the next
    std::uint64_t burst_pulses = 1;
    std::uint64_t pulses_per_train = 0;
    std::uint64_t total_pulses = 0;
    std::uint64_t next_pulse = 0;
    double power = 0;
  };
  enum class Event { none, watchdog, standby_silence, ready, pulse, train_end };

  // mock_timeline.cpp
  void advance(std::int64_t now_ns);
  void touch(std::int64_t now_ns);  // advance, then feed the watchdog
  std::pair<Event, std::int64_t> next_event() const;
  std::int64_t pulse_time(const Train& train, std::uint64_t pulse) const;
  void apply(Event event, std::int64_t at_ns);
  void stop_train(std::int64_t at_ns);  // ends a running train; starts the lockout window
  std::int64_t device_ns(double device_seconds) const;  // scaled to clock ns

  // mock_thermal.cpp
  void deliver_pulse(double power, std::int64_t at_ns);
  double pulse_joules(double power) const;
  void cool_to(std::int64_t at_ns);
  bool above_cutoff() const;
  void enter_fault(std::int64_t at_ns);
  bool persistent_hardware_fault() const;  // mock_device_faults.cpp

  // mock_operations.cpp: the gap single-pulse mode needs before the next pulse.
  std::optional<double> single_pulse_gap_s() const;

  // mock_limits.cpp
  MockOutcome settings_gate() const;  // remote, lockout, train running
  MockOutcome fire_gate() const;      // remote, fault, lockout (TRIG and INIT)
  MockOutcome check_value(Parameter parameter, double& value) const;  // may clamp (defect)
  MockOutcome check_cap(Parameter parameter, double& value);          // may clamp (defect)
  std::optional<double> cap_for(double power) const;
  // The profile's limit as the current mode switches make it (nullopt: not supported).
  std::optional<ParameterLimit> limit_now(Parameter parameter) const;
  bool cap_enforced() const;

  // mock_stimulator.cpp
  void restore_defaults();
  void store(Parameter parameter, double value);
  static std::size_t index(Parameter parameter) { return static_cast<std::size_t>(parameter); }
  double value(Parameter parameter) const { return values_[index(parameter)]; }
  bool supported(Parameter parameter) const { return supported_[index(parameter)]; }

  // mock_reference_commands.cpp
  reference::ReplyLine execute(const reference::Command& command, std::int64_t now_ns);
  reference::ReplyLine execute_setting(const reference::Command& command, Parameter parameter,
                                       std::int64_t now_ns);
  reference::ReplyLine status_reply() const;

  DeviceProfile profile_;
  MockOptions options_;
  std::optional<double> lockout_s_;  // device-enforced post-train lockout, device seconds
  std::optional<double> cutoff_c_;   // device-enforced coil temperature cut-off
  MockState state_ = MockState::standby;
  std::optional<MockDeviceFault> hardware_fault_;  // the last spontaneous fault injected
  bool remote_ = false;
  std::array<double, kParameterCount> values_{};
  std::array<double, kParameterCount> previous_{};  // for the stale-readback defect
  std::array<bool, kParameterCount> supported_{};

  bool has_time_ = false;
  std::int64_t now_ns_ = 0;
  std::int64_t last_command_ns_ = 0;
  std::int64_t ready_at_ns_ = 0;
  std::optional<std::int64_t> lockout_until_ns_;
  std::optional<Train> train_;

  double temperature_c_ = 0;
  std::int64_t temperature_at_ns_ = 0;

  std::optional<std::int64_t> last_single_pulse_ns_;
  std::optional<double> last_pulse_power_;
  std::uint64_t pulses_delivered_ = 0;
  std::uint64_t trains_started_ = 0;
  std::uint64_t trains_completed_ = 0;
  std::uint64_t watchdog_disarms_ = 0;
  std::uint64_t standby_remote_losses_ = 0;
  std::uint64_t commands_received_ = 0;
  std::deque<reference::ErrorEntry> errors_;
};

}  // namespace stimbench
