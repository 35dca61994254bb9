// `stimbench run`: load, check, connect, run, record. Exit codes per design.md §3.
#include <unistd.h>

#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "harness/cli/commands.hpp"
#include "harness/cli/device_session.hpp"
#include "harness/cli/early_signals.hpp"
#include "harness/cli/fault_lines.hpp"
#include "harness/cli/mock_spec.hpp"
#include "harness/cli/run_envelopes.hpp"
#include "harness/cli/run_progress.hpp"
#include "harness/cli/run_report.hpp"
#include "harness/cli/run_selection.hpp"
#include "harness/cli/scenario_faults.hpp"
#include "harness/cli/scenario_fixtures.hpp"
#include "harness/config/input_limits.hpp"
#include "harness/config/profile_loader.hpp"
#include "harness/evidence/evidence_folder.hpp"
#include "harness/evidence/evidence_text.hpp"
#include "harness/evidence/hashing.hpp"
#include "harness/runner/link_guard.hpp"
#include "harness/runner/scenario_runner.hpp"
#include "harness/runner/transcript_sink.hpp"
#include "harness/scenario/loader.hpp"

namespace stimbench::cli {
namespace {

int usage_error(const std::string& message) {
  std::fprintf(stderr, "stimbench run: %s\n", printable(message).c_str());
  return exit_code::kUsage;
}

// The run's profile file: --profile, else the one every selected scenario names (resolved
// as validate resolves it), else the reference profile.
Result<std::string> choose_profile(const RunArgs& args, const std::vector<Scenario>& scenarios,
                                   const std::string& search) {
  if (!args.profile.empty()) return resolve_profile_path(args.profile, search);
  std::optional<std::string> named;
  for (const Scenario& s : scenarios) {
    if (!s.profile) continue;
    auto path = scenario_profile_path(s, search);
    if (!path) return path.error();
    if (named && *named != *path) {
      return make_error(ErrorCode::invalid_input, "scenarios name different profiles ('" + *named +
                                                      "' and '" + *path + "' in " + s.file +
                                                      "); choose one with --profile");
    }
    named = *path;
  }
  if (named) return *named;
  return resolve_profile_path("reference", search);
}

std::string host_name() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0) return "unknown";
  return buffer;
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
  std::vector<Scenario> scenarios = select_scenarios(loaded.scenarios, *tags, *shard);
  if (scenarios.empty()) return usage_error("nothing to run: no scenario matches the selection");

  auto profile_path = choose_profile(args, scenarios, fixtures_dir());
  if (!profile_path) return usage_error(profile_path.error().message);
  auto profile = load_profile_file(*profile_path);
  if (!profile) return usage_error(profile.error().message);

  auto envelopes = RunEnvelopes::load(*profile, scenarios, args.envelope, fixtures_dir());
  if (!envelopes) return usage_error(envelopes.error().message);
  if (!args.motor_threshold) {
    for (const Scenario& s : scenarios) {
      if (s.uses_motor_threshold()) {
        return usage_error("scenario '" + s.id +
                           "' sets power in % of motor threshold: give --motor-threshold");
      }
    }
  }

  auto uri = parse_device_uri(args.device);
  if (!uri) return usage_error(uri.error().message);
  const bool builtin_mock = uri->scheme == "mock";
  // The built-in mock shares a discrete-event clock with the harness unless --clock real:
  // its verdicts then cannot depend on how busy the machine is.
  const std::string clock_choice =
      args.clock.empty() ? (builtin_mock ? "virtual" : "real") : args.clock;
  const bool virtual_time = clock_choice == "virtual";
  if (virtual_time && !builtin_mock) {
    return usage_error("--clock virtual needs the built-in mock (mock:); " + args.device +
                       " runs on real time");
  }
  if (virtual_time && args.time_scale != 1.0) {
    return usage_error(
        "--time-scale applies to --clock real and standalone mocks only; on virtual time the "
        "built-in mock needs no speed-up");
  }

  if (!builtin_mock && !args.allow_stimulation) {
    for (const Scenario& s : scenarios) {
      if (s.stimulates()) {
        return usage_error("scenario '" + s.id + "' (" + s.file + ") fires or starts trains, and " +
                           args.device +
                           " counts as real hardware: add --allow-stimulation to allow it");
      }
    }
  }

