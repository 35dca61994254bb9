// Step forms added for device families: per-step `requires`, `send: {hex:}`, the
// `allow_safety_override` opt-in, and `??` in expect_bytes.
#include <gtest/gtest.h>

#include "tests/scenario/test_util.hpp"

namespace stimbench {
namespace {

using testing::only_step;

TEST(FamilyForms, StepRequiresNamesKnownCapabilities) {
  Step s = only_step("  - set: {train_duration: 0}\n    requires: [single_pulse_mode, train]\n");
  EXPECT_EQ(s.requires_capabilities, (std::vector<std::string>{"single_pulse_mode", "train"}));
}

TEST(FamilyForms, AnUnknownCapabilityIsAnErrorNotASilentSkip) {
  LoadResult step =
      load_scenario_text("scenario: t\nsteps:\n  - arm: {}\n    requires: [keepalvie]\n", "t.yaml");
  ASSERT_EQ(step.diagnostics.size(), 1u) << testing::dump(step);
  EXPECT_EQ(step.diagnostics[0].to_string(),
            "t.yaml:4:16: error: unknown capability 'keepalvie' in 'requires' (did you mean "
            "'keepalive'?)");
  LoadResult scenario =
      load_scenario_text("scenario: t\nrequires: [bistim, tarin]\nsteps:\n  - arm\n", "t.yaml");
  ASSERT_EQ(scenario.diagnostics.size(), 1u) << testing::dump(scenario);
  EXPECT_EQ(scenario.diagnostics[0].where.line, 2);
  EXPECT_EQ(scenario.diagnostics[0].where.column, 20);
}

TEST(FamilyForms, SendTakesHexOrTextAndAnExplicitSafetyOverride) {
  Step hex = only_step("  - send: {hex: \"62 40 5D\", allow_safety_override: true}\n");
  EXPECT_EQ(hex.bytes, (Bytes{0x62, 0x40, 0x5D}));
  EXPECT_TRUE(hex.allow_safety_override);
  Step plain = only_step("  - send: \"62 40 5D\"\n");
  EXPECT_FALSE(plain.allow_safety_override);
  LoadResult both =
      load_scenario_text("scenario: t\nsteps:\n  - send: {hex: \"00\", text: \"a\"}\n", "t.yaml");
  EXPECT_FALSE(both.ok());
  LoadResult misplaced = load_scenario_text(
      "scenario: t\nsteps:\n  - expect_bytes: {hex: \"00\", allow_safety_override: true}\n",
      "t.yaml");
  ASSERT_FALSE(misplaced.ok());
  EXPECT_EQ(misplaced.diagnostics[0].message, "'allow_safety_override' applies to 'send' only");
}

TEST(FamilyForms, QuestionMarksInExpectBytesMatchAnyByte) {
  Step s = only_step("  - expect_bytes: \"FE 04 01 ?? 00 ?? ?? FF\"\n");
  ASSERT_EQ(s.bytes.size(), 8u);
  EXPECT_EQ(s.any_byte, (std::vector<bool>{false, false, false, true, false, true, true, false}));
  LoadResult in_send = load_scenario_text("scenario: t\nsteps:\n  - send: \"FE ??\"\n", "t.yaml");
  EXPECT_FALSE(in_send.ok()) << "a wildcard cannot be sent";
}

}  // namespace
}  // namespace stimbench
