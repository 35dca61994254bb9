#include "devices/transport/listen_address.hpp"

#include <charconv>
#include <string>

namespace stimbench {

Result<boost::asio::ip::tcp::endpoint> parse_listen_address(std::string_view uri,
                                                            std::string_view what) {
  constexpr std::string_view kScheme = "tcp://";
  auto bad = [&](const std::string& why) {
    return make_error(ErrorCode::invalid_input,
                      std::string(what) + " \"" + std::string(uri) + "\": " + why);
  };
  if (uri.substr(0, kScheme.size()) != kScheme) return bad("expected tcp://HOST:PORT");
  std::string_view rest = uri.substr(kScheme.size());
  std::string_view host, port;
  if (!rest.empty() && rest.front() == '[') {
    std::size_t close = rest.find("]:");
    if (close == std::string_view::npos) return bad("expected [IPV6]:PORT");
    host = rest.substr(1, close - 1);
    port = rest.substr(close + 2);
  } else {
    std::size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos) return bad("missing :PORT");
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  unsigned number = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || number > 65535) {
    return bad("port must be 0..65535");
  }
  std::string host_text = host == "localhost" ? "127.0.0.1" : std::string(host);
  boost::system::error_code aec;
  boost::asio::ip::address address = boost::asio::ip::make_address(host_text, aec);
  if (aec) return bad("host must be a numeric address such as 127.0.0.1 or ::1");
  return boost::asio::ip::tcp::endpoint(address, static_cast<unsigned short>(number));
}

}  // namespace stimbench
