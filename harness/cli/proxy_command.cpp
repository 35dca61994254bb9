// `stimbench proxy`: forwards one client at a time to an upstream device, injecting seeded
// faults, and writes each fault as a transcript line of its own (`--out FILE`).
#include "harness/cli/proxy_command.hpp"

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

  SideTranscript transcript;
  const Clock& clock = monotonic_clock();
  if (!args.out.empty()) {
    if (Status s = transcript.open(args.out, clock); !s)
      return fail(s.error().message, exit_code::kUsage);
  }
  auto append = [&transcript](nlohmann::json line) { transcript.append(std::move(line)); };

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
  serve_until_signal(io, *uri, [&] { proxy.stop(); });
  if (std::string error = transcript.finish(); !error.empty())
    return fail("transcript: " + error, exit_code::kDeviceError);
  return exit_code::kPass;
}

}  // namespace stimbench::cli
