// `stimbench mock`: the mock stimulator as its own process, on TCP or a pseudo-terminal.
#include <boost/asio/signal_set.hpp>
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
  std::unique_ptr<TranscriptWriter> transcript;
  std::string write_error;
  if (!args.out.empty()) {
    auto writer = TranscriptWriter::create(args.out);
    if (!writer) return usage(writer.error().message);
    transcript = std::move(writer).value();
    auto append = [&](nlohmann::json line) {
      if (!write_error.empty()) return;
      if (Status s = transcript->append(std::move(line)); !s) write_error = s.error().message;
    };
    append({{"type", "clock"},
            {"t_ns", clock.now_ns()},
            {"source", clock.name()},
            {"resolution_ns", clock.resolution_ns()}});
    setup->server.on_fault = [append](const FaultEvent& event) { append(fault_line(event)); };
  }
  boost::asio::io_context io;
  MockServer server(io, clock, std::move(device).value(), setup->server);
  auto uri = args.pty ? server.open_pty() : server.listen_tcp(args.listen);
  if (!uri) {
    std::fprintf(stderr, "stimbench mock: %s\n", printable(uri.error().message).c_str());
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
  if (transcript) {
    if (Status s = transcript->close(); !s && write_error.empty()) write_error = s.error().message;
  }
  if (!write_error.empty()) {
    std::fprintf(stderr, "stimbench mock: transcript: %s\n", write_error.c_str());
    return exit_code::kDeviceError;
  }
  return exit_code::kPass;
}

}  // namespace stimbench::cli
