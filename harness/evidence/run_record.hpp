// The outcome of a run as plain values; the evidence writers turn it into files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "devices/core/profile.hpp"
#include "harness/evidence/latency_histogram.hpp"

namespace stimbench {

enum class Verdict { pass, fail, error, skipped };
const char* to_string(Verdict verdict);

// What kind of failure a failed or errored step is (docs/evidence-format.md, "Failure classes").
// A protocol violation cannot be pinned on the device or on the link without a proxy between
// them, so it has a class of its own.
enum class FailureClass {
  none,                // passed or skipped
  check_failed,        // the device answered in protocol, but not as expected
  protocol_violation,  // garbled, partial, unasked or overlong bytes: device or link
  device_fault,        // the device reports a fault (FAULT state or fault flag)
  link_fault,          // no reply within the deadline, the link closed, an I/O error
  harness_error,       // the harness itself: fell behind real time, an internal error
  interrupted,         // Ctrl-C / SIGTERM
};
const char* to_string(FailureClass failure);  // "check failed", "link fault", ...

struct Measurement {
  std::string name;  // e.g. "latency"
  double value = 0;
  std::string unit;  // e.g. "ns"
  std::optional<double> low;
  std::optional<double> high;
};

// Repeat iterations folded into one record (harness/runner/iteration_folder.hpp): the record
// holding it is the first of them in full; the transcript keeps every one.
struct FoldedIterations {
  // Either iterations of one body step that all ended with the record's verdict (pass or
  // skipped), or failing iterations beyond the bound kept in full (`beyond_bound`).
  bool beyond_bound = false;
  std::uint64_t iterations = 0;  // the holding record's own included
  std::string last_name;
  std::int64_t last_start_ns = 0;
  std::int64_t last_end_ns = 0;
  LatencyHistogram latency;  // every folded iteration's reply latency
};

struct StepRecord {
  std::string name;      // unique within its scenario, e.g. "steps[3] set power=50"
  std::string kind;      // StepKind as text
  std::string phase;     // "setup", "steps", "teardown", "safety" (the closing disarm)
  std::string location;  // file:line:column
  Verdict verdict = Verdict::pass;
  std::string message;  // why it failed / was skipped; empty on pass
  std::string basis;    // the scenario's `basis:` for this step; empty when it names none
  FailureClass failure = FailureClass::none;  // set whenever verdict is fail or error
  std::vector<Measurement> measurements;
  nlohmann::json detail = nlohmann::json::object();  // requested / expected / observed
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::optional<FoldedIterations> folded;
};

struct ScenarioRecord {
  std::string id;
  std::string title;
  std::string file;
  std::string sha256;
  std::vector<std::string> requirements;
  std::vector<std::string> risk_controls;
  std::vector<std::string> tags;
  Verdict verdict = Verdict::pass;
  std::string message;                        // skip reason or first failure
  FailureClass failure = FailureClass::none;  // the first failed step's class
  std::vector<StepRecord> steps;              // in execution order, all phases
  std::optional<bool> disarm_confirmed;       // read-back after the closing disarm
  std::string disarmed_state;                 // confirmed: the state read back (standby, fault)
  // Never started: the run stopped first (device error, unconfirmed disarm, interrupt,
  // --fail-fast). Its verdict is skipped and `message` says why.
  bool not_run = false;
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::string started_utc;  // wall-clock start (utc_timestamp_now); junit's timestamp
  // Real time the scenario took (CLOCK_MONOTONIC), -1 when not measured; start_ns/end_ns
  // are on the run's clock, which is virtual for the built-in mock.
  std::int64_t wall_duration_ns = -1;
};

struct InputFile {
  std::string role;  // "scenario", "profile"
  std::string path;
  std::string sha256;
};

struct RunRecord {
  std::string run_id;  // UUID v4
  std::string started_utc;
  std::string ended_utc;
  std::string harness_version;
  std::string git_commit;
  std::string host;
  std::string operator_name;
  std::string station;
  std::vector<std::string> command_line;
  std::string device_uri;
  // As the device reported it; a field the device does not report stays empty.
  std::optional<DeviceIdentity> device_identity;
  // The profile's identity: what the device should be, never evidence of what it is.
  std::optional<DeviceIdentity> expected_identity;
  std::string profile_name;
  std::string profile_sha256;
  std::string envelope_name;  // clinical policy, empty when none
  std::string envelope_sha256;
  std::optional<double> motor_threshold;
  // Tables used with verified: false; every report must say so.
  std::vector<std::string> unverified_sources;
  std::string clock_name;  // the clock of every *_ns: "virtual" or "CLOCK_MONOTONIC"
  std::int64_t clock_resolution_ns = 0;
  std::int64_t device_time_ns = -1;    // run length on that clock
  std::int64_t wall_duration_ns = -1;  // run length in real time (CLOCK_MONOTONIC)
  std::uint64_t seed = 0;
  double time_scale = 1.0;
  std::vector<InputFile> inputs;
  std::vector<ScenarioRecord> scenarios;
  int exit_code = 0;
  std::string exit_reason;
};

// How many of a list ended with each verdict.
struct VerdictCounts {
  int total = 0;
  int passed = 0;
  int failed = 0;
  int errors = 0;
  int skipped = 0;
  int not_run = 0;  // of the skipped: scenarios the run never started

  void add(Verdict verdict, int times = 1);
  void add(const StepRecord& step);  // every execution a folded record stands for
};

VerdictCounts count_scenarios(const RunRecord& record);
// Step executions: a folded record counts as the iterations it holds.
VerdictCounts count_steps(const RunRecord& record);
VerdictCounts count_steps(const ScenarioRecord& scenario);

}  // namespace stimbench
