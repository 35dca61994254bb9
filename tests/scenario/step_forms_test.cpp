// Every step form parses to the right values.
#include <gtest/gtest.h>

#include "tests/scenario/test_util.hpp"

namespace stimbench {
namespace {

using namespace std::chrono_literals;
using testing::load_ok;
using testing::only_step;
using testing::steps_of;
using Kind = Expectation::Kind;

TEST(StepForms, BareActionsWithDefaultExpectations) {
  struct Case {
    const char* word;
    StepKind kind;
    Kind expect;
  };
  for (const Case& c : {Case{"identify", StepKind::identify, Kind::none},
                        Case{"arm", StepKind::arm, Kind::accepted},
                        Case{"disarm", StepKind::disarm, Kind::accepted},
                        Case{"fire", StepKind::fire, Kind::accepted},
                        Case{"train", StepKind::train, Kind::accepted},
                        Case{"abort", StepKind::abort, Kind::accepted},
                        Case{"status", StepKind::status, Kind::none},
                        Case{"temperature", StepKind::temperature, Kind::none},
                        Case{"keepalive", StepKind::keepalive, Kind::accepted}}) {
    Step s = only_step(std::string("  - ") + c.word + "\n");
    EXPECT_EQ(s.kind, c.kind) << c.word;
    EXPECT_EQ(s.expect.kind, c.expect) << c.word;
    EXPECT_EQ(s.name, c.word);
    EXPECT_FALSE(s.within.has_value());
    EXPECT_FALSE(s.timeout.has_value());
  }
}

TEST(StepForms, BareActionAsMappingTakesModifiers) {
  Step s = only_step("  - arm:\n    expect: refused\n    name: arm without remote\n");
  EXPECT_EQ(s.kind, StepKind::arm);
  EXPECT_EQ(s.expect.kind, Kind::refused);
  EXPECT_EQ(s.name, "arm without remote");
}

TEST(StepForms, BareActionWithAnEmptyMapping) {
  Step s = only_step("  - fire: {}\n    expect: {refused: true, code: 202}\n");
  EXPECT_EQ(s.kind, StepKind::fire);
  EXPECT_EQ(s.expect.kind, Kind::refused);
  EXPECT_EQ(s.expect.refusal_code, std::optional<int>(202));
  EXPECT_EQ(s.name, "fire");
}

// The scenarios shipped in scenarios/ must keep loading as the grammar grows.
TEST(ShippedScenarios, AllLoad) {
  LoadResult result = load_scenarios({std::string(STIMBENCH_SOURCE_DIR) + "/scenarios"});
  EXPECT_TRUE(result.ok()) << testing::dump(result);
  EXPECT_FALSE(result.scenarios.empty());
}

TEST(StepForms, Remote) {
  std::vector<Step> steps =
      steps_of("  - remote: on\n  - remote: off\n  - remote: true\n  - remote: no\n");
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0].kind, StepKind::remote);
  EXPECT_TRUE(steps[0].remote_on);
  EXPECT_FALSE(steps[1].remote_on);
  EXPECT_TRUE(steps[2].remote_on);
  EXPECT_FALSE(steps[3].remote_on);
  EXPECT_EQ(steps[0].expect.kind, Kind::accepted);
  EXPECT_EQ(steps[0].name, "remote on");
  EXPECT_EQ(steps[1].name, "remote off");
}

TEST(StepForms, SetKeepsParametersInFileOrder) {
  Step s = only_step("  - set: {frequency: 10.5, power: 50, train_iti: 1e1}\n");
  EXPECT_EQ(s.kind, StepKind::set);
  using V = std::vector<std::pair<Parameter, double>>;
  EXPECT_EQ(s.values,
            (V{{Parameter::frequency, 10.5}, {Parameter::power, 50}, {Parameter::train_iti, 10}}));
  EXPECT_EQ(s.expect.kind, Kind::accepted);
  EXPECT_EQ(s.name, "set frequency=10.5 power=50 train_iti=10");
}

TEST(StepForms, SetAcceptsEveryParameterAndOutOfRangeProbes) {
  Step s = only_step(
      "  - set:\n      power: -1\n      frequency: 0.1\n      pulses: 6001\n"
      "      train_duration: 100.1\n      train_iti: 0\n      train_count: 501\n");
  using V = std::vector<std::pair<Parameter, double>>;
  // Values beyond the device limits are legal here: refusal probes need them.
  EXPECT_EQ(s.values, (V{{Parameter::power, -1},
                         {Parameter::frequency, 0.1},
                         {Parameter::pulses, 6001},
                         {Parameter::train_duration, 100.1},
                         {Parameter::train_iti, 0},
                         {Parameter::train_count, 501}}));
}

