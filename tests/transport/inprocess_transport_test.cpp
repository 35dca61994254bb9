#include "devices/transport/inprocess_transport.hpp"
#include "tests/support/wall_time.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>

#include <boost/asio/write.hpp>

namespace stimbench {
namespace {

using namespace std::chrono_literals;

// A tiny device on the host's io_context: upper-cases whatever it receives.
class EchoDevice {
 public:
  explicit EchoDevice(boost::asio::local::stream_protocol::socket& socket) : socket_(socket) {
    start();
  }
  int replies = 0;

 private:
  void start() {
    socket_.async_read_some(boost::asio::buffer(buffer_),
                            [this](const boost::system::error_code& ec, std::size_t n) {
                              if (ec) return;
                              std::string reply(buffer_.data(), n);
                              for (char& c : reply)
                                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                              boost::asio::write(socket_, boost::asio::buffer(reply));
                              ++replies;
                              start();
                            });
  }
  boost::asio::local::stream_protocol::socket& socket_;
  std::array<char, 256> buffer_{};
};

TEST(InprocessTransport, RoundTripThroughADeviceOnTheSameContext) {
  boost::asio::io_context io;
  auto pair = make_inprocess_pair(io, monotonic_clock(), nullptr);
  ASSERT_TRUE(pair.host);
  ASSERT_TRUE(pair.device.is_open());
  EXPECT_EQ(pair.host->describe(), "mock:");
  EchoDevice device(pair.device);

  // Another timer on the same context keeps ticking while the host waits.
  auto ticker = monotonic_clock().make_timer(io);
  int ticks = 0;
  std::function<void()> tick = [&] {
    ticker->expires_after(5ms);
    ticker->async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      ++ticks;
      tick();
    });
  };
  tick();

  ASSERT_TRUE(pair.host->write(to_bytes("status?\n"), 1s).ok());
  std::string reply;
  while (reply.size() < 8) {
    auto chunk = pair.host->read_some(2s);
    ASSERT_TRUE(chunk.ok()) << chunk.error().message;
    reply += to_text(chunk->data);
  }
  EXPECT_EQ(reply, "STATUS?\n");
  EXPECT_GE(device.replies, 1);

  // Nothing to read: the wait still runs the ticker's handlers.
  int ticks_before = ticks;
  auto none = pair.host->read_some(60ms);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::timeout);
  EXPECT_GE(ticks - ticks_before, 3);
  ticker->cancel();
}

TEST(InprocessTransport, ReadReturnsBytesAHandlerWritesLater) {
  boost::asio::io_context io;
  auto pair = make_inprocess_pair(io, monotonic_clock(), nullptr);
  auto later = monotonic_clock().make_timer(io);
  later->expires_after(30ms);
  later->async_wait([&](const boost::system::error_code& ec) {
    if (!ec) boost::asio::write(pair.device, boost::asio::buffer(std::string("event\n")));
  });
  auto start = wall_now();
  auto chunk = pair.host->read_some(2s);
  auto elapsed = wall_now() - start;
  ASSERT_TRUE(chunk.ok()) << chunk.error().message;
  EXPECT_EQ(to_text(chunk->data), "event\n");
  EXPECT_GE(elapsed, 25ms);
  EXPECT_LT(elapsed, 2s);
}

TEST(InprocessTransport, DeviceCloseIsClosed) {
  boost::asio::io_context io;
  auto pair = make_inprocess_pair(io, monotonic_clock(), nullptr);
  pair.device.close();
  auto chunk = pair.host->read_some(2s);
  ASSERT_FALSE(chunk.ok());
  EXPECT_EQ(chunk.error().code, ErrorCode::closed);
  Status write = pair.host->write(to_bytes("x"), 1s);
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(write.error().code, ErrorCode::closed) << write.error().message;
}

TEST(InprocessTransport, HostOutlivedByPendingHandlersIsSafe) {
  boost::asio::io_context io;
  auto pair = make_inprocess_pair(io, monotonic_clock(), nullptr);
  auto chunk = pair.host->read_some(10ms);  // leaves cancelled timer handlers queued
  EXPECT_FALSE(chunk.ok());
  pair.host.reset();
  io.restart();
  io.poll();  // the stale handlers must not touch the destroyed transport
  SUCCEED();
}

}  // namespace
}  // namespace stimbench
