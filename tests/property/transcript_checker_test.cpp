// The checker itself must be able to fail: synthetic logs with each kind of violation.
#include <gtest/gtest.h>

#include "harness/config/profile_loader.hpp"
#include "tests/property/transcript_checker.hpp"
#include "tests/runner/fake_driver.hpp"

namespace stimbench::property {
namespace {

LogEntry tx(const std::string& text) {
  return LogEntry{true, FrameEvent{FrameDirection::tx, to_bytes(text), 0, text}, "", {}};
}

LogEntry allowed(double power) {
  nlohmann::json readback = {{"power", power},      {"frequency", 1},      {"pulses", 1},
                             {"train_duration", 1}, {"train_iti", 1},      {"train_count", 1},
                             {"burst_pulses", 1},   {"burst_frequency", 1}};
  return LogEntry{false,
                  {},
                  "interlock",
                  {{"decision", "allowed"},
                   {"readback", readback},
                   {"coil_temperature_c", 24},
                   {"state", "ready"}}};
}

struct Checker : ::testing::Test {
  Checker() : oracle(profile(), std::nullopt) {}
  static DeviceProfile profile() {
    auto p =
        load_profile_file(std::string(STIMBENCH_SOURCE_DIR) + "/fixtures/profiles/reference.yaml");
    return p.ok() ? *p : DeviceProfile{};
  }
  std::string check(const std::vector<LogEntry>& log) {
    return check_transcript(log, codec, oracle);
  }
  FakeDriver codec;
  SafetyOracle oracle;
};

TEST_F(Checker, AcceptsATriggerAfterAFreshAllowedReadBack) {
  codec.raw_classes = {{RawEffect::fires, "TRIG"}};
  EXPECT_EQ(check({allowed(20), tx("TRIG\n")}), "");
}

TEST_F(Checker, CatchesATriggerWithoutADecision) {
  codec.raw_classes = {{RawEffect::fires, "TRIG"}};
  EXPECT_NE(check({tx("TRIG\n")}), "");
}

TEST_F(Checker, CatchesADecisionOnAReadBackOutsideTheEnvelope) {
  EXPECT_NE(check({allowed(150)}).find("outside the envelope"), std::string::npos);
}

TEST_F(Checker, CatchesAnIncompleteReadBack) {
  LogEntry e = allowed(20);
  e.detail["readback"].erase("frequency");
  EXPECT_NE(check({e}).find("frequency"), std::string::npos);
}

TEST_F(Checker, CatchesAChangeBetweenDecisionAndTrigger) {
  FakeDriver& c = codec;
  // The fake classifies every frame alike; judge the two frames with their own classes.
  c.raw_classes = {{RawEffect::changes_state, "SOUR:AMPL 150"}};
  EXPECT_EQ(check({allowed(20), tx("SOUR:AMPL 150\n")}), "");
  c.raw_classes = {{RawEffect::changes_state, "SOUR:AMPL 150"}, {RawEffect::fires, "TRIG"}};
  EXPECT_NE(check({allowed(20), tx("SOUR:AMPL 150\nTRIG\n")}), "");
}

TEST_F(Checker, OneDecisionCoversOneTrigger) {
  codec.raw_classes = {{RawEffect::fires, "TRIG"}};
  EXPECT_NE(check({allowed(20), tx("TRIG\n"), tx("TRIG\n")}), "");
}

}  // namespace
}  // namespace stimbench::property
