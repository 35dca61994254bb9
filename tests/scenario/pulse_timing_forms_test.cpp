// `pulse_timing: {ipi_error_p99: 2%, duration_error: 1%, ...}` and its mistakes.
#include <gtest/gtest.h>

#include "tests/scenario/test_util.hpp"

namespace stimbench {
namespace {

TEST(PulseTimingForms, PercentAndDurationBounds) {
  Step step = testing::only_step(
      "  - wait_until: {state: ready, timeout: 5s}\n"
      "    pulse_timing: {ipi_error_p50: 1%, ipi_error_p99: 2.5%, ipi_error_max: 500us,\n"
      "                   burst_onset_error_p99: 2%, burst_onset_error_max: 3ms,\n"
      "                   duration_error: 0%}\n");
  ASSERT_TRUE(step.pulse_timing);
  const PulseTimingLimits& l = *step.pulse_timing;
  ASSERT_TRUE(l.ipi_p50 && l.ipi_p99 && l.ipi_max && l.burst_onset_p99 && l.burst_onset_max &&
              l.duration);
  EXPECT_EQ(l.ipi_p50->percent, 1.0);
  EXPECT_EQ(l.ipi_p99->percent, 2.5);
  EXPECT_FALSE(l.ipi_max->percent);
  EXPECT_EQ(l.ipi_max->absolute, std::chrono::microseconds(500));
  EXPECT_EQ(l.burst_onset_max->absolute, std::chrono::milliseconds(3));
  EXPECT_EQ(l.duration->percent, 0.0);
  EXPECT_FALSE(testing::only_step("  - status\n").pulse_timing);
}

TEST(PulseTimingForms, AnyStepButASweepTakesIt) {
  for (const char* action :
       {"  - status: {}\n", "  - wait: 1s\n", "  - repeat: {count: 2, steps: [status]}\n"}) {
    Step step =
        testing::only_step(std::string(action) + "    pulse_timing: {duration_error: 1%}\n");
    EXPECT_TRUE(step.pulse_timing) << action;
  }
}

using testing::expect_one_error;

TEST(PulseTimingForms, MistakesAreReportedWhereWritten) {
  const std::string status = "  - status: {}\n";
  expect_one_error(
      status + "    pulse_timing: {}\n", 4, 19,
      "'pulse_timing' needs at least one of ipi_error_p50, ipi_error_p99, ipi_error_max, "
      "burst_onset_error_p99, burst_onset_error_max, duration_error (e.g. "
      "{ipi_error_p99: 2%})");
  expect_one_error(status + "    pulse_timing: {ipi_error_p95: 2%}\n", 4, 20,
                   "unknown key 'ipi_error_p95' (did you mean 'ipi_error_p99'?)");
  expect_one_error(
      status + "    pulse_timing: {ipi_error_p99: 150%}\n", 4, 35,
      "'pulse_timing.ipi_error_p99' must be a percentage from 0% to 100% (e.g. 2%), not "
      "'150%'");
  expect_one_error(
      status + "    pulse_timing: {duration_error: -1%}\n", 4, 36,
      "'pulse_timing.duration_error' must be a percentage from 0% to 100% (e.g. 2%), not "
      "'-1%'");
  expect_one_error(status + "    pulse_timing: 2%\n", 4, 19,
                   "'pulse_timing' must be a mapping, not '2%'");
  expect_one_error("  - sweep: {parameter: power}\n    pulse_timing: {duration_error: 1%}\n", 4, 5,
                   "'pulse_timing' does not apply to 'sweep' steps (put it on the step after which "
                   "the train has ended, e.g. a wait_until)");
}

TEST(PulseTimingForms, ABadDurationNamesTheKey) {
  LoadResult r = load_scenario_text(
      "scenario: t\nsteps:\n  - status: {}\n    pulse_timing: {ipi_error_max: fast}\n", "t.yaml");
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u) << testing::dump(r);
  EXPECT_EQ(r.diagnostics.front().where.line, 4);
  EXPECT_NE(r.diagnostics.front().message.find("'pulse_timing.ipi_error_max' must be a percentage"),
            std::string::npos)
      << r.diagnostics.front().message;
}

}  // namespace
}  // namespace stimbench