  // Faults are injected by the built-in mock; a real device gets them through stimbench proxy.
  if (!builtin_mock) {
    for (const Scenario& s : scenarios) {
      if (const SourceLocation* at = s.first_faults()) {
        return usage_error(at->to_string() + ": scenario '" + s.id +
                           "' asks for faults, which need the built-in mock (mock:); put "
                           "stimbench proxy in front of " +
                           args.device + " instead");
      }
    }
  }

  if (builtin_mock) {  // a bad mock: option is bad usage, found before any folder exists
    auto spec = mock_spec_from_uri(*uri, *profile, args.seed, virtual_time);
    if (!spec) return usage_error(spec.error().message);
    if (auto setup = build_mock_setup(*profile, *spec); !setup)
      return usage_error(setup.error().message);
  }

  if (early_signal_seen()) {
    std::fprintf(stderr,
                 "stimbench run: interrupted before the run started; no device contacted\n");
    return exit_code::kInterrupted;
  }
  std::string out_dir =
      args.out.empty() ? "stimbench-out/" + utc_timestamp_compact_now() : args.out;
  auto folder = EvidenceFolder::create(out_dir);
  if (!folder) return usage_error(folder.error().message);

  RunRecord record;
  record.run_id = new_uuid_v4();
  record.started_utc = utc_timestamp_now();
  record.harness_version = STIMBENCH_VERSION;
  record.git_commit = STIMBENCH_GIT_COMMIT;
  record.host = host_name();
  record.operator_name = args.operator_name;
  record.station = args.station;
  record.command_line = command_line;
  record.device_uri = args.device;
  record.profile_name = profile->name;
  record.seed = args.seed;
  record.time_scale = args.time_scale;
  VirtualClock virtual_clock;
  const Clock& wall = monotonic_clock();
  const Clock& clock = virtual_time ? static_cast<const Clock&>(virtual_clock) : wall;
  record.clock_name = clock.name();
  record.clock_resolution_ns = clock.resolution_ns();
  record.inputs = input_files(scenarios, *profile_path);
  record.profile_sha256 = record.inputs.back().sha256;
  envelopes->describe(record);
  record.motor_threshold = args.motor_threshold;

  auto transcript = folder->open_transcript();
  if (!transcript) return usage_error(transcript.error().message);
  TranscriptSink sink(**transcript, clock);
  // Every t_ns in the transcript is on this clock; wall time is never written there.
  sink.event("clock", {{"source", clock.name()},
                       {"resolution_ns", clock.resolution_ns()},
                       {"time_scale", args.time_scale}});

