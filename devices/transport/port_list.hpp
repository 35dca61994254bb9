// Serial port enumeration for `stimbench ports` (libserialport).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "devices/core/result.hpp"

namespace stimbench {

struct PortInfo {
  std::string name;         // e.g. "/dev/ttyUSB0"
  std::string description;  // libserialport's human-readable description
  std::string kind;         // "usb", "native", "bluetooth" or "unknown"
  std::optional<int> usb_vid;
  std::optional<int> usb_pid;
  std::string manufacturer;   // USB only; empty when unknown
  std::string product;        // USB only
  std::string serial_number;  // USB only
};

// Sorted by name. No ports is an empty vector, not an error.
Result<std::vector<PortInfo>> list_serial_ports();

}  // namespace stimbench
