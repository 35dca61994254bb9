// Golden values from the documents for the reference profile's Rapid²-style tables:
// energy model (protocols.md §1.8, safety-limits.md §2.1) and the 240 V Super Rapid cap.
#include <gtest/gtest.h>

#include "tests/safety/safety_test_util.hpp"

namespace stimbench::test {
namespace {

TEST(EnergyGolden, VendorWorkedExampleMinimumWait) {
  // T087 §3.1.1: 73 %, 25 Hz, 10 s (250 pulses, 134.2 J) -> 21.95 s.
  const DeviceProfile profile = reference_profile();
  const EnergyModel& e = *profile.energy;
  ASSERT_EQ(e.joules_at(73), 134.2);
  EXPECT_NEAR(*e.min_wait_s(73, 25, 250), 21.95, 0.005);
}

TEST(EnergyGolden, SafetyLimitsExamples) {
  const DeviceProfile profile = reference_profile();
  const EnergyModel& e = *profile.energy;
  EXPECT_NEAR(*e.min_wait_s(100, 10, 40), 5.6, 0.005);
  EXPECT_NEAR(*e.max_on_time_s(100, 10), 25.0, 0.005);
  EXPECT_NEAR(*e.min_wait_s(80, 10, 40), 2.14, 0.005);
  EXPECT_DOUBLE_EQ(*e.min_wait_s(60, 10, 40), 0.5);               // continuous operation is fine
  EXPECT_NEAR(e.sustainable_w / *e.joules_at(100), 4.17, 0.005);  // max continuous f
}

TEST(EnergyGolden, TableIsVerbatimAtSamplePoints) {
  const DeviceProfile profile = reference_profile();
  const EnergyModel& e = *profile.energy;
  ASSERT_EQ(e.joules_by_power.size(), 101u);
  const std::pair<int, double> samples[] = {{0, 0.0},   {9, 2.0},    {30, 22.7},  {50, 63.0},
                                            {60, 90.7}, {80, 161.2}, {99, 246.8}, {100, 252.0}};
  for (auto [power, joules] : samples) EXPECT_EQ(e.joules_by_power[power], joules) << power;
  EXPECT_EQ(e.enforced_by, EnforcedBy::host);
  EXPECT_FALSE(e.provenance.verified);
}

// Typed in from protocols.md §5 by hand, independently of the fixture file.
const double kSuperRapid240[101] = {
    100, 100, 100, 100, 100, 100, 100, 100, 100, 100,  // 0-9
    100, 100, 100, 100, 100, 100, 100, 100, 100, 100,  // 10-19
    100, 100, 100, 100, 100, 100, 100, 100, 100, 100,  // 20-29
    100, 98,  95,  93,  90,  88,  85,  83,  80,  78,   // 30-39
    75,  73,  70,  68,  65,  63,  60,  58,  55,  53,   // 40-49
    50,  50,  49,  49,  48,  48,  47,  47,  46,  46,   // 50-59
    45,  45,  44,  44,  43,  43,  42,  42,  41,  41,   // 60-69
    40,  40,  39,  39,  38,  38,  37,  37,  36,  36,   // 70-79
    35,  35,  34,  34,  33,  33,  32,  32,  31,  31,   // 80-89
    30,  30,  29,  29,  28,  28,  27,  27,  26,  26,   // 90-99
    25,                                                // 100
};

TEST(CapGolden, EveryPowerLevelOfThe240VSuperRapidTable) {
  SafetyOracle oracle(reference_profile(), std::nullopt);
  const FrequencyCapTable& cap = *oracle.profile().frequency_cap;
  EXPECT_EQ(cap.rows.size(), 46u);
  EXPECT_EQ(cap.enforced_by, EnforcedBy::device);
  EXPECT_FALSE(cap.provenance.verified);  // the 80 % discrepancy (protocols.md §5)
  for (int level = 0; level <= 100; ++level) {
    SCOPED_TRACE("power " + std::to_string(level));
    const double power = level;
    ASSERT_EQ(cap.cap_at(power), kSuperRapid240[level]);
    OracleRequest at =
        request({{Parameter::power, power}, {Parameter::frequency, kSuperRapid240[level]}});
    EXPECT_EQ(oracle.judge_setting(at).judgement, Judgement::allowed)
        << oracle.judge_setting(at).describe();
    OracleRequest above = at;
    above.values[Parameter::frequency] = kSuperRapid240[level] + 0.1;
    OracleVerdict v = oracle.judge_setting(above);
    EXPECT_EQ(v.judgement, Judgement::refused);
    EXPECT_TRUE(has_reason(v, "frequency_cap")) << v.describe();
    EXPECT_TRUE(v.device_must_refuse());
  }
}

TEST(CapGolden, SamplePointsOfSection18) {
  const DeviceProfile profile = reference_profile();
  const FrequencyCapTable& cap = *profile.frequency_cap;
  const std::pair<double, double> samples[] = {{30, 100}, {40, 75}, {50, 50}, {60, 45},
                                               {70, 40},  {80, 35}, {90, 30}, {100, 25}};
  for (auto [power, hz] : samples) EXPECT_EQ(cap.cap_at(power), hz) << power;
}

}  // namespace
}  // namespace stimbench::test
