#include "tests/integration/misbehaving_device.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <optional>
#include <span>

#include "devices/core/clock.hpp"
#include "devices/mock/dialects.hpp"
#include "devices/mock/mock_stimulator.hpp"
#include "harness/config/profile_loader.hpp"
#include "tests/support/process.hpp"
#include "tests/support/pty_helpers.hpp"

namespace stimbench::test {

const char* to_string(Misbehaviour mode) {
  switch (mode) {
    case Misbehaviour::none:
      return "none";
    case Misbehaviour::never_replies:
      return "never_replies";
    case Misbehaviour::replies_late:
      return "replies_late";
    case Misbehaviour::truncates_and_closes:
      return "truncates_and_closes";
    case Misbehaviour::garbage:
      return "garbage";
    case Misbehaviour::nul_bytes:
      return "nul_bytes";
    case Misbehaviour::double_replies:
      return "double_replies";
    case Misbehaviour::endless_line:
      return "endless_line";
    case Misbehaviour::closes_mid_scenario:
      return "closes_mid_scenario";
    case Misbehaviour::answers_some_queries:
      return "answers_some_queries";
  }
  return "?";
}

struct MisbehavingDevice::Impl {
  MisbehaviourOptions options;
  int listen_fd = -1;
  std::unique_ptr<PtyPair> pty;
  int stop_pipe[2] = {-1, -1};
  std::optional<MockStimulator> device;
  std::unique_ptr<MockDialect> dialect;

  ~Impl() {
    if (listen_fd >= 0) ::close(listen_fd);
    for (int fd : stop_pipe)
      if (fd >= 0) ::close(fd);
  }
};

namespace {

std::int64_t now_ns() {
  return monotonic_clock().now_ns();
}

}  // namespace

struct Outgoing {
  std::string bytes;
  std::int64_t due_ns = 0;
  bool hang_up = false;  // close the connection here
};

// One connection's loop: the mock answers each line, the misbehaviour bends the answer.
struct DeviceLoop {
  MisbehavingDevice& owner;
  MisbehavingDevice::Impl& m;
  int fd;
  bool tcp;
  std::deque<Outgoing> queue;
  std::string out;
  std::string in;
  std::size_t flood_left = 0;
  int replies = 0;
  int fault_queries = 0;
  bool truncated = false;
  bool flooding = false;

  void plan(std::string bytes, std::int64_t due, bool hang_up = false) {
    queue.push_back(Outgoing{std::move(bytes), due, hang_up});
  }

  void on_reply(const std::string& reply, bool query, std::int64_t now) {
    const MisbehaviourOptions& o = m.options;
    if (o.mode == Misbehaviour::none || replies++ < o.good_replies) return plan(reply, now);
    owner.fault_started_ = true;
    switch (o.mode) {
      case Misbehaviour::none:
      case Misbehaviour::never_replies:
        return;
      case Misbehaviour::replies_late:
        return plan(reply, now + std::chrono::nanoseconds(o.late_by).count());
      case Misbehaviour::truncates_and_closes: {
        // Cuts the first armed status after the fault begins: "ARMED,REMOTE=1,FAULT=".
        if (truncated) return;
        auto fault = reply.find("FAULT=");
        if (reply.rfind("ARMED", 0) != 0 || fault == std::string::npos) return plan(reply, now);
        truncated = true;
        plan(reply.substr(0, fault + 6), now);
        return plan("", now, /*hang_up=*/true);
      }
      case Misbehaviour::garbage:
        return plan(std::string("\x8f\x01#@!\xfe garbage\n"), now);
      case Misbehaviour::nul_bytes: {
        std::string damaged = reply;
        damaged.insert(1, 1, '\0');
        return plan(damaged, now);
      }
      case Misbehaviour::double_replies:  // in one burst, as a device that repeats itself
        return plan(reply + reply, now);
      case Misbehaviour::endless_line:
        if (!flooding) flood_left = o.flood_bytes;
        flooding = true;
        return;
      case Misbehaviour::closes_mid_scenario:
        return plan("", now, /*hang_up=*/true);
      case Misbehaviour::answers_some_queries:
        if (query && fault_queries++ % 2 == 1) return;
        return plan(reply, now);
    }
  }

  void on_input(const char* data, std::size_t n, std::int64_t now) {
    if (owner.fault_started_) {
      std::lock_guard lock(owner.mutex_);
      owner.received_after_fault_.append(data, n);
    }
    in.append(data, n);
    for (auto newline = in.find('\n'); newline != std::string::npos; newline = in.find('\n')) {
      std::string line = in.substr(0, newline + 1);
      in.erase(0, newline + 1);
      auto bytes = std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(line.data()),
                                                 line.size());
      const bool query = line.find('?') != std::string::npos;
      for (const Bytes& reply : m.dialect->on_bytes(bytes, now))
        on_reply(std::string(reply.begin(), reply.end()), query, now);
    }
  }

