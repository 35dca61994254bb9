// Seeded defects: the table, parsing, and a matrix showing that each defect breaks exactly
// the behaviour it names: its own probe fails, every other probe still passes.
#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <set>

#include "tests/mock/mock_test_util.hpp"

namespace stimbench::test {
namespace {

using namespace reference::error_codes;

const MockDefect kAll[] = {
    MockDefect::power_above_max,       MockDefect::frequency_above_cap,
    MockDefect::ignore_keepalive_loss, MockDefect::arm_above_temperature,
    MockDefect::ignore_lockout,        MockDefect::clamp_instead_of_refuse,
    MockDefect::stale_readback,        MockDefect::fire_while_disarmed,
    MockDefect::fire_while_arming,     MockDefect::disarm_ack_stays_armed,
    MockDefect::trigger_during_train,  MockDefect::ignore_keepalive_while_firing,
    MockDefect::abort_ignored,         MockDefect::power_above_max_while_armed,
    MockDefect::ignore_remote_gating,  MockDefect::extra_train_pulse,
};

Bench bench_with(const std::vector<MockDefect>& defects, double start_c = 24) {
  MockOptions o = with_defects(defects);
  o.initial_coil_temperature_c = start_c;
  return Bench(capped_profile(), o);
}

// Each probe is true when the device behaved correctly. They observe the model directly
// where a protocol read-back would itself be affected by another defect.
using Probe = std::function<bool(const std::vector<MockDefect>&)>;

bool refuses_power_above_max(const std::vector<MockDefect>& d) {
  Bench b = bench_with(d);
  b.send("SYST:REM ON");
  b.send("SOUR:AMPL 101");
  return *b.mock.parameter(Parameter::power) <= 100;
}

bool keeps_frequency_under_cap(const std::vector<MockDefect>& d) {
  Bench b = bench_with(d);
  b.send("SYST:REM ON");
  b.send("SOUR:AMPL 100");  // cap 15 Hz; the default 10 Hz is under it
  b.send("SOUR:FREQ 16");
  bool frequency_ok = *b.mock.parameter(Parameter::frequency) <= 15;
  b.send("SOUR:AMPL 50");  // cap 25 Hz
  b.send("SOUR:FREQ 20");
  b.send("SOUR:AMPL 100");
  bool power_ok =
      !(*b.mock.parameter(Parameter::power) == 100 && *b.mock.parameter(Parameter::frequency) > 15);
  return frequency_ok && power_ok;
}

bool disarms_on_keepalive_loss(const std::vector<MockDefect>& d) {
  Bench b = bench_with(d);
  b.make_ready();
  b.wait_s(1.5);
  return b.mock.state() == MockState::standby;
}

bool refuses_arming_when_hot(const std::vector<MockDefect>& d) {
  Bench b = bench_with(d, 41);
  b.send("SYST:REM ON");
  return err_code(b.send("OUTP:ARM")) == kOverTemperature && b.mock.state() == MockState::standby;
}

bool holds_the_post_train_lockout(const std::vector<MockDefect>& d) {
  Bench b = bench_with(d);
  b.make_ready();
  b.send("SOUR:PULS 5");
  b.send("INIT");
  b.wait_s(0.6);  // the train ended at 0.5 s; locked until 1.0 s
  return err_code(b.send("SOUR:AMPL 40")) == kLockout && err_code(b.send("INIT")) == kLockout &&
         *b.mock.parameter(Parameter::power) == 30;
}

bool refuses_instead_of_clamping(const std::vector<MockDefect>& d) {
  Bench b = bench_with(d);
  b.send("SYST:REM ON");
  return err_code(b.send("SOUR:FREQ 100.5")) == kDataOutOfRange &&
         err_code(b.send("SOUR:PULS 2.5")) == kDataOutOfRange;
}

bool reads_back_what_was_set(const std::vector<MockDefect>& d) {
  Bench b = bench_with(d);
  b.send("SYST:REM ON");
  b.send("SOUR:AMPL 55");
  return b.send("SOUR:AMPL?") == "55";
}

bool refuses_to_fire_disarmed(const std::vector<MockDefect>& d) {
  Bench b = bench_with(d);
  b.send("SYST:REM ON");
  return err_code(b.send("TRIG")) == kNotArmed && b.mock.pulses_delivered() == 0;
}

bool refuses_to_fire_while_arming(const std::vector<MockDefect>& d) {
  Bench b = bench_with(d);
  b.send("SYST:REM ON");
  b.send("OUTP:ARM");
  return err_code(b.send("TRIG")) == kNotReady && b.mock.pulses_delivered() == 0;
}

bool disarms_when_told(const std::vector<MockDefect>& d) {
  Bench b = bench_with(d);
  b.make_ready();
  return b.send("OUTP:DIS") == "OK" && b.mock.state() == MockState::standby;
}

bool refuses_trigger_during_train(const std::vector<MockDefect>& d) {
  Bench b = bench_with(d);
  b.make_ready();
  b.send("SOUR:PULS 20");
  b.send("INIT");
  b.wait_s(0.05);
  const std::uint64_t before = b.mock.pulses_delivered();
  return err_code(b.send("TRIG")) == kLockout && b.mock.pulses_delivered() == before;
}

// Only about a running train: a device whose watchdog never acts fails the probe above.
bool stops_a_train_on_keepalive_loss(const std::vector<MockDefect>& d) {
  if (!disarms_on_keepalive_loss(d)) return true;
  Bench b = bench_with(d);
  b.make_ready();
  b.send("SOUR:PULS 50");  // 5 s at 10 Hz
  b.send("INIT");
  b.wait_s(1.5);
  return b.mock.state() == MockState::standby && !b.mock.train_running();
}

bool abort_stops_a_train(const std::vector<MockDefect>& d) {
  DeviceProfile p = capped_profile();
  p.keepalive_timeout_s = 0;  // the probe is about ABORt, not the watchdog
  Bench b(p, with_defects(d));
  b.make_ready();
  b.send("SOUR:PULS 50");  // 5 s at 10 Hz
  b.send("INIT");
  b.wait_s(0.25);
  b.send("ABOR");
  const std::uint64_t at_abort = b.mock.pulses_delivered();
  b.wait_s(1);
  return !b.mock.train_running() && b.mock.pulses_delivered() == at_abort;
}

// Only about the armed state: a device that never checks the maximum fails the probe above.
bool refuses_power_above_max_while_armed(const std::vector<MockDefect>& d) {
  if (!refuses_power_above_max(d)) return true;
  Bench b = bench_with(d);
  b.make_ready();
  b.send("SOUR:AMPL 101");
  return *b.mock.parameter(Parameter::power) <= 100;
}

bool refuses_without_remote(const std::vector<MockDefect>& d) {
  Bench b = bench_with(d);
  return err_code(b.send("SOUR:AMPL 40")) == kNotRemote &&
         err_code(b.send("OUTP:ARM")) == kNotRemote && b.mock.state() == MockState::standby;
}

bool fires_the_stored_pulse_count(const std::vector<MockDefect>& d) {
  Bench b = bench_with(d);
  b.make_ready();
  b.send("SOUR:PULS 5");  // 0.5 s at 10 Hz: pulses at 0 to 0.4 s
  b.send("INIT");
  b.wait_s(0.7);
  return b.mock.pulses_delivered() == 5;
}

const std::pair<MockDefect, Probe> kProbes[] = {
    {MockDefect::power_above_max, refuses_power_above_max},
    {MockDefect::frequency_above_cap, keeps_frequency_under_cap},
    {MockDefect::ignore_keepalive_loss, disarms_on_keepalive_loss},
    {MockDefect::arm_above_temperature, refuses_arming_when_hot},
    {MockDefect::ignore_lockout, holds_the_post_train_lockout},
    {MockDefect::clamp_instead_of_refuse, refuses_instead_of_clamping},
    {MockDefect::stale_readback, reads_back_what_was_set},
    {MockDefect::fire_while_disarmed, refuses_to_fire_disarmed},
    {MockDefect::fire_while_arming, refuses_to_fire_while_arming},
    {MockDefect::disarm_ack_stays_armed, disarms_when_told},
    {MockDefect::trigger_during_train, refuses_trigger_during_train},
    {MockDefect::ignore_keepalive_while_firing, stops_a_train_on_keepalive_loss},
    {MockDefect::abort_ignored, abort_stops_a_train},
    {MockDefect::power_above_max_while_armed, refuses_power_above_max_while_armed},
    {MockDefect::ignore_remote_gating, refuses_without_remote},
    {MockDefect::extra_train_pulse, fires_the_stored_pulse_count},
};

TEST(MockDefects, EachDefectFailsExactlyItsOwnProbe) {
  ASSERT_EQ(std::size(kProbes), std::size(kAll));
  for (const auto& [probed, probe] : kProbes) {
    EXPECT_TRUE(probe({})) << "correct mock fails the probe for " << to_string(probed);
    for (MockDefect seeded : kAll) {
      EXPECT_EQ(probe({seeded}), seeded != probed)
          << "probe " << to_string(probed) << " with defect " << to_string(seeded);
    }
  }
}

// kAll: the defects a reference device can have; train-continues-after-disable is MagPro
// only (tests/mock/magventure_dialect_test.cpp).
TEST(MockDefects, TableHasStableKebabNamesAndOneLineDescriptions) {
  std::vector<DefectInfo> list = defects_for_profile(reference_profile());
  ASSERT_EQ(list.size(), std::size(kAll));
  std::set<std::string> names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list[i].defect, kAll[i]);
    EXPECT_EQ(list[i].name, to_string(kAll[i]));
    EXPECT_TRUE(std::regex_match(list[i].name, std::regex("[a-z]+(-[a-z]+)*"))) << list[i].name;
    EXPECT_FALSE(list[i].description.empty());
    EXPECT_EQ(list[i].description.find_first_of("\t\n"), std::string::npos);
    names.insert(list[i].name);
  }
  EXPECT_EQ(names.size(), list.size());
  EXPECT_EQ(to_string(MockDefect::power_above_max), std::string("power-above-max"));
  EXPECT_EQ(to_string(MockDefect::disarm_ack_stays_armed), std::string("disarm-ack-stays-armed"));
  DeviceProfile other = reference_profile();
  other.family = "ref";
  EXPECT_TRUE(defects_for_profile(other).empty());
}

