// `stimbench validate`, `verify` and `ports`, and where fixtures live.
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "devices/transport/port_list.hpp"
#include "harness/cli/commands.hpp"
#include "harness/config/profile_loader.hpp"
#include "harness/evidence/manifest.hpp"
#include "harness/scenario/loader.hpp"

namespace stimbench::cli {

std::string fixtures_dir() {
  if (const char* env = std::getenv("STIMBENCH_FIXTURES"); env != nullptr && *env != '\0')
    return env;
  std::error_code ec;
  if (std::filesystem::is_directory("fixtures/profiles", ec)) return "fixtures";
  return STIMBENCH_SOURCE_DIR "/fixtures";
}

int validate_command(const std::vector<std::string>& paths, const std::string& profile) {
  int problems = 0;
  LoadResult loaded = load_scenarios(paths);
  for (const Diagnostic& d : loaded.diagnostics) {
    std::fprintf(stderr, "%s\n", d.to_string().c_str());
    ++problems;
  }
  if (!profile.empty()) {
    auto path = resolve_profile_path(profile, fixtures_dir());
    auto loaded_profile = path ? load_profile_file(*path) : Result<DeviceProfile>(path.error());
    if (!loaded_profile) {
      std::fprintf(stderr, "%s\n", loaded_profile.error().message.c_str());
      ++problems;
    }
  }
  if (problems > 0) {
    std::fprintf(stderr, "validate: %d problem(s)\n", problems);
    return exit_code::kUsage;
  }
  std::printf("validate: %zu scenario(s) OK\n", loaded.scenarios.size());
  return exit_code::kPass;
}

int verify_command(const std::string& dir) {
  auto problems = verify_evidence(dir);
  if (!problems) {
    std::fprintf(stderr, "verify: %s\n", problems.error().message.c_str());
    return exit_code::kUsage;
  }
  for (const std::string& p : *problems) std::printf("PROBLEM %s\n", p.c_str());
  if (!problems->empty()) {
    std::printf("verify: %s: %zu problem(s); the evidence is not intact\n", dir.c_str(),
                problems->size());
    return exit_code::kCheckFailed;
  }
  std::printf("verify: %s: intact (every file matches manifest.json, transcript chain unbroken)\n",
              dir.c_str());
  return exit_code::kPass;
}

int ports_command() {
  auto ports = list_serial_ports();
  if (!ports) {
    std::fprintf(stderr, "ports: %s\n", ports.error().message.c_str());
    return exit_code::kDeviceError;
  }
  if (ports->empty()) {
    std::printf("no serial ports found\n");
    return exit_code::kPass;
  }
  for (const PortInfo& p : *ports) {
    std::string usb;
    if (p.usb_vid && p.usb_pid) {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%04x:%04x", *p.usb_vid, *p.usb_pid);
      usb = buffer;
    }
    std::printf("%s\t%s\t%s\t%s\n", p.name.c_str(), p.kind.c_str(), usb.empty() ? "-" : usb.c_str(),
                p.description.c_str());
  }
  return exit_code::kPass;
}

}  // namespace stimbench::cli
