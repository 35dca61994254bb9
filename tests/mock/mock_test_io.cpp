#include "tests/mock/mock_test_io.hpp"
#include "tests/support/wall_time.hpp"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <boost/asio/write.hpp>

namespace stimbench::test {

void IoThread::start() {
  io_.restart();
  thread_ = std::thread([this] { io_.run(); });
}

void IoThread::stop() {
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

template <class Socket>
bool LineClient<Socket>::send(const std::string& text, std::chrono::milliseconds timeout) {
  bool done = false;
  boost::system::error_code result;
  boost::asio::async_write(socket_, boost::asio::buffer(text),
                           [&](boost::system::error_code ec, std::size_t) {
                             done = true;
                             result = ec;
                           });
  io_.restart();
  io_.run_for(timeout);
  if (!done) close();
  return done && !result;
}

template <class Socket>
std::optional<std::string> LineClient<Socket>::read_line(std::chrono::milliseconds timeout) {
  auto deadline = wall_now() + timeout;
  while (true) {
    std::size_t newline = pending_.find('\n');
    if (newline != std::string::npos) {
      std::string line = pending_.substr(0, newline);
      pending_.erase(0, newline + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - wall_now());
    if (left <= 0ms) return std::nullopt;
    char buffer[512];
    bool done = false;
    boost::system::error_code result;
    std::size_t got = 0;
    socket_.async_read_some(boost::asio::buffer(buffer),
                            [&](boost::system::error_code ec, std::size_t n) {
                              done = true;
                              result = ec;
                              got = n;
                            });
    io_.restart();
    io_.run_for(left);
    if (!done) {  // cancel the read so the next call starts clean
      socket_.cancel();
      io_.restart();
      io_.run();
      return std::nullopt;
    }
    if (result) return std::nullopt;
    pending_.append(buffer, got);
  }
}

template class LineClient<boost::asio::ip::tcp::socket>;
template class LineClient<boost::asio::local::stream_protocol::socket>;

bool connect_tcp(TcpClient& client, const std::string& uri) {
  std::string rest = uri.substr(std::string("tcp://").size());
  std::size_t colon = rest.rfind(':');
  std::string host = rest.substr(0, colon);
  if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  boost::asio::ip::tcp::endpoint endpoint(
      boost::asio::ip::make_address(host, ec),
      static_cast<unsigned short>(std::stoi(rest.substr(colon + 1))));
  if (ec) return false;
  client.socket().connect(endpoint, ec);
  return !ec;
}

int open_raw_terminal(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return -1;
  termios tio{};
  if (::tcgetattr(fd, &tio) != 0) {
    ::close(fd);
    return -1;
  }
  ::cfmakeraw(&tio);
  ::tcsetattr(fd, TCSANOW, &tio);
  return fd;
}

bool write_fd(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<std::string> read_fd_line(int fd, std::chrono::milliseconds timeout) {
  auto deadline = wall_now() + timeout;
  std::string line;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - wall_now());
    if (left <= 0ms) return std::nullopt;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char c = 0;
    if (::read(fd, &c, 1) != 1) return std::nullopt;
    if (c == '\n') return line;
    line.push_back(c);
  }
}

}  // namespace stimbench::test
