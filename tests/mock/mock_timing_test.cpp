// Time in the mock: keep-alive watchdog, trains and the time scale.
#include <gtest/gtest.h>

#include "tests/mock/mock_test_util.hpp"

namespace stimbench::test {
namespace {

using namespace reference::error_codes;

TEST(MockWatchdog, FedEvery900msItNeverDisarms) {
  Bench b;
  b.make_ready();
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(b.send("STAT?").rfind("READY", 0), 0u);
    for (int j = 0; j < 9; ++j) {
      b.wait_s(0.1);
      ASSERT_EQ(b.mock.state(), MockState::ready) << i << "." << j;
    }
  }
  EXPECT_EQ(b.mock.watchdog_disarms(), 0u);
}

TEST(MockWatchdog, DisarmsOneTimeoutAfterTheLastCommandAndNotBefore) {
  Bench b;
  b.make_ready();
  ASSERT_EQ(b.send("STAT?").rfind("READY", 0), 0u);  // the last command
  b.wait_s(0.999);
  EXPECT_EQ(b.mock.state(), MockState::ready);
  b.wait_s(0.001);
  EXPECT_EQ(b.mock.state(), MockState::standby);
  EXPECT_EQ(b.mock.watchdog_disarms(), 1u);
  EXPECT_EQ(b.mock.error_queue_size(), 0u);
  EXPECT_TRUE(b.mock.remote());
}

TEST(MockWatchdog, AppliesWhileArmedAndIsAppliedBeforeALateCommand) {
  DeviceProfile p = reference_profile();
  p.ready_delay_s = 5;
  Bench b(p);
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  ASSERT_EQ(b.send("OUTP:ARM"), "OK");
  // No tick in between: the command arriving after the timeout finds the device disarmed.
  b.clock.advance_ns(1'500'000'000);
  EXPECT_EQ(err_code(b.send("TRIG")), kNotArmed);
  EXPECT_EQ(b.mock.watchdog_disarms(), 1u);
}

TEST(MockWatchdog, AnyLineFeedsItEvenAMalformedOneButNotABlankOne) {
  Bench b;
  b.make_ready();
  b.wait_s(0.9);
  EXPECT_EQ(err_code(b.send("GARBAGE")), kUndefinedHeader);
  b.wait_s(0.9);
  EXPECT_EQ(b.mock.state(), MockState::ready);
  EXPECT_EQ(b.send(""), "");
  b.wait_s(0.1);
  EXPECT_EQ(b.mock.state(), MockState::standby);
}

TEST(MockWatchdog, StopsARunningTrainAndIsIdleInStandby) {
  Bench b;
  b.make_ready();
  ASSERT_EQ(b.send("SOUR:PULS 100"), "OK");
  ASSERT_EQ(b.send("INIT"), "OK");
  b.wait_s(5);
  EXPECT_EQ(b.mock.state(), MockState::standby);
  EXPECT_EQ(b.mock.pulses_delivered(), 10u);  // 0.0 .. 0.9 s at 10 Hz; 1.0 s is the watchdog's
  EXPECT_EQ(b.mock.trains_completed(), 0u);
  b.wait_s(100);
  EXPECT_EQ(b.mock.watchdog_disarms(), 1u);
}

TEST(MockWatchdog, ProfileWithoutKeepAliveNeverDisarms) {
  DeviceProfile p = reference_profile();
  p.keepalive_timeout_s = 0;
  Bench b(p);
  b.make_ready();
  b.wait_s(3600);
  EXPECT_EQ(b.mock.state(), MockState::ready);
}

TEST(MockTrain, CountsPulsesAcrossTrainsAndReturnsToReady) {
  Bench b;
  b.make_ready();
  // 3 trains of 5 pulses at 10 Hz, 1 s between trains: trains start at 0, 1.5, 3.0 s and
  // the sequence ends at 3.5 s.
  for (const char* line : {"SOUR:FREQ 10", "SOUR:PULS 5", "SOUR:TRA:COUN 3", "SOUR:TRA:ITI 1"}) {
    ASSERT_EQ(b.send(line), "OK") << line;
  }
  ASSERT_EQ(b.send("INIT"), "OK");
  EXPECT_EQ(b.mock.pulses_delivered(), 1u);  // the first pulse goes at once
  const std::pair<double, std::uint64_t> expected[] = {
      {0.45, 5}, {1.0, 5}, {1.49, 5}, {1.5, 6}, {2.0, 10}, {2.95, 10}, {3.0, 11}, {3.45, 15}};
  double at = 0;
  for (auto [t, pulses] : expected) {
    b.wait_s(t - at);
    at = t;
    ASSERT_EQ(b.status().state, reference::StatusState::firing) << t;  // also feeds watchdog
    EXPECT_EQ(b.mock.pulses_delivered(), pulses) << "at " << t << " s";
  }
  EXPECT_EQ(b.mock.trains_completed(), 3u);
  b.wait_s(0.05);  // 3.5 s: end of the last train
  EXPECT_EQ(b.mock.state(), MockState::ready);
  EXPECT_EQ(b.send("STAT?"), "READY,REMOTE=1,FAULT=0,PULSES=15");
  b.wait_s(0.5);
  EXPECT_EQ(b.mock.pulses_delivered(), 15u);
}

TEST(MockTrain, OneLongTickDeliversEverythingDue) {
  DeviceProfile p = reference_profile();
  p.keepalive_timeout_s = 0;
  Bench b(p);
  b.make_ready();
  ASSERT_EQ(b.send("SOUR:PULS 20"), "OK");
  ASSERT_EQ(b.send("SOUR:TRA:COUN 4"), "OK");
  ASSERT_EQ(b.send("SOUR:TRA:ITI 2"), "OK");
  ASSERT_EQ(b.send("INIT"), "OK");
  b.wait_s(60);
  EXPECT_EQ(b.mock.pulses_delivered(), 80u);
  EXPECT_EQ(b.mock.trains_completed(), 4u);
  EXPECT_EQ(b.mock.state(), MockState::ready);
}

TEST(MockTimeScale, EveryTimerRunsFasterByTheScale) {
  MockOptions fast;
  fast.time_scale = 100;
  Bench b(reference_profile(), fast);
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  ASSERT_EQ(b.send("OUTP:ARM"), "OK");
  b.wait_s(0.0029);
  EXPECT_EQ(b.mock.state(), MockState::armed);
  b.wait_s(0.0001);  // 0.3 s / 100
  EXPECT_EQ(b.mock.state(), MockState::ready);
  ASSERT_EQ(b.send("SOUR:PULS 5"), "OK");
  ASSERT_EQ(b.send("INIT"), "OK");  // 5 pulses at 10 Hz: 1 ms apart, done after 5 ms
  b.wait_s(0.0045);
  EXPECT_EQ(b.mock.pulses_delivered(), 5u);
  EXPECT_EQ(b.mock.state(), MockState::firing);
  b.wait_s(0.0005);
  EXPECT_EQ(b.mock.state(), MockState::ready);
  b.wait_s(0.0049);  // the watchdog: 1 s / 100 after INIT
  EXPECT_EQ(b.mock.state(), MockState::ready);
  b.wait_s(0.0001);
  EXPECT_EQ(b.mock.state(), MockState::standby);
}

TEST(MockTimeScale, TimeRunningBackwardsIsIgnored) {
  Bench b;
  b.make_ready();
  b.clock.advance_ns(-10'000'000'000);
  EXPECT_EQ(b.send("TRIG"), "OK");
  EXPECT_EQ(b.mock.state(), MockState::ready);
}

}  // namespace
}  // namespace stimbench::test
