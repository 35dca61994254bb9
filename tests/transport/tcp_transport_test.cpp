#include "devices/transport/tcp_transport.hpp"
#include "devices/core/clock.hpp"
#include "tests/support/wall_time.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/write.hpp>

#include "devices/transport/io_wait.hpp"

namespace stimbench {
namespace {

using namespace std::chrono_literals;
using boost::asio::ip::tcp;

constexpr auto kSlack = 2s;

class TcpTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    acceptor_.open(tcp::v4());
    acceptor_.bind(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
  }

  // Connects (the kernel completes the handshake from the backlog) and accepts the peer.
  std::unique_ptr<Transport> connect(const Clock& clock, const InterruptToken* token = nullptr) {
    auto transport = connect_tcp(io_, clock, token, "127.0.0.1", port_, 2s);
    EXPECT_TRUE(transport.ok()) << transport.error().message;
    if (!transport.ok()) return nullptr;
    acceptor_.accept(peer_);
    return std::move(transport.value());
  }

  void peer_send(std::string_view text) {
    boost::asio::write(peer_, boost::asio::buffer(text.data(), text.size()));
  }

  boost::asio::io_context io_;
  tcp::acceptor acceptor_{io_};
  tcp::socket peer_{io_};
  int port_ = 0;
};

// Reads until `n` bytes arrived; returns the chunks so their timestamps can be checked.
std::vector<Chunk> read_chunks(Transport& transport, std::size_t n) {
  std::vector<Chunk> chunks;
  std::size_t got = 0;
  while (got < n) {
    auto chunk = transport.read_some(2s);
    if (!chunk.ok()) {
      ADD_FAILURE() << chunk.error().message;
      break;
    }
    got += chunk->data.size();
    chunks.push_back(std::move(chunk.value()));
  }
  return chunks;
}

std::string joined(const std::vector<Chunk>& chunks) {
  std::string text;
  for (const auto& c : chunks) text += to_text(c.data);
  return text;
}

TEST_F(TcpTransportTest, RoundTripWithIncreasingTimestamps) {
  const Clock& clock = monotonic_clock();
  auto transport = connect(clock);
  ASSERT_TRUE(transport);
  EXPECT_EQ(transport->describe(), "tcp://127.0.0.1:" + std::to_string(port_));

  Bytes ping = to_bytes("*IDN?\n");
  ASSERT_TRUE(transport->write(ping, 2s).ok());
  std::string received(ping.size(), '\0');
  boost::asio::read(peer_, boost::asio::buffer(received));
  EXPECT_EQ(received, "*IDN?\n");

  std::int64_t before = clock.now_ns();
  peer_send("first\n");
  auto first = read_chunks(*transport, 6);
  std::int64_t after = clock.now_ns();
  EXPECT_EQ(joined(first), "first\n");
  ASSERT_FALSE(first.empty());
  EXPECT_GE(first.front().t_ns, before);
  EXPECT_LE(first.back().t_ns, after);

  real_sleep(2ms);
  peer_send("second\n");
  auto second = read_chunks(*transport, 7);
  EXPECT_EQ(joined(second), "second\n");
  ASSERT_FALSE(second.empty());
  EXPECT_GT(second.front().t_ns, first.back().t_ns + 1'000'000);
}

// Real waits (the peer is a real socket) with a clock that always reads 42 us: the stamp
// can only have come from the injected clock.
class FrozenClock final : public Clock {
 public:
  std::int64_t now_ns() const override { return 42'000; }
  std::string name() const override { return "FROZEN"; }
  std::int64_t resolution_ns() const override { return 1; }
  std::unique_ptr<ClockTimer> make_timer(boost::asio::io_context& io) const override {
    return monotonic_clock().make_timer(io);
  }
  std::size_t run_one(boost::asio::io_context& io) const override {
    return monotonic_clock().run_one(io);
  }
};

TEST_F(TcpTransportTest, TimestampComesFromTheInjectedClock) {
  FrozenClock clock;
  auto transport = connect(clock);
  ASSERT_TRUE(transport);
  peer_send("x");
  auto chunk = transport->read_some(2s);
  ASSERT_TRUE(chunk.ok()) << chunk.error().message;
  EXPECT_EQ(chunk->t_ns, 42'000);
}

TEST_F(TcpTransportTest, ReadTimesOutAndTheStreamStillWorks) {
  auto transport = connect(monotonic_clock());
  ASSERT_TRUE(transport);
  auto start = wall_now();
  auto chunk = transport->read_some(50ms);
  auto elapsed = wall_now() - start;
  ASSERT_FALSE(chunk.ok());
  EXPECT_EQ(chunk.error().code, ErrorCode::timeout);
  EXPECT_NE(chunk.error().message.find("timed out after 50 ms"), std::string::npos)
      << chunk.error().message;
  EXPECT_GE(elapsed, 40ms);
  EXPECT_LT(elapsed, kSlack);

  peer_send("late");
  EXPECT_EQ(joined(read_chunks(*transport, 4)), "late");
}

// A zero timeout only looks at what has arrived (the stray-input check before each command).
TEST_F(TcpTransportTest, AZeroTimeoutReadTakesWhatArrivedAndOtherwiseTimesOut) {
  auto transport = connect(monotonic_clock());
  ASSERT_TRUE(transport);
  auto nothing = transport->read_some(0ns);
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error().code, ErrorCode::timeout);
  EXPECT_NE(nothing.error().message.find("timed out after 0 ms"), std::string::npos)
      << nothing.error().message;
  peer_send("stray");
  std::string got;
  auto start = wall_now();
  while (got.size() < 5 && wall_now() - start < kSlack) {
    auto chunk = transport->read_some(0ns);
    if (chunk.ok()) {
      got += to_text(chunk->data);
    } else {
      ASSERT_EQ(chunk.error().code, ErrorCode::timeout) << chunk.error().message;
      real_sleep(1ms);
    }
  }
  EXPECT_EQ(got, "stray");
}

// More than the kernel buffers at once: the direct write takes what fits, the rest goes out
// while the event loop turns (here: the peer reading on the same context).
TEST_F(TcpTransportTest, AWriteLargerThanTheSocketBuffersCompletes) {
  auto transport = connect(monotonic_clock());
  ASSERT_TRUE(transport);
  Bytes data(32 << 20);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7);
  Bytes received(data.size());
  bool read_done = false;
  boost::asio::async_read(peer_, boost::asio::buffer(received),
                          [&](const boost::system::error_code& ec, std::size_t n) {
                            EXPECT_FALSE(ec) << ec.message();
                            EXPECT_EQ(n, data.size());
                            read_done = true;
                          });
  Status written = transport->write(data, 20s);
  ASSERT_TRUE(written.ok()) << written.error().message;
  while (!read_done && io_.run_one() > 0) {
  }
  ASSERT_TRUE(read_done);
  EXPECT_EQ(received, data);
}

TEST_F(TcpTransportTest, PeerCloseIsClosed) {
  auto transport = connect(monotonic_clock());
  ASSERT_TRUE(transport);
  peer_.close();
  auto chunk = transport->read_some(2s);
  ASSERT_FALSE(chunk.ok());
  EXPECT_EQ(chunk.error().code, ErrorCode::closed) << chunk.error().message;
}

TEST_F(TcpTransportTest, WritingToAClosedPeerEventuallyIsClosed) {
  auto transport = connect(monotonic_clock());
  ASSERT_TRUE(transport);
  peer_.close();
  Bytes data(1024, 0x55);
  Status status;
  // The first writes may still be accepted by the kernel before the RST comes back.
  for (int i = 0; i < 200 && status.ok(); ++i) {
    status = transport->write(data, 2s);
    if (status.ok()) real_sleep(1ms);
  }
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::closed) << status.error().message;
}

