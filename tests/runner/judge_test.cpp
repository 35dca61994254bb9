// Verdicts from replies: every expectation kind, latency bounds, and device errors.
#include "harness/runner/judge.hpp"

#include <gtest/gtest.h>

namespace stimbench {
namespace {

Step step_expecting(Expectation::Kind kind) {
  Step s;
  s.kind = StepKind::set;
  s.expect.kind = kind;
  return s;
}

Reply accepted_reply(std::int64_t latency_ns = 1000) {
  Reply r;
  r.accepted = true;
  r.text = "OK";
  r.sent_ns = 10;
  r.received_ns = 10 + latency_ns;
  return r;
}

Reply refused_reply(int code) {
  Reply r;
  r.refusal = Refusal{code, "Data out of range"};
  r.text = "ERR";
  return r;
}

TEST(Judge, AcceptedPassesAndRefusalFails) {
  StepRecord record;
  EXPECT_EQ(judge_reply(step_expecting(Expectation::Kind::accepted), accepted_reply(), record),
            Outcome::passed);
  StepRecord refused;
  EXPECT_EQ(judge_reply(step_expecting(Expectation::Kind::accepted), refused_reply(-222), refused),
            Outcome::failed);
  EXPECT_NE(refused.message.find("-222"), std::string::npos) << refused.message;
}

TEST(Judge, RefusalExpectedButAcceptedFails) {
  StepRecord record;
  EXPECT_EQ(judge_reply(step_expecting(Expectation::Kind::refused), accepted_reply(), record),
            Outcome::failed);
  EXPECT_NE(record.message.find("expected a refusal"), std::string::npos);
  EXPECT_EQ(record.verdict, Verdict::fail);
}

TEST(Judge, RefusalCodeMustMatch) {
  Step s = step_expecting(Expectation::Kind::refused);
  s.expect.refusal_code = 201;
  StepRecord wrong;
  EXPECT_EQ(judge_reply(s, refused_reply(-222), wrong), Outcome::failed);
  StepRecord right;
  EXPECT_EQ(judge_reply(s, refused_reply(201), right), Outcome::passed);
}

TEST(Judge, ValueWithToleranceAndBounds) {
  Step s = step_expecting(Expectation::Kind::value);
  s.kind = StepKind::get;
  s.expect.equals = 10;
  s.expect.tolerance = 0.05;
  Reply r = accepted_reply();
  r.value = 10.04;
  StepRecord inside;
  EXPECT_EQ(judge_reply(s, r, inside), Outcome::passed);
  r.value = 10.06;
  StepRecord outside;
  EXPECT_EQ(judge_reply(s, r, outside), Outcome::failed);

  Step bound = step_expecting(Expectation::Kind::value);
  bound.kind = StepKind::temperature;
  bound.expect.at_most = 40;
  r.value = 40.01;
  StepRecord hot;
  EXPECT_EQ(judge_reply(bound, r, hot), Outcome::failed);
  r.value = 39.9;
  StepRecord cool;
  EXPECT_EQ(judge_reply(bound, r, cool), Outcome::passed);
}

TEST(Judge, StateMustMatch) {
  Step s = step_expecting(Expectation::Kind::state);
  s.kind = StepKind::status;
  s.expect.state = DeviceState::standby;
  Reply r = accepted_reply();
  r.status = DeviceStatus{DeviceState::armed, true, false, std::nullopt, "ARMED", std::nullopt};
  StepRecord record;
  EXPECT_EQ(judge_reply(s, r, record), Outcome::failed);
  EXPECT_NE(record.message.find("armed"), std::string::npos);
}

TEST(Judge, LatencyBoundIsMeasuredAndEnforced) {
  Step s = step_expecting(Expectation::Kind::accepted);
  s.within = std::chrono::milliseconds(5);
  StepRecord fast;
  EXPECT_EQ(judge_reply(s, accepted_reply(4'000'000), fast), Outcome::passed);
  ASSERT_EQ(fast.measurements.size(), 1u);
  EXPECT_EQ(fast.measurements[0].high, 5'000'000.0);
  StepRecord slow;
  EXPECT_EQ(judge_reply(s, accepted_reply(6'000'000), slow), Outcome::failed);
}

TEST(Judge, ErrorsMapToOutcomes) {
  Step s = step_expecting(Expectation::Kind::accepted);
  StepRecord violation;
  EXPECT_EQ(
      judge_reply(s, Result<Reply>(make_error(ErrorCode::protocol_violation, "bad")), violation),
      Outcome::failed);
  EXPECT_EQ(violation.verdict, Verdict::fail);
  StepRecord timeout;
  EXPECT_EQ(judge_reply(s, Result<Reply>(make_error(ErrorCode::timeout, "late")), timeout),
            Outcome::device_error);
  EXPECT_EQ(timeout.verdict, Verdict::error);
  StepRecord cancelled;
  EXPECT_EQ(judge_reply(s, Result<Reply>(make_error(ErrorCode::cancelled, "^C")), cancelled),
            Outcome::interrupted);
}

TEST(Judge, AnyOfIsShownAsItsAlternatives) {
  Expectation refused;
  refused.kind = Expectation::Kind::refused;
  refused.state_unchanged = true;
  Expectation interlock;
  interlock.kind = Expectation::Kind::interlock_refusal;
  Expectation value;
  value.kind = Expectation::Kind::value;
  value.equals = 50;
  value.tolerance = 0.5;
  value.at_most = 60;
  Expectation any;
  any.kind = Expectation::Kind::any_of;
  any.alternatives = {refused, interlock, value};
  EXPECT_EQ(expectation_text(any),
            "any of: refused, state unchanged | refused by the interlock | value 50 ± 0.5, max 60");
  nlohmann::json j = expected_json(any);
  ASSERT_EQ(j["any_of"].size(), 3u);
  EXPECT_EQ(j["any_of"][1], nlohmann::json({{"refused_by", "interlock"}}));
  // An alternative is judged as the expectation itself would be.
  EXPECT_EQ(reply_mismatch(refused, refused_reply(-222)), "");
  EXPECT_NE(reply_mismatch(refused, accepted_reply()).find("expected a refusal"),
            std::string::npos);
  Step slow = step_expecting(Expectation::Kind::accepted);
  slow.within = std::chrono::microseconds(1);
  EXPECT_EQ(latency_mismatch(slow, accepted_reply(2000)), "reply took 0.002 ms, limit 0.001 ms");
}

}  // namespace
}  // namespace stimbench