  // Returns when the harness hangs up, the device hangs up (true), or stop is asked.
  bool serve() {
    for (;;) {
      std::int64_t now = now_ns();
      while (out.empty() && !queue.empty() && queue.front().due_ns <= now) {
        if (queue.front().hang_up) return true;
        out = std::move(queue.front().bytes);
        queue.pop_front();
      }
      if (out.empty() && flood_left > 0) {
        std::size_t n = std::min<std::size_t>(flood_left, 64 * 1024);
        out.assign(n, 'A');
        flood_left -= n;
      }
      int timeout_ms = 20;
      if (!queue.empty() && out.empty()) {
        auto wait = (queue.front().due_ns - now) / 1'000'000;
        timeout_ms = static_cast<int>(std::clamp<std::int64_t>(wait, 0, 20));
      }
      pollfd fds[2] = {{fd, static_cast<short>(POLLIN | (out.empty() ? 0 : POLLOUT)), 0},
                       {m.stop_pipe[0], POLLIN, 0}};
      if (::poll(fds, 2, timeout_ms) < 0 && errno != EINTR) return false;
      if (fds[1].revents != 0) return false;
      if (fds[0].revents & POLLIN) {
        char buffer[4096];
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n == 0) return false;
        if (n < 0 && errno != EAGAIN && errno != EINTR) return false;
        if (n > 0) on_input(buffer, static_cast<std::size_t>(n), now_ns());
      } else if (fds[0].revents & (POLLHUP | POLLERR)) {
        if (tcp) return false;
      }
      if (!out.empty() && (fds[0].revents & POLLOUT)) {
        ssize_t w = tcp ? ::send(fd, out.data(), out.size(), MSG_NOSIGNAL)
                        : ::write(fd, out.data(), out.size());
        if (w < 0 && errno != EAGAIN && errno != EINTR) return false;
        if (w > 0) {
          std::lock_guard lock(owner.mutex_);
          owner.sent_.append(out, 0, static_cast<std::size_t>(w));
          out.erase(0, static_cast<std::size_t>(w));
        }
      }
    }
  }
};

std::unique_ptr<MisbehavingDevice> MisbehavingDevice::start(Transport transport,
                                                            MisbehaviourOptions options,
                                                            std::string* error) {
  auto fail = [error](const std::string& why) -> std::unique_ptr<MisbehavingDevice> {
    if (error != nullptr) *error = why;
    return nullptr;
  };
  std::unique_ptr<MisbehavingDevice> self(new MisbehavingDevice());
  self->impl_ = std::make_unique<Impl>();
  Impl& m = *self->impl_;
  m.options = options;
  auto profile = load_profile_file(source_dir() + "/fixtures/profiles/reference.yaml");
  if (!profile) return fail(profile.error().message);
  auto device = MockStimulator::create(*profile);
  if (!device) return fail(device.error().message);
  m.device.emplace(std::move(device).value());
  m.dialect = dialect_factory_for(*profile)(*m.device);
  if (::pipe(m.stop_pipe) != 0) return fail(std::string("pipe: ") + std::strerror(errno));

  if (transport == Transport::pty) {
    m.pty = std::make_unique<PtyPair>();
    if (!m.pty->ok()) return fail(m.pty->error());
    ::fcntl(m.pty->master(), F_SETFL, ::fcntl(m.pty->master(), F_GETFL) | O_NONBLOCK);
    self->uri_ = "serial://" + m.pty->slave_path();
  } else {
    m.listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;  // tests bind 127.0.0.1 on port 0 only
    socklen_t length = sizeof address;
    if (m.listen_fd < 0 ||
        ::bind(m.listen_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(m.listen_fd, 4) != 0 ||
        ::getsockname(m.listen_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
      return fail(std::string("socket: ") + std::strerror(errno));
    self->uri_ = "tcp://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  }
  self->thread_ = std::thread([raw = self.get()] { raw->run(); });
  return self;
}

void MisbehavingDevice::run() {
  Impl& m = *impl_;
  for (;;) {
    int fd = -1;
    if (m.pty) {
      fd = m.pty->master();
    } else {
      pollfd fds[2] = {{m.listen_fd, POLLIN, 0}, {m.stop_pipe[0], POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0 && errno != EINTR) return;
      if (fds[1].revents != 0) return;
      if (!(fds[0].revents & POLLIN)) continue;
      fd = ::accept4(m.listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) continue;
    }
    DeviceLoop loop{*this, m, fd, m.pty == nullptr, {}, {}, {}, 0, 0, 0, false, false};
    bool hung_up = loop.serve();
    if (m.pty) {
      if (hung_up) m.pty->close_master();  // the slave side now reads as hung up
      // A PTY device does not come back; wait for stop.
      pollfd stop{m.stop_pipe[0], POLLIN, 0};
      ::poll(&stop, 1, -1);
      return;
    }
    ::close(fd);
    if (!hung_up) continue;  // the harness closed; serve the next connection
  }
}

MisbehavingDevice::~MisbehavingDevice() {
  if (impl_ && impl_->stop_pipe[1] >= 0) {
    char byte = 1;
    (void)::write(impl_->stop_pipe[1], &byte, 1);
  }
  if (thread_.joinable()) thread_.join();
}

std::string MisbehavingDevice::sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

std::string MisbehavingDevice::received_after_fault() const {
  std::lock_guard lock(mutex_);
  return received_after_fault_;
}

}  // namespace stimbench::test
