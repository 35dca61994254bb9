// State comparison and step rounding used by refusal checks and sweeps.
#include "harness/runner/readback.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace stimbench
