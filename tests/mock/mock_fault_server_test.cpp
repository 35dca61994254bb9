// The fault schedule on real sockets: an in-process socket pair, loopback TCP and a PTY.
// The device has executed each command; only its reply is delayed, lost or damaged.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/local/connect_pair.hpp>

#include "devices/mock/mock_server.hpp"
#include "tests/mock/mock_test_io.hpp"
#include "tests/mock/mock_test_util.hpp"
#include "tests/support/wall_time.hpp"

namespace stimbench::test {
namespace {

const char kFaultServerIdn[] = "stimbench,REF-1,SB-0001,1.0.0";

class MockFaultTest : public ::testing::Test {
 protected:
  void make_server(const std::string& spec, std::uint64_t seed = 0) {
    MockServerOptions options;
    Result<FaultSchedule> faults = parse_fault_spec(spec);
    ASSERT_TRUE(faults.ok()) << faults.error().message;
    options.faults = *faults;
    options.seed = seed;
    server = std::make_unique<MockServer>(io, monotonic_clock(), make_mock(), options);
  }
  void connect_local(LocalClient& client) {
    boost::asio::local::stream_protocol::socket device_side(io);
    boost::asio::local::connect_pair(client.socket(), device_side);
    ASSERT_TRUE(server->serve_stream(std::move(device_side)).ok());
  }
  std::string listen() {
    Result<std::string> uri = server->listen_tcp("tcp://127.0.0.1:0");
    EXPECT_TRUE(uri.ok());
    return uri ? *uri : "";
  }
  void TearDown() override {
    runner.stop();
    server.reset();
  }

