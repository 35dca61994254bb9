// The permit is spent on exactly one command of the kind the interlock judged.
#include <gtest/gtest.h>

#include "harness/scenario/scenario.hpp"
#include "tests/support/test_permits.hpp"

namespace stimbench {
namespace {

TEST(Permit, IsSpentByOneRedeem) {
  StimulationPermit p = test_permit(Stimulation::fire);
  EXPECT_TRUE(p.redeem(Stimulation::fire).ok());
  Status again = p.redeem(Stimulation::fire);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::interlock);
}

TEST(Permit, CoversOnlyItsKind) {
  StimulationPermit p = test_permit(Stimulation::arm);
  EXPECT_FALSE(p.redeem(Stimulation::fire).ok());
  EXPECT_FALSE(p.redeem(Stimulation::train).ok());
  EXPECT_TRUE(p.live());
  EXPECT_TRUE(p.redeem(Stimulation::arm).ok());
}

TEST(Permit, ARawPermitCoversOnlyTheJudgedBytes) {
  const Bytes judged = to_bytes("STAT?\n");
  StimulationPermit p = test_raw_permit(judged);
  EXPECT_FALSE(p.redeem(Stimulation::raw, to_bytes("TRIG\n")).ok());
  EXPECT_TRUE(p.redeem(Stimulation::raw, judged).ok());
}

TEST(Permit, AMovedFromPermitIsSpent) {
  StimulationPermit p = test_permit(Stimulation::train);
  StimulationPermit q = std::move(p);
  EXPECT_FALSE(p.live());  // NOLINT(bugprone-use-after-move): the point of the test
  EXPECT_FALSE(p.redeem(Stimulation::train).ok());
  EXPECT_TRUE(q.redeem(Stimulation::train).ok());
}

// The one decision: every step kind has an effect, and the --allow-stimulation gate
// (design.md §7) counts fire, train and raw sends, not a bare arm.
TEST(StepEffect, EveryKindIsPlacedAndOnlyTriggersNeedTheFlag) {
  EXPECT_EQ(step_effect(StepKind::arm), StepEffect::arms);
  EXPECT_EQ(step_effect(StepKind::fire), StepEffect::fires);
  EXPECT_EQ(step_effect(StepKind::train), StepEffect::starts_train);
  EXPECT_EQ(step_effect(StepKind::send), StepEffect::raw_bytes);
  EXPECT_EQ(step_effect(StepKind::repeat), StepEffect::nested);
  for (StepKind k :
       {StepKind::identify, StepKind::remote, StepKind::set, StepKind::get, StepKind::disarm,
        StepKind::abort, StepKind::status, StepKind::temperature, StepKind::keepalive,
        StepKind::expect_bytes, StepKind::wait, StepKind::sweep, StepKind::wait_until}) {
    EXPECT_EQ(step_effect(k), StepEffect::none) << to_string(k);
  }
  Step arm;
  arm.kind = StepKind::arm;
  EXPECT_FALSE(arm.stimulates());
  Step fire;
  fire.kind = StepKind::fire;
  EXPECT_TRUE(fire.stimulates());
}

}  // namespace
}  // namespace stimbench
