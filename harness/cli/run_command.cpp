// `stimbench run`: load, check, connect, run, record. Exit codes per design.md §3.
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <optional>
#include <string>

#include "harness/cli/bench_run.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/device_run.hpp"
#include "harness/cli/early_signals.hpp"
#include "harness/cli/run_progress.hpp"
#include "harness/cli/run_selection.hpp"
#include "harness/config/bench_loader.hpp"
#include "harness/config/input_limits.hpp"
#include "harness/evidence/evidence_text.hpp"
#include "harness/evidence/hashing.hpp"
#include "harness/scenario/loader.hpp"

namespace stimbench::cli {
namespace {

int usage_error(const std::string& message) {
  std::fprintf(stderr, "stimbench run: %s\n", printable(message).c_str());
  return exit_code::kUsage;
}

// The devices of the run: the bench file's, or the --device options (the built-in mock when
// none is given).
Result<Bench> run_devices(const RunArgs& args) {
  if (!args.bench.empty()) {
    if (!args.devices.empty())
      return make_error(ErrorCode::invalid_input, "give either --bench or --device, not both");
    return load_bench_file(args.bench);
  }
  if (args.devices.size() <= 1) {  // one device: its URI as given, no subfolder
    Bench single;
    single.devices.push_back({"", args.devices.empty() ? "mock:" : args.devices[0], "", ""});
    return single;
  }
  return bench_from_device_options(args.devices);
}

// The single-device run: one evidence folder at --out (design.md §4), no coroutine.
int run_single(const RunInputs& inputs, const DevicePlan& plan, const std::string& out_dir,
               const std::string& clock_choice) {
  boost::asio::io_context io;
  VirtualClock virtual_clock;
  const Clock& clock =
      clock_choice == "virtual" ? static_cast<const Clock&>(virtual_clock) : monotonic_clock();
  InterruptToken interrupt;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) interrupt.request();
  });
  // A signal between the early check and this handler was caught by the early one.
  if (early_signal_seen()) interrupt.request();
  DeviceOutcome outcome =
      run_device_session(inputs, plan, out_dir, io, clock, interrupt, DeviceConsole::full);
  signals.cancel();
  return outcome.exit_code;
}

}  // namespace

int run_command(const RunArgs& args, const std::vector<std::string>& command_line) {
  // A Ctrl-C from here on is noted and honoured below, after the device is safe.
  defer_early_signals();
  // Everything that can be wrong with the input is checked before touching a device. The
  // option checks already refuse these; a NaN must never reach a device command whoever
  // filled in RunArgs.
  if (args.motor_threshold && !input_limits::kMotorThresholdPercent.contains(*args.motor_threshold))
    return usage_error("--motor-threshold must be " +
                       input_limits::kMotorThresholdPercent.describe());
  if (!input_limits::kTimeScale.contains(args.time_scale))
    return usage_error("--time-scale must be " + input_limits::kTimeScale.describe());
  auto bench = run_devices(args);
  if (!bench) {
    std::fprintf(stderr, "%s\n", printable(bench.error().message).c_str());
    return exit_code::kUsage;
  }
  LoadResult loaded = load_scenarios(args.paths);
  if (!loaded.ok()) {
    for (const Diagnostic& d : loaded.diagnostics)
      std::fprintf(stderr, "%s\n", printable(d.to_string()).c_str());
    return exit_code::kUsage;
  }
  auto tags = parse_tag_filter(args.tags);
  if (!tags) return usage_error(tags.error().message);
  auto shard = parse_shard(args.shard);
  if (!shard) return usage_error(shard.error().message);
  RunInputs inputs{args, command_line, select_scenarios(loaded.scenarios, *tags, *shard)};
  if (inputs.scenarios.empty())
    return usage_error("nothing to run: no scenario matches the selection");
  std::optional<Ed25519Key> signing_key;  // a bad key is found now, not after the run
  if (!args.sign_key.empty()) {
    auto key = Ed25519Key::load_private(args.sign_key);
    if (!key) return usage_error("--sign-key: " + key.error().message);
    signing_key = std::move(key).value();
    inputs.signing_key = &*signing_key;
  }

  std::vector<std::string> uris;
  for (const BenchDevice& d : bench->devices) uris.push_back(d.uri);
  auto clock_choice = choose_clock(args, uris);
  if (!clock_choice) return usage_error(clock_choice.error().message);
  std::vector<DevicePlan> plans;
  for (const BenchDevice& d : bench->devices) {
    auto plan = plan_device(inputs, d.name, d.uri, d.profile, *clock_choice);
    if (!plan) {
      // A bench names the device whose settings are wrong.
      const std::string who = d.where.empty() ? "" : d.where + ": device '" + d.name + "': ";
      return usage_error(who + plan.error().message);
    }
    plans.push_back(std::move(plan).value());
  }

  if (early_signal_seen()) {
    std::fprintf(stderr,
                 "stimbench run: interrupted before the run started; no device contacted\n");
    return exit_code::kInterrupted;
  }
  std::string out_dir =
      args.out.empty() ? "stimbench-out/" + utc_timestamp_compact_now() : args.out;
  if (plans.size() == 1)  // design.md §4: one device, one folder, whatever named it
    return run_single(inputs, plans[0], out_dir, *clock_choice);
  return run_bench(inputs, plans, bench->name, out_dir, *clock_choice);
}

}  // namespace stimbench::cli
