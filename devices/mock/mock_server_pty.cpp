// Pseudo-terminal port for the mock: the client opens the slave like a serial port.
#include <fcntl.h>
#include <pty.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <cerrno>
#include <cstring>

#include "devices/mock/mock_server.hpp"
#include "devices/mock/mock_session.hpp"

namespace stimbench {

namespace {

// The slave descriptor the server holds so the master never sees a hang-up (EIO) when the
// last client closes the terminal.
class HeldSlave : public mock_detail::Closable {
 public:
  explicit HeldSlave(int fd) : fd_(fd) {}
  ~HeldSlave() override { close(); }
  void close() override {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

Error pty_error(const char* what) {
  return make_error(ErrorCode::io, std::string("mock pty: ") + what + ": " + std::strerror(errno));
}

void close_on_exec(int fd) {
  ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC);
}

}  // namespace

Result<std::string> MockServer::open_pty() {
  if (core_->stopped) return make_error(ErrorCode::closed, "mock server stopped");
  int master = -1, slave = -1;
  if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) return pty_error("openpty");
  close_on_exec(master);
  close_on_exec(slave);
  auto held = std::make_shared<HeldSlave>(slave);

  char name[128] = {};
  if (::ptsname_r(master, name, sizeof name) != 0) {
    Error error = pty_error("ptsname");
    ::close(master);
    return error;
  }
  // Raw, so neither echo nor line editing alters the protocol's bytes.
  termios tio{};
  if (::tcgetattr(slave, &tio) != 0) {
    Error error = pty_error("tcgetattr");
    ::close(master);
    return error;
  }
  ::cfmakeraw(&tio);
  ::cfsetispeed(&tio, B115200);
  ::cfsetospeed(&tio, B115200);
  if (::tcsetattr(slave, TCSANOW, &tio) != 0) {
    Error error = pty_error("tcsetattr");
    ::close(master);
    return error;
  }

  boost::asio::posix::stream_descriptor descriptor(core_->io);
  boost::system::error_code ec;
  descriptor.assign(master, ec);
  if (ec) {
    ::close(master);
    return make_error(ErrorCode::io, "mock pty: " + ec.message());
  }
  core_->track(held);
  // The session owns the master; the lambda keeps the held slave alive just as long. A
  // serial line cannot be hung up by the device, so `disconnect` faults silence it instead.
  mock_detail::start_session(
      core_, std::move(descriptor), [held] {}, false);
  return std::string("serial://") + name;
}

}  // namespace stimbench
