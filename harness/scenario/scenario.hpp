// A scenario as plain values, after loading and validation. Nothing here knows YAML.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "devices/core/bytes.hpp"
#include "devices/core/profile.hpp"
#include "devices/drivers/driver.hpp"

namespace stimbench {

struct SourceLocation {
  std::string file;
  int line = 0;                   // 1-based
  int column = 0;                 // 1-based
  std::string to_string() const;  // "file:line:column"
};

enum class StepKind {
  identify,  // identify
  remote,    // remote: on|off
  set,       // set: {power: 50, frequency: 10}
  get,       // get: power
  arm,
  disarm,
  fire,   // one pulse
  train,  // start the train sequence
  abort,
  status,
  temperature,
  keepalive,
  send,          // send: "2A 49 44 4E 3F 0A" or send: {text: "*IDN?\n"}
  expect_bytes,  // expect_bytes: "4F 4B 0A" or {text: "OK\n"}
  wait,          // wait: 1.5s or wait: {duration: 1.5s, keepalive: false}
  repeat,        // repeat: {count: 3, steps: [...]}
  sweep,         // sweep: {parameter: power, wrong_types: true, combined: true}
  wait_until,    // wait_until: {state: ready, timeout: 40min, poll: 1s, min: 2200s, max: 2250s}
};

const char* to_string(StepKind kind);

// What a step kind can do to the coil: the one decision behind both the --allow-stimulation
// gate and the interlock (a switch with no default, so a new kind must be placed here).
enum class StepEffect { none, arms, fires, starts_train, raw_bytes, nested };
StepEffect step_effect(StepKind kind);

// The limit ids a step may name in `probe:`: device-enforced rules whose refusal a scenario
// checks by sending the trigger anyway ("lockout", "coil_temperature", "arming": a trigger while
// the device is still arming).
const std::vector<std::string>& probeable_limits();

struct Expectation {
  // interlock_refusal: `refused_by: interlock`, the harness itself must refuse the trigger
  // (a host-enforced limit); nothing is sent either way.
  // any_of: the step passes when one of `alternatives` does (every safe outcome where the
  // documents leave the device's answer open).
  // failure: `failure: link_fault | protocol_violation`, the harness must detect that failure
  // in this step's exchange (scenarios/faults/): the step passes only when it did, so an
  // injected fault that the harness missed fails.
  enum class Kind { none, accepted, refused, value, state, interlock_refusal, any_of, failure };
  enum class Failure { link_fault, protocol_violation };
  Kind kind = Kind::none;
  std::optional<int> refusal_code;   // refused: the device's error code must match
  std::optional<double> equals;      // value
  double tolerance = 0;              // value: |observed - equals| <= tolerance
  std::optional<DeviceState> state;  // state (status steps)
  bool state_unchanged = false;      // refused: read back every parameter before and after
  std::optional<double> at_most;     // value: observed <= at_most
  std::optional<double> at_least;    // value: observed >= at_least
  std::optional<std::uint64_t> pulses_since_train;  // status: pulses since the last train start
  std::vector<Expectation> alternatives;            // any_of: 2 to 8, none of them any_of itself
  Failure failure = Failure::link_fault;            // failure
};
const char* to_string(Expectation::Failure failure);  // "link_fault", "protocol_violation"

// `latency: {p50: 5ms, p90: 8ms, p99: 20ms, max: 50ms}`: bounds on the reply latencies of the
// step (a repeat: of every command in all its iterations), nearest-rank over all samples.
struct LatencyLimits {
  std::optional<std::chrono::nanoseconds> p50;
  std::optional<std::chrono::nanoseconds> p90;
  std::optional<std::chrono::nanoseconds> p99;
  std::optional<std::chrono::nanoseconds> max;
};

// One `pulse_timing:` bound: a share of the nominal interval ("2%") or a duration ("500us").
struct TimingBound {
  std::optional<double> percent;
  std::optional<std::chrono::nanoseconds> absolute;
};

// `pulse_timing: {ipi_error_p99: 2%, duration_error: 1%}`: bounds on the |error| of the
// pulses of the scenario's last train (docs/scenario-format.md), judged after the step.
struct PulseTimingLimits {
  std::optional<TimingBound> ipi_p50;
  std::optional<TimingBound> ipi_p99;
  std::optional<TimingBound> ipi_max;
  std::optional<TimingBound> burst_onset_p99;
  std::optional<TimingBound> burst_onset_max;
  std::optional<TimingBound> duration;  // the largest over the trains
};

struct Step {
  StepKind kind = StepKind::status;
  SourceLocation where;
  std::string name;  // optional label; default derived from the step
  std::vector<std::pair<Parameter, double>> values;  // set
  std::optional<Parameter> parameter;                // get
  bool remote_on = true;                             // remote
  Bytes bytes;                                       // send / expect_bytes
  std::vector<bool> any_byte;                // expect_bytes: positions written `??` match any byte
  std::chrono::nanoseconds duration{0};      // wait
  bool keepalive = true;                     // wait: feed the watchdog while armed
  int count = 0;                             // repeat
  std::vector<Step> body;                    // repeat
  bool power_in_percent_mt = false;          // set: {power: {percent_mt: 120}}
  std::optional<Parameter> sweep_parameter;  // sweep: one parameter, or all
  bool sweep_wrong_types = true;
  bool sweep_combined = true;
  std::optional<DeviceState> until_state;                  // wait_until
  std::chrono::nanoseconds poll{std::chrono::seconds(1)};  // wait_until
  std::optional<std::chrono::nanoseconds> min_elapsed;     // wait_until, device time
  std::optional<std::chrono::nanoseconds> max_elapsed;
  Expectation expect;
  bool expect_given = false;  // `expect:` was written (else the action's default)
  bool bare = false;          // written as a bare action name (`- arm`): it takes no keys
  // Where the expected behaviour is documented ("T087 6.7", "protocols.md §5") or
  // "assumption"; every check of a safety scenario names one.
  std::string basis;
  std::optional<std::chrono::nanoseconds> within;   // reply latency bound
  std::optional<std::chrono::nanoseconds> timeout;  // expect_bytes / reply deadline
  std::optional<LatencyLimits> latency;             // distribution bounds (repeat or reply)
  std::optional<PulseTimingLimits> pulse_timing;    // the last train's pulses, after this step
  // Capabilities this step needs; a profile without one skips the step, with the reason.
  std::vector<std::string> requires_capabilities;
  // send: the bytes may defeat a device safety feature (driver's safety_override), and the
  // scenario asks for exactly that; without it the harness refuses to send them.
  bool allow_safety_override = false;
  // send: bytes the family's codec cannot classify may go to a real device (recorded as a
  // safety event, and judged by the interlock as a trigger).
  bool allow_unclassified = false;
  // arm / fire / train / send: the one device-enforced limit (e.g. "lockout") this step
  // probes on purpose; the interlock lets it through while every other limit allows it.
  std::optional<std::string> probe;
  // `faults:` fault SPECs for the built-in mock while this step runs (a repeat: all of it),
  // frames counted from the step's start; on top of the scenario's.
  std::vector<std::string> faults;
  SourceLocation faults_at;

  // Whether this step (or any nested one) can make the coil fire.
  bool stimulates() const;
  bool uses_motor_threshold() const;
};

struct Scenario {
  std::string id;  // `scenario:`
  std::string title;
  std::string description;  // free text, for reports
  std::string file;         // path as given
  SourceLocation where;
  std::vector<std::string> requirements;
  std::vector<std::string> risk_controls;
  std::vector<std::string> tags;
  std::vector<std::string> requires_capabilities;  // `requires:`
  std::optional<std::string> profile;
  std::optional<std::string> envelope;  // clinical policy, fixtures/envelopes/NAME.yaml
  SourceLocation profile_at;            // where `profile:` / `envelope:` were written
  SourceLocation envelope_at;
  // `faults:` fault SPECs (docs/mock.md) for the built-in mock while this scenario runs.
  std::vector<std::string> faults;
  SourceLocation faults_at;
  std::vector<Step> setup;
  std::vector<Step> steps;
  std::vector<Step> teardown;  // always runs

  bool stimulates() const;
  bool uses_motor_threshold() const;
  // Where the first `faults:` of the scenario or one of its steps was written, or nullptr.
  const SourceLocation* first_faults() const;
};

}  // namespace stimbench
