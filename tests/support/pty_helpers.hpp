// Pseudo-terminals for serial transport tests: the test plays the device on the master side.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace stimbench::test {

// openpty(); both ends are closed on destruction. Check ok() before use.
class PtyPair {
 public:
  PtyPair();
  ~PtyPair();
  PtyPair(const PtyPair&) = delete;
  PtyPair& operator=(const PtyPair&) = delete;

  bool ok() const { return master_ >= 0; }
  const std::string& error() const { return error_; }
  int master() const { return master_; }
  int slave() const { return slave_; }
  const std::string& slave_path() const { return slave_path_; }
  void close_master();

 private:
  int master_ = -1;
  int slave_ = -1;
  std::string slave_path_;
  std::string error_;
};

// Writes every byte (polling through EAGAIN); false on error.
bool write_all_fd(int fd, std::span<const std::uint8_t> data);
// Reads until `want` bytes arrived or `timeout` passed; returns what arrived.
std::vector<std::uint8_t> read_fd_for(int fd, std::size_t want, std::chrono::milliseconds timeout);

}  // namespace stimbench::test
