// The stimbench subcommands (design.md §3). Each returns the process exit code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stimbench::cli {

namespace exit_code {
constexpr int kPass = 0;
constexpr int kCheckFailed = 1;
constexpr int kUsage = 2;
constexpr int kDeviceError = 3;
constexpr int kIncomplete = 4;  // `verify`: a run that did not finish, intact so far
constexpr int kInterrupted = 130;
}  // namespace exit_code

struct RunArgs {
  std::vector<std::string> paths;
  // Repeated --device: several devices at once (empty: the built-in mock, mock:).
  std::vector<std::string> devices;
  std::string bench;  // --bench FILE: the devices from a bench file instead
  std::string profile;
  std::string envelope;
  std::string tags;
  std::string out;
  std::uint64_t seed = 0;
  std::string shard;
  bool fail_fast = false;
  std::string operator_name;
  std::string station;
  double time_scale = 1.0;
  std::optional<double> motor_threshold;
  bool allow_stimulation = false;
  std::string clock;  // "virtual" | "real"; empty: virtual for mock:, real otherwise
  bool quiet = false;
  bool verbose = false;
  std::string sign_key;  // --sign-key FILE: Ed25519 private key (PEM) signing manifest.json
};

struct MockArgs {
  std::string listen;
  bool pty = false;
  std::string profile = "reference";
  double time_scale = 1.0;
  std::uint64_t seed = 0;
  std::vector<std::string> defects;
  std::vector<std::string> faults;
  std::string out;  // transcript of the faults injected; empty: none
  std::optional<double> coil_temperature_c;
  bool list_defects = false;
  bool line_rate = false;        // pace replies at the profile's serial baud (10 bits per byte)
  bool strict_grid = false;      // check the step grid on the exact decimal received
  bool minimal_replies = false;  // MagPro: only the replies protocols.md promises
  std::string enhanced_train;    // refuse | drop | keep; empty: the mock's default
};

int run_command(const RunArgs& args, const std::vector<std::string>& command_line);
int validate_command(const std::vector<std::string>& paths, const std::string& profile);
int mock_command(const MockArgs& args);
int verify_command(const std::string& dir, const std::string& verify_key);
int keygen_command(const std::string& out_dir);
int ports_command();

// Where profiles and other fixtures live, as a ':'-separated search path: the folders in
// $STIMBENCH_FIXTURES, then the source tree's fixtures.
std::string fixtures_dir();

}  // namespace stimbench::cli
