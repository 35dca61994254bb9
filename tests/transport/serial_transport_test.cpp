#include "devices/transport/serial_transport.hpp"
#include "devices/core/clock.hpp"
#include "tests/support/wall_time.hpp"

#include <gtest/gtest.h>
#include <termios.h>

#include <chrono>
#include <thread>

#include "tests/support/pty_helpers.hpp"

namespace stimbench {
namespace {

using namespace std::chrono_literals;

constexpr auto kSerialSlack = 2s;

class SerialTransportTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(pty_.ok()) << pty_.error(); }

  std::unique_ptr<Transport> open(const SerialSettings& settings = {},
                                  const InterruptToken* token = nullptr) {
    auto transport = open_serial(io_, monotonic_clock(), token, pty_.slave_path(), settings);
    EXPECT_TRUE(transport.ok()) << transport.error().message;
    return transport.ok() ? std::move(transport.value()) : nullptr;
  }

  boost::asio::io_context io_;
  test::PtyPair pty_;
};

std::string read_text(Transport& transport, std::size_t n, std::vector<std::int64_t>* stamps) {
  std::string text;
  while (text.size() < n) {
    auto chunk = transport.read_some(2s);
    if (!chunk.ok()) {
      ADD_FAILURE() << chunk.error().message;
      break;
    }
    text += to_text(chunk->data);
    if (stamps != nullptr) stamps->push_back(chunk->t_ns);
  }
  return text;
}

TEST_F(SerialTransportTest, DeviceToHostArrivesWithTimestamps) {
  auto transport = open();
  ASSERT_TRUE(transport);
  const Clock& clock = monotonic_clock();
  std::int64_t before = clock.now_ns();
  ASSERT_TRUE(test::write_all_fd(pty_.master(), to_bytes("READY\r\n")));
  std::vector<std::int64_t> stamps;
  EXPECT_EQ(read_text(*transport, 7, &stamps), "READY\r\n");  // raw: no CR/LF translation
  std::int64_t after = clock.now_ns();
  ASSERT_FALSE(stamps.empty());
  EXPECT_GE(stamps.front(), before);
  EXPECT_LE(stamps.back(), after);

  real_sleep(2ms);
  ASSERT_TRUE(test::write_all_fd(pty_.master(), to_bytes("OK\n")));
  std::vector<std::int64_t> later;
  EXPECT_EQ(read_text(*transport, 3, &later), "OK\n");
  ASSERT_FALSE(later.empty());
  EXPECT_GT(later.front(), stamps.back() + 1'000'000);
}

TEST_F(SerialTransportTest, HostToDeviceArrivesUnchanged) {
  auto transport = open();
  ASSERT_TRUE(transport);
  Bytes command = {0x40, 0x0A, 0x0D, 0x00, 0xFF, 0x11, 0x13};  // incl. LF, CR, XON, XOFF
  ASSERT_TRUE(transport->write(command, 2s).ok());
  EXPECT_EQ(test::read_fd_for(pty_.master(), command.size(), 2s), command);
}

TEST_F(SerialTransportTest, ReadTimesOut) {
  auto transport = open();
  ASSERT_TRUE(transport);
  auto start = wall_now();
  auto chunk = transport->read_some(50ms);
  auto elapsed = wall_now() - start;
  ASSERT_FALSE(chunk.ok());
  EXPECT_EQ(chunk.error().code, ErrorCode::timeout);
  EXPECT_GE(elapsed, 40ms);
  EXPECT_LT(elapsed, kSerialSlack);
}

TEST_F(SerialTransportTest, SecondOpenIsBusyUntilTheFirstCloses) {
  auto first = open();
  ASSERT_TRUE(first);
  auto second = open_serial(io_, monotonic_clock(), nullptr, pty_.slave_path(), {});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::busy);
  EXPECT_EQ(second.error().message,
            "serial port " + pty_.slave_path() + " is in use by another process");
  first->close();
  auto third = open_serial(io_, monotonic_clock(), nullptr, pty_.slave_path(), {});
  EXPECT_TRUE(third.ok()) << third.error().message;
}

