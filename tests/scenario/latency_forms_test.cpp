// `latency: {p50, p90, p99, max}` on repeats and reply steps, and its mistakes.
#include <gtest/gtest.h>

#include "tests/scenario/test_util.hpp"

namespace stimbench {
namespace {

using std::chrono::milliseconds;

TEST(LatencyForms, RepeatTakesAllFourBounds) {
  Step step = testing::only_step(
      "  - repeat: {count: 3, steps: [status]}\n"
      "    latency: {p50: 5ms, p90: 8ms, p99: 20ms, max: 50ms}\n");
  ASSERT_TRUE(step.latency);
  EXPECT_EQ(step.latency->p50, milliseconds(5));
  EXPECT_EQ(step.latency->p90, milliseconds(8));
  EXPECT_EQ(step.latency->p99, milliseconds(20));
  EXPECT_EQ(step.latency->max, milliseconds(50));
}

TEST(LatencyForms, ReplyStepTakesSomeBounds) {
  Step step = testing::only_step("  - get: power\n    latency: {max: 1s}\n");
  ASSERT_TRUE(step.latency);
  EXPECT_FALSE(step.latency->p50);
  EXPECT_EQ(step.latency->max, std::chrono::seconds(1));
  EXPECT_FALSE(testing::only_step("  - get: power\n").latency);
}

void expect_error(const std::string& step, int line, int column, const std::string& message) {
  testing::expect_one_error(step, line, column, message);
}

struct Mistake {
  const char* action;   // the step's first line
  const char* latency;  // its `latency:` line
  int line;
  int column;
  const char* message;
};

TEST(LatencyForms, MistakesAreReportedWhereWritten) {
  const char* repeat = "  - repeat: {count: 2, steps: [status]}\n";
  const Mistake mistakes[] = {
      {"  - wait: 1s\n", "    latency: {max: 5ms}\n", 4, 5,
       "'latency' does not apply to 'wait' steps (use it on a repeat or a step that gets a "
       "reply)"},
      {repeat, "    latency: {}\n", 4, 14,
       "'latency' needs at least one of p50, p90, p99, max (e.g. {p99: 20ms})"},
      {repeat, "    latency: {max: 0ms}\n", 4, 20, "'latency.max' must be above 0"},
      {repeat, "    latency: {p95: 5ms}\n", 4, 15, "unknown key 'p95' (did you mean 'p90'?)"},
  };
  for (const Mistake& m : mistakes)
    expect_error(std::string(m.action) + m.latency, m.line, m.column, m.message);
  LoadResult bad = load_scenario_text(
      "scenario: t\nsteps:\n  - repeat: {count: 2, steps: [status]}\n    latency: 5ms\n", "t.yaml");
  EXPECT_FALSE(bad.ok());
  ASSERT_FALSE(bad.diagnostics.empty());
  EXPECT_EQ(bad.diagnostics.front().where.line, 4);
}

}  // namespace
}  // namespace stimbench
