// `stimbench mock`: the mock stimulator as its own process, on TCP or a pseudo-terminal.
#include <cstdio>

#include "devices/core/clock.hpp"
#include "devices/mock/mock_defects.hpp"
#include "devices/mock/mock_server.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/fault_lines.hpp"
#include "harness/cli/mock_spec.hpp"
#include "harness/cli/run_progress.hpp"
#include "harness/config/profile_loader.hpp"
#include "harness/evidence/transcript.hpp"

namespace stimbench::cli {

namespace {
int usage(const std::string& message) {
  std::fprintf(stderr, "stimbench mock: %s\n", printable(message).c_str());
  return exit_code::kUsage;
}
}  // namespace

int mock_command(const MockArgs& args) {
  auto path = resolve_profile_path(args.profile, fixtures_dir());
  auto profile = path ? load_profile_file(*path) : Result<DeviceProfile>(path.error());
  if (!profile) {
    std::fprintf(stderr, "stimbench mock: %s\n", printable(profile.error().message).c_str());
    return exit_code::kUsage;
  }
  if (args.list_defects) {
    for (const DefectInfo& d : defects_for_profile(*profile)) {
      std::printf("%s\t%s\n", d.name.c_str(), d.description.c_str());
    }
    return exit_code::kPass;
  }
  MockSpec spec;
  spec.defects = args.defects;
  spec.faults = args.faults;
  spec.seed = args.seed;
  spec.coil_temperature_c = args.coil_temperature_c;
  spec.time_scale = args.time_scale;
  spec.line_rate = args.line_rate;
  spec.strict_grid = args.strict_grid;
  spec.minimal_replies = args.minimal_replies;
  if (!args.enhanced_train.empty()) {
    auto mode = parse_enhanced_train(args.enhanced_train);
    if (!mode) return usage(mode.error().message);
    spec.enhanced_train = *mode;
  }
  auto setup = build_mock_setup(*profile, spec);
  if (!setup) return usage(setup.error().message);
  auto device = MockStimulator::create(*profile, setup->device);
  if (!device) return usage(device.error().message);
  const Clock& clock = monotonic_clock();
  SideTranscript transcript;
  if (!args.out.empty()) {
    if (Status s = transcript.open(args.out, clock); !s) return usage(s.error().message);
    setup->server.on_fault = [&transcript](const FaultEvent& event) {
      transcript.append(fault_line(event));
    };
  }
  boost::asio::io_context io;
  MockServer server(io, clock, std::move(device).value(), setup->server);
  auto uri = args.pty ? server.open_pty() : server.listen_tcp(args.listen);
  if (!uri) {
    std::fprintf(stderr, "stimbench mock: %s\n", printable(uri.error().message).c_str());
    return uri.error().code == ErrorCode::invalid_input ? exit_code::kUsage
                                                        : exit_code::kDeviceError;
  }
  serve_until_signal(io, *uri, [&] { server.stop(); });
  if (std::string error = transcript.finish(); !error.empty()) {
    std::fprintf(stderr, "stimbench mock: transcript: %s\n", error.c_str());
    return exit_code::kDeviceError;
  }
  return exit_code::kPass;
}

}  // namespace stimbench::cli
