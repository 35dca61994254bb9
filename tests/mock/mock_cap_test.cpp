// The frequency cap for the stored power, enforced by the mock from the profile's table:
// every row boundary, both directions (frequency change, power change), code 220.
#include <gtest/gtest.h>

#include <tuple>

#include "tests/mock/mock_test_util.hpp"

namespace stimbench::test {
namespace {

using namespace reference::error_codes;

// capped_profile(): 0..30 % -> 50 Hz, 31..60 % -> 25 Hz, 61..100 % -> 15 Hz.
struct CapCase {
  int power;
  double frequency;
  bool accepted;
};

TEST(MockCap, FrequencyAtEveryRowBoundary) {
  const CapCase cases[] = {
      {0, 50, true},     {0, 50.1, false}, {30, 50, true},  {30, 50.1, false},  {31, 25, true},
      {31, 25.1, false}, {31, 50, false},  {60, 25, true},  {60, 25.1, false},  {61, 15, true},
      {61, 15.1, false}, {61, 25, false},  {100, 15, true}, {100, 15.1, false}, {100, 0.1, true},
  };
  for (const CapCase& c : cases) {
    Bench b(capped_profile());
    ASSERT_EQ(b.send("SYST:REM ON"), "OK");
    ASSERT_EQ(b.send("SOUR:FREQ 1"), "OK");  // under every cap, so any power is accepted
    ASSERT_EQ(b.send("SOUR:AMPL " + std::to_string(c.power)), "OK") << c.power;
    std::string f = reference::format_number(c.frequency);
    std::string label = std::to_string(c.power) + " % / " + f + " Hz";
    std::string reply = b.send("SOUR:FREQ " + f);
    if (c.accepted) {
      EXPECT_EQ(reply, "OK") << label;
      EXPECT_EQ(b.send("SOUR:FREQ?"), f) << label;
    } else {
      EXPECT_EQ(err_code(reply), kUnsafeCombination) << label << ": " << reply;
      EXPECT_EQ(b.send("SOUR:FREQ?"), "1") << label;  // refused means unchanged
      EXPECT_EQ(b.send("SOUR:AMPL?"), std::to_string(c.power)) << label;
    }
  }
}

TEST(MockCap, PowerChangeThatWouldBreakTheCapIsRefused) {
  // Stored frequency, new power, accepted?
  const std::tuple<double, int, bool> cases[] = {
      {50, 30, true}, {50, 31, false}, {25, 31, true},     {25, 60, true},    {25, 61, false},
      {15, 61, true}, {15, 100, true}, {15.1, 100, false}, {25.1, 31, false},
  };
  for (auto [frequency, power, accepted] : cases) {
    Bench b(capped_profile());
    ASSERT_EQ(b.send("SYST:REM ON"), "OK");
    ASSERT_EQ(b.send("SOUR:AMPL 0"), "OK");
    std::string f = reference::format_number(frequency);
    ASSERT_EQ(b.send("SOUR:FREQ " + f), "OK") << f;
    std::string label = f + " Hz then " + std::to_string(power) + " %";
    std::string reply = b.send("SOUR:AMPL " + std::to_string(power));
    if (accepted) {
      EXPECT_EQ(reply, "OK") << label;
      EXPECT_EQ(b.send("SOUR:AMPL?"), std::to_string(power)) << label;
    } else {
      EXPECT_EQ(err_code(reply), kUnsafeCombination) << label << ": " << reply;
      EXPECT_EQ(b.send("SOUR:AMPL?"), "0") << label;
      EXPECT_EQ(b.send("SOUR:FREQ?"), f) << label;  // not dragged down either
    }
  }
}

TEST(MockCap, RefusalTextNamesTheNumbersAndIsQueued) {
  Bench b(capped_profile());
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  ASSERT_EQ(b.send("SOUR:AMPL 100"), "OK");
  Result<reference::ReplyLine> r = reference::parse_reply(b.send("SOUR:FREQ 16"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->error_text,
            "Unsafe parameter combination; frequency 16 Hz above the cap 15 Hz at power 100 %");
  EXPECT_EQ(b.send("SYST:ERR?").rfind("220,", 0), 0u);
  ASSERT_EQ(b.send("SOUR:AMPL 20"), "OK");
  ASSERT_EQ(b.send("SOUR:FREQ 40"), "OK");
  r = reference::parse_reply(b.send("SOUR:AMPL 45"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->error_text,
            "Unsafe parameter combination; power 45 % would put frequency 40 Hz above its cap "
            "25 Hz");
}

TEST(MockCap, RangeIsCheckedBeforeTheCap) {
  Bench b(capped_profile());
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  ASSERT_EQ(b.send("SOUR:AMPL 100"), "OK");
  EXPECT_EQ(err_code(b.send("SOUR:FREQ 100.1")), kDataOutOfRange);
  EXPECT_EQ(err_code(b.send("SOUR:FREQ 20.05")), kDataOutOfRange);  // off the 0.1 grid
  EXPECT_EQ(err_code(b.send("SOUR:AMPL 101")), kDataOutOfRange);
}

TEST(MockCap, DefaultsAreLoweredUnderTheCap) {
  DeviceProfile p = capped_profile();
  p.frequency_cap->rows = {{0, 100, 7.25}};  // under the 10 Hz default, off the 0.1 grid
  Bench b(p);
  EXPECT_EQ(b.send("SOUR:FREQ?"), "7.2");
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  EXPECT_EQ(err_code(b.send("SOUR:FREQ 10")), kUnsafeCombination);
  ASSERT_EQ(b.send("SOUR:FREQ 5"), "OK");
  ASSERT_EQ(b.send("*RST"), "OK");
  EXPECT_EQ(b.send("SOUR:FREQ?"), "7.2");
}

TEST(MockCap, AHostEnforcedTableIsNotTheDevicesBusiness) {
  DeviceProfile p = capped_profile();
  p.frequency_cap->enforced_by = EnforcedBy::host;
  Bench b(p);
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  ASSERT_EQ(b.send("SOUR:AMPL 100"), "OK");
  EXPECT_EQ(b.send("SOUR:FREQ 50"), "OK");
}

TEST(MockCap, ProfileWithoutATableHasNoCap) {
  Bench b;
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  ASSERT_EQ(b.send("SOUR:AMPL 100"), "OK");
  EXPECT_EQ(b.send("SOUR:FREQ 100"), "OK");
}

TEST(MockCap, MalformedTableIsRefusedAtCreation) {
  DeviceProfile p = capped_profile();
  p.frequency_cap->rows.push_back({70, 60, 10});
  Result<MockStimulator> m = MockStimulator::create(p);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::invalid_input);
}

}  // namespace
}  // namespace stimbench::test
