// The mock stimulator's device model: a pure state machine, no I/O and no clock of its own.
// Every call carries `now_ns` (any monotonic origin); time never runs backwards inside the
// model (an earlier `now_ns` is treated as the latest one seen).
//
// Timers run `time_scale` times faster than the profile says (100: a 1 s keep-alive
// expires after 10 ms). Parameters are checked against the profile's limits by the mock
// itself: outside [min, max] or off the step grid (multiples of `step` counted from 0)
// is refused with -222 and nothing changes.
//
// Refusals (reference::error_codes), checked in this order:
//   settings   201 not remote, -221 train running, -104 not a number, -241 no limit in the
//              profile, -222 out of range or off the step grid
//   ARM        201, 211 in fault, 204 already armed/ready/firing
//   TRIG/INIT  201, 211 in fault, 202 standby, 203 armed (not yet ready) or firing;
//              INIT also -221 when frequency/pulses/count cannot make a train
//   *RST       210 while in fault and the coil is still over temperature
// Always accepted, remote or not: queries, *IDN?, *RST, *CLS, SYST:ERR?, SYST:REM,
// OUTP:DIS (fault stays fault), ABOR (a train stops, the device stays ready).
// A train is train_count trains of `pulses` pulses at `frequency`, train_iti seconds from
// the end of one train (last pulse + one period) to the first pulse of the next; the first
// pulse goes at INIT. train_duration is stored and read back but does not drive timing.
// Keep-alive: while armed/ready/firing, no command for keepalive_timeout_s (<= 0: never)
// disarms to standby and stops the train; at an exact tie the watchdog wins over a pulse.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "devices/core/profile.hpp"
#include "devices/core/result.hpp"
#include "devices/protocols/reference/codec.hpp"

namespace stimbench {

enum class MockState { standby, armed, ready, firing, fault };
const char* to_string(MockState state);  // "standby" ... as DeviceState spells them

struct MockOptions {
  double time_scale = 1.0;  // > 0
  // Coil thermal model, all in device time: each pulse warms the coil by
  // heat_per_pulse_c * power/100; the coil cools exponentially toward the profile's
  // coil_temperature_c; at over_temperature_c the device faults (error 210).
  double heat_per_pulse_c = 0.01;
  double cooling_time_constant_s = 300.0;
  double over_temperature_c = 40.0;
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
  // Fails on time_scale <= 0, a limit with min > max or step < 0, or a bad thermal option.
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
  // A command arrived (any protocol): feeds the keep-alive watchdog.
  void command_received(std::int64_t now_ns);

  // --- Logical operations, shared by every dialect ---
  // Each one also feeds the watchdog, as any command does.
  MockOutcome set_remote(bool on, std::int64_t now_ns);
  MockOutcome set_parameter(Parameter parameter, double value, std::int64_t now_ns);
  MockOutcome arm(std::int64_t now_ns);
  MockOutcome disarm(std::int64_t now_ns);
  MockOutcome trigger(std::int64_t now_ns);   // one pulse, only when ready
  MockOutcome initiate(std::int64_t now_ns);  // train sequence, only when ready
  MockOutcome abort(std::int64_t now_ns);     // stops a train; always allowed
  // *RST: defaults, disarmed, fault cleared once cool; remote, errors and counters kept.
  MockOutcome reset(std::int64_t now_ns);
  void queue_error(int code, std::string text);
  // Oldest queued error, or {0, "No error"}.
  reference::ErrorEntry pop_error();
  void clear_errors() { errors_.clear(); }

  // --- Observers (state as of the last call) ---
  MockState state() const { return state_; }
  bool remote() const { return remote_; }
  // nullopt: the profile has no limit for this parameter (not supported).
  std::optional<double> parameter(Parameter parameter) const;
  std::uint64_t pulses_delivered() const { return pulses_delivered_; }
  std::uint64_t trains_started() const { return trains_started_; }
  std::uint64_t trains_completed() const { return trains_completed_; }
  std::uint64_t watchdog_disarms() const { return watchdog_disarms_; }
  std::uint64_t commands_received() const { return commands_received_; }
  std::size_t error_queue_size() const { return errors_.size(); }
  double coil_temperature_c() const { return temperature_c_; }
  const DeviceProfile& profile() const { return profile_; }
  const MockOptions& options() const { return options_; }

  static constexpr std::size_t kErrorQueueDepth = 16;

 private:
  MockStimulator(DeviceProfile profile, MockOptions options);

  struct Train {  // frozen at INITiate; times in clock ns
    std::int64_t start_ns = 0;
    std::int64_t period_ns = 0;
    std::int64_t cycle_ns = 0;  // start of one train to start of the next
    std::uint64_t pulses_per_train = 0;
    std::uint64_t total_pulses = 0;
    std::uint64_t next_pulse = 0;
    double power = 0;
  };
  enum class Event { none, watchdog, ready, pulse, train_end };

  // mock_timeline.cpp
  void advance(std::int64_t now_ns);
  void touch(std::int64_t now_ns);  // advance, then feed the watchdog
  std::pair<Event, std::int64_t> next_event() const;
  void apply(Event event, std::int64_t at_ns);
  void deliver_pulse(double power, std::int64_t at_ns);
  void cool_to(std::int64_t at_ns);
  void enter_fault();
  std::int64_t device_ns(double device_seconds) const;  // scaled to clock ns

  // mock_stimulator.cpp
  void restore_defaults();
  MockOutcome settings_gate() const;  // remote and not firing
  MockOutcome check_value(Parameter parameter, double value) const;
  static std::size_t index(Parameter parameter) { return static_cast<std::size_t>(parameter); }
  double value(Parameter parameter) const { return values_[index(parameter)]; }

  // mock_reference_commands.cpp
  reference::ReplyLine execute(const reference::Command& command, std::int64_t now_ns);
  reference::ReplyLine execute_setting(const reference::Command& command, Parameter parameter,
                                       std::int64_t now_ns);

  DeviceProfile profile_;
  MockOptions options_;
  MockState state_ = MockState::standby;
  bool remote_ = false;
  std::array<double, 6> values_{};
  std::array<bool, 6> supported_{};

  bool has_time_ = false;
  std::int64_t now_ns_ = 0;
  std::int64_t last_command_ns_ = 0;
  std::int64_t ready_at_ns_ = 0;
  std::optional<Train> train_;

  double temperature_c_ = 0;
  std::int64_t temperature_at_ns_ = 0;

  std::uint64_t pulses_delivered_ = 0;
  std::uint64_t trains_started_ = 0;
  std::uint64_t trains_completed_ = 0;
  std::uint64_t watchdog_disarms_ = 0;
  std::uint64_t commands_received_ = 0;
  std::deque<reference::ErrorEntry> errors_;
};

}  // namespace stimbench
