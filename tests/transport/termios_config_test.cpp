#include "devices/transport/termios_config.hpp"

#include <gtest/gtest.h>

namespace stimbench::detail {
namespace {

termios cooked() {
  termios t{};
  t.c_iflag = ICRNL | IXON;
  t.c_oflag = OPOST | ONLCR;
  t.c_cflag = CS8 | CREAD | HUPCL | PARENB | PARODD;
  t.c_lflag = ICANON | ECHO | ISIG;
  t.c_cc[VMIN] = 0;
  t.c_cc[VTIME] = 5;
  return t;
}

TEST(MakeSerialTermios, SevenEvenTwoRtsCts) {
  SerialSettings s;
  s.baud = 9600;
  s.data_bits = 7;
  s.parity = Parity::even;
  s.stop_bits = 2;
  s.flow_control = FlowControl::rtscts;
  auto t = make_serial_termios(cooked(), s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(::cfgetospeed(&*t), static_cast<speed_t>(B9600));
  EXPECT_EQ(::cfgetispeed(&*t), static_cast<speed_t>(B9600));
  EXPECT_EQ(t->c_cflag & CSIZE, static_cast<tcflag_t>(CS7));
  EXPECT_NE(t->c_cflag & PARENB, 0u);
  EXPECT_EQ(t->c_cflag & PARODD, 0u);
  EXPECT_NE(t->c_cflag & CSTOPB, 0u);
  EXPECT_NE(t->c_cflag & CRTSCTS, 0u);
  EXPECT_EQ(t->c_iflag & (IXON | IXOFF | ICRNL), 0u);
  EXPECT_EQ(t->c_cflag & (CLOCAL | CREAD), static_cast<tcflag_t>(CLOCAL | CREAD));
  EXPECT_EQ(t->c_cflag & HUPCL, 0u);
  EXPECT_EQ(t->c_lflag & (ICANON | ECHO | ISIG), 0u);
  EXPECT_EQ(t->c_oflag & OPOST, 0u);
  EXPECT_EQ(t->c_cc[VMIN], 1);
  EXPECT_EQ(t->c_cc[VTIME], 0);
}

TEST(MakeSerialTermios, EightOddOneXonXoff) {
  SerialSettings s;
  s.baud = 115200;
  s.parity = Parity::odd;
  s.flow_control = FlowControl::xonxoff;
  auto t = make_serial_termios(cooked(), s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(::cfgetospeed(&*t), static_cast<speed_t>(B115200));
  EXPECT_EQ(t->c_cflag & CSIZE, static_cast<tcflag_t>(CS8));
  EXPECT_EQ(t->c_cflag & (PARENB | PARODD), static_cast<tcflag_t>(PARENB | PARODD));
  EXPECT_EQ(t->c_cflag & (CSTOPB | CRTSCTS), 0u);
  EXPECT_EQ(t->c_iflag & (IXON | IXOFF), static_cast<tcflag_t>(IXON | IXOFF));
}

TEST(MakeSerialTermios, NoParityFiveBits) {
  SerialSettings s;
  s.data_bits = 5;
  auto t = make_serial_termios(cooked(), s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->c_cflag & CSIZE, static_cast<tcflag_t>(CS5));
  EXPECT_EQ(t->c_cflag & (PARENB | PARODD), 0u);
}

TEST(MakeSerialTermios, NonStandardBaudIsInvalidInput) {
  SerialSettings s;
  s.baud = 12345;
  auto t = make_serial_termios(cooked(), s);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::invalid_input);
  EXPECT_NE(t.error().message.find("12345"), std::string::npos);
}

TEST(TermiosSpeed, KnowsCommonRates) {
  EXPECT_EQ(termios_speed(9600), std::optional<speed_t>(B9600));
  EXPECT_EQ(termios_speed(921600), std::optional<speed_t>(B921600));
  EXPECT_FALSE(termios_speed(0).has_value());
  EXPECT_FALSE(termios_speed(9601).has_value());
}

}  // namespace
}  // namespace stimbench::detail
