#include "tests/support/pty_helpers.hpp"

#include <poll.h>
#include <pty.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace stimbench::test {

PtyPair::PtyPair() {
  char name[256] = {};
  if (::openpty(&master_, &slave_, name, nullptr, nullptr) != 0) {
    error_ = std::string("openpty: ") + std::strerror(errno);
    master_ = slave_ = -1;
    return;
  }
  slave_path_ = name;
}

PtyPair::~PtyPair() {
  close_master();
  if (slave_ >= 0) ::close(slave_);
}

void PtyPair::close_master() {
  if (master_ >= 0) ::close(master_);
  master_ = -1;
}

bool write_all_fd(int fd, std::span<const std::uint8_t> data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, 100);
    } else {
      return false;
    }
  }
  return true;
}

std::vector<std::uint8_t> read_fd_for(int fd, std::size_t want, std::chrono::milliseconds timeout) {
  std::vector<std::uint8_t> out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out.size() < want) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    std::uint8_t buffer[512];
    ssize_t n = ::read(fd, buffer, std::min(sizeof buffer, want - out.size()));
    if (n <= 0) {
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      break;
    }
    out.insert(out.end(), buffer, buffer + n);
  }
  return out;
}

}  // namespace stimbench::test