  boost::asio::io_context io;
  std::unique_ptr<MockServer> server;
  IoThread runner{io};
};

TEST_F(MockFaultTest, DelayHoldsThatReplyAndTheOnesBehindIt) {
  make_server("delay:300ms@2");
  LocalClient c;
  connect_local(c);
  runner.start();
  EXPECT_EQ(c.request("SYST:REM ON"), "OK");
  auto sent = wall_now();
  ASSERT_TRUE(c.send("SYST:REM?\n*IDN?\n"));
  EXPECT_EQ(c.read_line(), "1");
  EXPECT_GE(wall_now() - sent, 290ms);
  EXPECT_EQ(c.read_line(), kFaultServerIdn);  // in order, right behind it
  sent = wall_now();
  EXPECT_EQ(c.request("*IDN?"), kFaultServerIdn);
  EXPECT_LT(wall_now() - sent, 250ms);
}

TEST_F(MockFaultTest, DropLosesOnlyThatReplyAndTheCommandStillRan) {
  make_server("drop@2");
  LocalClient c;
  connect_local(c);
  runner.start();
  EXPECT_EQ(c.request("*IDN?"), kFaultServerIdn);
  ASSERT_TRUE(c.send("SYST:REM ON\n"));
  EXPECT_EQ(c.read_line(300ms), std::nullopt);
  EXPECT_EQ(c.request("SYST:REM?"), "1");
}

TEST_F(MockFaultTest, CorruptFlipsTheFirstByteOfThatReply) {
  make_server("corrupt@1");
  LocalClient c;
  connect_local(c);
  runner.start();
  EXPECT_EQ(c.request("SYST:REM ON"), "\xCFK");
  EXPECT_EQ(c.request("SYST:REM?"), "1");
}

TEST_F(MockFaultTest, TruncateSendsHalfAndTheRestRunsIntoTheNextReply) {
  make_server("truncate@1");
  LocalClient c;
  connect_local(c);
  runner.start();
  ASSERT_TRUE(c.send("*IDN?\n"));
  EXPECT_EQ(c.read_line(300ms), std::nullopt);            // 15 of 30 bytes, no newline
  EXPECT_EQ(c.request("SYST:REM?"), "stimbench,REF-10");  // the fragment, then "0\n"
}

TEST_F(MockFaultTest, EveryNthReplyIsDroppedOverTcp) {
  make_server("drop@every:2");
  std::string uri = listen();
  runner.start();
  TcpClient c;
  ASSERT_TRUE(connect_tcp(c, uri));
  ASSERT_TRUE(c.send("*IDN?\nSYST:REM?\n*IDN?\nSYST:REM?\n*IDN?\nSYST:REM?\n"));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(c.read_line(), kFaultServerIdn) << i;
  EXPECT_EQ(c.read_line(300ms), std::nullopt);
}

TEST_F(MockFaultTest, StallSilencesThatConnectionOnlyAndTheDeviceStopsListening) {
  make_server("stall@2");
  std::string uri = listen();
  runner.start();
  {
    TcpClient c;
    ASSERT_TRUE(connect_tcp(c, uri));
    EXPECT_EQ(c.request("*IDN?"), kFaultServerIdn);
    ASSERT_TRUE(c.send("*IDN?\n"));
    EXPECT_EQ(c.read_line(300ms), std::nullopt);
    ASSERT_TRUE(c.send("SYST:REM ON\n"));  // never reaches the device
    EXPECT_EQ(c.read_line(300ms), std::nullopt);
  }
  TcpClient next;
  ASSERT_TRUE(connect_tcp(next, uri));
  EXPECT_EQ(next.request("SYST:REM?"), "0");
  EXPECT_EQ(next.request("*IDN?"), kFaultServerIdn);
}

TEST_F(MockFaultTest, DisconnectClosesAfterRunningTheCommandAndTheNextClientIsServed) {
  make_server("disconnect@2");
  std::string uri = listen();
  runner.start();
  {
    TcpClient c;
    ASSERT_TRUE(connect_tcp(c, uri));
    EXPECT_EQ(c.request("*IDN?"), kFaultServerIdn);
    ASSERT_TRUE(c.send("SYST:REM ON\n"));
    auto sent = wall_now();
    EXPECT_EQ(c.read_line(2s), std::nullopt);
    EXPECT_LT(wall_now() - sent, 1s);  // EOF, not the deadline
  }
  TcpClient next;
  ASSERT_TRUE(connect_tcp(next, uri));
  EXPECT_EQ(next.request("SYST:REM?"), "1");
}

TEST_F(MockFaultTest, DisconnectClosesAnInProcessConnectionToo) {
  make_server("disconnect@1");
  LocalClient c;
  connect_local(c);
  runner.start();
  ASSERT_TRUE(c.send("*IDN?\n"));
  auto sent = wall_now();
  EXPECT_EQ(c.read_line(2s), std::nullopt);
  EXPECT_LT(wall_now() - sent, 1s);
}

TEST_F(MockFaultTest, OnAPtyDisconnectSilencesThePortInsteadOfClosingIt) {
  make_server("disconnect@2");
  Result<std::string> uri = server->open_pty();
  ASSERT_TRUE(uri.ok()) << uri.error().message;
  runner.start();
  int fd = open_raw_terminal(uri->substr(std::string("serial://").size()));
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(write_fd(fd, "*IDN?\n"));
  EXPECT_EQ(read_fd_line(fd), kFaultServerIdn);
  ASSERT_TRUE(write_fd(fd, "*IDN?\n"));
  EXPECT_EQ(read_fd_line(fd, 300ms), std::nullopt);
  ASSERT_TRUE(write_fd(fd, "*IDN?\n"));  // the port is still there, just silent
  EXPECT_EQ(read_fd_line(fd, 300ms), std::nullopt);
  ::close(fd);
  runner.stop();
  EXPECT_EQ(server->last_error(), "");
}

TEST_F(MockFaultTest, SeededProbabilityDropsTheRepliesTheInjectorPredicts) {
  Result<FaultSchedule> schedule = parse_fault_spec("drop@p=0.5");
  ASSERT_TRUE(schedule.ok());
  FaultInjector oracle(*schedule, 9);
  std::string batch = "SYST:REM ON\n";
  std::string expected = oracle.next() ? "" : "OK ";
  for (int i = 0; i < 40; ++i) {
    batch += "SOUR:AMPL " + std::to_string(i) + "\nSOUR:AMPL?\n";
    if (!oracle.next()) expected += "OK ";
    if (!oracle.next()) expected += std::to_string(i) + " ";
  }
  make_server("drop@p=0.5", 9);
  std::string uri = listen();
  runner.start();
  TcpClient c;
  ASSERT_TRUE(connect_tcp(c, uri));
  ASSERT_TRUE(c.send(batch));
  std::string got;
  while (std::optional<std::string> line = c.read_line(300ms)) got += *line + " ";
  EXPECT_EQ(got, expected);
  EXPECT_GT(got.size(), 40u);   // some replies came through
  EXPECT_LT(got.size(), 200u);  // and some were dropped
}

TEST_F(MockFaultTest, ScenarioFaultsCountFromTheirStartAndAStallEndsWithThem) {
  make_server("drop@1000000");  // a base schedule that never acts here
  std::vector<FaultEvent> events;
  LocalClient c;
  connect_local(c);
  runner.start();
  EXPECT_EQ(c.request("SYST:REM ON"), "OK");
  EXPECT_EQ(c.request("SYST:REM ON"), "OK");
  runner.stop();  // set_scenario_faults runs on the io thread's side only
  server->set_scenario_faults(*parse_fault_spec("corrupt@1,stall@2"), 4);
  runner.start();
  EXPECT_EQ(c.request("SYST:REM ON"), "\xCFK");  // the scenario's frame 1, not the server's 3rd
  ASSERT_TRUE(c.send("SYST:REM ON\n"));
  EXPECT_FALSE(c.read_line(300ms));  // stalled
  runner.stop();
  server->set_scenario_faults(FaultSchedule{}, 4);  // the next scenario: heard again
  runner.start();
  EXPECT_EQ(c.request("SYST:REM ON"), "OK");
}

}  // namespace
}  // namespace stimbench::test
