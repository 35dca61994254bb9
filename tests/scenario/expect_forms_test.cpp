// Every `expect:` form, and which actions take which.
#include <gtest/gtest.h>

#include "tests/scenario/test_util.hpp"

namespace stimbench {
namespace {

using testing::only_step;
using Kind = Expectation::Kind;

Expectation expect_on(const std::string& action, const std::string& expect) {
  return only_step("  - " + action + "\n    expect: " + expect + "\n").expect;
}

TEST(ExpectForms, AcceptedAndRefusedWords) {
  EXPECT_EQ(expect_on("set: {power: 50}", "accepted").kind, Kind::accepted);
  Expectation e = expect_on("set: {power: 101}", "refused");
  EXPECT_EQ(e.kind, Kind::refused);
  EXPECT_FALSE(e.refusal_code.has_value());
}

TEST(ExpectForms, AcceptedAndRefusedMappings) {
  EXPECT_EQ(expect_on("arm:", "{accepted: true}").kind, Kind::accepted);
  Expectation plain = expect_on("fire:", "{refused: true}");
  EXPECT_EQ(plain.kind, Kind::refused);
  EXPECT_FALSE(plain.refusal_code.has_value());
  Expectation coded = expect_on("set: {power: 101}", "{refused: true, code: -222}");
  EXPECT_EQ(coded.kind, Kind::refused);
  EXPECT_EQ(coded.refusal_code, std::optional<int>(-222));
  EXPECT_EQ(expect_on("train:", "{code: 7, refused: yes}").refusal_code, std::optional<int>(7));
}

TEST(ExpectForms, RefusedByTheInterlockOnTriggers) {
  EXPECT_EQ(expect_on("fire:", "{refused_by: interlock}").kind, Kind::interlock_refusal);
  EXPECT_EQ(expect_on("train: {}", "{refused_by: interlock}").kind, Kind::interlock_refusal);
  EXPECT_EQ(expect_on("send: {text: \"TRIG\\n\"}", "{refused_by: interlock}").kind,
            Kind::interlock_refusal);
}

TEST(ExpectForms, ValueWithAndWithoutTolerance) {
  Expectation exact = expect_on("get: power", "{value: 50}");
  EXPECT_EQ(exact.kind, Kind::value);
  EXPECT_EQ(exact.equals, std::optional<double>(50));
  EXPECT_EQ(exact.tolerance, 0);
  Expectation loose = expect_on("get: frequency", "{value: 10.5, tolerance: 0.5}");
  EXPECT_EQ(loose.equals, std::optional<double>(10.5));
  EXPECT_EQ(loose.tolerance, 0.5);
  Expectation temperature = expect_on("temperature:", "{value: 24, tolerance: 2}");
  EXPECT_EQ(temperature.kind, Kind::value);
  EXPECT_EQ(temperature.equals, std::optional<double>(24));
}

TEST(ExpectForms, EveryDeviceState) {
  for (DeviceState state : {DeviceState::standby, DeviceState::armed, DeviceState::ready,
                            DeviceState::firing, DeviceState::fault, DeviceState::unknown}) {
    Expectation e = expect_on("status:", std::string("{state: ") + to_string(state) + "}");
    EXPECT_EQ(e.kind, Kind::state);
    EXPECT_EQ(e.state, std::optional<DeviceState>(state));
  }
}

TEST(ExpectForms, CommandsTakeAcceptedOrRefused) {
  for (const char* action : {"remote: on", "set: {power: 1}",
                             "arm:", "disarm:", "fire:", "train:", "abort:", "keepalive:"}) {
    EXPECT_EQ(expect_on(action, "refused").kind, Kind::refused) << action;
    EXPECT_EQ(expect_on(action, "accepted").kind, Kind::accepted) << action;
  }
}

// Which expectation kinds each action rejects (the loader reports them; see step_errors_test).
TEST(ExpectForms, MismatchesAreRejected) {
  struct Case {
    const char* action;
    const char* expect;
  };
  for (const Case& c :
       {Case{"set: {power: 1}", "{value: 1}"}, Case{"arm:", "{state: armed}"},
        Case{"get: power", "accepted"}, Case{"get: power", "{state: ready}"},
        Case{"temperature:", "refused"}, Case{"status:", "{value: 1}"}, Case{"status:", "accepted"},
        Case{"identify:", "accepted"}, Case{"wait: 1s", "accepted"},
        Case{"send: \"0A\"", "accepted"}, Case{"expect_bytes: \"0A\"", "accepted"},
        Case{"repeat: {count: 1, steps: [arm]}", "accepted"}}) {
    LoadResult r = load_scenario_text(
        std::string("scenario: t\nsteps:\n  - ") + c.action + "\n    expect: " + c.expect + "\n",
        "t.yaml");
    ASSERT_EQ(r.diagnostics.size(), 1u) << c.action << " / " << c.expect << "\n"
                                        << testing::dump(r);
    EXPECT_EQ(r.diagnostics[0].where.line, 4) << c.action;
    EXPECT_TRUE(r.scenarios.empty());
  }
}

}  // namespace
}  // namespace stimbench
