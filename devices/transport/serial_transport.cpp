#include "devices/transport/serial_transport.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include <libserialport.h>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "devices/transport/stream_transport.hpp"
#include "devices/transport/termios_config.hpp"
#include "devices/transport/uri.hpp"

namespace stimbench {
namespace {

using Descriptor = boost::asio::posix::stream_descriptor;

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    reset(other.release());
    return *this;
  }
  ~UniqueFd() { reset(); }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

struct SpPort {
  sp_port* port = nullptr;
  bool open = false;
  ~SpPort() {
    if (open) sp_close(port);
    if (port != nullptr) sp_free_port(port);
  }
};

class SerialTransport final : public StreamTransport<Descriptor> {
 public:
  SerialTransport(boost::asio::io_context& io, const Clock& clock, const InterruptToken* token,
                  Descriptor descriptor, std::string description, std::unique_ptr<SpPort> sp,
                  UniqueFd lock_fd)
      : StreamTransport<Descriptor>(io, clock, token, std::move(descriptor),
                                    std::move(description)),
        sp_(std::move(sp)),
        lock_fd_(std::move(lock_fd)) {}
  ~SerialTransport() override { release(); }
  void close() override { release(); }

 private:
  void release() {
    // Linux keeps TIOCEXCL on a PTY slave whose master stays open; clear it for the next user.
    if (stream().is_open()) ::ioctl(stream().native_handle(), TIOCNXCL);
    close_stream();
    sp_.reset();
    lock_fd_.reset();  // last: the flock is held until everything else is closed
  }

  std::unique_ptr<SpPort> sp_;  // real ports only
  UniqueFd lock_fd_;            // real ports only; PTYs are locked on the Asio descriptor
};

Error busy(const std::string& path) {
  return make_error(ErrorCode::busy, "serial port " + path + " is in use by another process");
}

Error os_error(const std::string& what, int err) {
  return make_error(ErrorCode::io, what + ": " + std::strerror(err));
}

std::string sp_error_text(sp_return ret) {
  switch (ret) {
    case SP_ERR_FAIL: {
      char* message = sp_last_error_message();
      std::string text = message != nullptr ? message : "unknown OS error";
      sp_free_error_message(message);
      return text;
    }
    case SP_ERR_ARG:
      return "invalid argument (libserialport does not know this port or setting)";
    case SP_ERR_MEM:
      return "out of memory";
    case SP_ERR_SUPP:
      return "not supported by this port or OS";
    case SP_OK:
      break;
  }
  return "unknown libserialport error";
}

Status validate(const SerialSettings& s) {
  if (s.baud <= 0)
    return make_error(ErrorCode::invalid_input,
                      "baud must be positive, got " + std::to_string(s.baud));
  if (s.data_bits < 5 || s.data_bits > 8)
    return make_error(ErrorCode::invalid_input,
                      "data_bits must be 5 to 8, got " + std::to_string(s.data_bits));
  if (s.stop_bits != 1 && s.stop_bits != 2)
    return make_error(ErrorCode::invalid_input,
                      "stop_bits must be 1 or 2, got " + std::to_string(s.stop_bits));
  return Status::success();
}

// Unix98 PTY slaves have majors 136..143; the path check covers unusual device numbering.
bool is_pseudo_terminal(const std::string& path, const struct stat& st) {
  if (path.rfind("/dev/pts/", 0) == 0) return true;
  unsigned int maj = major(st.st_rdev);
  return S_ISCHR(st.st_mode) && maj >= 136 && maj <= 143;
}

Status configure_termios(int fd, const std::string& path, const SerialSettings& s) {
  termios current{};
  if (::tcgetattr(fd, &current) != 0) return os_error("cannot read settings of " + path, errno);
  auto wanted = detail::make_serial_termios(current, s);
  if (!wanted) return wanted.error().with_context(path);
  if (::tcsetattr(fd, TCSANOW, &*wanted) != 0) return os_error("cannot configure " + path, errno);
  return Status::success();
}

// libserialport leaves VMIN=0/VTIME=0, which makes an empty non-blocking read look like EOF.
Status fix_read_mode(int fd, const std::string& path) {
  termios t{};
  if (::tcgetattr(fd, &t) != 0) return os_error("cannot read settings of " + path, errno);
  detail::set_nonblocking_read_mode(t);
  if (::tcsetattr(fd, TCSANOW, &t) != 0) return os_error("cannot configure " + path, errno);
  return Status::success();
}

Status configure_libserialport(sp_port* port, const std::string& path, const SerialSettings& s) {
  sp_port_config* raw = nullptr;
  if (sp_return ret = sp_new_config(&raw); ret != SP_OK)
    return make_error(ErrorCode::io, "cannot configure " + path + ": " + sp_error_text(ret));
  std::unique_ptr<sp_port_config, void (*)(sp_port_config*)> config(raw, sp_free_config);
  sp_parity parity = s.parity == Parity::odd    ? SP_PARITY_ODD
                     : s.parity == Parity::even ? SP_PARITY_EVEN
                                                : SP_PARITY_NONE;
  sp_flowcontrol flow = s.flow_control == FlowControl::xonxoff  ? SP_FLOWCONTROL_XONXOFF
                        : s.flow_control == FlowControl::rtscts ? SP_FLOWCONTROL_RTSCTS
                                                                : SP_FLOWCONTROL_NONE;
  sp_return ret = sp_set_config_baudrate(config.get(), s.baud);
  if (ret == SP_OK) ret = sp_set_config_bits(config.get(), s.data_bits);
  if (ret == SP_OK) ret = sp_set_config_parity(config.get(), parity);
  if (ret == SP_OK) ret = sp_set_config_stopbits(config.get(), s.stop_bits);
  if (ret == SP_OK) ret = sp_set_config_flowcontrol(config.get(), flow);
  if (ret == SP_OK) ret = sp_set_config(port, config.get());
  if (ret != SP_OK)
    return make_error(ErrorCode::io, "cannot configure " + path + ": " + sp_error_text(ret));
  return Status::success();
}

// libserialport's handle is duplicated so Asio and libserialport each close their own.
Result<UniqueFd> open_with_libserialport(const std::string& path, const SerialSettings& s,
                                         SpPort& sp) {
  if (sp_return ret = sp_get_port_by_name(path.c_str(), &sp.port); ret != SP_OK)
    return make_error(ErrorCode::io,
                      "libserialport cannot find " + path + ": " + sp_error_text(ret));
  if (sp_return ret = sp_open(sp.port, SP_MODE_READ_WRITE); ret != SP_OK) {
    if (ret == SP_ERR_FAIL && sp_last_error_code() == EBUSY) return busy(path);
    return make_error(ErrorCode::io, "cannot open " + path + ": " + sp_error_text(ret));
  }
  sp.open = true;
  if (Status st = configure_libserialport(sp.port, path, s); !st) return st.error();
  int handle = -1;
  if (sp_return ret = sp_get_port_handle(sp.port, &handle); ret != SP_OK)
    return make_error(ErrorCode::io,
                      "cannot get the handle of " + path + ": " + sp_error_text(ret));
  UniqueFd fd(::fcntl(handle, F_DUPFD_CLOEXEC, 0));
  if (fd.get() < 0) return os_error("cannot duplicate the handle of " + path, errno);
  if (Status st = fix_read_mode(fd.get(), path); !st) return st.error();
  return fd;
}

}  // namespace