TEST_F(TcpTransportTest, ConnectRefusedIsIoNamingTheAddress) {
  acceptor_.close();  // nothing listens on port_ any more
  auto transport = connect_tcp(io_, monotonic_clock(), nullptr, "127.0.0.1", port_, 2s);
  ASSERT_FALSE(transport.ok());
  EXPECT_EQ(transport.error().code, ErrorCode::io);
  EXPECT_NE(transport.error().message.find("127.0.0.1:" + std::to_string(port_)), std::string::npos)
      << transport.error().message;
}

TEST_F(TcpTransportTest, BadPortIsInvalidInput) {
  auto transport = connect_tcp(io_, monotonic_clock(), nullptr, "127.0.0.1", 0, 2s);
  ASSERT_FALSE(transport.ok());
  EXPECT_EQ(transport.error().code, ErrorCode::invalid_input);
}

TEST_F(TcpTransportTest, InterruptFromAHandlerCancelsARead) {
  InterruptToken token;
  auto transport = connect(monotonic_clock(), &token);
  ASSERT_TRUE(transport);
  auto timer = monotonic_clock().make_timer(io_);
  timer->expires_after(50ms);
  timer->async_wait([&](const boost::system::error_code& ec) {
    if (!ec) token.request();
  });
  auto start = wall_now();
  auto chunk = transport->read_some(10s);
  auto elapsed = wall_now() - start;
  ASSERT_FALSE(chunk.ok());
  EXPECT_EQ(chunk.error().code, ErrorCode::cancelled) << chunk.error().message;
  EXPECT_GE(elapsed, 40ms);
  EXPECT_LT(elapsed, kSlack);

  // Once interrupted, nothing more goes out.
  Status write = transport->write(to_bytes("FIRE\n"), 1s);
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(write.error().code, ErrorCode::cancelled);
  real_sleep(20ms);
  EXPECT_EQ(peer_.available(), 0u);
}

