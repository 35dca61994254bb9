// State comparison and step rounding used by refusal checks and sweeps.
#include "harness/runner/readback.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace stimbench {
namespace {

TEST(Readback, NoChangesIsEmpty) {
  ParameterValues a{{Parameter::power, 40}, {Parameter::frequency, 10}};
  EXPECT_EQ(describe_changes(a, a), "");
}

TEST(Readback, ChangedAndMissingValuesAreNamed) {
  ParameterValues before{{Parameter::power, 40}, {Parameter::frequency, 10}};
  ParameterValues after{{Parameter::power, 41}};
  std::string text = describe_changes(before, after);
  EXPECT_NE(text.find("power 40 -> 41"), std::string::npos) << text;
  EXPECT_NE(text.find("frequency 10 -> unreadable"), std::string::npos) << text;
}

TEST(Readback, RoundsToTheLimitStep) {
  ParameterLimit limit;
  limit.step = 0.1;
  EXPECT_DOUBLE_EQ(round_to_step(10.04, &limit), 10.0);
  EXPECT_NEAR(round_to_step(10.06, &limit), 10.1, 1e-12);
  EXPECT_DOUBLE_EQ(round_to_step(3.3, nullptr), 3.3);
}

TEST(Readback, MissingAndNonFiniteValuesMakeItIncomplete) {
  DeviceProfile profile;
  ParameterLimit power;
  power.parameter = Parameter::power;
  ParameterLimit frequency;
  frequency.parameter = Parameter::frequency;
  profile.limits = {power, frequency};
  EXPECT_TRUE(
      missing_readbacks({{Parameter::power, 30}, {Parameter::frequency, 10}}, profile).empty());
  auto missing = missing_readbacks({{Parameter::power, 30}}, profile);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].rfind("frequency", 0), 0u) << missing[0];
  missing = missing_readbacks(
      {{Parameter::power, std::numeric_limits<double>::quiet_NaN()}, {Parameter::frequency, 1}},
      profile);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_NE(missing[0].find("not a finite number"), std::string::npos);
}

}  // namespace
}  // namespace stimbench