  boost::asio::io_context io;
  InterruptToken interrupt;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) interrupt.request();
  });
  // A signal between the check above and this handler was caught by the early one.
  if (early_signal_seen()) interrupt.request();

  const Verbosity verbosity = args.quiet     ? Verbosity::quiet
                              : args.verbose ? Verbosity::verbose
                                             : Verbosity::normal;
  RunProgress progress(stdout, isatty(STDOUT_FILENO) == 1, verbosity, scenarios.size(), clock,
                       wall);
  SessionOptions session_options{args.time_scale, args.seed, virtual_time, nullptr};
  std::optional<Error> fault_line_error;
  session_options.on_fault = [&](const FaultEvent& event) {
    if (fault_line_error) return;
    if (Status s = (*transcript)->append(fault_line(event)); !s) fault_line_error = s.error();
  };
  auto session = open_device(*uri, *profile, io, clock, &interrupt, session_options);
  RunResult result;
  if (!session) {
    record.exit_reason = "could not open " + args.device + ": " + session.error().message;
    sink.event("device_error", {{"message", record.exit_reason}});
    result.scenarios = not_run_records(scenarios, 0, record.exit_reason);
    for (const ScenarioRecord& r : result.scenarios) progress.scenario_done(r);
  } else {
    // Every command goes through the guard: deadline, retries, resync, reconnect.
    LinkGuardOptions guard_options;
    guard_options.reopen_when_silent = uri->scheme != "serial";
    LinkGuard driver(
        DeviceLink{session->driver.get(), session->transport.get()},
        [&]() -> Result<DeviceLink> {
          if (Status s = reopen_device(*session, *uri, *profile, io, clock, &interrupt); !s)
            return s.error();
          return DeviceLink{session->driver.get(), session->transport.get()};
        },
        io, clock, sink, &interrupt, guard_options);
    driver.set_observer(&sink);
    RunContext context{driver, io, clock, nullptr, sink, &interrupt, RunOptions{}, ProgressHooks{}};
    context.options.time_scale = args.time_scale;
    context.options.motor_threshold = args.motor_threshold;
    context.options.fail_fast = args.fail_fast;
    context.options.builtin_mock = builtin_mock;
    bool faults_were_set = false;
    context.progress.scenario_started = [&](const std::string& id) {
      progress.scenario_started(id);
      if (session->mock)
        apply_scenario_faults(*session->mock, scenarios, id, args.seed, faults_were_set);
    };
    context.progress.step_started = [&](const std::string& step) { progress.step_started(step); };
    context.progress.step_faults = [&](const std::vector<std::string>& faults) {
      if (session->mock) apply_step_faults(*session->mock, faults, args.seed);
    };
    context.progress.step_ended = [&](const StepRecord& step) { progress.step_ended(step); };
    context.progress.tick = [&] { progress.tick(); };
    if (!progress.quiet()) {
      print_run_header(scenarios.size(), args.device, profile->name, out_dir);
      print_unverified(record.unverified_sources);
    }
    auto identity = driver.identify();
    if (identity && identity->identity) record.device_identity = identity->identity;
    record.expected_identity = profile->identity;
    if (!identity && identity.error().code != ErrorCode::protocol_violation) {
      record.exit_reason = "device did not identify itself: " + identity.error().message;
      result.device_error = identity.error().code != ErrorCode::cancelled;
      result.interrupted = identity.error().code == ErrorCode::cancelled;
      result.scenarios = not_run_records(scenarios, 0, record.exit_reason);
      for (const ScenarioRecord& r : result.scenarios) progress.scenario_done(r);
    } else {
      result = run_scenarios(
          context, scenarios, [&](const ScenarioRecord& r) { progress.scenario_done(r); },
          [&](const Scenario& s) { return envelopes->for_scenario(s); });
    }
    driver.set_observer(nullptr);
  }
  signals.cancel();
  progress.finish();

  int code = exit_code::kPass;
  if (!session || result.device_error || result.harness_error) {
    code = exit_code::kDeviceError;
  } else if (result.interrupted) {
    code = exit_code::kInterrupted;
  } else if (result.executed_checks == 0) {
    code = exit_code::kUsage;
    record.exit_reason = "nothing was checked: every scenario was skipped";
  } else if (result.any_failed) {
    code = exit_code::kCheckFailed;
  }
  // The transcript is closed before the verdict is stamped so that a late write failure still
  // reaches record.json and report.html, never a PASS over a broken transcript.
  std::optional<std::string> transcript_error;
  if (sink.write_error()) transcript_error = sink.write_error()->message;
  if (!transcript_error && fault_line_error) transcript_error = fault_line_error->message;
  if (Status closed = (*transcript)->close(); !closed && !transcript_error) {
    transcript_error = closed.error().message;
  }
  if (transcript_error) {
    std::fprintf(stderr, "stimbench run: transcript: %s\n", printable(*transcript_error).c_str());
    if (code == exit_code::kPass) code = exit_code::kCheckFailed;
  }
  record.scenarios = std::move(result.scenarios);
  stamp_scenarios(record, progress);
  record.device_time_ns = progress.device_elapsed_ns();
  record.wall_duration_ns = progress.wall_elapsed_ns();
  record.exit_code = code;
  if (transcript_error) {
    std::string why = "the transcript could not be written: " + *transcript_error;
    if (result.evidence_lost) why += "; the run stopped after that scenario";
    record.exit_reason = code == exit_code::kCheckFailed && !result.any_failed
                             ? why
                             : exit_reason_for(code, result) + "; " + why;
  }
  if (record.exit_reason.empty()) {
    record.exit_reason = exit_reason_for(code, result);
    if (!result.stop_reason.empty()) record.exit_reason += "; " + result.stop_reason;
  }
  record.exit_reason = cap_text(record.exit_reason);
  record.ended_utc = utc_timestamp_now();
  if (Status s = folder->finish(record); !s) {
    std::fprintf(stderr, "stimbench run: writing evidence: %s\n",
                 printable(s.error().message).c_str());
    if (code == exit_code::kPass) {
      code = exit_code::kCheckFailed;
      record.exit_code = code;
      record.exit_reason = "the evidence folder could not be written: " + s.error().message;
    }
  }
  print_run_summary(record, out_dir);
  return code;
}

}  // namespace stimbench::cli
