#include "devices/transport/uri.hpp"

#include <gtest/gtest.h>

namespace stimbench {
namespace {

TEST(ParseDeviceUri, MockPlain) {
  auto uri = parse_device_uri("mock:");
  ASSERT_TRUE(uri.ok()) << uri.error().message;
  EXPECT_EQ(uri->scheme, "mock");
  EXPECT_TRUE(uri->query.empty());
  EXPECT_EQ(uri->text, "mock:");
}

TEST(ParseDeviceUri, MockWithOptions) {
  auto uri = parse_device_uri("mock:?profile=reference&seed=7");
  ASSERT_TRUE(uri.ok()) << uri.error().message;
  EXPECT_EQ(uri->scheme, "mock");
  ASSERT_EQ(uri->query.size(), 2u);
  EXPECT_EQ(uri->query.at("profile"), "reference");
  EXPECT_EQ(uri->query.at("seed"), "7");
}

TEST(ParseDeviceUri, TcpIpv4) {
  auto uri = parse_device_uri("tcp://127.0.0.1:5025");
  ASSERT_TRUE(uri.ok()) << uri.error().message;
  EXPECT_EQ(uri->scheme, "tcp");
  EXPECT_EQ(uri->host, "127.0.0.1");
  EXPECT_EQ(uri->port, 5025);
  EXPECT_TRUE(uri->path.empty());
}

TEST(ParseDeviceUri, TcpIpv6InBrackets) {
  auto uri = parse_device_uri("tcp://[::1]:5025");
  ASSERT_TRUE(uri.ok()) << uri.error().message;
  EXPECT_EQ(uri->host, "::1");
  EXPECT_EQ(uri->port, 5025);
}

TEST(ParseDeviceUri, TcpHostNameTrailingSlashAndUpperCaseScheme) {
  auto uri = parse_device_uri("TCP://localhost:65535/");
  ASSERT_TRUE(uri.ok()) << uri.error().message;
  EXPECT_EQ(uri->scheme, "tcp");
  EXPECT_EQ(uri->host, "localhost");
  EXPECT_EQ(uri->port, 65535);
}

TEST(ParseDeviceUri, SerialWithAllOptions) {
  auto uri = parse_device_uri(
      "serial:///dev/ttyUSB0?baud=9600&parity=none&data_bits=8&stop_bits=1&flow=none");
  ASSERT_TRUE(uri.ok()) << uri.error().message;
  EXPECT_EQ(uri->scheme, "serial");
  EXPECT_EQ(uri->path, "/dev/ttyUSB0");
  EXPECT_TRUE(uri->host.empty());
  EXPECT_EQ(uri->port, 0);
  EXPECT_EQ(uri->query.size(), 5u);
  EXPECT_EQ(uri->query.at("baud"), "9600");
  EXPECT_EQ(uri->query.at("flow"), "none");
}

TEST(ParseDeviceUri, SerialPathIsPercentDecoded) {
  auto uri = parse_device_uri("serial:///dev/serial/by-id/usb-FTDI%20Cable-if00");
  ASSERT_TRUE(uri.ok()) << uri.error().message;
  EXPECT_EQ(uri->path, "/dev/serial/by-id/usb-FTDI Cable-if00");
}

struct BadUri {
  const char* text;
  const char* says;  // a fragment the message must contain
};

class ParseDeviceUriBad : public ::testing::TestWithParam<BadUri> {};

TEST_P(ParseDeviceUriBad, IsInvalidInputWithReason) {
  auto uri = parse_device_uri(GetParam().text);
  ASSERT_FALSE(uri.ok()) << "accepted " << GetParam().text;
  EXPECT_EQ(uri.error().code, ErrorCode::invalid_input);
  EXPECT_NE(uri.error().message.find(GetParam().says), std::string::npos) << uri.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseDeviceUriBad,
    ::testing::Values(
        BadUri{"", "empty device URI"}, BadUri{"tcp", "missing scheme"},
        BadUri{"ftp://host:21", "unknown scheme 'ftp'"}, BadUri{"tcp://127.0.0.1", "missing port"},
        BadUri{"tcp://127.0.0.1:", "port must be"}, BadUri{"tcp://127.0.0.1:0", "port must be"},
        BadUri{"tcp://127.0.0.1:70000", "port must be"},
        BadUri{"tcp://127.0.0.1:50x", "port must be"}, BadUri{"tcp://:5025", "missing host"},
        BadUri{"tcp://::1:5025", "need brackets"}, BadUri{"tcp://[::1]", "missing port"},
        BadUri{"tcp://[::1:5025", "unclosed"}, BadUri{"tcp://host:1/path", "no path"},
        BadUri{"tcp:host:1", "expected"}, BadUri{"serial://dev/ttyUSB0", "three slashes"},
        BadUri{"serial:///", "missing device path"}, BadUri{"serial:", "expected"},
        BadUri{"mock:device", "mock: takes no"}, BadUri{"mock:?a=1&a=2", "repeats"},
        BadUri{"mock:?flag", "key=value"}, BadUri{"mock:?=1", "key=value"},
        BadUri{"serial:///dev/x?baud=%zz", "percent escape"},
        BadUri{"tcp://h:1#frag", "fragments"}));

TEST(ParseDeviceUri, ErrorNamesTheUri) {
  auto uri = parse_device_uri("tcp://10.0.0.1:99999");
  ASSERT_FALSE(uri.ok());
  EXPECT_NE(uri.error().message.find("tcp://10.0.0.1:99999"), std::string::npos);
  EXPECT_NE(uri.error().message.find("'99999'"), std::string::npos);
}

SerialSettings odd_defaults() {
  SerialSettings s;
  s.baud = 38400;
  s.data_bits = 7;
  s.parity = Parity::odd;
  s.stop_bits = 2;
  s.flow_control = FlowControl::xonxoff;
  return s;
}

TEST(ApplySerialQuery, NoQueryKeepsDefaults) {
  auto uri = parse_device_uri("serial:///dev/ttyS0");
  ASSERT_TRUE(uri.ok());
  auto s = apply_serial_query(*uri, odd_defaults());
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->baud, 38400);
  EXPECT_EQ(s->data_bits, 7);
  EXPECT_EQ(s->parity, Parity::odd);
  EXPECT_EQ(s->stop_bits, 2);
  EXPECT_EQ(s->flow_control, FlowControl::xonxoff);
}

TEST(ApplySerialQuery, EveryKeyOverrides) {
  auto uri = parse_device_uri(
      "serial:///dev/ttyS0?baud=9600&parity=even&data_bits=8&stop_bits=1&flow=rtscts");
  ASSERT_TRUE(uri.ok());
  auto s = apply_serial_query(*uri, odd_defaults());
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->baud, 9600);
  EXPECT_EQ(s->data_bits, 8);
  EXPECT_EQ(s->parity, Parity::even);
  EXPECT_EQ(s->stop_bits, 1);
  EXPECT_EQ(s->flow_control, FlowControl::rtscts);
}

