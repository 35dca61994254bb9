// The coil's thermal model: heating per pulse energy, exponential cooling, the cut-off for
// arming and while armed, the settable start, and the two calibration runs of docs/mock.md.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/mock/mock_test_util.hpp"

namespace stimbench::test {
namespace {

using namespace reference::error_codes;

constexpr double kHeatPerJoule = 2.5e-5;  // MockThermalModel defaults
constexpr double kTau = 600;

MockOptions starting_at(double celsius, double scale = 1) {
  MockOptions o;
  o.initial_coil_temperature_c = celsius;
  o.time_scale = scale;
  return o;
}

// Energy per pulse = power % in joules, except 90.7 J at 60 % (the Rapid² figure).
EnergyModel toy_energy() {
  EnergyModel e;
  for (int p = 0; p <= 100; ++p) e.joules_by_power.push_back(p);
  e.joules_by_power[60] = 90.7;
  return e;
}

TEST(MockThermal, EachPulseHeatsByItsEnergy) {
  Bench b;
  EXPECT_EQ(b.send("MEAS:TEMP?"), "24");
  b.make_ready();
  ASSERT_EQ(b.send("SOUR:AMPL 100"), "OK");
  for (int i = 0; i < 50; ++i) ASSERT_EQ(b.send("TRIG"), "OK");
  // No profile energy table: 252 J at 100 %, in proportion to power.
  EXPECT_NEAR(b.mock.coil_temperature_c(), 24 + 50 * kHeatPerJoule * 252, 1e-9);
  ASSERT_EQ(b.send("SOUR:AMPL 50"), "OK");
  for (int i = 0; i < 50; ++i) ASSERT_EQ(b.send("TRIG"), "OK");
  EXPECT_NEAR(b.mock.coil_temperature_c(), 24 + 75 * kHeatPerJoule * 252, 1e-9);
  EXPECT_EQ(b.send("MEAS:TEMP?"), "24.47");

  DeviceProfile p = reference_profile();
  p.energy = toy_energy();
  Bench t(p);
  t.make_ready();
  ASSERT_EQ(t.send("SOUR:AMPL 60"), "OK");
  for (int i = 0; i < 10; ++i) ASSERT_EQ(t.send("TRIG"), "OK");
  EXPECT_NEAR(t.mock.coil_temperature_c(), 24 + 10 * kHeatPerJoule * 90.7, 1e-9);
}

TEST(MockThermal, CoolsExponentiallyTowardAmbientInDeviceTime) {
  for (double scale : {1.0, 10.0}) {
    Bench b(reference_profile(), starting_at(34, scale));
    EXPECT_EQ(b.send("MEAS:TEMP?"), "34");
    b.wait_s(kTau / scale);  // one time constant of device time
    EXPECT_NEAR(b.mock.coil_temperature_c(), 24 + 10 / std::exp(1.0), 1e-9) << scale;
    b.wait_s(20 * kTau / scale);
    EXPECT_EQ(b.send("MEAS:TEMP?"), "24") << scale;
  }
  Bench cold(reference_profile(), starting_at(10));  // below ambient: warms toward it
  cold.wait_s(kTau);
  EXPECT_NEAR(cold.mock.coil_temperature_c(), 24 - 14 / std::exp(1.0), 1e-9);
}

TEST(MockThermal, ArmingAboveTheCutoffIsRefusedUntilTheCoilCools) {
  // 40.5 C cools to 40 C after 600 * ln(16.5 / 16) = 18.46 s.
  for (DeviceProfile p : {reference_profile(), capped_profile()}) {  // default and explicit
    Bench b(p, starting_at(40.5));
    ASSERT_EQ(b.send("SYST:REM ON"), "OK");
    Result<reference::ReplyLine> r = reference::parse_reply(b.send("OUTP:ARM"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->error_code, kOverTemperature);
    EXPECT_EQ(r->error_text, "Coil over temperature; coil 40.5 C above the cut-off 40 C");
    EXPECT_EQ(b.mock.state(), MockState::standby);
    b.wait_s(18.4);
    EXPECT_EQ(err_code(b.send("OUTP:ARM")), kOverTemperature);
    b.wait_s(0.1);
    EXPECT_EQ(b.send("OUTP:ARM"), "OK");
  }
}

TEST(MockThermal, ExactlyAtTheCutoffStillArmsAndTheCutoffComesFromTheProfile) {
  Bench at_limit(reference_profile(), starting_at(40));
  ASSERT_EQ(at_limit.send("SYST:REM ON"), "OK");
  EXPECT_EQ(at_limit.send("OUTP:ARM"), "OK");

  DeviceProfile p = capped_profile();
  p.coil_temperature_limit->cutoff_c = 45;
  Bench warm(p, starting_at(44));
  ASSERT_EQ(warm.send("SYST:REM ON"), "OK");
  EXPECT_EQ(warm.send("OUTP:ARM"), "OK");

  p.coil_temperature_limit->cutoff_c = 30;
  Bench strict(p, starting_at(31));
  ASSERT_EQ(strict.send("SYST:REM ON"), "OK");
  EXPECT_EQ(err_code(strict.send("OUTP:ARM")), kOverTemperature);
}

TEST(MockThermal, CrossingTheCutoffFaultsLocksOutAndClearsByResetOnceCool) {
  DeviceProfile p = reference_profile();
  p.coil_temperature_limit = ThermalLimit{24.05, EnforcedBy::device, {}};
  MockOptions o;
  o.thermal.heat_c_per_joule = 0.02 / 252;  // 0.02 C per pulse at 100 %
  Bench b(p, o);
  b.make_ready();
  ASSERT_EQ(b.send("SOUR:AMPL 100"), "OK");
  EXPECT_EQ(b.send("TRIG"), "OK");
  EXPECT_EQ(b.send("TRIG"), "OK");
  EXPECT_EQ(b.mock.state(), MockState::ready);
  EXPECT_EQ(b.send("TRIG"), "OK");  // 24.06 C: this pulse goes, then the device faults
  EXPECT_EQ(b.mock.state(), MockState::fault);
  EXPECT_EQ(b.send("STAT?"), "FAULT,REMOTE=1,FAULT=1,PULSES=3");
  EXPECT_EQ(b.send("SYST:ERR?").rfind("210,\"Coil over temperature; coil 24.1 C\"", 0), 0u);
  EXPECT_EQ(err_code(b.send("TRIG")), kLockout);
  EXPECT_EQ(err_code(b.send("OUTP:ARM")), kLockout);
  EXPECT_EQ(err_code(b.send("INIT")), kLockout);
  EXPECT_EQ(b.send("OUTP:DIS"), "OK");
  EXPECT_EQ(b.mock.state(), MockState::fault);
  EXPECT_EQ(err_code(b.send("*RST")), kOverTemperature);
  EXPECT_EQ(b.mock.state(), MockState::fault);
  b.wait_s(1000);  // not armed: no watchdog; the coil cools
  EXPECT_EQ(b.send("*RST"), "OK");
  EXPECT_EQ(b.mock.state(), MockState::standby);
  EXPECT_EQ(b.mock.pulses_delivered(), 3u);
}

TEST(MockThermal, CrossingDuringATrainStopsIt) {
  DeviceProfile p = reference_profile();
  p.coil_temperature_limit = ThermalLimit{24.095, EnforcedBy::device, {}};
  MockOptions o;
  o.thermal.heat_c_per_joule = 0.01 / 252;  // the 10th pulse at 100 % crosses
  Bench b(p, o);
  b.make_ready();
  ASSERT_EQ(b.send("SOUR:AMPL 100"), "OK");
  ASSERT_EQ(b.send("SOUR:PULS 50"), "OK");
  ASSERT_EQ(b.send("INIT"), "OK");
  b.wait_s(0.95);
  EXPECT_EQ(b.mock.state(), MockState::fault);
  EXPECT_EQ(b.mock.pulses_delivered(), 10u);
}

TEST(MockThermal, TenHertzDepressionProtocolEndsWellBelowTheCutoff) {
  // 120 % MT at MT 50 = 60 % output, 10 Hz, 40 pulses, 26 s pauses, 75 trains: 3000
  // pulses in 2224 s (safety-limits.md §1.5). Expected ends from docs/mock.md.
  for (bool table : {false, true}) {
    DeviceProfile p = capped_profile();
    p.keepalive_timeout_s = 0;
    if (table) p.energy = toy_energy();
    Bench b(p);
    b.make_ready();
    for (const char* line : {"SOUR:AMPL 60", "SOUR:FREQ 10", "SOUR:PULS 40", "SOUR:TRA:ITI 26",
                             "SOUR:TRA:COUN 75", "INIT"}) {
      ASSERT_EQ(b.send(line), "OK") << line;
    }
    b.wait_s(2223.9);
    EXPECT_EQ(b.mock.state(), MockState::firing);
    b.wait_s(0.1);
    EXPECT_EQ(b.mock.state(), MockState::ready);
    EXPECT_EQ(b.mock.pulses_delivered(), 3000u);
    EXPECT_EQ(b.mock.trains_completed(), 75u);
    EXPECT_NEAR(b.mock.coil_temperature_c(), table ? 25.81 : 27.02, 0.01) << table;
  }
}

TEST(MockThermal, SustainedFullPowerAtHighRateCrossesWithinMinutes) {
  // 100 % at 20 Hz (reference profile, no cap): over 40 C on pulse 2854, at 142.65 s.
  DeviceProfile p = reference_profile();
  p.keepalive_timeout_s = 0;
  Bench b(p);
  b.make_ready();
  for (const char* line : {"SOUR:AMPL 100", "SOUR:FREQ 20", "SOUR:PULS 6000", "INIT"}) {
    ASSERT_EQ(b.send(line), "OK") << line;
  }
  b.wait_s(142.6);
  EXPECT_EQ(b.mock.state(), MockState::firing);
  EXPECT_LT(b.mock.coil_temperature_c(), 40);
  b.wait_s(0.05);
  EXPECT_EQ(b.mock.state(), MockState::fault);
  EXPECT_EQ(b.mock.pulses_delivered(), 2854u);
  EXPECT_GT(b.mock.coil_temperature_c(), 40);

  // 100 % at the 15 Hz cap of the capped profile: about 3.3 minutes.
  DeviceProfile q = capped_profile();
  q.keepalive_timeout_s = 0;
  Bench c(q);
  c.make_ready();
  for (const char* line : {"SOUR:AMPL 100", "SOUR:FREQ 15", "SOUR:PULS 6000", "INIT"}) {
    ASSERT_EQ(c.send(line), "OK") << line;
  }
  c.wait_s(190);
  EXPECT_EQ(c.mock.state(), MockState::firing);
  c.wait_s(20);
  EXPECT_EQ(c.mock.state(), MockState::fault);
}

TEST(MockThermal, AHostEnforcedCutoffIsNotEnforcedByTheDevice) {
  DeviceProfile p = capped_profile();
  p.coil_temperature_limit->enforced_by = EnforcedBy::host;
  Bench b(p, starting_at(50));
  EXPECT_FALSE(b.mock.temperature_cutoff_c());
  b.make_ready();
  EXPECT_EQ(b.send("TRIG"), "OK");
  EXPECT_EQ(b.mock.state(), MockState::ready);
}

TEST(MockThermal, BadThermalOptionsAreRefusedAtCreation) {
  MockOptions no_tau;
  no_tau.thermal.cooling_time_constant_s = 0;
  MockOptions negative;
  negative.thermal.heat_c_per_joule = -1;
  MockOptions nan_start = starting_at(std::nan(""));
  for (const MockOptions& o : {no_tau, negative, nan_start}) {
    Result<MockStimulator> m = MockStimulator::create(reference_profile(), o);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().code, ErrorCode::invalid_input);
  }
}

}  // namespace
}  // namespace stimbench::test
