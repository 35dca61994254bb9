// `stimbench proxy` end to end on real loopback TCP: forwarding, each link fault on replies
// and on commands, the fault transcript, address policy and clean shutdown.
#include <csignal>

#include "tests/integration/proxy_fixture.hpp"

namespace stimbench::test {
namespace {

using namespace std::chrono_literals;

struct Chain {
  StandaloneMock mock;
  StandaloneMock proxy;
  std::string out;
  int fd = -1;
  ~Chain() {
    if (fd >= 0) ::close(fd);
  }
};

std::unique_ptr<Chain> chain(std::vector<std::string> proxy_args) {
  auto c = std::make_unique<Chain>();
  c->mock = start_mock({"--listen", "tcp://127.0.0.1:0"});
  c->out = fresh_path("proxy") + ".jsonl";
  std::vector<std::string> args = {"--upstream", c->mock.uri, "--out", c->out};
  args.insert(args.end(), proxy_args.begin(), proxy_args.end());
  c->proxy = start_proxy(args);
  c->fd = connect_loopback(c->proxy.uri);
  return c;
}

std::string ask(int fd, const std::string& command, std::size_t want,
                std::chrono::milliseconds wait = 5s) {
  write_all_fd(fd,
               std::span(reinterpret_cast<const std::uint8_t*>(command.data()), command.size()));
  std::vector<std::uint8_t> got = read_fd_for(fd, want, wait);
  return std::string(got.begin(), got.end());
}

int stop(StandaloneMock& process) {
  process.child->signal(SIGTERM);
  return process.child->wait(10s);
}

TEST(Proxy, PrintsItsAddressFirstAndForwardsBothWays) {
  auto c = chain({});
  EXPECT_EQ(c->proxy.uri.rfind("tcp://127.0.0.1:", 0), 0u) << c->proxy.uri;
  ASSERT_GE(c->fd, 0);
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 3), "OK\n");
  std::string status = ask(c->fd, "STAT?\n", 8);
  EXPECT_EQ(status.rfind("STANDBY", 0), 0u) << status;
  EXPECT_EQ(stop(c->proxy), 0);
  EXPECT_TRUE(fault_lines(c->out).empty());
  EXPECT_EQ(stop(c->mock), 0);
}

TEST(Proxy, DropDuplicateCorruptAndTruncateRepliesAreLoggedWithTheirFrame) {
  auto c = chain({"--fault", "drop@2,duplicate@3,corrupt@4,truncate@5", "--seed", "9"});
  ASSERT_GE(c->fd, 0);
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 3), "OK\n");
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 3, 300ms), "");  // dropped
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 6), "OK\nOK\n");
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 3), "\xCFK\n");
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 1), "O");  // 3 bytes halved: the cut frame is sent
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 3), "OK\n");
  EXPECT_EQ(stop(c->proxy), 0);
  std::vector<nlohmann::json> faults = fault_lines(c->out);
  ASSERT_EQ(faults.size(), 4u);
  const char* kinds[] = {"drop", "duplicate", "corrupt", "truncate"};
  for (std::size_t i = 0; i < faults.size(); ++i) {
    EXPECT_EQ(faults[i]["kind"], kinds[i]);
    EXPECT_EQ(faults[i]["frame"], i + 2);
    EXPECT_EQ(faults[i]["seed"], 9);
    EXPECT_EQ(faults[i]["direction"], "device_to_host");
    EXPECT_TRUE(faults[i]["t_ns"].is_number_integer());
  }
  EXPECT_EQ(stop(c->mock), 0);
}

TEST(Proxy, CommandFaultsActOnWhatTheHostSends) {
  // The 2nd command never reaches the device; the 3rd arrives twice (two replies).
  auto c = chain({"--fault", "drop@2/to=device,duplicate@3/to=device"});
  ASSERT_GE(c->fd, 0);
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 3), "OK\n");
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 3, 300ms), "");
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 6), "OK\nOK\n");
  EXPECT_EQ(stop(c->proxy), 0);
  std::vector<nlohmann::json> faults = fault_lines(c->out);
  ASSERT_EQ(faults.size(), 2u);
  EXPECT_EQ(faults[0]["direction"], "host_to_device");
  EXPECT_EQ(faults[0]["rule"], "drop@2/to=device");
  EXPECT_EQ(faults[1]["kind"], "duplicate");
  EXPECT_EQ(stop(c->mock), 0);
}