TEST(ApplySerialQuery, PartialOverrideKeepsTheRest) {
  auto uri = parse_device_uri("serial:///dev/ttyS0?parity=none&flow=none");
  ASSERT_TRUE(uri.ok());
  auto s = apply_serial_query(*uri, odd_defaults());
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->baud, 38400);
  EXPECT_EQ(s->parity, Parity::none);
  EXPECT_EQ(s->flow_control, FlowControl::none);
}

class ApplySerialQueryBad : public ::testing::TestWithParam<BadUri> {};

TEST_P(ApplySerialQueryBad, IsInvalidInput) {
  auto uri = parse_device_uri(GetParam().text);
  ASSERT_TRUE(uri.ok()) << uri.error().message;
  auto s = apply_serial_query(*uri, SerialSettings{});
  ASSERT_FALSE(s.ok()) << "accepted " << GetParam().text;
  EXPECT_EQ(s.error().code, ErrorCode::invalid_input);
  EXPECT_NE(s.error().message.find(GetParam().says), std::string::npos) << s.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ApplySerialQueryBad,
    ::testing::Values(BadUri{"serial:///dev/x?baud=0", "baud must be a positive"},
                      BadUri{"serial:///dev/x?baud=-9600", "baud must be a positive"},
                      BadUri{"serial:///dev/x?baud=fast", "'fast'"},
                      BadUri{"serial:///dev/x?baud=9600x", "'9600x'"},
                      BadUri{"serial:///dev/x?baud=", "baud must be"},
                      BadUri{"serial:///dev/x?data_bits=4", "data_bits"},
                      BadUri{"serial:///dev/x?data_bits=9", "data_bits"},
                      BadUri{"serial:///dev/x?parity=mark", "parity must be"},
                      BadUri{"serial:///dev/x?parity=NONE", "parity must be"},
                      BadUri{"serial:///dev/x?stop_bits=3", "stop_bits"},
                      BadUri{"serial:///dev/x?stop_bits=1.5", "stop_bits"},
                      BadUri{"serial:///dev/x?flow=hardware", "flow must be"},
                      BadUri{"serial:///dev/x?speed=9600", "unknown serial option 'speed'"}));

TEST(FormatUri, SerialRoundTripsThroughParse) {
  SerialSettings s = odd_defaults();
  std::string text = format_serial_uri("/dev/ttyACM3", s);
  EXPECT_EQ(text,
            "serial:///dev/ttyACM3?baud=38400&data_bits=7&parity=odd&stop_bits=2&flow=xonxoff");
  auto uri = parse_device_uri(text);
  ASSERT_TRUE(uri.ok()) << uri.error().message;
  EXPECT_EQ(uri->path, "/dev/ttyACM3");
  auto back = apply_serial_query(*uri, SerialSettings{});
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->baud, s.baud);
  EXPECT_EQ(back->data_bits, s.data_bits);
  EXPECT_EQ(back->parity, s.parity);
  EXPECT_EQ(back->stop_bits, s.stop_bits);
  EXPECT_EQ(back->flow_control, s.flow_control);
}

TEST(FormatUri, TcpBracketsIpv6) {
  EXPECT_EQ(format_tcp_uri("127.0.0.1", 5025), "tcp://127.0.0.1:5025");
  EXPECT_EQ(format_tcp_uri("::1", 80), "tcp://[::1]:80");
}

}  // namespace
}  // namespace stimbench
