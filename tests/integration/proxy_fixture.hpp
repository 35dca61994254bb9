// `stimbench proxy` in front of `stimbench mock`, both real processes, and a raw loopback
// TCP client to talk through them.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/integration/cli_fixture.hpp"
#include "tests/support/pty_helpers.hpp"

namespace stimbench::test {

inline StandaloneMock start_proxy(std::vector<std::string> args) {
  return start_server("proxy", std::move(args));
}

// A connected loopback socket to "tcp://127.0.0.1:PORT"; -1 on failure. Closed by the owner.
inline int connect_loopback(const std::string& uri) {
  std::size_t colon = uri.rfind(':');
  if (uri.rfind("tcp://127.0.0.1:", 0) != 0 || colon == std::string::npos) return -1;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(std::stoi(uri.substr(colon + 1))));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline std::vector<nlohmann::json> read_json_lines(const std::string& path) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded()) lines.push_back(j);
  }
  return lines;
}

inline std::vector<nlohmann::json> fault_lines(const std::string& path) {
  std::vector<nlohmann::json> faults;
  for (nlohmann::json& j : read_json_lines(path))
    if (j.value("type", "") == "fault") faults.push_back(j);
  return faults;
}

// The fault lines of a run's transcript without the chain fields (seq, prev, hash), which
// differ only when the lines do.
inline std::vector<nlohmann::json> run_fault_lines(const std::string& out_dir) {
  std::vector<nlohmann::json> faults = fault_lines(out_dir + "/transcript.jsonl");
  for (nlohmann::json& f : faults) {
    f.erase("seq");
    f.erase("prev");
    f.erase("hash");
  }
  return faults;
}

}  // namespace stimbench::test