TEST(MockDefects, APerProfileListHoldsOnlyWhatTheProfileCanShow) {
  DeviceProfile p = reference_profile();
  p.family = "magventure";  // no reply-style refusals to clamp instead of
  p.capabilities = {"single_pulse", "train", "train_sequence", "temperature", "raw"};
  std::vector<std::string> names;
  for (const DefectInfo& d : defects_for_profile(p)) names.push_back(d.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"power-above-max", "stale-readback", "fire-while-disarmed",
                                      "disarm-ack-stays-armed", "train-continues-after-disable",
                                      "power-above-max-while-armed", "extra-train-pulse"}));
  p.capabilities = {"single_pulse", "temperature", "raw"};  // no trains: nothing to continue
  names.clear();
  for (const DefectInfo& d : defects_for_profile(p)) names.push_back(d.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"power-above-max", "stale-readback", "fire-while-disarmed",
                                      "disarm-ack-stays-armed", "power-above-max-while-armed"}));
  p.family = "magstim";
  p.capabilities = {"remote", "keepalive", "single_pulse"};
  names.clear();
  for (const DefectInfo& d : defects_for_profile(p)) names.push_back(d.name);
  EXPECT_EQ(names, (std::vector<std::string>{"power-above-max", "ignore-keepalive-loss",
                                             "clamp-instead-of-refuse", "stale-readback",
                                             "fire-while-disarmed", "disarm-ack-stays-armed",
                                             "power-above-max-while-armed"}));
}

