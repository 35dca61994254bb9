#include "devices/transport/port_list.hpp"

#include <gtest/gtest.h>

#include <set>

namespace stimbench {
namespace {

TEST(ListSerialPorts, SucceedsAndDescribesEveryPort) {
  auto ports = list_serial_ports();
  ASSERT_TRUE(ports.ok()) << ports.error().message;
  const std::set<std::string> kinds = {"usb", "native", "bluetooth", "unknown"};
  for (const PortInfo& port : *ports) {
    EXPECT_FALSE(port.name.empty());
    EXPECT_TRUE(kinds.count(port.kind)) << port.name << ": " << port.kind;
    if (port.kind != "usb") {
      EXPECT_FALSE(port.usb_vid.has_value()) << port.name;
    }
  }
  for (std::size_t i = 1; i < ports->size(); ++i) EXPECT_LE((*ports)[i - 1].name, (*ports)[i].name);
}

}  // namespace
}  // namespace stimbench