TEST_F(TcpTransportTest, SignalThroughSignalSetCancelsARead) {
  InterruptToken token;
  auto transport = connect(monotonic_clock(), &token);
  ASSERT_TRUE(transport);
  boost::asio::signal_set signals(io_, SIGUSR1);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) token.request();
  });
  std::thread sender([] {
    real_sleep(50ms);
    ::kill(::getpid(), SIGUSR1);
  });
  auto start = wall_now();
  auto chunk = transport->read_some(10s);
  auto elapsed = wall_now() - start;
  sender.join();
  ASSERT_FALSE(chunk.ok());
  EXPECT_EQ(chunk.error().code, ErrorCode::cancelled) << chunk.error().message;
  EXPECT_LT(elapsed, kSlack);
}

TEST_F(TcpTransportTest, InterruptFromAnotherThreadIsPolled) {
  InterruptToken token;
  auto transport = connect(monotonic_clock(), &token);
  ASSERT_TRUE(transport);
  std::thread requester([&] {
    real_sleep(50ms);
    token.request();
  });
  auto start = wall_now();
  auto chunk = transport->read_some(10s);
  auto elapsed = wall_now() - start;
  requester.join();
  ASSERT_FALSE(chunk.ok());
  EXPECT_EQ(chunk.error().code, ErrorCode::cancelled);
  EXPECT_LT(elapsed, kSlack);
}

// Real time: frames sent while the harness only waits are stamped as they arrive, not when
// the reads come afterwards (generous bounds: only the order of magnitude is asserted).
TEST_F(TcpTransportTest, FramesArrivingDuringAWaitAreStampedOnArrival) {
  const Clock& clock = monotonic_clock();
  auto transport = connect(clock);
  ASSERT_TRUE(transport);
  auto second = clock.make_timer(io_);
  const std::int64_t start = clock.now_ns();
  peer_send("a");
  second->expires_after(100ms);
  second->async_wait([this](const boost::system::error_code& ec) {
    if (!ec) peer_send("b");
  });
  ASSERT_TRUE(run_for(io_, clock, 400ms, nullptr).ok());
  const std::int64_t read_at = clock.now_ns();
  auto a = transport->read_some(1s);
  auto b = transport->read_some(1s);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(to_text(a->data), "a");
  EXPECT_EQ(to_text(b->data), "b");
  EXPECT_LT(a->t_ns - start, 90'000'000) << "stamped when read, not on arrival";
  EXPECT_GE(b->t_ns - a->t_ns, 90'000'000);
  EXPECT_LT(b->t_ns, read_at - 50'000'000);
}

TEST_F(TcpTransportTest, DiscardInputDropsWhatAlreadyArrived) {
  auto transport = connect(monotonic_clock());
  ASSERT_TRUE(transport);
  peer_send("stale reply\n");
  real_sleep(50ms);  // loopback delivery
  transport->discard_input();
  auto chunk = transport->read_some(50ms);
  ASSERT_FALSE(chunk.ok()) << "got " << to_text(chunk->data);
  EXPECT_EQ(chunk.error().code, ErrorCode::timeout);
  peer_send("fresh");
  EXPECT_EQ(joined(read_chunks(*transport, 5)), "fresh");
}

TEST_F(TcpTransportTest, OperationsAfterCloseAreClosed) {
  auto transport = connect(monotonic_clock());
  ASSERT_TRUE(transport);
  transport->close();
  auto chunk = transport->read_some(1s);
  ASSERT_FALSE(chunk.ok());
  EXPECT_EQ(chunk.error().code, ErrorCode::closed);
  Status write = transport->write(to_bytes("x"), 1s);
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(write.error().code, ErrorCode::closed);
}

TEST(TcpTransportIpv6, ConnectsToBracketedLoopback) {
  boost::asio::io_context io;
  tcp::acceptor acceptor(io);
  boost::system::error_code ec;
  acceptor.open(tcp::v6(), ec);
  if (!ec) acceptor.bind(tcp::endpoint(boost::asio::ip::make_address("::1"), 0), ec);
  if (!ec) acceptor.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) GTEST_SKIP() << "no IPv6 loopback here: " << ec.message();
  int port = acceptor.local_endpoint().port();
  auto transport = connect_tcp(io, monotonic_clock(), nullptr, "::1", port, 2s);
  ASSERT_TRUE(transport.ok()) << transport.error().message;
  EXPECT_EQ((*transport)->describe(), "tcp://[::1]:" + std::to_string(port));
}

}  // namespace
}  // namespace stimbench
