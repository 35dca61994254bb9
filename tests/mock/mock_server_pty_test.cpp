// The mock server on a real pseudo-terminal, opened the way a serial client opens a port.
#include <gtest/gtest.h>
#include <termios.h>
#include <unistd.h>

#include <regex>

#include "devices/mock/mock_server.hpp"
#include "tests/mock/mock_test_io.hpp"
#include "tests/mock/mock_test_util.hpp"

namespace stimbench::test {
namespace {

class MockPtyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server = std::make_unique<MockServer>(io, monotonic_clock(), make_mock());
    Result<std::string> uri = server->open_pty();
    ASSERT_TRUE(uri.ok()) << uri.error().message;
    ASSERT_TRUE(std::regex_match(*uri, std::regex(R"(serial:///dev/pts/[0-9]+)"))) << *uri;
    path = uri->substr(std::string("serial://").size());
    runner.start();
  }
  void TearDown() override {
    runner.stop();
    server.reset();
  }

  boost::asio::io_context io;
  std::unique_ptr<MockServer> server;
  IoThread runner{io};
  std::string path;
};

TEST_F(MockPtyTest, ExchangesLinesAcrossCloseAndReopen) {
  int fd = open_raw_terminal(path);
  ASSERT_GE(fd, 0) << path;
  ASSERT_TRUE(write_fd(fd, "*IDN?\n"));
  EXPECT_EQ(read_fd_line(fd), "stimbench,REF-1,SB-0001,1.0.0");
  ASSERT_TRUE(write_fd(fd, "SYST:REM ON\r\n"));
  EXPECT_EQ(read_fd_line(fd), "OK");
  ::close(fd);

  for (int round = 0; round < 3; ++round) {
    fd = open_raw_terminal(path);
    ASSERT_GE(fd, 0) << "reopen " << round;
    ASSERT_TRUE(write_fd(fd, "SYST:RE"));  // split writes are one line to the device
    ASSERT_TRUE(write_fd(fd, "M?\n"));
    EXPECT_EQ(read_fd_line(fd), "1") << "round " << round;  // state persisted
    ::close(fd);
  }
  runner.stop();
  EXPECT_EQ(server->last_error(), "");
  EXPECT_EQ(server->connections_served(), 1u);  // one master session throughout
}

TEST_F(MockPtyTest, TerminalIsRawForAClientThatDoesNotConfigureIt) {
  int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  termios tio{};
  ASSERT_EQ(::tcgetattr(fd, &tio), 0);
  EXPECT_EQ(tio.c_lflag & (ECHO | ICANON | ISIG), 0u);
  EXPECT_EQ(tio.c_oflag & OPOST, 0u);
  ASSERT_TRUE(write_fd(fd, "STAT?\n"));
  EXPECT_EQ(read_fd_line(fd), "STANDBY,REMOTE=0,FAULT=0,PULSES=0");
  ::close(fd);
}

}  // namespace
}  // namespace stimbench::test
