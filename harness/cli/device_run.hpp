// One device's part of `stimbench run`: everything checked before it is contacted (the plan),
// then its session, from the evidence folder's creation to its sealed manifest. A run with one
// device is exactly one of these; a bench runs several side by side (bench_run.hpp).
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "devices/core/clock.hpp"
#include "devices/core/interrupt.hpp"
#include "devices/core/profile.hpp"
#include "devices/transport/uri.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/run_envelopes.hpp"
#include "harness/evidence/latency_histogram.hpp"
#include "harness/evidence/run_record.hpp"
#include "harness/evidence/signing.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench::cli {

// What every device of the run shares.
struct RunInputs {
  const RunArgs& args;
  const std::vector<std::string>& command_line;
  std::vector<Scenario> scenarios;
  const Ed25519Key* signing_key = nullptr;  // --sign-key, loaded before any device is contacted
};

struct DevicePlan {
  std::string name;  // the evidence subfolder in a bench run; empty for a single device
  std::string uri_text;
  DeviceUri uri;
  std::string profile_path;
  DeviceProfile profile;
  std::unique_ptr<RunEnvelopes> envelopes;
  bool builtin_mock = false;
};

// Checks one device against the run's inputs (profile, envelopes, motor threshold,
// --allow-stimulation, faults, the built-in mock's options). The error is bad usage (exit 2).
// `profile` overrides --profile (a bench entry's own); `clock_choice` is "virtual" or "real".
Result<DevicePlan> plan_device(const RunInputs& inputs, const std::string& name,
                               const std::string& uri_text, const std::string& profile,
                               const std::string& clock_choice);

// The run's clock: --clock, else virtual when every device is the built-in mock. The error is
// bad usage.
Result<std::string> choose_clock(const RunArgs& args, const std::vector<std::string>& uris);

// How a device's session shows on the console.
enum class DeviceConsole {
  full,     // header, live progress, summary: the single-device run
  summary,  // nothing while it runs; its one-line result comes from the bench summary
};

struct DeviceOutcome {
  int exit_code = exit_code::kDeviceError;
  std::string exit_reason;
  std::string out_dir;
  VerdictCounts scenarios;
  VerdictCounts steps;
  LatencyHistogram latencies;  // every step's reply latency
  int missed_keepalives = 0;   // steps where the harness fed a watchdog late
  std::int64_t device_time_ns = -1;
};

// Runs the scenarios on one device into `out_dir` (which must not exist) on `io` and `clock`.
// `interrupt` is this device's own (the closing disarm shields it). Blocking-style: inside a
// spawn_waiting coroutine its waits suspend, so several run side by side.
// `before_sealing` (may be empty) runs once the device is done with and before the transcript
// is closed and the folder sealed; a bench holds every session there until all are done.
DeviceOutcome run_device_session(const RunInputs& inputs, const DevicePlan& plan,
                                 const std::string& out_dir, boost::asio::io_context& io,
                                 const Clock& clock, InterruptToken& interrupt,
                                 DeviceConsole console,
                                 const std::function<void()>& before_sealing = {});

// The exit code of a run made of several: 2 > 3 > 130 > 1 > 0 (design.md §3).
int worst_exit_code(int a, int b);

}  // namespace stimbench::cli
