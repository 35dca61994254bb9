#include <gtest/gtest.h>

#include <set>

#include "harness/scenario/scenario.hpp"

namespace stimbench {
namespace {

Step step(StepKind kind, std::vector<Step> body = {}) {
  Step s;
  s.kind = kind;
  s.body = std::move(body);
  return s;
}

TEST(SourceLocation, FormatsFileLineColumn) {
  EXPECT_EQ((SourceLocation{"a/b.yaml", 12, 7}.to_string()), "a/b.yaml:12:7");
  // Whole-file problems (missing, unreadable) have no position.
  EXPECT_EQ((SourceLocation{"a/b.yaml", 0, 0}.to_string()), "a/b.yaml");
}

TEST(StepKind, EveryKindHasItsOwnName) {
  std::set<std::string> names;
  for (int i = 0; i <= static_cast<int>(StepKind::repeat); ++i) {
    names.insert(to_string(static_cast<StepKind>(i)));
  }
  EXPECT_EQ(names.size(), 16u);
  EXPECT_EQ(names.count("unknown"), 0u);
  EXPECT_STREQ(to_string(StepKind::expect_bytes), "expect_bytes");
  EXPECT_STREQ(to_string(StepKind::train), "train");
}

TEST(Step, OnlyFireTrainAndRawSendStimulate) {
  EXPECT_TRUE(step(StepKind::fire).stimulates());
  EXPECT_TRUE(step(StepKind::train).stimulates());
  // Raw bytes are not decoded, so they could be a trigger frame.
  EXPECT_TRUE(step(StepKind::send).stimulates());
  for (StepKind kind : {StepKind::identify, StepKind::remote, StepKind::set, StepKind::get,
                        StepKind::arm, StepKind::disarm, StepKind::abort, StepKind::status,
                        StepKind::temperature, StepKind::keepalive, StepKind::expect_bytes,
                        StepKind::wait, StepKind::sweep, StepKind::wait_until}) {
    EXPECT_FALSE(step(kind).stimulates()) << to_string(kind);
  }
}

TEST(Step, RepeatStimulatesWhenAnyNestedStepDoes) {
  EXPECT_FALSE(step(StepKind::repeat, {step(StepKind::arm), step(StepKind::wait)}).stimulates());
  EXPECT_TRUE(step(StepKind::repeat, {step(StepKind::arm), step(StepKind::fire)}).stimulates());
  Step inner = step(StepKind::repeat, {step(StepKind::train)});
  EXPECT_TRUE(step(StepKind::repeat, {step(StepKind::status), inner}).stimulates());
}

TEST(Scenario, StimulatesWhenAnyPhaseDoes) {
  Scenario quiet;
  quiet.setup = {step(StepKind::remote)};
  quiet.steps = {step(StepKind::arm), step(StepKind::disarm)};
  quiet.teardown = {step(StepKind::disarm)};
  EXPECT_FALSE(quiet.stimulates());

  for (std::vector<Step> Scenario::*phase :
       {&Scenario::setup, &Scenario::steps, &Scenario::teardown}) {
    Scenario s = quiet;
    (s.*phase).push_back(step(StepKind::repeat, {step(StepKind::fire)}));
    EXPECT_TRUE(s.stimulates());
  }
}

}  // namespace
}  // namespace stimbench
