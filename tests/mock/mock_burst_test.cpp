// Burst trains (theta-burst): `frequency` is the burst rate, each burst holds burst_pulses
// pulses at burst_frequency; pulse counts stay exact and every pulse lands on its time.
#include <gtest/gtest.h>

#include <vector>

#include "tests/mock/mock_test_util.hpp"

namespace stimbench::test {
namespace {

using namespace reference::error_codes;

// iTBS (safety-limits.md §1.4): bursts of 3 at 50 Hz every 200 ms, 2 s trains (30 pulses)
// every 10 s, 20 trains = 600 pulses; the last train ends at 192 s.
void set_itbs(Bench& b) {
  for (const char* line : {"SOUR:AMPL 30", "SOUR:FREQ 5", "SOUR:BURS:PULS 3", "SOUR:BURS:FREQ 50",
                           "SOUR:PULS 30", "SOUR:TRA:ITI 8", "SOUR:TRA:COUN 20"}) {
    ASSERT_EQ(b.send(line), "OK") << line;
  }
}

DeviceProfile no_keepalive() {
  DeviceProfile p = capped_profile();
  p.keepalive_timeout_s = 0;
  return p;
}

// Device-time offsets of every iTBS pulse from INIT, in ns.
std::vector<std::int64_t> itbs_times() {
  std::vector<std::int64_t> out;
  for (std::int64_t train = 0; train < 20; ++train) {
    for (std::int64_t burst = 0; burst < 10; ++burst) {
      for (std::int64_t pulse = 0; pulse < 3; ++pulse) {
        out.push_back(train * 10'000'000'000 + burst * 200'000'000 + pulse * 20'000'000);
      }
    }
  }
  return out;
}

TEST(MockBurst, ItbsCountsAtTheEdgesOfBurstsAndTrains) {
  Bench b(no_keepalive());
  b.make_ready();
  set_itbs(b);
  ASSERT_EQ(b.send("INIT"), "OK");
  const std::pair<double, std::uint64_t> expected[] = {
      {0, 1},     {0.019, 1}, {0.02, 2},  {0.04, 3},  {0.199, 3},  {0.2, 4},
      {1.84, 30}, {1.99, 30}, {9.99, 30}, {10.0, 31}, {11.84, 60}, {191.84, 600},
  };
  double at = 0;
  for (auto [t, pulses] : expected) {
    b.wait_s(t - at);
    at = t;
    EXPECT_EQ(b.mock.pulses_delivered(), pulses) << "at " << t << " s";
    EXPECT_EQ(b.mock.state(), MockState::firing) << "at " << t << " s";
  }
  b.wait_s(191.999 - at);
  EXPECT_EQ(b.mock.state(), MockState::firing);
  b.wait_s(0.001);
  EXPECT_EQ(b.mock.state(), MockState::ready);
  EXPECT_EQ(b.mock.pulses_delivered(), 600u);
  EXPECT_EQ(b.mock.trains_completed(), 20u);
  b.wait_s(60);
  EXPECT_EQ(b.mock.pulses_delivered(), 600u);
}

TEST(MockBurst, EveryItbsPulseLandsExactlyOnItsTimeAtAnyScale) {
  for (double scale : {1.0, 10.0}) {
    MockOptions o;
    o.time_scale = scale;
    Bench b(no_keepalive(), o);
    b.make_ready();
    set_itbs(b);
    ASSERT_EQ(b.send("INIT"), "OK");
    std::int64_t start = b.clock.now_ns();
    std::uint64_t k = 0;
    for (std::int64_t t : itbs_times()) {
      std::int64_t due = start + static_cast<std::int64_t>(static_cast<double>(t) / scale);
      if (due > b.clock.now_ns()) {
        b.clock.advance_ns(due - 1 - b.clock.now_ns());
        b.mock.tick(b.clock.now_ns());
        ASSERT_EQ(b.mock.pulses_delivered(), k) << "1 ns before pulse " << k << " x" << scale;
        b.clock.advance_ns(1);
        b.mock.tick(b.clock.now_ns());
      }
      ASSERT_EQ(b.mock.pulses_delivered(), k + 1) << "at pulse " << k << " x" << scale;
      ++k;
    }
    EXPECT_EQ(k, 600u);
  }
}

TEST(MockBurst, OneBurstPerTrainPulseIsAPlainTrain) {
  // burst_pulses 1: burst_frequency is ignored, the train is 5 pulses at 10 Hz.
  Bench b(no_keepalive());
  b.make_ready();
  for (const char* line : {"SOUR:BURS:PULS 1", "SOUR:BURS:FREQ 1", "SOUR:PULS 5", "INIT"}) {
    ASSERT_EQ(b.send(line), "OK") << line;
  }
  b.wait_s(0.45);
  EXPECT_EQ(b.mock.pulses_delivered(), 5u);
  b.wait_s(0.05);
  EXPECT_EQ(b.mock.state(), MockState::ready);
}

TEST(MockBurst, TrainsThatCannotBeBuiltAreRefusedAtInit) {
  struct Case {
    const char* setup[4];
    const char* why;
  };
  const Case cases[] = {
      {{"SOUR:BURS:PULS 3", "SOUR:BURS:FREQ 50", "SOUR:PULS 31", "SOUR:FREQ 5"}, "not a multiple"},
      {{"SOUR:BURS:PULS 5", "SOUR:BURS:FREQ 50", "SOUR:PULS 10", "SOUR:FREQ 12"},
       "longer than the burst period"},
  };
  for (const Case& c : cases) {
    Bench b(no_keepalive());
    b.make_ready();
    for (const char* line : c.setup) ASSERT_EQ(b.send(line), "OK") << line;
    Result<reference::ReplyLine> r = reference::parse_reply(b.send("INIT"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->error_code, kSettingsConflict) << c.why;
    EXPECT_NE(r->error_text.find(c.why), std::string::npos) << r->error_text;
    EXPECT_EQ(b.mock.state(), MockState::ready);
    EXPECT_EQ(b.mock.pulses_delivered(), 0u);
  }
  // A burst exactly as long as its period fits: 2 pulses at 20 Hz, bursts at 10 Hz.
  Bench b(no_keepalive());
  b.make_ready();
  for (const char* line : {"SOUR:BURS:PULS 2", "SOUR:BURS:FREQ 20", "SOUR:PULS 4", "INIT"}) {
    ASSERT_EQ(b.send(line), "OK") << line;
  }
  b.wait_s(0.15);
  EXPECT_EQ(b.mock.pulses_delivered(), 4u);
}

TEST(MockBurst, BurstParametersNeedProfileLimits) {
  Bench b;  // the reference profile has no burst limits
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  EXPECT_EQ(err_code(b.send("SOUR:BURS:PULS 3")), kHardwareMissing);
  EXPECT_EQ(err_code(b.send("SOUR:BURS:FREQ?")), kHardwareMissing);
  Bench c(capped_profile());
  EXPECT_EQ(c.send("SOUR:BURS:PULS?"), "1");
  EXPECT_EQ(c.send("SOUR:BURS:FREQ?"), "50");
  ASSERT_EQ(c.send("SYST:REM ON"), "OK");
  EXPECT_EQ(err_code(c.send("SOUR:BURS:PULS 6")), kDataOutOfRange);
  EXPECT_EQ(err_code(c.send("SOUR:BURS:PULS 2.5")), kDataOutOfRange);
}

TEST(MockBurst, TheCapGovernsTheBurstRateNotTheRateInsideABurst) {
  Bench b(capped_profile());
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  ASSERT_EQ(b.send("SOUR:FREQ 5"), "OK");
  ASSERT_EQ(b.send("SOUR:AMPL 100"), "OK");  // cap 15 Hz
  EXPECT_EQ(b.send("SOUR:BURS:FREQ 50"), "OK");
  EXPECT_EQ(err_code(b.send("SOUR:FREQ 16")), kUnsafeCombination);
}

}  // namespace
}  // namespace stimbench::test