TEST(MockDefects, ParseRoundTripsAndNamesTheKnownOnesOnError) {
  for (MockDefect d : kAll) {
    Result<MockDefect> back = parse_defect(to_string(d));
    ASSERT_TRUE(back.ok()) << to_string(d);
    EXPECT_EQ(*back, d);
  }
  EXPECT_EQ(parse_defect("train-continues-after-disable").value(),
            MockDefect::train_continues_after_disable);
  for (const char* bad : {"", "power_above_max", "Power-Above-Max", "power-above-max ", "x"}) {
    Result<MockDefect> r = parse_defect(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
    EXPECT_NE(r.error().message.find("known: power-above-max, "), std::string::npos);
  }
}

TEST(MockDefects, ADefectForAnotherFamilyIsRefusedAtCreation) {
  DeviceProfile p = reference_profile();
  p.family = "magventure";
  Result<MockStimulator> m =
      MockStimulator::create(p, with_defects({MockDefect::clamp_instead_of_refuse}));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message,
            "defect 'clamp-instead-of-refuse' does not apply to profile reference (family "
            "magventure; --list-defects)");
  EXPECT_TRUE(MockStimulator::create(p).ok());
}

TEST(MockDefects, StaleReadbackReportsTheValueBeforeTheLastChange) {
  Bench b(capped_profile(), with_defects({MockDefect::stale_readback}));
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  EXPECT_EQ(b.send("SOUR:AMPL?"), "30");
  ASSERT_EQ(b.send("SOUR:AMPL 40"), "OK");
  EXPECT_EQ(b.send("SOUR:AMPL?"), "30");
  ASSERT_EQ(b.send("SOUR:AMPL 50"), "OK");
  EXPECT_EQ(b.send("SOUR:AMPL?"), "40");
  EXPECT_EQ(b.mock.parameter(Parameter::power), 50);  // the device uses the new value
  EXPECT_EQ(err_code(b.send("SOUR:AMPL 500")), kDataOutOfRange);
  EXPECT_EQ(b.send("SOUR:AMPL?"), "40");  // a refusal is not a change
}

