// The mock's own range and step checks, defaults and error queue.
#include <gtest/gtest.h>

#include "tests/mock/mock_test_util.hpp"

namespace stimbench::test {
namespace {

using namespace reference::error_codes;

struct Case {
  const char* header;
  const char* value;
  int code;  // 0: accepted
};

TEST(MockParameters, RangeAndStepChecksAgainstTheProfile) {
  const Case cases[] = {
      {"SOUR:AMPL", "0", 0},
      {"SOUR:AMPL", "100", 0},
      {"SOUR:AMPL", "50", 0},
      {"SOUR:AMPL", "5e1", 0},
      {"SOUR:AMPL", "101", kDataOutOfRange},
      {"SOUR:AMPL", "-1", kDataOutOfRange},
      {"SOUR:AMPL", "50.5", kDataOutOfRange},  // off the 1 % grid
      {"SOUR:AMPL", "100.001", kDataOutOfRange},
      {"SOUR:FREQ", "0.1", 0},
      {"SOUR:FREQ", "0.3", 0},
      {"SOUR:FREQ", "99.9", 0},
      {"SOUR:FREQ", "0.05", kDataOutOfRange},
      {"SOUR:FREQ", "10.05", kDataOutOfRange},
      {"SOUR:FREQ", "100.1", kDataOutOfRange},
      {"SOUR:PULS", "1", 0},
      {"SOUR:PULS", "6000", 0},
      {"SOUR:PULS", "0", kDataOutOfRange},
      {"SOUR:PULS", "2.5", kDataOutOfRange},
      {"SOUR:TRA:DUR", "0.1", 0},
      {"SOUR:TRA:DUR", "100.1", kDataOutOfRange},
      {"SOUR:TRA:ITI", "1", 0},
      {"SOUR:TRA:ITI", "0.9", kDataOutOfRange},
      {"SOUR:TRA:ITI", "300", 0},
      {"SOUR:TRA:COUN", "500", 0},
      {"SOUR:TRA:COUN", "501", kDataOutOfRange},
      {"SOUR:AMPL", "abc", kDataTypeError},
      {"SOUR:AMPL", "nan", kDataTypeError},
      {"SOUR:AMPL", "inf", kDataTypeError},
      {"SOUR:AMPL", "50%", kDataTypeError},
      {"SOUR:AMPL", "ON", kDataTypeError},
  };
  for (const Case& c : cases) {
    Bench b;
    ASSERT_EQ(b.send("SYST:REM ON"), "OK");
    std::string query = std::string(c.header) + "?";
    std::string before = b.send(query);
    std::string reply = b.send(std::string(c.header) + " " + c.value);
    std::string label = std::string(c.header) + " " + c.value + " -> " + reply;
    EXPECT_EQ(err_code(reply), c.code) << label;
    if (c.code == 0) {
      EXPECT_EQ(reply, "OK") << label;
      EXPECT_EQ(reference::parse_number(b.send(query)), reference::parse_number(c.value)) << label;
    } else {
      EXPECT_EQ(b.send(query), before) << label;  // refused means unchanged
      EXPECT_EQ(b.mock.state(), MockState::standby) << label;
      ASSERT_EQ(b.mock.error_queue_size(), 1u) << label;
    }
  }
}

TEST(MockParameters, RefusalTextNamesTheLimit) {
  Bench b;
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  Result<reference::ReplyLine> r = reference::parse_reply(b.send("SOUR:AMPL 120"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->error_text, "Data out of range; power 120 outside 0..100");
  r = reference::parse_reply(b.send("SOUR:AMPL 50.5"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->error_text, "Data out of range; power 50.5 not a multiple of step 1");
}

TEST(MockParameters, RefusedWhileArmedLeavesTheStateArmed) {
  Bench b;
  b.make_ready();
  EXPECT_EQ(err_code(b.send("SOUR:AMPL 101")), kDataOutOfRange);
  EXPECT_EQ(b.mock.state(), MockState::ready);
}

TEST(MockParameters, DefaultsSitInsideEveryProfile) {
  Bench b;
  EXPECT_EQ(b.send("SOUR:AMPL?"), "30");
  EXPECT_EQ(b.send("SOUR:FREQ?"), "10");
  EXPECT_EQ(b.send("SOUR:PULS?"), "10");
  EXPECT_EQ(b.send("SOUR:TRA:DUR?"), "1");
  EXPECT_EQ(b.send("SOUR:TRA:ITI?"), "5");
  EXPECT_EQ(b.send("SOUR:TRA:COUN?"), "1");

  DeviceProfile narrow = reference_profile();
  narrow.limits[0] = {Parameter::power, 35.5, 80, 0.5, "%"};
  narrow.limits[1] = {Parameter::frequency, 0.3, 2, 0.3, "Hz"};
  narrow.limits[2] = {Parameter::pulses, 20, 30, 1, "pulses"};
  MockStimulator m = make_mock(narrow);
  EXPECT_EQ(m.parameter(Parameter::power), 35.5);
  EXPECT_EQ(m.parameter(Parameter::frequency), 1.8);
  EXPECT_EQ(m.parameter(Parameter::pulses), 20);
}

TEST(MockParameters, AParameterWithoutALimitIsNotSupported) {
  DeviceProfile p = reference_profile();
  p.limits.pop_back();  // no train_count
  Bench b(p);
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  EXPECT_EQ(err_code(b.send("SOUR:TRA:COUN?")), kHardwareMissing);
  EXPECT_EQ(err_code(b.send("SOUR:TRA:COUN 2")), kHardwareMissing);
  EXPECT_FALSE(b.mock.parameter(Parameter::train_count));
}

TEST(MockParameters, MalformedCommandsGetTheirCodesAndAreQueued) {
  Bench b;
  EXPECT_EQ(err_code(b.send("FOO")), kUndefinedHeader);
  EXPECT_EQ(err_code(b.send("SOUR:AMPL")), kMissingParameter);
  EXPECT_EQ(err_code(b.send("*RST 1")), kParameterNotAllowed);
  EXPECT_EQ(b.send("SYST:ERR?").rfind("-113,\"Undefined header; ", 0), 0u);
  EXPECT_EQ(b.send("SYST:ERR?").rfind("-109,", 0), 0u);
  EXPECT_EQ(b.send("SYST:ERR?").rfind("-108,", 0), 0u);
  EXPECT_EQ(b.send("SYST:ERR?"), "0,\"No error\"");
}

TEST(MockParameters, ErrorQueueIsFifoClearedByClsAndBounded) {
  Bench b;
  EXPECT_EQ(err_code(b.send("OUTP:ARM")), kNotRemote);
  EXPECT_EQ(err_code(b.send("TRIG")), kNotRemote);
  EXPECT_EQ(b.mock.error_queue_size(), 2u);
  EXPECT_EQ(b.send("syst:err?").substr(0, 4), "201,");
  EXPECT_EQ(b.mock.error_queue_size(), 1u);
  EXPECT_EQ(b.send("*CLS"), "OK");
  EXPECT_EQ(b.send("SYST:ERR?"), "0,\"No error\"");

  for (int i = 0; i < 40; ++i) ASSERT_EQ(err_code(b.send("BOGUS")), kUndefinedHeader);
  EXPECT_EQ(b.mock.error_queue_size(), MockStimulator::kErrorQueueDepth);
  for (std::size_t i = 0; i + 1 < MockStimulator::kErrorQueueDepth; ++i) {
    EXPECT_EQ(b.send("SYST:ERR?").substr(0, 5), "-113,");
  }
  EXPECT_EQ(b.send("SYST:ERR?"), "-350,\"Queue overflow\"");
  EXPECT_EQ(b.send("SYST:ERR?"), "0,\"No error\"");
}

TEST(MockParameters, BlankLinesGetNoReply) {
  Bench b;
  EXPECT_EQ(b.send(""), "");
  EXPECT_EQ(b.send("  \t"), "");
  EXPECT_EQ(b.mock.commands_received(), 0u);
  EXPECT_EQ(b.mock.error_queue_size(), 0u);
}

}  // namespace
}  // namespace stimbench::test
