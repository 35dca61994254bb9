// Client ends for the mock server tests: a line client over Asio sockets with its own
// io_context and deadlines, raw-terminal helpers for the PTY, and a thread running the
// server's io_context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <thread>

namespace stimbench::test {

using namespace std::chrono_literals;

// Runs an io_context on its own thread until stop().
class IoThread {
 public:
  explicit IoThread(boost::asio::io_context& io) : io_(io) {}
  ~IoThread() { stop(); }
  void start();
  void stop();

 private:
  boost::asio::io_context& io_;
  std::thread thread_;
};

// Sends lines and reads reply lines with a deadline on every operation.
template <class Socket>
class LineClient {
 public:
  LineClient() : socket_(io_) {}
  Socket& socket() { return socket_; }
  boost::asio::io_context& io() { return io_; }
  bool send(const std::string& text, std::chrono::milliseconds timeout = 5s);
  // One line without its "\n", or nullopt at timeout / EOF.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = 5s);
  std::optional<std::string> request(const std::string& line) {
    if (!send(line + "\n")) return std::nullopt;
    return read_line();
  }
  void close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

 private:
  boost::asio::io_context io_;
  Socket socket_;
  std::string pending_;
};

using TcpClient = LineClient<boost::asio::ip::tcp::socket>;
using LocalClient = LineClient<boost::asio::local::stream_protocol::socket>;

// "tcp://127.0.0.1:PORT" -> connected client, or false.
bool connect_tcp(TcpClient& client, const std::string& uri);

// Opens a terminal path (O_RDWR | O_NOCTTY) in raw mode; -1 on failure.
int open_raw_terminal(const std::string& path);
bool write_fd(int fd, const std::string& text);
std::optional<std::string> read_fd_line(int fd, std::chrono::milliseconds timeout = 5s);

}  // namespace stimbench::test
