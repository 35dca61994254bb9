// The Wassermann 1998 table, the Chen 1997 pause rule and the theta-burst patterns, pinned
// to safety-limits.md §1 cell by cell.
#include <gtest/gtest.h>

#include "tests/safety/safety_test_util.hpp"

namespace stimbench::test {
namespace {

TEST(TrainDurationGolden, CellsVerbatim) {
  const ClinicalPolicy policy = wassermann();
  const TrainDurationTable& t = *policy.train_duration;
  EXPECT_EQ(t.max_duration_at(10, 120), 4.2);
  EXPECT_EQ(t.max_duration_at(20, 110), 1.6);
  EXPECT_EQ(t.max_duration_at(5, 210), 1.6);
  EXPECT_EQ(t.max_duration_at(25, 220), 0.08);
  EXPECT_EQ(t.max_duration_at(1, 100), 1800);  // ">1800" stored as 1800
  EXPECT_EQ(t.max_duration_at(1, 120), 360);
  EXPECT_EQ(t.max_duration_at(5, 200), 1.4);
  EXPECT_EQ(t.max_duration_at(20, 100), 2.05);
  EXPECT_EQ(t.max_duration_at(25, 100), 1.28);
  EXPECT_EQ(t.max_duration_at(10, 180), 0.5);
  EXPECT_FALSE(t.provenance.verified);  // [M]
}

TEST(TrainDurationGolden, EveryCellOfTheTable) {
  const double cells[5][13] = {
      {1800, 1800, 360, 50, 50, 50, 50, 27, 11, 11, 8, 7, 6},
      {10, 10, 10, 10, 7.6, 5.2, 3.6, 2.6, 2.4, 1.6, 1.4, 1.6, 1.2},
      {5, 5, 4.2, 2.9, 1.3, 0.8, 0.9, 0.8, 0.5, 0.6, 0.4, 0.3, 0.3},
      {2.05, 1.6, 1.0, 0.55, 0.35, 0.25, 0.25, 0.15, 0.2, 0.25, 0.2, 0.1, 0.1},
      {1.28, 0.84, 0.4, 0.24, 0.2, 0.24, 0.2, 0.12, 0.08, 0.12, 0.12, 0.08, 0.08}};
  const double hz[5] = {1, 5, 10, 20, 25};
  const ClinicalPolicy policy = wassermann();
  const TrainDurationTable& t = *policy.train_duration;
  for (int r = 0; r < 5; ++r) {
    for (int c = 0; c < 13; ++c) EXPECT_EQ(t.max_duration_at(hz[r], 100 + 10 * c), cells[r][c]);
  }
}

TEST(TrainDurationGolden, StricterNeighbourBetweenGridPoints) {
  const ClinicalPolicy policy = wassermann();
  const TrainDurationTable& t = *policy.train_duration;
  // 5 Hz is not monotonic: 1.4 s at 200 %, 1.6 s at 210 %; between them the stricter 1.4.
  EXPECT_EQ(t.max_duration_at(5, 205), 1.4);
  // 15 Hz, 115 %MT: cells (10|20 Hz) x (110|120 %) = 5, 4.2, 1.6, 1.0 -> 1.0.
  EXPECT_EQ(t.max_duration_at(15, 115), 1.0);
  EXPECT_EQ(t.max_duration_at(10, 125), 2.9);  // the higher column
  EXPECT_EQ(t.max_duration_at(12, 120), 1.0);  // the higher row
  EXPECT_EQ(t.max_duration_at(10, 95), 5);     // 90..100 %MT uses the 100 % column
  EXPECT_EQ(t.max_duration_at(10, 90), 5);
}

TEST(TrainDurationGolden, OutsideTheDomainIsNotCovered) {
  const ClinicalPolicy policy = wassermann();
  const TrainDurationTable& t = *policy.train_duration;
  EXPECT_EQ(t.max_duration_at(30, 120), std::nullopt);
  EXPECT_EQ(t.max_duration_at(10, 230), std::nullopt);
  EXPECT_EQ(t.max_duration_at(10, 89), std::nullopt);
  EXPECT_EQ(t.max_duration_at(0.5, 120), std::nullopt);
}

// 10 Hz depression protocol (safety-limits.md §1.5) at 120 % of a 50 % motor threshold.
std::map<Parameter, double> ten_hz(double pulses, double power = 60) {
  return {{Parameter::power, power},   {Parameter::frequency, 10},
          {Parameter::pulses, pulses}, {Parameter::train_duration, pulses / 10},
          {Parameter::train_iti, 26},  {Parameter::train_count, 75},
          {Parameter::burst_pulses, 1}};
}

TEST(PolicyOracle, TenHertzProtocolAllowedAndLongerTrainRefused) {
  SafetyOracle oracle(reference_profile(), wassermann());
  OracleVerdict ok = oracle.judge_trigger(request(ten_hz(40), 50));
  EXPECT_EQ(ok.judgement, Judgement::allowed) << ok.describe();  // 4 s <= 4.2 s
  OracleVerdict v = oracle.judge_trigger(request(ten_hz(45), 50));
  EXPECT_EQ(v.judgement, Judgement::refused);  // 4.5 s > 4.2 s
  const OracleReason* r = reason(v, "policy.train_duration");
  ASSERT_NE(r, nullptr) << v.describe();
  EXPECT_EQ(r->enforced_by, EnforcedBy::host);
  EXPECT_FALSE(v.device_must_refuse());
  EXPECT_NE(r->provenance.source.find("Wassermann"), std::string::npos);
}

TEST(PolicyOracle, OutsideTheDomainIsNotCoveredNeverAllowed) {
  SafetyOracle oracle(reference_profile(), wassermann());
  auto fast = ten_hz(40);
  fast[Parameter::frequency] = 30;  // 120 %MT, 30 Hz
  OracleVerdict v = oracle.judge_trigger(request(fast, 50));
  EXPECT_EQ(v.judgement, Judgement::not_covered) << v.describe();
  EXPECT_TRUE(has_reason(v, "policy.train_duration.domain"));
  // 92 % of output with a 40 % threshold is 230 %MT.
  OracleVerdict strong = oracle.judge_trigger(request(ten_hz(40, 92), 40));
  EXPECT_EQ(strong.judgement, Judgement::not_covered) << strong.describe();
  EXPECT_TRUE(has_reason(strong, "policy.train_duration.domain"));
}

TEST(PolicyOracle, WithoutMotorThresholdAPolicyCannotAllow) {
  SafetyOracle oracle(reference_profile(), wassermann());
  OracleVerdict v = oracle.judge_trigger(request(ten_hz(40)));
  EXPECT_EQ(v.judgement, Judgement::not_covered);
  EXPECT_TRUE(has_reason(v, "policy.motor_threshold"));
  // Settings are not judged by %MT at all.
  EXPECT_EQ(oracle.judge_setting(request(ten_hz(40))).judgement, Judgement::allowed);
  // Without a policy, device limits only.
  SafetyOracle device_only(reference_profile(), std::nullopt);
  EXPECT_EQ(device_only.judge_trigger(request(ten_hz(40))).judgement, Judgement::allowed);
}

TEST(PolicyOracle, ChenPauseRule) {
  SafetyOracle oracle(reference_profile(), wassermann());
  // 20 Hz x 1.6 s at 110 % MT (power 55 with MT 50): 5 s pause allowed, 4 s refused.
  std::map<Parameter, double> train = {{Parameter::power, 55},
                                       {Parameter::frequency, 20},
                                       {Parameter::pulses, 32},
                                       {Parameter::train_iti, 5},
                                       {Parameter::train_count, 10}};
  EXPECT_EQ(oracle.judge_trigger(request(train, 50)).judgement, Judgement::allowed)
      << oracle.judge_trigger(request(train, 50)).describe();
  train[Parameter::train_iti] = 4.9;
  OracleVerdict v = oracle.judge_trigger(request(train, 50));
  EXPECT_EQ(v.judgement, Judgement::refused);
  EXPECT_TRUE(has_reason(v, "policy.pause")) << v.describe();
  train[Parameter::train_count] = 1;  // a single train has no pause to judge
  EXPECT_EQ(oracle.judge_trigger(request(train, 50)).judgement, Judgement::allowed);
  train[Parameter::train_count] = 10;
  train[Parameter::power] = 50;  // exactly 100 %MT: the rule is for "above 100 %"
  EXPECT_FALSE(has_reason(oracle.judge_trigger(request(train, 50)), "policy.pause"));
}

std::map<Parameter, double> itbs(double power) {
  return {{Parameter::power, power},    {Parameter::frequency, 5},
          {Parameter::pulses, 30},      {Parameter::train_duration, 2},
          {Parameter::train_iti, 8},    {Parameter::train_count, 20},
          {Parameter::burst_pulses, 3}, {Parameter::burst_frequency, 50}};
}

TEST(PolicyOracle, ThetaBurstJudgedByItsPattern) {
  SafetyOracle oracle(reference_profile(), wassermann());
  OracleVerdict ok = oracle.judge_trigger(request(itbs(60), 50));  // 120 %MT
  EXPECT_EQ(ok.judgement, Judgement::allowed) << ok.describe();
  OracleVerdict hot = oracle.judge_trigger(request(itbs(65), 50));  // 130 %MT
  EXPECT_EQ(hot.judgement, Judgement::refused);
  EXPECT_TRUE(has_reason(hot, "policy.theta_burst.intensity")) << hot.describe();
  auto odd = itbs(60);
  odd[Parameter::burst_frequency] = 30;
  OracleVerdict other = oracle.judge_trigger(request(odd, 50));
  EXPECT_EQ(other.judgement, Judgement::not_covered);
  EXPECT_TRUE(has_reason(other, "policy.theta_burst")) << other.describe();
  // cTBS: 40 s continuous, 600 pulses.
  auto ctbs = itbs(60);
  ctbs[Parameter::pulses] = 600;
  ctbs[Parameter::train_duration] = 40;
  ctbs[Parameter::train_count] = 1;
  OracleRequest named = request(ctbs, 50);
  named.theta_burst_pattern = "cTBS";
  EXPECT_EQ(oracle.judge_trigger(named).judgement, Judgement::allowed)
      << oracle.judge_trigger(named).describe();
  named.theta_burst_pattern = "xTBS";
  EXPECT_EQ(oracle.judge_trigger(named).judgement, Judgement::not_covered);
}

TEST(PolicyOracle, UnverifiedSourcesNameEveryUnverifiedTable) {
  SafetyOracle oracle(reference_profile(), wassermann());
  auto list = oracle.unverified_sources();
  auto has = [&](const std::string& prefix) {
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& s) { return s.rfind(prefix, 0) == 0; });
  };
  EXPECT_TRUE(has("profile reference frequency_cap (protocols.md §5"));
  EXPECT_TRUE(has("profile reference energy_model ("));
  EXPECT_TRUE(has("profile reference lockout ("));
  EXPECT_TRUE(has("profile reference coil_temperature_limit ("));
  EXPECT_TRUE(has("policy wassermann-1998 train_duration (Wassermann 1998"));
  EXPECT_TRUE(has("policy wassermann-1998 theta_burst iTBS ("));
  EXPECT_TRUE(has("policy wassermann-1998 theta_burst cTBS ("));
  EXPECT_FALSE(has("profile reference limits"));          // verified: true
  EXPECT_FALSE(has("policy wassermann-1998 pauses[0]"));  // verified: true
  EXPECT_EQ(list.size(), 8u);
}

TEST(PercentMt, ConvertsAndRoundsDownToTheStep) {
  EXPECT_EQ(percent_mt_to_output(120, 50, 1), 60);
  EXPECT_EQ(percent_mt_to_output(110, 47, 1), 51);  // 51.7 -> 51
  EXPECT_EQ(percent_mt_to_output(100, 33, 1), 33);
  EXPECT_NEAR(percent_mt_to_output(120, 55.5, 0.1), 66.6, 1e-9);
  EXPECT_EQ(percent_mt_to_output(90, 45, 5), 40);   // 40.5 -> 40
  EXPECT_EQ(percent_mt_to_output(120, 50, 0), 60);  // no step: exact
}

}  // namespace
}  // namespace stimbench::test
