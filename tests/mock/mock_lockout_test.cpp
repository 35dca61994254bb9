// The post-train lockout (profile.lockout): during a train and for post_train_s after it,
// parameter changes, TRIG and INIT get 211; accepted again right at the end of the window.
#include <gtest/gtest.h>

#include "tests/mock/mock_test_util.hpp"

namespace stimbench::test {
namespace {

using namespace reference::error_codes;

// Ready, then a 5-pulse 10 Hz train: pulses at 0.0 .. 0.4 s, the train ends at 0.5 s and
// the lockout window (0.5 s device time) ends at 1.0 s. Times are divided by the scale.
class LockoutTest : public ::testing::Test {
 protected:
  void start(double scale = 1, DeviceProfile profile = capped_profile()) {
    MockOptions o;
    o.time_scale = scale;
    scale_ = scale;
    bench_ = std::make_unique<Bench>(profile, o);
    bench_->make_ready();
    ASSERT_EQ(send("SOUR:PULS 5"), "OK");
    ASSERT_EQ(send("INIT"), "OK");
  }
  std::string send(std::string_view line) { return bench_->send(line); }
  void at(double device_s) {  // moves to device_s after INIT
    bench_->wait_s(device_s / scale_ - elapsed_);
    elapsed_ = device_s / scale_;
  }
  Bench& b() { return *bench_; }

  std::unique_ptr<Bench> bench_;
  double scale_ = 1;
  double elapsed_ = 0;
};

TEST_F(LockoutTest, RefusedDuringTheTrainAndTheWindowAcceptedJustAfter) {
  start();
  at(0.2);
  EXPECT_EQ(b().send("STAT?"), "FIRING,REMOTE=1,FAULT=0,PULSES=3,LOCKOUT=1");
  EXPECT_EQ(err_code(send("SOUR:AMPL 40")), kLockout);
  EXPECT_EQ(err_code(send("TRIG")), kLockout);
  EXPECT_EQ(err_code(send("INIT")), kLockout);
  at(0.5);
  EXPECT_EQ(b().mock.state(), MockState::ready);
  EXPECT_EQ(send("STAT?"), "READY,REMOTE=1,FAULT=0,PULSES=5,LOCKOUT=1");
  Result<reference::ReplyLine> r = reference::parse_reply(send("SOUR:AMPL 40"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->error_code, kLockout);
  EXPECT_EQ(r->error_text, "Lockout; post-train lockout");
  at(0.999);
  EXPECT_EQ(err_code(send("SOUR:FREQ 5")), kLockout);
  EXPECT_EQ(err_code(send("TRIG")), kLockout);
  EXPECT_EQ(err_code(send("INIT")), kLockout);
  EXPECT_EQ(send("SOUR:AMPL?"), "30");  // refused means unchanged
  EXPECT_EQ(b().mock.pulses_delivered(), 5u);
  at(1.0);
  EXPECT_EQ(send("STAT?"), "READY,REMOTE=1,FAULT=0,PULSES=5,LOCKOUT=0");
  EXPECT_EQ(send("SOUR:AMPL 40"), "OK");
  EXPECT_EQ(send("TRIG"), "OK");  // a single pulse opens no window
  EXPECT_EQ(send("SOUR:AMPL 41"), "OK");
  EXPECT_EQ(send("INIT"), "OK");
}

TEST_F(LockoutTest, TheWindowRunsTimeScaleTimesFaster) {
  start(100);
  at(0.999);
  EXPECT_EQ(err_code(send("SOUR:AMPL 40")), kLockout);
  EXPECT_NEAR(b().clock.now_ns() - 1'000'000'000, 3'000'000 + 9'990'000, 2);
  at(1.0);
  EXPECT_EQ(send("SOUR:AMPL 40"), "OK");
}

TEST_F(LockoutTest, AbortAndDisarmStartTheWindowToo) {
  start();
  at(0.25);
  ASSERT_EQ(send("ABOR"), "OK");
  EXPECT_EQ(b().mock.pulses_delivered(), 3u);
  at(0.749);
  EXPECT_EQ(err_code(send("INIT")), kLockout);
  at(0.75);
  EXPECT_EQ(send("INIT"), "OK");
  at(0.8);
  ASSERT_EQ(send("OUTP:DIS"), "OK");
  at(1.299);
  EXPECT_EQ(err_code(send("SOUR:AMPL 40")), kLockout);
  at(1.3);
  EXPECT_EQ(send("SOUR:AMPL 40"), "OK");
}

TEST_F(LockoutTest, DisarmArmQueriesAndRemoteStayAvailable) {
  start();
  at(0.6);
  EXPECT_EQ(send("SOUR:AMPL?"), "30");
  EXPECT_EQ(send("OUTP:DIS"), "OK");
  EXPECT_EQ(send("OUTP:ARM"), "OK");  // arming is not part of the lockout
  EXPECT_EQ(send("SYST:REM ON"), "OK");
  EXPECT_EQ(send("*IDN?"), "stimbench,REF-1,SB-0001,1.0.0");
  EXPECT_EQ(err_code(send("SOUR:PULS 7")), kLockout);
}

TEST_F(LockoutTest, LockedBetweenTrainsOfASequenceAndAfterTheLast) {
  DeviceProfile p = capped_profile();
  p.keepalive_timeout_s = 0;
  MockOptions o;
  bench_ = std::make_unique<Bench>(p, o);
  b().make_ready();
  for (const char* line : {"SOUR:PULS 5", "SOUR:TRA:COUN 2", "SOUR:TRA:ITI 2", "INIT"}) {
    ASSERT_EQ(send(line), "OK") << line;
  }
  at(1.5);  // in the pause between the trains
  EXPECT_EQ(err_code(send("SOUR:AMPL 40")), kLockout);
  at(2.95);  // the second train runs 2.5 .. 3.0 s
  EXPECT_EQ(b().mock.state(), MockState::firing);
  at(3.0);
  EXPECT_EQ(b().mock.state(), MockState::ready);
  EXPECT_EQ(err_code(send("SOUR:AMPL 40")), kLockout);
  at(3.5);
  EXPECT_EQ(send("SOUR:AMPL 40"), "OK");
}

TEST_F(LockoutTest, WithoutADeviceRuleATrainRefusesAsBeforeAndNoWindowFollows) {
  for (bool host_rule : {false, true}) {
    DeviceProfile p = capped_profile();
    if (host_rule) {
      p.lockout->enforced_by = EnforcedBy::host;
    } else {
      p.lockout.reset();
    }
    elapsed_ = 0;
    start(1, p);
    at(0.2);
    EXPECT_EQ(err_code(send("SOUR:AMPL 40")), kSettingsConflict) << host_rule;
    EXPECT_EQ(err_code(send("TRIG")), kNotReady) << host_rule;
    EXPECT_EQ(send("STAT?"), "FIRING,REMOTE=1,FAULT=0,PULSES=3") << host_rule;
    at(0.5);
    EXPECT_EQ(send("SOUR:AMPL 40"), "OK") << host_rule;
    EXPECT_EQ(send("INIT"), "OK") << host_rule;
  }
}

TEST(MockLockout, NegativeWindowIsRefusedAtCreation) {
  DeviceProfile p = capped_profile();
  p.lockout->post_train_s = -1;
  Result<MockStimulator> m = MockStimulator::create(p);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::invalid_input);
}

}  // namespace
}  // namespace stimbench::test
