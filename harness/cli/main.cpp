// stimbench command line: parses arguments and hands over to one subcommand.
#include <CLI/CLI.hpp>

#include "harness/cli/commands.hpp"
#include "harness/cli/early_signals.hpp"
#include "harness/cli/option_checks.hpp"
#include "harness/cli/proxy_command.hpp"

namespace {

using namespace stimbench::cli;
namespace input_limits = stimbench::input_limits;

void add_run(CLI::App& app, RunArgs& a) {
  auto* run = app.add_subcommand("run", "Run scenario files or folders against a device");
  run->add_option("paths", a.paths, "Scenario files or folders (default: scenarios/)");
  // One value per --device, so `--device URI scenarios/` still leaves the path positional.
  run->add_option("--device", a.devices,
                  "Device URI: mock: (default), tcp://HOST:PORT, serial:///dev/X; repeat it (or "
                  "NAME=URI) to run on several devices at once")
      ->allow_extra_args(false)
      ->check(non_empty());
  run->add_option("--bench", a.bench,
                  "Bench file (YAML, docs/many-devices.md): the devices to run on at once")
      ->check(non_empty());
  run->add_option("--profile", a.profile, "Profile NAME (fixtures/profiles/NAME.yaml) or FILE")
      ->check(non_empty());
  run->add_option("--envelope", a.envelope,
                  "Clinical policy NAME (fixtures/envelopes/NAME.yaml) or FILE; default: the "
                  "scenarios' own, else device limits only")
      ->check(non_empty());
  run->add_option("--tags", a.tags, "Comma-separated tags; !tag excludes (e.g. safety,!slow)");
  run->add_option("--out", a.out, "Evidence folder (must not exist; default stimbench-out/<UTC>)")
      ->check(non_empty());
  run->add_option("--seed", a.seed, "Seed recorded in the evidence and passed to the mock")
      ->check(unsigned_decimal());
  run->add_option("--shard", a.shard, "Run shard I of N (1-based), e.g. 2/4");
  run->add_flag("--fail-fast", a.fail_fast, "Stop after the first failed scenario");
  run->add_option("--operator", a.operator_name, "Operator name for the record");
  run->add_option("--station", a.station, "Test station ID for the record");
  run->add_option("--clock", a.clock,
                  "virtual (default for mock:): discrete-event time shared with the built-in "
                  "mock; real: CLOCK_MONOTONIC (always for hardware)")
      ->check(CLI::IsMember({"virtual", "real"}));
  run->add_option("--time-scale", a.time_scale,
                  "With --clock real: speed up the built-in mock and harness waits (match a "
                  "standalone mock's --time-scale)")
      ->check(finite_number(input_limits::kTimeScale));
  auto* quiet = run->add_flag("--quiet", a.quiet, "Print only the summary");
  run->add_flag("--verbose", a.verbose, "Print each step as it ends")->excludes(quiet);
  run->add_option("--motor-threshold", a.motor_threshold,
                  "Patient motor threshold, % of maximum output")
      ->check(finite_number(input_limits::kMotorThresholdPercent));
  run->add_flag("--allow-stimulation", a.allow_stimulation,
                "Allow fire and train steps on a device other than the built-in mock");
  run->add_option("--sign-key", a.sign_key,
                  "Ed25519 private key (PEM, e.g. from stimbench keygen) signing manifest.json")
      ->check(non_empty());
}

int dispatch(int argc, char** argv) {
  CLI::App app{"stimbench: hardware-in-the-loop test harness for TMS stimulators"};
  app.require_subcommand(1);
  app.set_version_flag("--version", STIMBENCH_VERSION " (" STIMBENCH_GIT_COMMIT ")");

  RunArgs run_args;
  add_run(app, run_args);

  std::vector<std::string> validate_paths;
  std::string validate_profile;
  auto* validate = app.add_subcommand("validate", "Check scenarios and profiles without a device");
  validate->add_option("paths", validate_paths, "Scenario or profile files/folders");
  validate->add_option("--profile", validate_profile, "Also check this profile NAME or FILE")
      ->check(non_empty());

  MockArgs mock_args;
  auto* mock = app.add_subcommand("mock", "Run the mock stimulator on TCP or a pseudo-terminal");
  auto* listen = mock->add_option("--listen", mock_args.listen, "tcp://127.0.0.1:PORT (0 = any)");
  auto* pty = mock->add_flag("--pty", mock_args.pty, "Serve on a new pseudo-terminal");
  listen->excludes(pty);
  mock->add_option("--profile", mock_args.profile, "Profile NAME or FILE")->capture_default_str();
  mock->add_option("--time-scale", mock_args.time_scale, "Speed up every timer of the mock")
      ->check(finite_number(input_limits::kTimeScale));
  mock->add_option("--seed", mock_args.seed, "Seed for the mock's random choices")
      ->check(unsigned_decimal());
  mock->add_option("--defect", mock_args.defects,
                   "Behave like a faulty build (see --list-defects)");
  mock->add_option("--fault", mock_args.faults,
                   "Faults (docs/mock.md), e.g. delay:50ms~5ms@3,drop@5,corrupt@every:7,"
                   "duplicate@p=0.01/first=2,overtemp@40");
  mock->add_option("--out", mock_args.out,
                   "Transcript of injected faults (JSON lines; must not exist)")
      ->check(non_empty());
  mock->add_option("--coil-temperature", mock_args.coil_temperature_c,
                   "Starting coil temperature in degrees C (default: the profile's)")
      ->check(finite_number(input_limits::kTemperatureC));
  mock->add_flag("--line-rate", mock_args.line_rate,
                 "Pace replies at the profile's serial baud rate (10 bit times per byte)");
  mock->add_flag("--strict-grid", mock_args.strict_grid,
                 "Check each value's step grid on the exact decimal received (5.500000000000001 "
                 "is off a 0.1 grid), as a strict but correct unit would");
  mock->add_flag("--minimal-replies", mock_args.minimal_replies,
                 "MagPro only: no page message after 04 (only the train's di/dt) and no "
                 "message 1 after a refused amplitude, as protocols.md allows");
  mock->add_option("--enhanced-train", mock_args.enhanced_train,
                   "Rapid²: the answer to a train duration while enhanced power is on: refuse "
                   "(default), drop (enhanced power off, power to 100 %) or keep (110 % kept)")
      ->check(CLI::IsMember({"refuse", "drop", "keep"}));
  mock->add_flag("--list-defects", mock_args.list_defects,
                 "Print the defects for the profile's family: name, tab, description");

  ProxyArgs proxy_args;
  auto* proxy = app.add_subcommand(
      "proxy", "Forward a client to a device (tcp:// or serial://), injecting seeded faults");
  proxy->add_option("--listen", proxy_args.listen, "tcp://127.0.0.1:PORT (0 = any)")
      ->capture_default_str()
      ->check(non_empty());
  proxy
      ->add_option("--upstream", proxy_args.upstream,
                   "Device URI: tcp://HOST:PORT, serial:///dev/X")
      ->required()
      ->check(non_empty());
  proxy->add_option("--fault", proxy_args.faults,
                    "Faults, e.g. corrupt@p=0.05,drop@3/to=device,delay:5ms~1ms@every:4/first=2");
  proxy->add_option("--seed", proxy_args.seed, "Seed for the p= rules and jitter")
      ->check(unsigned_decimal());
  proxy
      ->add_option("--profile", proxy_args.profile,
                   "Profile NAME or FILE: its protocol family picks the framing")
      ->capture_default_str()
      ->check(non_empty());
  proxy->add_option("--out", proxy_args.out, "Fault transcript (JSON lines; must not exist)")
      ->check(non_empty());
  proxy->add_flag("--allow-remote", proxy_args.allow_remote,
                  "Allow a non-loopback --listen address");

  std::string verify_dir;
  std::string verify_key;
  auto* verify = app.add_subcommand(
      "verify",
      "Check an evidence folder's integrity: 0 OK, 1 tampered or corrupt, 2 EMPTY or not "
      "evidence, 4 INCOMPLETE (run did not finish, intact so far)");
  verify->add_option("dir", verify_dir, "Evidence folder")->required();
  verify
      ->add_option("--verify-key", verify_key,
                   "Ed25519 public key (PEM): manifest.sig must be a valid signature by it")
      ->check(non_empty());

  std::string keygen_dir;
  auto* keygen =
      app.add_subcommand("keygen", "Write a new Ed25519 key pair for --sign-key / --verify-key");
  keygen->add_option("--out", keygen_dir, "Folder for stimbench.key and stimbench.pub")
      ->required()
      ->check(non_empty());

  auto* ports = app.add_subcommand("ports", "List serial ports (libserialport)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : exit_code::kUsage;
  }

  std::vector<std::string> command_line(argv, argv + argc);
  if (app.got_subcommand("run")) {
    if (run_args.paths.empty()) run_args.paths = {"scenarios"};
    return run_command(run_args, command_line);
  }
  if (app.got_subcommand(validate)) {
    if (validate_paths.empty()) validate_paths = {"scenarios"};
    return validate_command(validate_paths, validate_profile);
  }
  if (app.got_subcommand(mock)) {
    if (mock_args.listen.empty() && !mock_args.pty && !mock_args.list_defects) {
      std::fprintf(stderr, "stimbench mock: give --listen tcp://127.0.0.1:PORT or --pty\n");
      return exit_code::kUsage;
    }
    return mock_command(mock_args);
  }
  if (app.got_subcommand(proxy)) return proxy_command(proxy_args);
  if (app.got_subcommand(verify)) return verify_command(verify_dir, verify_key);
  if (app.got_subcommand(keygen)) return keygen_command(keygen_dir);
  if (app.got_subcommand(ports)) return ports_command();
  return exit_code::kUsage;
}

}  // namespace

// Nothing escapes: each scenario already ended with its confirmed disarm (ScenarioRunner
// catches inside), so what is left here is reported as an error of the run, exit 3.
int main(int argc, char** argv) {
  stimbench::cli::install_early_signal_handling();  // before anything else: Ctrl-C exits 130
  try {
    return dispatch(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stimbench: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "stimbench: internal error: unknown exception\n");
  }
  return exit_code::kDeviceError;
}
