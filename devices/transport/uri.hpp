// Device URIs: `mock:`, `tcp://HOST:PORT`, `serial:///dev/PATH?baud=...` (design.md §1, §3).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "devices/core/profile.hpp"
#include "devices/core/result.hpp"

namespace stimbench {

struct DeviceUri {
  std::string scheme;                        // "mock", "tcp" or "serial", lower case
  std::string host;                          // tcp only; IPv6 without brackets
  int port = 0;                              // tcp only
  std::string path;                          // serial only, percent-decoded
  std::map<std::string, std::string> query;  // percent-decoded
  std::string text;                          // the URI as given
};

// Fails with ErrorCode::invalid_input and a message naming what is wrong.
Result<DeviceUri> parse_device_uri(std::string_view text);

// Overrides `defaults` with the URI's baud, data_bits, parity, stop_bits and flow keys.
// Unknown keys and bad values are ErrorCode::invalid_input.
Result<SerialSettings> apply_serial_query(const DeviceUri& uri, SerialSettings defaults);

// The query spellings: "none", "odd", "even" / "none", "xonxoff", "rtscts".
const char* parity_query_value(Parity parity);
const char* flow_query_value(FlowControl flow);

// "serial:///dev/ttyUSB0?baud=9600&data_bits=8&parity=none&stop_bits=1&flow=none".
std::string format_serial_uri(const std::string& path, const SerialSettings& settings);
// "tcp://127.0.0.1:5025" or "tcp://[::1]:5025".
std::string format_tcp_uri(const std::string& host, int port);

}  // namespace stimbench
