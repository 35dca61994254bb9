#include "tests/bench/raw_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "devices/core/clock.hpp"

namespace stimbench::bench {
namespace {

struct Socket {
  int fd = -1;
  ~Socket() {
    if (fd >= 0) ::close(fd);
  }
};

Error os_error(const std::string& what) {
  return make_error(ErrorCode::io, what + ": " + std::strerror(errno));
}

// Reads up to and including the next '\n'; the mock sends one reply per command, so nothing
// follows it in the buffer.
Status read_reply(int fd, std::string& buffer) {
  buffer.clear();
  char chunk[512];
  for (;;) {
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return os_error("recv");
    if (n == 0) return make_error(ErrorCode::closed, "the mock closed the connection");
    buffer.append(chunk, static_cast<std::size_t>(n));
    if (buffer.back() == '\n') return Status::success();
  }
}

}  // namespace

Result<std::vector<std::int64_t>> raw_round_trips(const std::string& host, int port,
                                                  const std::string& line, int count, int warmup) {
  Socket s;
  s.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s.fd < 0) return os_error("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    return make_error(ErrorCode::invalid_input, "not an IPv4 address: " + host);
  }
  if (::connect(s.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    return os_error("connect to " + host + ":" + std::to_string(port));
  }
  int one = 1;  // as the harness's TCP transport does
  ::setsockopt(s.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const Clock& clock = monotonic_clock();
  std::vector<std::int64_t> times;
  times.reserve(static_cast<std::size_t>(count));
  std::string reply;
  for (int i = 0; i < warmup + count; ++i) {
    const std::int64_t start = clock.now_ns();
    if (::send(s.fd, line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size()))
      return os_error("send");
    if (Status got = read_reply(s.fd, reply); !got) return got.error();
    if (i >= warmup) times.push_back(clock.now_ns() - start);
  }
  return times;
}

}  // namespace stimbench::bench
