// Sweep values are decimals on the step grid: no binary noise reaches the wire.
#include "devices/core/step_grid.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <filesystem>
#include <string>

#include "harness/safety/boundary.hpp"
#include "tests/safety/safety_test_util.hpp"

namespace stimbench::test {
namespace {

// The shortest text that reads back as `value`, as the codecs put it on the wire.
std::string shortest(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

int fraction_digits(const std::string& text) {
  auto dot = text.find('.');
  if (dot == std::string::npos || text.find('e') != std::string::npos) return 0;
  return static_cast<int>(text.size() - dot - 1);
}

TEST(StepGrid, DecimalsOfAStep) {
  EXPECT_EQ(step_decimals(1), 0);
  EXPECT_EQ(step_decimals(5), 0);
  EXPECT_EQ(step_decimals(0.1), 1);
  EXPECT_EQ(step_decimals(0.25), 2);
  EXPECT_EQ(step_decimals(0.001), 3);
  EXPECT_EQ(step_decimals(0), 0);
}

TEST(StepGrid, TidiesTheNoiseOfGridArithmetic) {
  EXPECT_EQ(shortest(5.4 + 0.1), "5.5");  // not itself noise-free
  EXPECT_EQ(shortest(tidy_on_grid(5.4 + 0.1, 0.1)), "5.5");
  EXPECT_EQ(shortest(tidy_on_grid(2.2 + 0.1, 0.1)), "2.3");
  EXPECT_EQ(shortest(tidy_on_grid(41.2 + 0.1, 0.1)), "41.3");
  EXPECT_EQ(shortest(tidy_on_grid(0.1 / 2, 0.1)), "0.05");  // a half-step stays
  EXPECT_EQ(tidy_on_grid(100, 1), 100);
}

// Every shipped profile: no sweep value or precondition carries more decimals than its
// parameter's step plus one (the off-step case).
TEST(StepGrid, EverySweepValueOfEveryProfileIsADecimalOnItsGrid) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures + "/profiles")) {
    auto profile = load_profile_file(entry.path().string());
    ASSERT_TRUE(profile.ok()) << entry.path();
    SafetyOracle oracle(*profile, std::nullopt);
    auto check = [&](Parameter p, double v, const std::string& id) {
      const ParameterLimit* limit = profile->limit(p);
      if (limit == nullptr) return;
      EXPECT_LE(fraction_digits(shortest(v)), step_decimals(limit->step) + 1)
          << profile->name << " " << id << " " << to_string(p) << " = " << shortest(v);
      ++checked;
    };
    for (const BoundaryCase& c : generate_boundary_cases(oracle, {})) {
      if (c.value) check(c.parameter, *c.value, c.id);
      for (const auto& [p, v] : c.preconditions) check(p, v, c.id);
    }
  }
  EXPECT_GT(checked, 1000);
}

}  // namespace
}  // namespace stimbench::test