TEST(StepForms, GetEveryParameter) {
  for (Parameter p : all_parameters()) {
    Step s = only_step(std::string("  - get: ") + to_string(p) + "\n");
    EXPECT_EQ(s.kind, StepKind::get);
    ASSERT_TRUE(s.parameter.has_value());
    EXPECT_EQ(*s.parameter, p);
    EXPECT_EQ(s.expect.kind, Kind::none);
    EXPECT_EQ(s.name, std::string("get ") + to_string(p));
  }
}

TEST(StepForms, SendHexAndText) {
  std::vector<Step> steps = steps_of(
      "  - send: \"2A 49 44 4E 3F 0A\"\n"
      "  - send: {text: \"*IDN?\\n\"}\n"
      "  - send: 0x51,0x40\n");
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].kind, StepKind::send);
  EXPECT_EQ(steps[0].bytes, (Bytes{0x2A, 0x49, 0x44, 0x4E, 0x3F, 0x0A}));
  EXPECT_EQ(steps[1].bytes, to_bytes("*IDN?\n"));
  EXPECT_EQ(steps[0].bytes, steps[1].bytes);
  EXPECT_EQ(steps[2].bytes, (Bytes{0x51, 0x40}));
  EXPECT_EQ(steps[0].expect.kind, Kind::none);
  EXPECT_EQ(steps[0].name, "send 2A 49 44 4E 3F 0A");
}

TEST(StepForms, ExpectBytesWithTimeout) {
  std::vector<Step> steps = steps_of(
      "  - expect_bytes: \"4F 4B 0A\"\n    timeout: 200ms\n"
      "  - expect_bytes: {text: \"OK\\n\"}\n    within: 20ms\n");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].kind, StepKind::expect_bytes);
  EXPECT_EQ(steps[0].bytes, to_bytes("OK\n"));
  EXPECT_EQ(steps[1].bytes, to_bytes("OK\n"));
  EXPECT_EQ(steps[0].timeout, std::optional<std::chrono::nanoseconds>(200ms));
  EXPECT_EQ(steps[1].within, std::optional<std::chrono::nanoseconds>(20ms));
  EXPECT_EQ(steps[0].expect.kind, Kind::none);
}

TEST(StepForms, LongByteStringsAreShortenedInTheDefaultName) {
  Step s = only_step("  - send: \"00 01 02 03 04 05 06 07 08 09\"\n");
  EXPECT_EQ(s.bytes.size(), 10u);
  EXPECT_EQ(s.name, "send 00 01 02 03 04 05 06 07 ...");
}

TEST(StepForms, WaitForms) {
  std::vector<Step> steps = steps_of(
      "  - wait: 1.5s\n  - wait: 2\n  - wait: 2 s\n  - wait: 50ms\n  - wait: 500us\n"
      "  - wait: 1min\n  - wait: 0\n  - wait: {duration: 1.5s, keepalive: false}\n"
      "  - wait: {duration: 0.25}\n");
  ASSERT_EQ(steps.size(), 9u);
  const std::chrono::nanoseconds expected[] = {1500ms, 2s, 2s, 50ms, 500us, 60s, 0s, 1500ms, 250ms};
  for (std::size_t i = 0; i < steps.size(); ++i) {
    EXPECT_EQ(steps[i].kind, StepKind::wait);
    EXPECT_EQ(steps[i].duration, expected[i]) << i;
    EXPECT_EQ(steps[i].keepalive, i != 7) << i;
    EXPECT_EQ(steps[i].expect.kind, Kind::none);
  }
  EXPECT_EQ(steps[0].name, "wait 1.5s");
  EXPECT_EQ(steps[5].name, "wait 1min");
}

TEST(StepForms, RepeatNestsSteps) {
  Step s = only_step(
      "  - repeat:\n"
      "      count: 3\n"
      "      steps:\n"
      "        - fire\n"
      "        - repeat: {count: 2, steps: [keepalive, {wait: 10ms}]}\n");
  EXPECT_EQ(s.kind, StepKind::repeat);
  EXPECT_EQ(s.count, 3);
  EXPECT_EQ(s.name, "repeat 3x");
  ASSERT_EQ(s.body.size(), 2u);
  EXPECT_EQ(s.body[0].kind, StepKind::fire);
  EXPECT_EQ(s.body[0].where.to_string(), "t.yaml:6:11");
  const Step& inner = s.body[1];
  EXPECT_EQ(inner.kind, StepKind::repeat);
  EXPECT_EQ(inner.count, 2);
  ASSERT_EQ(inner.body.size(), 2u);
  EXPECT_EQ(inner.body[0].kind, StepKind::keepalive);
  EXPECT_EQ(inner.body[1].duration, 10ms);
  EXPECT_EQ(inner.body[1].where.to_string(), "t.yaml:7:49");
  EXPECT_TRUE(s.stimulates());
  EXPECT_EQ(s.expect.kind, Kind::none);
}