// Linux PTYs force CS8 and clear PARENB in pty_set_termios, so data bits and parity are
// checked on the computed termios in termios_config_test.cpp; here what a PTY keeps.
TEST_F(SerialTransportTest, SettingsAreAppliedToTheTerminal) {
  SerialSettings settings;
  settings.baud = 9600;
  settings.data_bits = 7;
  settings.parity = Parity::even;
  settings.stop_bits = 2;
  settings.flow_control = FlowControl::rtscts;
  auto transport = open(settings);
  ASSERT_TRUE(transport);
  EXPECT_EQ(transport->describe(),
            "serial://" + pty_.slave_path() +
                "?baud=9600&data_bits=7&parity=even&stop_bits=2&flow=rtscts");
  termios t{};
  ASSERT_EQ(::tcgetattr(pty_.slave(), &t), 0);
  EXPECT_EQ(::cfgetospeed(&t), static_cast<speed_t>(B9600));
  EXPECT_EQ(::cfgetispeed(&t), static_cast<speed_t>(B9600));
  EXPECT_NE(t.c_cflag & CSTOPB, 0u);
  EXPECT_NE(t.c_cflag & CRTSCTS, 0u);
  EXPECT_NE(t.c_cflag & CLOCAL, 0u);
  EXPECT_EQ(t.c_lflag & (ICANON | ECHO | ISIG), 0u);
  EXPECT_EQ(t.c_iflag & (IXON | IXOFF | ICRNL), 0u);
  EXPECT_EQ(t.c_oflag & OPOST, 0u);
  EXPECT_EQ(t.c_cc[VMIN], 1);
  EXPECT_EQ(t.c_cc[VTIME], 0);
}

TEST_F(SerialTransportTest, OtherSettingsReplaceThePrevious) {
  SerialSettings first;
  first.baud = 9600;
  first.stop_bits = 2;
  first.flow_control = FlowControl::rtscts;
  open(first)->close();
  SerialSettings second;
  second.baud = 115200;
  second.flow_control = FlowControl::xonxoff;
  auto transport = open(second);
  ASSERT_TRUE(transport);
  termios t{};
  ASSERT_EQ(::tcgetattr(pty_.slave(), &t), 0);
  EXPECT_EQ(::cfgetospeed(&t), static_cast<speed_t>(B115200));
  EXPECT_EQ(t.c_cflag & (CSTOPB | CRTSCTS), 0u);
  EXPECT_EQ(t.c_iflag & (IXON | IXOFF), static_cast<tcflag_t>(IXON | IXOFF));
}

TEST_F(SerialTransportTest, MasterHangUpIsClosed) {
  auto transport = open();
  ASSERT_TRUE(transport);
  pty_.close_master();
  auto chunk = transport->read_some(2s);
  ASSERT_FALSE(chunk.ok());
  EXPECT_EQ(chunk.error().code, ErrorCode::closed) << chunk.error().message;
}

TEST_F(SerialTransportTest, InterruptCancelsARead) {
  InterruptToken token;
  auto transport = open({}, &token);
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
  EXPECT_LT(elapsed, kSerialSlack);
}

TEST_F(SerialTransportTest, DiscardInputDropsPendingBytes) {
  auto transport = open();
  ASSERT_TRUE(transport);
  ASSERT_TRUE(test::write_all_fd(pty_.master(), to_bytes("garbage")));
  real_sleep(50ms);
  transport->discard_input();
  auto chunk = transport->read_some(50ms);
  ASSERT_FALSE(chunk.ok()) << "got " << to_text(chunk->data);
  EXPECT_EQ(chunk.error().code, ErrorCode::timeout);
}

TEST_F(SerialTransportTest, NonStandardBaudOnAPtyIsInvalidInput) {
  SerialSettings settings;
  settings.baud = 12345;
  auto transport = open_serial(io_, monotonic_clock(), nullptr, pty_.slave_path(), settings);
  ASSERT_FALSE(transport.ok());
  EXPECT_EQ(transport.error().code, ErrorCode::invalid_input);
  // The failed attempt must not keep the port locked.
  EXPECT_TRUE(open());
}

TEST(SerialTransportErrors, ImpossibleSettingsAreInvalidInput) {
  boost::asio::io_context io;
  SerialSettings settings;
  settings.data_bits = 9;
  auto transport =
      open_serial(io, monotonic_clock(), nullptr, "/dev/stimbench-no-such-port", settings);
  ASSERT_FALSE(transport.ok());
  EXPECT_EQ(transport.error().code, ErrorCode::invalid_input);
  EXPECT_NE(transport.error().message.find("data_bits"), std::string::npos);
}

TEST(SerialTransportErrors, MissingPortIsIoNamingThePath) {
  boost::asio::io_context io;
  auto transport =
      open_serial(io, monotonic_clock(), nullptr, "/dev/stimbench-no-such-port", SerialSettings{});
  ASSERT_FALSE(transport.ok());
  EXPECT_EQ(transport.error().code, ErrorCode::io);
  EXPECT_NE(transport.error().message.find("/dev/stimbench-no-such-port"), std::string::npos);
}

TEST(SerialTransportErrors, NonTerminalIsInvalidInput) {
  boost::asio::io_context io;
  auto transport = open_serial(io, monotonic_clock(), nullptr, "/dev/null", SerialSettings{});
  ASSERT_FALSE(transport.ok());
  EXPECT_EQ(transport.error().code, ErrorCode::invalid_input);
}

}  // namespace
}  // namespace stimbench
