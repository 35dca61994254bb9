// Oracle semantics (design.md §7, docs/safety-envelope.md): ranges, steps, non-finite values,
// the frequency cap, energy model, lockout and coil temperature, with reason ids.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/safety/safety_test_util.hpp"

namespace stimbench::test {
namespace {

SafetyOracle device_only() {
  return SafetyOracle(reference_profile(), std::nullopt);
}

TEST(OracleSetting, RangeStepAndNonFinite) {
  SafetyOracle o = device_only();
  const std::pair<double, const char*> refused[] = {{101, "power.max"},
                                                    {-1, "power.min"},
                                                    {50.5, "power.step"},
                                                    {NAN, "power.nonfinite"},
                                                    {INFINITY, "power.nonfinite"}};
  for (auto [power, id] : refused) {
    OracleVerdict v =
        o.judge_setting(request({{Parameter::power, power}, {Parameter::frequency, 1}}));
    EXPECT_EQ(v.judgement, Judgement::refused) << power;
    EXPECT_TRUE(has_reason(v, id)) << power << ": " << v.describe();
    EXPECT_TRUE(v.device_must_refuse());
  }
  // 0.1 Hz steps: decimal values that binary cannot hold exactly are still on the grid.
  for (double f : {0.1, 0.3, 12.3, 99.9, 100.0}) {
    EXPECT_EQ(
        o.judge_setting(request({{Parameter::power, 0}, {Parameter::frequency, f}})).judgement,
        Judgement::allowed)
        << f;
  }
  OracleVerdict off = o.judge_setting(request({{Parameter::pulses, 10.5}}));
  EXPECT_TRUE(has_reason(off, "pulses.step"));
}

TEST(OracleSetting, EveryReasonIsListed) {
  SafetyOracle o = device_only();
  OracleVerdict v = o.judge_setting(
      request({{Parameter::power, 100.5}, {Parameter::frequency, 0.05}, {Parameter::pulses, 0}}));
  EXPECT_TRUE(has_reason(v, "power.max"));
  EXPECT_TRUE(has_reason(v, "power.step"));
  EXPECT_TRUE(has_reason(v, "frequency.min"));
  EXPECT_TRUE(has_reason(v, "frequency.step"));
  EXPECT_TRUE(has_reason(v, "pulses.min"));
  EXPECT_NE(v.describe().find("power.max: power 100.5 % is above the maximum 100 %"),
            std::string::npos)
      << v.describe();
  EXPECT_EQ(o.judge_setting(request({{Parameter::pulses, 10}})).describe(), "inside the envelope");
}

TEST(OracleSetting, FrequencyCapNeedsPower) {
  SafetyOracle o = device_only();
  OracleVerdict v = o.judge_setting(request({{Parameter::frequency, 10}}));
  EXPECT_EQ(v.judgement, Judgement::not_covered);
  const OracleReason* r = reason(v, "frequency_cap");
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->not_covered);
  EXPECT_FALSE(r->provenance.verified);
  // Off-grid power between rows: the lower neighbouring cap (30 % -> 100, 31 % -> 98).
  OracleVerdict between =
      o.judge_setting(request({{Parameter::power, 30.5}, {Parameter::frequency, 99}}));
  EXPECT_TRUE(has_reason(between, "power.step"));
  EXPECT_TRUE(has_reason(between, "frequency_cap")) << between.describe();
}

TEST(OracleSetting, UnknownParameterIsRefused) {
  DeviceProfile p = reference_profile();
  std::erase_if(p.limits,
                [](const ParameterLimit& l) { return l.parameter == Parameter::burst_pulses; });
  SafetyOracle o(p, std::nullopt);
  EXPECT_TRUE(has_reason(o.judge_setting(request({{Parameter::burst_pulses, 3}})),
                         "burst_pulses.unsupported"));
}

std::map<Parameter, double> train(double power, double frequency, double pulses, double iti) {
  return {{Parameter::power, power},
          {Parameter::frequency, frequency},
          {Parameter::pulses, pulses},
          {Parameter::train_iti, iti},
          {Parameter::train_count, 2}};
}

TEST(OracleTrigger, EnergyMinimumWaitIsHostEnforced) {
  SafetyOracle o = device_only();
  EXPECT_EQ(o.judge_trigger(request(train(73, 25, 250, 22))).judgement, Judgement::allowed);
  OracleVerdict v = o.judge_trigger(request(train(73, 25, 250, 21.9)));
  EXPECT_EQ(v.judgement, Judgement::refused);
  const OracleReason* r = reason(v, "energy.min_wait");
  ASSERT_NE(r, nullptr) << v.describe();
  EXPECT_EQ(r->enforced_by, EnforcedBy::host);
  EXPECT_FALSE(v.device_must_refuse());  // the Rapid² leaves it to the host
  EXPECT_TRUE(v.host_must_refuse());
  // One train: no pause to judge. Settings alone: no energy model.
  auto single = train(73, 25, 250, 1);
  single[Parameter::train_count] = 1;
  EXPECT_EQ(o.judge_trigger(request(single)).judgement, Judgement::allowed);
  EXPECT_EQ(o.judge_setting(request(train(73, 25, 250, 1))).judgement, Judgement::allowed);
}

TEST(OracleTrigger, EnergyMaximumOnTime) {
  SafetyOracle o = device_only();
  // 100 %, 10 Hz: 25 s per minute. 250 pulses = 25 s allowed, 251 refused.
  EXPECT_FALSE(has_reason(o.judge_trigger(request(train(100, 10, 250, 40))), "energy.max_on_time"));
  OracleVerdict v = o.judge_trigger(request(train(100, 10, 251, 40)));
  EXPECT_TRUE(has_reason(v, "energy.max_on_time")) << v.describe();
  // Without pulses the train duration counts.
  OracleVerdict d = o.judge_trigger(request({{Parameter::power, 100},
                                             {Parameter::frequency, 10},
                                             {Parameter::train_duration, 30},
                                             {Parameter::train_iti, 60}}));
  EXPECT_TRUE(has_reason(d, "energy.max_on_time")) << d.describe();
}

TEST(OracleTrigger, LockoutAndCoilTemperature) {
  SafetyOracle o = device_only();
  OracleRequest r = request({{Parameter::power, 30}, {Parameter::frequency, 1}});
  r.seconds_since_train_end = 0.49;
  OracleVerdict v = o.judge_trigger(r);
  EXPECT_TRUE(has_reason(v, "lockout"));
  EXPECT_TRUE(v.device_must_refuse());
  r.seconds_since_train_end = 0.5;
  EXPECT_EQ(o.judge_trigger(r).judgement, Judgement::allowed);
  r.coil_temperature_c = 40.0;
  EXPECT_TRUE(has_reason(o.judge_trigger(r), "coil_temperature"));
  r.coil_temperature_c = 39.9;
  EXPECT_EQ(o.judge_trigger(r).judgement, Judgement::allowed);
  r.coil_temperature_c = NAN;
  EXPECT_TRUE(has_reason(o.judge_trigger(r), "coil_temperature"));
}

}  // namespace
}  // namespace stimbench::test