TEST(StepForms, RepeatCountBounds) {
  EXPECT_EQ(only_step("  - repeat: {count: 1, steps: [status]}\n").count, 1);
  EXPECT_EQ(only_step("  - repeat: {count: 100000, steps: [status]}\n").count, 100000);
}

TEST(StepForms, StepPositionsAreOneBased) {
  std::vector<Step> steps = steps_of("  - arm\n  - set: {power: 50}\n    within: 50ms\n");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].where.to_string(), "t.yaml:3:5");
  EXPECT_EQ(steps[1].where.to_string(), "t.yaml:4:5");
  EXPECT_EQ(steps[1].within, std::optional<std::chrono::nanoseconds>(50ms));
}

TEST(StepForms, WithinAndTimeoutOnReplies) {
  Step s = only_step("  - get: power\n    within: 50ms\n    timeout: 2s\n");
  EXPECT_EQ(s.within, std::optional<std::chrono::nanoseconds>(50ms));
  EXPECT_EQ(s.timeout, std::optional<std::chrono::nanoseconds>(2s));
}

TEST(ScenarioFile, EveryTopLevelKey) {
  Scenario s = load_ok(
      "scenario: ref.power-cap_1\n"
      "title: Power above 100 % is refused\n"
      "description: |\n  Longer text.\n"
      "requirements: [SRS-SAFE-012, SRS-SAFE-013]\n"
      "risk_controls: [RC-07]\n"
      "tags: [safety, reference]\n"
      "requires: [remote, train]\n"
      "profile: reference\n"
      "setup:\n  - remote: on\n"
      "steps:\n  - set: {power: 101}\n    expect: refused\n    basis: \"design.md §6\"\n"
      "teardown:\n  - disarm\n  - remote: off\n");
  EXPECT_EQ(s.id, "ref.power-cap_1");
  EXPECT_EQ(s.title, "Power above 100 % is refused");
  EXPECT_EQ(s.description, "Longer text.\n");
  EXPECT_EQ(s.file, "t.yaml");
  EXPECT_EQ(s.where.to_string(), "t.yaml:1:1");
  EXPECT_EQ(s.requirements, (std::vector<std::string>{"SRS-SAFE-012", "SRS-SAFE-013"}));
  EXPECT_EQ(s.risk_controls, (std::vector<std::string>{"RC-07"}));
  EXPECT_EQ(s.tags, (std::vector<std::string>{"safety", "reference"}));
  EXPECT_EQ(s.requires_capabilities, (std::vector<std::string>{"remote", "train"}));
  EXPECT_EQ(s.profile, std::optional<std::string>("reference"));
  ASSERT_EQ(s.setup.size(), 1u);
  EXPECT_EQ(s.setup[0].kind, StepKind::remote);
  ASSERT_EQ(s.steps.size(), 1u);
  EXPECT_EQ(s.steps[0].expect.kind, Kind::refused);
  EXPECT_EQ(s.steps[0].basis, "design.md §6");
  ASSERT_EQ(s.teardown.size(), 2u);
  EXPECT_FALSE(s.teardown[1].remote_on);
  EXPECT_FALSE(s.stimulates());
}

TEST(ScenarioFile, OptionalKeysDefaultToEmpty) {
  Scenario s = load_ok("scenario: minimal\nsteps: [status]\nsetup: []\nteardown: []\n");
  EXPECT_EQ(s.id, "minimal");
  EXPECT_TRUE(s.title.empty());
  EXPECT_TRUE(s.tags.empty());
  EXPECT_FALSE(s.profile.has_value());
  EXPECT_TRUE(s.setup.empty());
  EXPECT_TRUE(s.teardown.empty());
  ASSERT_EQ(s.steps.size(), 1u);
  EXPECT_EQ(s.steps[0].where.to_string(), "t.yaml:2:9");
}

TEST(ScenarioFile, LoadsFromDisk) {
  testing::TempDir dir;
  std::string path = dir.write("one.yaml", "scenario: one\nsteps:\n  - fire\n");
  LoadResult result = load_scenario_file(path);
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  ASSERT_EQ(result.scenarios.size(), 1u);
  EXPECT_EQ(result.scenarios[0].file, path);
  EXPECT_EQ(result.scenarios[0].steps[0].where.to_string(), path + ":3:5");
  EXPECT_TRUE(result.scenarios[0].stimulates());
}

}  // namespace
}  // namespace stimbench
