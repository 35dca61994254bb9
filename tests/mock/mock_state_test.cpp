// The mock's state machine: every transition, refusals with their codes, remote gating.
#include <gtest/gtest.h>

#include "tests/mock/mock_test_util.hpp"

namespace stimbench::test {
namespace {

using namespace reference::error_codes;

TEST(MockStateMachine, StartsInStandbyLocalWithNoPulses) {
  Bench b;
  EXPECT_EQ(b.mock.state(), MockState::standby);
  EXPECT_FALSE(b.mock.remote());
  EXPECT_EQ(b.send("STAT?"), "STANDBY,REMOTE=0,FAULT=0,PULSES=0");
  EXPECT_EQ(b.send("*IDN?"), "stimbench,REF-1,SB-0001,1.0.0");
}

TEST(MockStateMachine, ArmGoesArmedThenReadyAfterTheReadyDelay) {
  Bench b;
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  ASSERT_EQ(b.send("OUTP:ARM"), "OK");
  EXPECT_EQ(b.mock.state(), MockState::armed);
  EXPECT_EQ(b.status().state, reference::StatusState::armed);
  b.wait_s(0.299);
  EXPECT_EQ(b.mock.state(), MockState::armed);
  b.wait_s(0.001);
  EXPECT_EQ(b.mock.state(), MockState::ready);
  EXPECT_EQ(b.send("STAT?"), "READY,REMOTE=1,FAULT=0,PULSES=0");
}

TEST(MockStateMachine, ArmWhileArmedReadyOrFiringIsRefused204) {
  Bench b;
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  ASSERT_EQ(b.send("OUTP:ARM"), "OK");
  EXPECT_EQ(err_code(b.send("OUTP:ARM")), kAlreadyArmed);
  EXPECT_EQ(b.mock.state(), MockState::armed);
  b.wait_s(0.3);
  EXPECT_EQ(err_code(b.send("OUTP:ARM")), kAlreadyArmed);
  EXPECT_EQ(b.mock.state(), MockState::ready);
  ASSERT_EQ(b.send("INIT"), "OK");
  EXPECT_EQ(err_code(b.send("OUTP:ARM")), kAlreadyArmed);
  EXPECT_EQ(b.mock.state(), MockState::firing);
}

TEST(MockStateMachine, TriggerOnlyWhenReady) {
  Bench b;
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  EXPECT_EQ(err_code(b.send("TRIG")), kNotArmed);
  ASSERT_EQ(b.send("OUTP:ARM"), "OK");
  EXPECT_EQ(err_code(b.send("TRIG")), kNotReady);
  EXPECT_EQ(b.mock.pulses_delivered(), 0u);
  b.wait_s(0.3);
  EXPECT_EQ(b.send("TRIG"), "OK");
  EXPECT_EQ(b.send("trigger"), "OK");
  EXPECT_EQ(b.mock.pulses_delivered(), 2u);
  EXPECT_EQ(b.mock.state(), MockState::ready);
  EXPECT_EQ(b.status().pulses, 2u);
  ASSERT_EQ(b.send("INIT"), "OK");
  EXPECT_EQ(err_code(b.send("TRIG")), kNotReady);
}

TEST(MockStateMachine, InitiateOnlyWhenReady) {
  Bench b;
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  EXPECT_EQ(err_code(b.send("INIT")), kNotArmed);
  ASSERT_EQ(b.send("OUTP:ARM"), "OK");
  EXPECT_EQ(err_code(b.send("INIT")), kNotReady);
  EXPECT_EQ(b.mock.trains_started(), 0u);
  b.wait_s(0.3);
  ASSERT_EQ(b.send("INIT"), "OK");
  EXPECT_EQ(b.mock.state(), MockState::firing);
  EXPECT_EQ(err_code(b.send("INIT")), kNotReady);
  EXPECT_EQ(b.mock.trains_started(), 1u);
}

TEST(MockStateMachine, DisarmFromEveryLiveStateGoesToStandby) {
  for (int from = 0; from < 3; ++from) {
    Bench b;
    ASSERT_EQ(b.send("SYST:REM ON"), "OK");
    ASSERT_EQ(b.send("OUTP:ARM"), "OK");
    if (from >= 1) b.wait_s(0.3);
    if (from == 2) {
      ASSERT_EQ(b.send("INIT"), "OK");
    }
    ASSERT_EQ(b.send("SYST:REM OFF"), "OK");  // disarm works without remote
    EXPECT_EQ(b.send("OUTP:DIS"), "OK");
    EXPECT_EQ(b.mock.state(), MockState::standby) << from;
  }
  Bench idle;
  EXPECT_EQ(idle.send("OUTP:DIS"), "OK");  // idempotent
  EXPECT_EQ(idle.mock.state(), MockState::standby);
}

TEST(MockStateMachine, ResetDisarmsAndRestoresDefaultsButKeepsRemoteAndErrors) {
  Bench b;
  b.make_ready();
  ASSERT_EQ(b.send("SOUR:AMPL 77"), "OK");
  ASSERT_EQ(err_code(b.send("SOUR:AMPL 177")), kDataOutOfRange);
  ASSERT_EQ(b.send("INIT"), "OK");
  EXPECT_EQ(b.send("*RST"), "OK");
  EXPECT_EQ(b.mock.state(), MockState::standby);
  EXPECT_EQ(b.send("SOUR:AMPL?"), "30");
  EXPECT_TRUE(b.mock.remote());
  EXPECT_EQ(b.mock.error_queue_size(), 1u);
}

TEST(MockStateMachine, AbortStopsATrainAndIsHarmlessOtherwise) {
  Bench b;
  EXPECT_EQ(b.send("ABOR"), "OK");  // no remote needed, nothing running
  b.make_ready();
  ASSERT_EQ(b.send("INIT"), "OK");
  b.wait_s(0.25);
  std::uint64_t pulses = b.mock.pulses_delivered();
  EXPECT_GT(pulses, 0u);
  EXPECT_EQ(b.send("ABORt"), "OK");
  EXPECT_EQ(b.mock.state(), MockState::ready);
  b.wait_s(0.5);
  EXPECT_EQ(b.mock.pulses_delivered(), pulses);
  EXPECT_EQ(b.send("ABOR"), "OK");
  EXPECT_EQ(b.mock.state(), MockState::ready);
}

TEST(MockStateMachine, RemoteGatesSettingsArmTriggerAndInit) {
  Bench b;
  for (const char* line :
       {"SOUR:AMPL 50", "SOUR:FREQ 5", "SOUR:PULS 3", "SOUR:TRA:DUR 1", "SOUR:TRA:ITI 2",
        "SOUR:TRA:COUN 2", "OUTP:ARM", "TRIG", "INIT", "SOUR:AMPL abc"}) {
    EXPECT_EQ(err_code(b.send(line)), kNotRemote) << line;
  }
  EXPECT_EQ(b.mock.state(), MockState::standby);
  EXPECT_EQ(b.send("SOUR:AMPL?"), "30");
  // Going local while ready keeps the state but blocks firing.
  b.make_ready();
  ASSERT_EQ(b.send("SYST:REM 0"), "OK");
  EXPECT_EQ(err_code(b.send("TRIG")), kNotRemote);
  EXPECT_EQ(b.mock.state(), MockState::ready);
  EXPECT_EQ(b.mock.pulses_delivered(), 0u);
}

TEST(MockStateMachine, CommandsThatWorkWithoutRemote) {
  Bench b;
  EXPECT_EQ(b.send("*IDN?"), "stimbench,REF-1,SB-0001,1.0.0");
  EXPECT_EQ(b.send("*RST"), "OK");
  EXPECT_EQ(b.send("*CLS"), "OK");
  EXPECT_EQ(b.send("SYST:ERR?"), "0,\"No error\"");
  EXPECT_EQ(b.send("SYST:REM?"), "0");
  EXPECT_EQ(b.send("OUTP:DIS"), "OK");
  EXPECT_EQ(b.send("ABOR"), "OK");
  for (const char* q : {"SOUR:AMPL?", "SOUR:FREQ?", "SOUR:PULS?", "SOUR:TRA:DUR?", "SOUR:TRA:ITI?",
                        "SOUR:TRA:COUN?", "STAT?", "MEAS:TEMP?"}) {
    EXPECT_EQ(err_code(b.send(q)), 0) << q;
  }
  EXPECT_EQ(b.send("SYST:REM ON"), "OK");
  EXPECT_EQ(b.send("SYST:REM?"), "1");
  EXPECT_EQ(err_code(b.send("SYST:REM maybe")), kDataTypeError);
  EXPECT_TRUE(b.mock.remote());
}

TEST(MockStateMachine, SettingsWhileFiringAreRefused221AndUnchanged) {
  Bench b;
  b.make_ready();
  ASSERT_EQ(b.send("INIT"), "OK");
  EXPECT_EQ(err_code(b.send("SOUR:AMPL 50")), kSettingsConflict);
  EXPECT_EQ(err_code(b.send("SOUR:FREQ 5")), kSettingsConflict);
  EXPECT_EQ(b.send("SOUR:AMPL?"), "30");
  EXPECT_EQ(b.mock.state(), MockState::firing);
}

TEST(MockStateMachine, SettingsAreAllowedWhileArmedOrReady) {
  Bench b;
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  ASSERT_EQ(b.send("OUTP:ARM"), "OK");
  EXPECT_EQ(b.send("SOUR:AMPL 40"), "OK");
  b.wait_s(0.3);
  EXPECT_EQ(b.send("SOUR:AMPL 41"), "OK");
  EXPECT_EQ(b.mock.state(), MockState::ready);
}

TEST(MockStateMachine, InitiateRefusesSettingsThatCannotMakeATrain) {
  DeviceProfile p = reference_profile();
  p.limits[1].min = 0;  // a profile that lets frequency reach 0
  Bench b(p);
  b.make_ready();
  ASSERT_EQ(b.send("SOUR:FREQ 0"), "OK");
  EXPECT_EQ(err_code(b.send("INIT")), kSettingsConflict);
  EXPECT_EQ(b.mock.state(), MockState::ready);
  EXPECT_EQ(b.mock.pulses_delivered(), 0u);
}

TEST(MockStateMachine, ZeroReadyDelayIsReadyAtOnce) {
  DeviceProfile p = reference_profile();
  p.ready_delay_s = 0;
  Bench b(p);
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  ASSERT_EQ(b.send("OUTP:ARM"), "OK");
  EXPECT_EQ(b.mock.state(), MockState::ready);
}

TEST(MockStateMachine, LogicalApiFeedsTheWatchdogToo) {
  MockStimulator m = make_mock();
  m.tick(0);
  EXPECT_TRUE(m.set_remote(true, 5'000'000'000).ok());
  EXPECT_TRUE(m.arm(5'000'000'000).ok());  // 5 s after the last "command": must not expire
  m.tick(5'500'000'000);
  EXPECT_EQ(m.state(), MockState::ready);
  MockOutcome refused = m.arm(5'600'000'000);
  EXPECT_EQ(refused.code, kAlreadyArmed);
  EXPECT_FALSE(refused.detail.empty());
}

TEST(MockStateMachine, CreateRefusesBadOptionsAndLimits) {
  for (double scale : {0.0, -1.0, std::nan("")}) {
    MockOptions o;
    o.time_scale = scale;
    EXPECT_FALSE(MockStimulator::create(reference_profile(), o).ok()) << scale;
  }
  DeviceProfile p = reference_profile();
  p.limits[0].min = 200;
  EXPECT_FALSE(MockStimulator::create(p).ok());
  p = reference_profile();
  p.limits[1].step = -0.1;
  EXPECT_FALSE(MockStimulator::create(p).ok());
  MockOptions tau;
  tau.thermal.cooling_time_constant_s = 0;
  EXPECT_FALSE(MockStimulator::create(reference_profile(), tau).ok());
}

}  // namespace
}  // namespace stimbench::test
