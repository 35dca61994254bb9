// `stimbench proxy`: forwards one client at a time to an upstream device, injecting seeded
// faults, and writes each fault as a transcript line of its own (`--out FILE`).
#include "harness/cli/proxy_command.hpp"

#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <memory>

#include "devices/core/clock.hpp"
#include "devices/proxy/fault_proxy.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/fault_lines.hpp"
#include "harness/config/profile_loader.hpp"
#include "harness/evidence/transcript.hpp"

namespace stimbench::cli {

namespace {

int fail(const std::string& message, int code) {
  std::fprintf(stderr, "stimbench proxy: %s\n", message.c_str());
  return code;
}

}  // namespace

int proxy_command(const ProxyArgs& args) {
  auto path = resolve_profile_path(args.profile, fixtures_dir());
  auto profile = path ? load_profile_file(*path) : Result<DeviceProfile>(path.error());
  if (!profile) return fail(profile.error().message, exit_code::kUsage);
  auto schedule = parse_fault_specs(args.faults);
  if (!schedule) return fail(schedule.error().message, exit_code::kUsage);

  std::unique_ptr<TranscriptWriter> transcript;
  if (!args.out.empty()) {
    auto writer = TranscriptWriter::create(args.out);
    if (!writer) return fail(writer.error().message, exit_code::kUsage);
    transcript = std::move(writer).value();
  }
  const Clock& clock = monotonic_clock();
  std::string write_error;
  auto append = [&](nlohmann::json line) {
    if (!transcript || !write_error.empty()) return;
    if (Status s = transcript->append(std::move(line)); !s) write_error = s.error().message;
  };
  append({{"type", "clock"},
          {"t_ns", clock.now_ns()},
          {"source", clock.name()},
          {"resolution_ns", clock.resolution_ns()}});

  proxy::ProxyOptions options;
  options.faults = *schedule;
  options.seed = args.seed;
  options.family = profile->family;
  options.firmware = profile->identity.firmware;
  options.serial = profile->serial;
  options.on_fault = [&](const FaultEvent& event) { append(fault_line(event)); };
  options.on_note = [&](const std::string& text) {
    append({{"type", "proxy"}, {"t_ns", clock.now_ns()}, {"message", text}});
  };

  boost::asio::io_context io;
  proxy::FaultProxy proxy(io, clock, std::move(options));
  auto uri = proxy.start(args.listen, args.upstream, args.allow_remote);
  if (!uri) {
    return fail(uri.error().message, uri.error().code == ErrorCode::invalid_input
                                         ? exit_code::kUsage
                                         : exit_code::kDeviceError);
  }
  // The first line is a contract, as for the mock: exactly the address, flushed at once.
  std::printf("%s\n", uri->c_str());
  std::fflush(stdout);

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    proxy.stop();
    io.stop();
  });
  io.run();
  if (transcript) {
    if (Status s = transcript->close(); !s && write_error.empty()) write_error = s.error().message;
  }
  if (!write_error.empty()) return fail("transcript: " + write_error, exit_code::kDeviceError);
  return exit_code::kPass;
}

}  // namespace stimbench::cli
