// `stimbench mock`: the mock stimulator as its own process, on TCP or a pseudo-terminal.
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <cstdlib>

#include "devices/core/clock.hpp"
#include "devices/mock/fault_schedule.hpp"
#include "devices/mock/mock_defects.hpp"
#include "devices/mock/mock_server.hpp"
#include "harness/cli/commands.hpp"
#include "harness/config/profile_loader.hpp"

namespace stimbench::cli {

namespace {
int usage(const std::string& message) {
  std::fprintf(stderr, "stimbench mock: %s\n", message.c_str());
  return exit_code::kUsage;
}
}  // namespace

int mock_command(const MockArgs& args) {
  auto path = resolve_profile_path(args.profile, fixtures_dir());
  auto profile = path ? load_profile_file(*path) : Result<DeviceProfile>(path.error());
  if (!profile) {
    std::fprintf(stderr, "stimbench mock: %s\n", profile.error().message.c_str());
    return exit_code::kUsage;
  }
  if (args.list_defects) {
    for (const DefectInfo& d : defects_for_profile(*profile)) {
      std::printf("%s\t%s\n", d.name.c_str(), d.description.c_str());
    }
    return exit_code::kPass;
  }
  MockOptions options;
  options.time_scale = args.time_scale;
  options.initial_coil_temperature_c = args.coil_temperature_c;
  for (const std::string& name : args.defects) {
    auto defect = parse_defect(name);
    if (!defect) return usage(defect.error().message);
    options.defects.push_back(*defect);
  }
  // A Rapid² V9+ unit configured with an unlock code accepts only that one; the code is a
  // credential, so it comes from the environment rather than the command line.
  if (const char* code = std::getenv("STIMBENCH_MOCK_UNLOCK_CODE"); code && *code) {
    options.unlock_code = code;
  }
  MockServerOptions server_options;
  server_options.seed = args.seed;
  if (args.line_rate) server_options.line_rate_baud = profile->serial.baud;
  for (const std::string& spec : args.faults) {
    auto schedule = parse_fault_spec(spec);
    if (!schedule) return usage(schedule.error().message);
    for (const FaultRule& rule : schedule->rules) server_options.faults.rules.push_back(rule);
  }
  auto device = MockStimulator::create(*profile, options);
  if (!device) return usage(device.error().message);
  boost::asio::io_context io;
  MockServer server(io, monotonic_clock(), std::move(device).value(), server_options);
  auto uri = args.pty ? server.open_pty() : server.listen_tcp(args.listen);
  if (!uri) {
    std::fprintf(stderr, "stimbench mock: %s\n", uri.error().message.c_str());
    return uri.error().code == ErrorCode::invalid_input ? exit_code::kUsage
                                                        : exit_code::kDeviceError;
  }
  // The first line is a contract (design.md §3): exactly the address, flushed at once.
  std::printf("%s\n", uri->c_str());
  std::fflush(stdout);

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    server.stop();
    io.stop();
  });
  io.run();
  return exit_code::kPass;
}

}  // namespace stimbench::cli
