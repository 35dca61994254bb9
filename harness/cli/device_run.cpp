#include "harness/cli/device_run.hpp"

#include <unistd.h>

#include <cstdio>
#include <optional>

#include "harness/cli/device_guard.hpp"
#include "harness/cli/device_session.hpp"
#include "harness/cli/fault_lines.hpp"
#include "harness/cli/mock_spec.hpp"
#include "harness/cli/run_progress.hpp"
#include "harness/cli/run_report.hpp"
#include "harness/cli/scenario_faults.hpp"
#include "harness/cli/scenario_fixtures.hpp"
#include "harness/config/profile_loader.hpp"
#include "harness/evidence/evidence_folder.hpp"
#include "harness/evidence/evidence_text.hpp"
#include "harness/evidence/hashing.hpp"
#include "harness/evidence/latency_stats.hpp"
#include "harness/runner/scenario_runner.hpp"
#include "harness/runner/transcript_sink.hpp"

namespace stimbench::cli {
namespace {

Error plan_error(const std::string& message) {
  return make_error(ErrorCode::invalid_input, message);
}

// The device's profile file: its own (a bench entry's, or --profile), else the one every
// selected scenario names (resolved as validate resolves it), else the reference profile.
Result<std::string> choose_profile(const std::string& chosen,
                                   const std::vector<Scenario>& scenarios,
                                   const std::string& search) {
  if (!chosen.empty()) return resolve_profile_path(chosen, search);
  std::optional<std::string> named;
  for (const Scenario& s : scenarios) {
    if (!s.profile) continue;
    auto path = scenario_profile_path(s, search);
    if (!path) return path.error();
    if (named && *named != *path) {
      return plan_error("scenarios name different profiles ('" + *named + "' and '" + *path +
                        "' in " + s.file + "); choose one with --profile");
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

int exit_code_rank(int code) {
  switch (code) {
    case exit_code::kPass:
      return 0;
    case exit_code::kCheckFailed:
      return 1;
    case exit_code::kInterrupted:
      return 2;
    case exit_code::kDeviceError:
      return 3;
    default:
      return 4;  // kUsage
  }
}

// The console figures of a finished device, from its record.
void summarize_outcome(const RunRecord& record, DeviceOutcome& outcome) {
  outcome.scenarios = count_scenarios(record);
  outcome.steps = count_steps(record);
  outcome.device_time_ns = record.device_time_ns;
  for (const ScenarioRecord& s : record.scenarios) {
    for (const StepRecord& step : s.steps) {
      add_step_latency(step, outcome.latencies);
      if (step.detail.contains("harness_late")) ++outcome.missed_keepalives;
    }
  }
}

}  // namespace

int worst_exit_code(int a, int b) {
  return exit_code_rank(a) >= exit_code_rank(b) ? a : b;
}

Result<std::string> choose_clock(const RunArgs& args, const std::vector<std::string>& uris) {
  bool all_builtin = true;
  std::string hardware;
  for (const std::string& text : uris) {
    auto uri = parse_device_uri(text);
    if (uri && uri->scheme == "mock") continue;
    all_builtin = false;
    if (hardware.empty()) hardware = text;
  }
  // The built-in mock shares a discrete-event clock with the harness unless --clock real:
  // its verdicts then cannot depend on how busy the machine is.
  const std::string choice = args.clock.empty() ? (all_builtin ? "virtual" : "real") : args.clock;
  if (choice == "virtual" && !all_builtin)
    return plan_error("--clock virtual needs the built-in mock (mock:); " + hardware +
                      " runs on real time");
  if (choice == "virtual" && args.time_scale != 1.0) {
    return plan_error(
        "--time-scale applies to --clock real and standalone mocks only; on virtual time the "
        "built-in mock needs no speed-up");
  }
  return choice;
}

Result<DevicePlan> plan_device(const RunInputs& inputs, const std::string& name,
                               const std::string& uri_text, const std::string& profile,
                               const std::string& clock_choice) {
  const RunArgs& args = inputs.args;
  const std::vector<Scenario>& scenarios = inputs.scenarios;
  DevicePlan plan;
  plan.name = name;
  plan.uri_text = uri_text;
  auto profile_path =
      choose_profile(profile.empty() ? args.profile : profile, scenarios, fixtures_dir());
  if (!profile_path) return profile_path.error();
  plan.profile_path = *profile_path;
  auto loaded = load_profile_file(*profile_path);
  if (!loaded) return loaded.error();
  plan.profile = std::move(loaded).value();
  auto envelopes = RunEnvelopes::load(plan.profile, scenarios, args.envelope, fixtures_dir());
  if (!envelopes) return envelopes.error();
  plan.envelopes = std::make_unique<RunEnvelopes>(std::move(envelopes).value());
  if (!args.motor_threshold) {
    for (const Scenario& s : scenarios) {
      if (s.uses_motor_threshold())
        return plan_error("scenario '" + s.id +
                          "' sets power in % of motor threshold: give --motor-threshold");
    }
  }
  auto uri = parse_device_uri(uri_text);
  if (!uri) return uri.error();
  plan.uri = *uri;
  plan.builtin_mock = uri->scheme == "mock";
  if (!plan.builtin_mock && !args.allow_stimulation) {
    for (const Scenario& s : scenarios) {
      if (s.stimulates()) {
        return plan_error("scenario '" + s.id + "' (" + s.file + ") fires or starts trains, and " +
                          uri_text +
                          " counts as real hardware: add --allow-stimulation to allow it");
      }
    }
  }
  // Faults are injected by the built-in mock; a real device gets them through stimbench proxy.
  if (!plan.builtin_mock) {
    for (const Scenario& s : scenarios) {
      if (const SourceLocation* at = s.first_faults()) {
        return plan_error(at->to_string() + ": scenario '" + s.id +
                          "' asks for faults, which need the built-in mock (mock:); put stimbench "
                          "proxy in front of " +
                          uri_text + " instead");
      }
    }
  }
  if (plan.builtin_mock) {  // a bad mock: option is bad usage, found before any folder exists
    auto spec = mock_spec_from_uri(*uri, plan.profile, args.seed, clock_choice == "virtual");
    if (!spec) return spec.error();
    if (auto setup = build_mock_setup(plan.profile, *spec); !setup) return setup.error();
  }
  return plan;
}

DeviceOutcome run_device_session(const RunInputs& inputs, const DevicePlan& plan,
                                 const std::string& out_dir, boost::asio::io_context& io,
                                 const Clock& clock, InterruptToken& interrupt,
                                 DeviceConsole console,
                                 const std::function<void()>& before_sealing) {
  const RunArgs& args = inputs.args;
  const std::vector<Scenario>& scenarios = inputs.scenarios;
  const bool full = console == DeviceConsole::full;
  DeviceOutcome outcome;
  outcome.out_dir = out_dir;
  auto folder = EvidenceFolder::create(out_dir);
  if (!folder) {
    std::fprintf(stderr, "stimbench run: %s\n", printable(folder.error().message).c_str());
    outcome.exit_code = exit_code::kUsage;
    outcome.exit_reason = folder.error().message;
    return outcome;
  }
  // At once, so a kill leaves a folder verify can call INCOMPLETE, hardly ever an empty one.
  auto transcript = folder->open_transcript();
  if (!transcript) {
    std::fprintf(stderr, "stimbench run: %s\n", printable(transcript.error().message).c_str());
    outcome.exit_code = exit_code::kUsage;
    outcome.exit_reason = transcript.error().message;
    return outcome;
  }

  RunRecord record;
  record.run_id = new_uuid_v4();
  record.started_utc = utc_timestamp_now();
  record.harness_version = STIMBENCH_VERSION;
  record.git_commit = STIMBENCH_GIT_COMMIT;
  record.host = host_name();
  record.operator_name = args.operator_name;
  record.station = args.station;
  record.command_line = inputs.command_line;
  record.device_uri = plan.uri_text;
  record.profile_name = plan.profile.name;
  record.seed = args.seed;
  record.time_scale = args.time_scale;
  const Clock& wall = monotonic_clock();
  record.clock_name = clock.name();
  record.clock_resolution_ns = clock.resolution_ns();
  record.inputs = input_files(scenarios, plan.profile_path);
  record.profile_sha256 = record.inputs.back().sha256;
  plan.envelopes->describe(record);
  record.motor_threshold = args.motor_threshold;

  TranscriptSink sink(**transcript, clock);
  // Every t_ns in the transcript is on this clock; wall time is never written there.
  sink.event("clock", {{"source", clock.name()},
                       {"resolution_ns", clock.resolution_ns()},
                       {"time_scale", args.time_scale}});

  const Verbosity verbosity = !full          ? Verbosity::quiet
                              : args.quiet   ? Verbosity::quiet
                              : args.verbose ? Verbosity::verbose
                                             : Verbosity::normal;
  RunProgress progress(stdout, full && isatty(STDOUT_FILENO) == 1, verbosity, scenarios.size(),
                       clock, wall);
  SessionOptions session_options{args.time_scale, args.seed, clock.is_virtual(), nullptr};
  std::optional<Error> fault_line_error;
  session_options.on_fault = [&](const FaultEvent& event) {
    if (fault_line_error) return;
    if (Status s = (*transcript)->append(fault_line(event)); !s) fault_line_error = s.error();
  };
  auto session = open_device(plan.uri, plan.profile, io, clock, &interrupt, session_options);
  RunResult result;
  if (!session) {
    record.exit_reason = "could not open " + plan.uri_text + ": " + session.error().message;
    sink.event("device_error", {{"message", record.exit_reason}});
    result.scenarios = not_run_records(scenarios, 0, record.exit_reason);
    for (const ScenarioRecord& r : result.scenarios) progress.scenario_done(r);
  } else {
    // Every command goes through the device's own guard: deadline, retries, resync, reconnect.
    std::unique_ptr<LinkGuard> guard =
        guard_device(*session, plan.uri, plan.profile, io, clock, sink, &interrupt);
    StimulatorDriver& driver = *guard;
    driver.set_observer(&sink);
    RunContext context{driver, io, clock, nullptr, sink, &interrupt, RunOptions{}, ProgressHooks{}};
    context.options.time_scale = args.time_scale;
    context.options.motor_threshold = args.motor_threshold;
    context.options.fail_fast = args.fail_fast;
    context.options.builtin_mock = plan.builtin_mock;
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
      print_run_header(scenarios.size(), plan.uri_text, plan.profile.name, out_dir);
      print_unverified(record.unverified_sources);
    }
    auto identity = driver.identify();
    if (identity && identity->identity) record.device_identity = identity->identity;
    record.expected_identity = plan.profile.identity;
    if (!identity && identity.error().code != ErrorCode::protocol_violation) {
      record.exit_reason = "device did not identify itself: " + identity.error().message;
      result.device_error = identity.error().code != ErrorCode::cancelled;
      result.interrupted = identity.error().code == ErrorCode::cancelled;
      result.scenarios = not_run_records(scenarios, 0, record.exit_reason);
      for (const ScenarioRecord& r : result.scenarios) progress.scenario_done(r);
    } else {
      result = run_scenarios(
          context, scenarios, [&](const ScenarioRecord& r) { progress.scenario_done(r); },
          [&](const Scenario& s) { return plan.envelopes->for_scenario(s); });
    }
    driver.set_observer(nullptr);
  }
  progress.finish();
  // The device's own times, before waiting for others (a bench) can add to them.
  std::optional<std::pair<std::int64_t, std::int64_t>> elapsed;
  if (before_sealing) {
    elapsed.emplace(progress.device_elapsed_ns(), progress.wall_elapsed_ns());
    before_sealing();
  }

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
  record.device_time_ns = elapsed ? elapsed->first : progress.device_elapsed_ns();
  record.wall_duration_ns = elapsed ? elapsed->second : progress.wall_elapsed_ns();
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
  if (Status s = folder->finish(record, inputs.signing_key); !s) {
    std::fprintf(stderr, "stimbench run: writing evidence: %s\n",
                 printable(s.error().message).c_str());
    if (code == exit_code::kPass) {
      code = exit_code::kCheckFailed;
      record.exit_code = code;
      record.exit_reason = "the evidence folder could not be written: " + s.error().message;
    }
  }
  if (full) print_run_summary(record, out_dir);
  outcome.exit_code = code;
  outcome.exit_reason = record.exit_reason;
  summarize_outcome(record, outcome);
  return outcome;
}

}  // namespace stimbench::cli