TEST(Proxy, DelayWithJitterHoldsTheReplyAtLeastTheDrawnTime) {
  auto c = chain({"--fault", "delay:300ms~100ms@1", "--seed", "4"});
  ASSERT_GE(c->fd, 0);
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 3, 150ms), "");  // at least 200 ms late
  EXPECT_EQ(read_fd_for(c->fd, 3, 5s).size(), 3u);
  EXPECT_EQ(stop(c->proxy), 0);
  std::vector<nlohmann::json> faults = fault_lines(c->out);
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_GE(faults[0]["delay_us"].get<int>(), 200000);
  EXPECT_LE(faults[0]["delay_us"].get<int>(), 400000);
  EXPECT_EQ(stop(c->mock), 0);
}

TEST(Proxy, DisconnectClosesTheClientAndServesTheNextOne) {
  auto c = chain({"--fault", "disconnect@2"});
  ASSERT_GE(c->fd, 0);
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 3), "OK\n");
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 3, 2s), "");  // closed: read ends with nothing
  ::close(c->fd);
  c->fd = connect_loopback(c->proxy.uri);
  ASSERT_GE(c->fd, 0);
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 3), "OK\n");
  EXPECT_EQ(stop(c->proxy), 0);
  EXPECT_EQ(stop(c->mock), 0);
}

TEST(Proxy, StallSilencesTheLinkUntilTheClientLeaves) {
  auto c = chain({"--fault", "stall@2"});
  ASSERT_GE(c->fd, 0);
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 3), "OK\n");
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 3, 300ms), "");
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 3, 300ms), "");  // input ignored too
  ::close(c->fd);
  c->fd = connect_loopback(c->proxy.uri);
  ASSERT_GE(c->fd, 0);
  EXPECT_EQ(ask(c->fd, "SYST:REM ON\n", 3), "OK\n");
  EXPECT_EQ(stop(c->proxy), 0);
  std::vector<nlohmann::json> faults = fault_lines(c->out);
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(faults[0]["kind"], "stall");
  EXPECT_EQ(stop(c->mock), 0);
}

TEST(Proxy, RefusesNonLoopbackWithoutAllowRemoteDeviceFaultsAndBadSpecs) {
  StandaloneMock mock = start_mock({"--listen", "tcp://127.0.0.1:0"});
  ProcessResult remote =
      run_cli({"proxy", "--listen", "tcp://0.0.0.0:0", "--upstream", mock.uri}, 10s);
  EXPECT_EQ(remote.exit_code, 2);
  EXPECT_NE(remote.err.find("is not loopback; add --allow-remote"), std::string::npos)
      << remote.err;
  ProcessResult device = run_cli({"proxy", "--upstream", mock.uri, "--fault", "overtemp@3"}, 10s);
  EXPECT_EQ(device.exit_code, 2);
  EXPECT_NE(device.err.find("device faults"), std::string::npos) << device.err;
  ProcessResult bad = run_cli({"proxy", "--upstream", mock.uri, "--fault", "drop@2/to=dev"}, 10s);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown modifier"), std::string::npos) << bad.err;
  ProcessResult upstream = run_cli({"proxy", "--upstream", "mock:"}, 10s);
  EXPECT_EQ(upstream.exit_code, 2);
  EXPECT_NE(upstream.err.find("upstream must be tcp:// or serial://"), std::string::npos)
      << upstream.err;
  ProcessResult family = run_cli({"proxy", "--upstream", mock.uri, "--profile", "nope"}, 10s);
  EXPECT_EQ(family.exit_code, 2);
  EXPECT_EQ(stop(mock), 0);
}

}  // namespace
}  // namespace stimbench::test
