// The mock server over real sockets: an in-process socket pair and loopback TCP.
#include <gtest/gtest.h>

#include <boost/asio/local/connect_pair.hpp>
#include <boost/asio/post.hpp>
#include <regex>

#include "devices/core/clock.hpp"
#include "devices/mock/mock_server.hpp"
#include "tests/mock/mock_test_io.hpp"
#include "tests/mock/mock_test_util.hpp"

namespace stimbench::test {
namespace {

const char kIdn[] = "stimbench,REF-1,SB-0001,1.0.0";

class MockServerTest : public ::testing::Test {
 protected:
  void make_server(DeviceProfile profile = reference_profile(), MockOptions options = {}) {
    server = std::make_unique<MockServer>(io, monotonic_clock(), make_mock(profile, options));
  }
  std::string listen() {
    Result<std::string> uri = server->listen_tcp("tcp://127.0.0.1:0");
    EXPECT_TRUE(uri.ok()) << (uri ? "" : uri.error().message);
    return uri ? *uri : "";
  }
  void TearDown() override {
    runner.stop();  // before the server: its handlers run on that thread
    server.reset();
  }

  boost::asio::io_context io;
  std::unique_ptr<MockServer> server;
  IoThread runner{io};
};

TEST_F(MockServerTest, ServesAnInProcessSocket) {
  make_server();
  LocalClient client;
  boost::asio::local::stream_protocol::socket device_side(io);
  boost::asio::local::connect_pair(client.socket(), device_side);
  ASSERT_TRUE(server->serve_stream(std::move(device_side)).ok());
  runner.start();
  EXPECT_EQ(client.request("*IDN?"), kIdn);
  EXPECT_EQ(client.request("SYST:REM ON"), "OK");
  client.close();
  runner.stop();
  EXPECT_TRUE(server->device().remote());
  EXPECT_EQ(server->connections_served(), 1u);

  // Opened then closed: a never-opened socket trips a GCC 12 -Wmaybe-uninitialized false
  // positive inside Asio's reactor at -O2.
  boost::asio::local::stream_protocol::socket closed(io);
  boost::system::error_code ignored;
  closed.open(boost::asio::local::stream_protocol(), ignored);
  closed.close(ignored);
  Status refused = server->serve_stream(std::move(closed));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_input);
}

TEST_F(MockServerTest, TcpAnswersAndStatePersistsAcrossConnections) {
  make_server();
  std::string uri = listen();
  EXPECT_TRUE(std::regex_match(uri, std::regex(R"(tcp://127\.0\.0\.1:[1-9][0-9]*)"))) << uri;
  runner.start();
  {
    TcpClient first;
    ASSERT_TRUE(connect_tcp(first, uri));
    EXPECT_EQ(first.request("*IDN?"), kIdn);
    EXPECT_EQ(first.request("SYST:REM ON"), "OK");
    EXPECT_EQ(first.request("SOUR:AMPL 55"), "OK");
  }
  TcpClient second;
  ASSERT_TRUE(connect_tcp(second, uri));
  EXPECT_EQ(second.request("SOUR:AMPL?"), "55");
  EXPECT_EQ(second.request("SYST:REM?"), "1");
  EXPECT_EQ(second.request("STAT?"), "STANDBY,REMOTE=1,FAULT=0,PULSES=0");
}

TEST_F(MockServerTest, TcpRefusesNonLoopbackAndMalformedAddresses) {
  make_server();
  for (const char* uri : {"tcp://0.0.0.0:0", "tcp://192.168.1.10:5025", "tcp://[::]:0",
                          "tcp://example.com:0", "tcp://127.0.0.1", "tcp://127.0.0.1:70000",
                          "tcp://127.0.0.1:abc", "udp://127.0.0.1:0", "127.0.0.1:0", "tcp://:0"}) {
    Result<std::string> r = server->listen_tcp(uri);
    ASSERT_FALSE(r.ok()) << uri;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_input) << uri;
  }
  Result<std::string> local = server->listen_tcp("tcp://localhost:0");
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(local->rfind("tcp://127.0.0.1:", 0), 0u);
}

TEST_F(MockServerTest, TcpPortInUseIsAnIoError) {
  make_server();
  std::string uri = listen();
  MockServer other(io, monotonic_clock(), make_mock());
  Result<std::string> clash = other.listen_tcp(uri);
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, ErrorCode::io);
}