Result<std::unique_ptr<Transport>> open_serial(boost::asio::io_context& io, const Clock& clock,
                                               const InterruptToken* token, std::string path,
                                               const SerialSettings& settings) {
  if (Status st = validate(settings); !st) return st.error().with_context(path);
  if (token != nullptr && token->should_stop())
    return make_error(ErrorCode::cancelled, "opening " + path + " interrupted");

  // Lock before anything configures the port, so a busy port's user is not disturbed.
  UniqueFd lock_fd(::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
  if (lock_fd.get() < 0) {
    int err = errno;
    if (err == EBUSY) return busy(path);  // TIOCEXCL held by another process
    return os_error("cannot open serial port " + path, err);
  }
  if (!::isatty(lock_fd.get()))
    return make_error(ErrorCode::invalid_input, path + " is not a serial port (not a terminal)");
  if (::flock(lock_fd.get(), LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    if (err == EWOULDBLOCK) return busy(path);
    return os_error("cannot lock serial port " + path, err);
  }
  struct stat st {};
  if (::fstat(lock_fd.get(), &st) != 0) return os_error("cannot stat " + path, errno);

  auto sp = std::make_unique<SpPort>();
  UniqueFd io_fd;
  if (is_pseudo_terminal(path, st)) {
    if (Status s = configure_termios(lock_fd.get(), path, settings); !s) return s.error();
    io_fd = std::move(lock_fd);  // the locked descriptor is the I/O descriptor
    sp.reset();
  } else {
    auto opened = open_with_libserialport(path, settings, *sp);
    if (!opened) return opened.error();
    io_fd = std::move(opened.value());
  }
  Descriptor descriptor(io);
  boost::system::error_code ec;
  descriptor.assign(io_fd.get(), ec);
  if (ec) return make_error(ErrorCode::io, "cannot watch " + path + ": " + ec.message());
  io_fd.release();
  // Keeps out non-root openers that do not flock (e.g. a terminal program).
  ::ioctl(descriptor.native_handle(), TIOCEXCL);
  return std::unique_ptr<Transport>(std::make_unique<SerialTransport>(
      io, clock, token, std::move(descriptor), format_serial_uri(path, settings), std::move(sp),
      std::move(lock_fd)));
}

}  // namespace stimbench
