// Fuzz target: the device URI parser and the serial query on top of it. Any text must come
// back as a DeviceUri or an invalid_input error; a parsed URI keeps its text verbatim.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "devices/transport/uri.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto uri = stimbench::parse_device_uri(text);
  if (!uri.ok()) return 0;
  if (uri->text != text) __builtin_trap();
  if (uri->scheme == "tcp" && (uri->port < 0 || uri->port > 65535)) __builtin_trap();
  if (uri->scheme == "serial")
    (void)stimbench::apply_serial_query(*uri, stimbench::SerialSettings{});
  return 0;
}