TEST_F(MockServerTest, TcpOnIpv6Loopback) {
  make_server();
  Result<std::string> uri = server->listen_tcp("tcp://[::1]:0");
  if (!uri.ok()) GTEST_SKIP() << "no IPv6 loopback here: " << uri.error().message;
  EXPECT_EQ(uri->rfind("tcp://[::1]:", 0), 0u) << *uri;
  runner.start();
  TcpClient client;
  ASSERT_TRUE(connect_tcp(client, *uri));
  EXPECT_EQ(client.request("*IDN?"), kIdn);
}

TEST_F(MockServerTest, TcpServesOneConnectionAfterAnother) {
  make_server();
  std::string uri = listen();
  runner.start();
  TcpClient first, second;
  ASSERT_TRUE(connect_tcp(first, uri));
  ASSERT_TRUE(connect_tcp(second, uri));  // waits in the backlog
  ASSERT_TRUE(second.send("*IDN?\n"));
  EXPECT_EQ(first.request("STAT?"), "STANDBY,REMOTE=0,FAULT=0,PULSES=0");
  EXPECT_EQ(second.read_line(300ms), std::nullopt);
  first.close();
  EXPECT_EQ(second.read_line(), kIdn);
}

TEST_F(MockServerTest, DisconnectKeepsStateAndTicksRunTrainsWithoutCommands) {
  DeviceProfile p = reference_profile();
  p.keepalive_timeout_s = 0;  // isolate the tick timer from the watchdog
  MockOptions fast;
  fast.time_scale = 100;
  make_server(p, fast);
  std::string uri = listen();
  runner.start();
  {
    TcpClient c;
    ASSERT_TRUE(connect_tcp(c, uri));
    ASSERT_EQ(c.request("SYST:REM ON"), "OK");
    ASSERT_EQ(c.request("OUTP:ARM"), "OK");
  }
  real_sleep(100ms);  // ready after 3 ms
  {
    TcpClient c;
    ASSERT_TRUE(connect_tcp(c, uri));
    ASSERT_EQ(c.request("STAT?"), "READY,REMOTE=1,FAULT=0,PULSES=0");
    ASSERT_EQ(c.request("INIT"), "OK");  // 10 pulses at 10 Hz: 10 ms at scale 100
  }
  real_sleep(400ms);
  runner.stop();
  EXPECT_EQ(server->device().pulses_delivered(), 10u);
  EXPECT_EQ(server->device().state(), MockState::ready);
}

TEST_F(MockServerTest, WatchdogDisarmsThroughTheTickTimer) {
  MockOptions o;
  o.time_scale = 10;  // keep-alive 100 ms, ready delay 30 ms
  make_server(reference_profile(), o);
  std::string uri = listen();
  runner.start();
  TcpClient c;
  ASSERT_TRUE(connect_tcp(c, uri));
  ASSERT_EQ(c.request("SYST:REM ON"), "OK");
  ASSERT_EQ(c.request("OUTP:ARM"), "OK");
  real_sleep(600ms);
  runner.stop();  // read the device directly: no command may have advanced it
  EXPECT_EQ(server->device().state(), MockState::standby);
  EXPECT_EQ(server->device().watchdog_disarms(), 1u);
}

TEST_F(MockServerTest, OverlongLineOverTcpGetsOneErrorThenResyncs) {
  make_server();
  std::string uri = listen();
  runner.start();
  TcpClient c;
  ASSERT_TRUE(connect_tcp(c, uri));
  ASSERT_TRUE(c.send(std::string(10000, 'A') + "\n*IDN?\n"));
  std::optional<std::string> first = c.read_line();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->rfind("ERR -100,", 0), 0u) << *first;
  EXPECT_EQ(c.read_line(), kIdn);
}

TEST_F(MockServerTest, StopClosesConnectionsAndRefusesNewWork) {
  make_server();
  std::string uri = listen();
  runner.start();
  TcpClient c;
  ASSERT_TRUE(connect_tcp(c, uri));
  ASSERT_EQ(c.request("*IDN?"), kIdn);
  boost::asio::post(io, [this] { server->stop(); });
  EXPECT_EQ(c.read_line(), std::nullopt);  // EOF, well before the 5 s deadline
  runner.stop();
  Result<std::string> again = server->listen_tcp("tcp://127.0.0.1:0");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::closed);
}

TEST_F(MockServerTest, DestroyingTheServerWithWorkQueuedIsSafe) {
  make_server();
  std::string uri = listen();
  TcpClient c;
  ASSERT_TRUE(connect_tcp(c, uri));
  server.reset();  // accept and timer still queued on io
  io.run_for(50ms);
  EXPECT_EQ(c.read_line(200ms), std::nullopt);
}

}  // namespace
}  // namespace stimbench::test
