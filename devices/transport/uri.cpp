#include "devices/transport/uri.hpp"

#include <cctype>
#include <charconv>
#include <optional>

namespace stimbench {
namespace {

constexpr const char* kExpected = "expected mock:, tcp://HOST:PORT or serial:///dev/NAME";

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int hi = hex_digit(text[i + 1]);
    int lo = hex_digit(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace

Result<DeviceUri> parse_device_uri(std::string_view text) {
  auto fail = [&](const std::string& why) -> Error {
    return make_error(ErrorCode::invalid_input,
                      "invalid device URI '" + std::string(text) + "': " + why);
  };
  if (text.empty())
    return make_error(ErrorCode::invalid_input, "empty device URI; " + std::string(kExpected));

  DeviceUri uri;
  uri.text = std::string(text);
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return fail(std::string("missing scheme; ") + kExpected);
  for (char c : text.substr(0, colon))
    uri.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view rest = text.substr(colon + 1);
  if (rest.find('#') != std::string_view::npos) return fail("fragments (#) are not supported");

  std::size_t question = rest.find('?');
  if (question != std::string_view::npos) {
    std::string_view query = rest.substr(question + 1);
    rest = rest.substr(0, question);
    while (!query.empty()) {
      std::size_t amp = query.find('&');
      std::string_view item = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
      if (item.empty()) continue;  // tolerate "?a=1&" and "?&a=1"
      std::size_t eq = item.find('=');
      if (eq == std::string_view::npos || eq == 0)
        return fail("query item '" + std::string(item) + "' is not key=value");
      auto key = percent_decode(item.substr(0, eq));
      auto value = percent_decode(item.substr(eq + 1));
      if (!key || !value) return fail("bad percent escape in '" + std::string(item) + "'");
      if (!uri.query.emplace(*key, *value).second) return fail("query key '" + *key + "' repeats");
    }
  }

  if (uri.scheme == "mock") {
    if (!rest.empty()) return fail("mock: takes no host or path, only ?key=value options");
    return uri;
  }
  if (uri.scheme != "tcp" && uri.scheme != "serial")
    return fail("unknown scheme '" + uri.scheme + "'; " + kExpected);
  if (rest.substr(0, 2) != "//") return fail(std::string(kExpected));
  rest.remove_prefix(2);

  if (uri.scheme == "serial") {
    if (rest.empty() || rest.front() != '/')
      return fail("expected serial:///dev/NAME (three slashes, absolute device path)");
    if (rest == "/") return fail("missing device path");
    auto path = percent_decode(rest);
    if (!path) return fail("bad percent escape in the path");
    uri.path = *path;
    return uri;
  }

  // tcp: HOST:PORT or [IPV6]:PORT, optionally followed by a lone '/'.
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find('/') != std::string_view::npos) return fail("tcp URIs take no path");
  std::string_view port_text;
  if (!rest.empty() && rest.front() == '[') {
    std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return fail("unclosed '[' in the host");
    uri.host = std::string(rest.substr(1, close - 1));
    std::string_view after = rest.substr(close + 1);
    if (after.empty()) return fail("missing port, e.g. tcp://[::1]:5025");
    if (after.front() != ':') return fail("expected ':' and a port after ']'");
    port_text = after.substr(1);
  } else {
    std::size_t last = rest.rfind(':');
    if (last == std::string_view::npos) return fail("missing port, e.g. tcp://127.0.0.1:5025");
    uri.host = std::string(rest.substr(0, last));
    if (uri.host.find(':') != std::string::npos)
      return fail("IPv6 addresses need brackets, e.g. tcp://[::1]:5025");
    port_text = rest.substr(last + 1);
  }
  if (uri.host.empty()) return fail("missing host");
  auto port = parse_int(port_text);
  if (!port || *port < 1 || *port > 65535)
    return fail("port must be a number from 1 to 65535, got '" + std::string(port_text) + "'");
  uri.port = *port;
  return uri;
}

Result<SerialSettings> apply_serial_query(const DeviceUri& uri, SerialSettings settings) {
  auto fail = [&](const std::string& why) -> Error {
    return make_error(ErrorCode::invalid_input, "in device URI '" + uri.text + "': " + why);
  };
  for (const auto& [key, value] : uri.query) {
    auto number = parse_int(value);
    if (key == "baud") {
      if (!number || *number <= 0)
        return fail("baud must be a positive integer, got '" + value + "'");
      settings.baud = *number;
    } else if (key == "data_bits") {
      if (!number || *number < 5 || *number > 8)
        return fail("data_bits must be 5, 6, 7 or 8, got '" + value + "'");
      settings.data_bits = *number;
    } else if (key == "stop_bits") {
      if (!number || (*number != 1 && *number != 2))
        return fail("stop_bits must be 1 or 2, got '" + value + "'");
      settings.stop_bits = *number;
    } else if (key == "parity") {
      if (value == "none") {
        settings.parity = Parity::none;
      } else if (value == "odd") {
        settings.parity = Parity::odd;
      } else if (value == "even") {
        settings.parity = Parity::even;
      } else {
        return fail("parity must be none, odd or even, got '" + value + "'");
      }
    } else if (key == "flow") {
      if (value == "none") {
        settings.flow_control = FlowControl::none;
      } else if (value == "xonxoff") {
        settings.flow_control = FlowControl::xonxoff;
      } else if (value == "rtscts") {
        settings.flow_control = FlowControl::rtscts;
      } else {
        return fail("flow must be none, xonxoff or rtscts, got '" + value + "'");
      }
    } else {
      return fail("unknown serial option '" + key +
                  "' (known: baud, data_bits, parity, stop_bits, flow)");
    }
  }
  return settings;
}

const char* parity_query_value(Parity parity) {
  switch (parity) {
    case Parity::none:
      return "none";
    case Parity::odd:
      return "odd";
    case Parity::even:
      return "even";
  }
  return "none";
}

const char* flow_query_value(FlowControl flow) {
  switch (flow) {
    case FlowControl::none:
      return "none";
    case FlowControl::xonxoff:
      return "xonxoff";
    case FlowControl::rtscts:
      return "rtscts";
  }
  return "none";
}

std::string format_serial_uri(const std::string& path, const SerialSettings& settings) {
  return "serial://" + path + "?baud=" + std::to_string(settings.baud) +
         "&data_bits=" + std::to_string(settings.data_bits) +
         "&parity=" + parity_query_value(settings.parity) +
         "&stop_bits=" + std::to_string(settings.stop_bits) +
         "&flow=" + flow_query_value(settings.flow_control);
}

std::string format_tcp_uri(const std::string& host, int port) {
  bool v6 = host.find(':') != std::string::npos;
  return "tcp://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace stimbench
