// `stimbench ports`, and where fixtures live.
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "devices/transport/port_list.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/run_progress.hpp"
#include "harness/scenario/loader.hpp"

namespace stimbench::cli {

std::string fixtures_dir() {
  // The folders in $STIMBENCH_FIXTURES first (':'-separated), then the source fixtures.
  std::string search;
  if (const char* env = std::getenv("STIMBENCH_FIXTURES"); env != nullptr && *env != '\0')
    search = std::string(env) + ":";
  return search + STIMBENCH_SOURCE_DIR "/fixtures";
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