TEST(MockDefects, ClampStoresTheNearestAllowedValue) {
  Bench b(capped_profile(), with_defects({MockDefect::clamp_instead_of_refuse}));
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  EXPECT_EQ(b.send("SOUR:AMPL 150"), "OK");
  EXPECT_EQ(b.send("SOUR:AMPL?"), "100");
  EXPECT_EQ(b.send("SOUR:FREQ 30"), "OK");  // above the 15 Hz cap at 100 %
  EXPECT_EQ(b.send("SOUR:FREQ?"), "15");
  EXPECT_EQ(b.send("SOUR:PULS 2.4"), "OK");
  EXPECT_EQ(b.send("SOUR:PULS?"), "2");
  ASSERT_EQ(b.send("SOUR:AMPL 50"), "OK");
  ASSERT_EQ(b.send("SOUR:FREQ 25"), "OK");
  EXPECT_EQ(b.send("SOUR:AMPL 100"), "OK");  // drags the frequency down to the new cap
  EXPECT_EQ(b.send("SOUR:FREQ?"), "15");
  EXPECT_EQ(err_code(b.send("SOUR:AMPL abc")), kDataTypeError);  // not a value to clamp
}

TEST(MockDefects, PowerAboveMaxIsStoredAndFired) {
  Bench b(reference_profile(), with_defects({MockDefect::power_above_max}));
  b.make_ready();
  EXPECT_EQ(b.send("SOUR:AMPL 130"), "OK");
  EXPECT_EQ(b.send("SOUR:AMPL?"), "130");
  EXPECT_EQ(err_code(b.send("SOUR:AMPL -1")), kDataOutOfRange);  // only the maximum is broken
  EXPECT_EQ(b.send("TRIG"), "OK");
  EXPECT_NEAR(b.mock.coil_temperature_c(), 24 + 2.5e-5 * 252 * 1.3, 1e-9);
}

TEST(MockDefects, FireWhileDisarmedDeliversAPulseButRespectsRemoteAndFault) {
  Bench b(reference_profile(), with_defects({MockDefect::fire_while_disarmed}));
  EXPECT_EQ(err_code(b.send("TRIG")), kNotRemote);
  ASSERT_EQ(b.send("SYST:REM ON"), "OK");
  EXPECT_EQ(b.send("TRIG"), "OK");
  EXPECT_EQ(b.mock.pulses_delivered(), 1u);
  EXPECT_EQ(b.mock.state(), MockState::standby);
  EXPECT_EQ(err_code(b.send("INIT")), kNotArmed);  // trains still need arming
}

TEST(MockDefects, DisarmAckLeavesATrainRunning) {
  DeviceProfile p = reference_profile();
  p.keepalive_timeout_s = 0;
  Bench b(p, with_defects({MockDefect::disarm_ack_stays_armed}));
  b.make_ready();
  ASSERT_EQ(b.send("SOUR:PULS 20"), "OK");
  ASSERT_EQ(b.send("INIT"), "OK");
  EXPECT_EQ(b.send("OUTP:DIS"), "OK");
  b.wait_s(5);
  EXPECT_EQ(b.mock.pulses_delivered(), 20u);
  EXPECT_EQ(b.status().state, reference::StatusState::ready);
}

TEST(MockDefects, IgnoreKeepaliveLossKeepsATrainGoing) {
  Bench b(reference_profile(), with_defects({MockDefect::ignore_keepalive_loss}));
  b.make_ready();
  ASSERT_EQ(b.send("SOUR:PULS 30"), "OK");
  ASSERT_EQ(b.send("INIT"), "OK");
  b.wait_s(10);
  EXPECT_EQ(b.mock.pulses_delivered(), 30u);
  EXPECT_EQ(b.mock.watchdog_disarms(), 0u);
}

}  // namespace
}  // namespace stimbench::test
