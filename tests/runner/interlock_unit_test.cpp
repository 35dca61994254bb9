// The interlock and step executor against a scriptable fake driver on virtual time: every
// stimulating path (arm, fire, train, raw) and every fail-closed case, judged by what reached
// the driver.
#include <gtest/gtest.h>

#include <cmath>

#include "devices/core/virtual_clock.hpp"
#include "harness/config/profile_loader.hpp"
#include "harness/runner/step_executor.hpp"
#include "harness/scenario/loader.hpp"
#include "tests/runner/fake_driver.hpp"

namespace stimbench {
namespace {

class Events : public EventSink {
 public:
  void event(const std::string& type, nlohmann::json detail) override {
    seen.emplace_back(type, std::move(detail));
  }
  int count(const std::string& type) const {
    int n = 0;
    for (const auto& e : seen) n += e.first == type ? 1 : 0;
    return n;
  }
  std::vector<std::pair<std::string, nlohmann::json>> seen;
};

DeviceProfile reference_profile() {
  auto p =
      load_profile_file(std::string(STIMBENCH_SOURCE_DIR) + "/fixtures/profiles/reference.yaml");
  EXPECT_TRUE(p.ok()) << p.error().message;
  return p.ok() ? *p : DeviceProfile{};
}

// One executor over a fake driver whose read-back starts inside the reference envelope.
struct Bench {
  explicit Bench(bool builtin_mock = true)
      : profile(reference_profile()),
        oracle(profile, std::nullopt),
        ctx{driver, io, clock, &oracle, events, nullptr, options(builtin_mock), ProgressHooks{}},
        trains(clock, 1.0),
        executor(ctx, trains) {
    driver.values = {{Parameter::power, 20},       {Parameter::frequency, 1},
                     {Parameter::pulses, 1},       {Parameter::train_duration, 1},
                     {Parameter::train_iti, 1},    {Parameter::train_count, 1},
                     {Parameter::burst_pulses, 1}, {Parameter::burst_frequency, 1}};
  }
  static RunOptions options(bool builtin_mock) {
    RunOptions o;
    o.builtin_mock = builtin_mock;
    return o;
  }

  // Runs the steps of a scenario body; returns the records and the last outcome.
  std::vector<StepRecord> run(const std::string& steps, Outcome* last = nullptr) {
    LoadResult loaded = load_scenario_text("scenario: unit\nsteps:\n" + steps, "unit.yaml");
    EXPECT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? ""
                                                            : loaded.diagnostics[0].to_string());
    std::vector<StepRecord> out;
    if (!loaded.ok()) return out;
    const Scenario& s = loaded.scenarios.at(0);
    Outcome o = Outcome::passed;
    for (std::size_t i = 0; i < s.steps.size(); ++i) {
      o = executor.run(s.steps[i], "steps", "step " + std::to_string(i + 1), out);
    }
    if (last != nullptr) *last = o;
    return out;
  }

  DeviceProfile profile;
  VirtualClock clock;
  boost::asio::io_context io;
  FakeDriver driver;
  SafetyOracle oracle;
  Events events;
  RunContext ctx;
  TrainTracker trains;
  StepExecutor executor;
};

TEST(InterlockUnit, TriggersInsideTheEnvelopeReachTheDriverOnce) {
  Bench b;
  auto records = b.run("  - arm\n  - fire: {}\n  - train: {}\n");
  ASSERT_EQ(records.size(), 3u);
  for (const StepRecord& r : records) EXPECT_EQ(r.verdict, Verdict::pass) << r.message;
  EXPECT_EQ(b.driver.count("arm"), 1);
  EXPECT_EQ(b.driver.count("fire"), 1);
  EXPECT_EQ(b.driver.count("train"), 1);
  EXPECT_EQ(records[1].detail["interlock"]["decision"], "allowed");
  EXPECT_EQ(records[1].detail["interlock"]["stimulation"], "fire");
}

// Whatever the envelope needs and the device does not give makes every trigger "not covered".
TEST(InterlockUnit, EveryIncompleteReadBackRefusesEveryStimulatingStep) {
  struct Case {
    const char* name;
    std::function<void(FakeDriver&)> spoil;
    const char* named;
  };
  const std::vector<Case> cases = {
      {"no power value", [](FakeDriver& d) { d.values.erase(Parameter::power); }, "power"},
      {"non-finite power", [](FakeDriver& d) { d.values[Parameter::power] = std::nan(""); },
       "not a finite number"},
      {"no frequency", [](FakeDriver& d) { d.values.erase(Parameter::frequency); }, "frequency"},
      {"no temperature", [](FakeDriver& d) { d.coil_temperature_c.reset(); }, "coil temperature"},
      {"infinite temperature",
       [](FakeDriver& d) { d.coil_temperature_c = std::numeric_limits<double>::infinity(); },
       "coil temperature"},
      {"no state", [](FakeDriver& d) { d.state.reset(); }, "device status"},
  };
  for (const Case& c : cases) {
    for (const char* step : {"arm", "fire: {}", "train: {}"}) {
      Bench b;
      c.spoil(b.driver);
      Outcome last = Outcome::passed;
      auto records = b.run(std::string("  - ") + step + "\n", &last);
      ASSERT_EQ(records.size(), 1u) << c.name;
      EXPECT_EQ(last, Outcome::failed) << c.name << " / " << step;
      EXPECT_EQ(b.driver.count("arm") + b.driver.count("fire") + b.driver.count("train"), 0)
          << c.name << " / " << step;
      EXPECT_EQ(records[0].message.rfind("interlock refused", 0), 0u)
          << c.name << ": " << records[0].message;
      EXPECT_NE(records[0].message.find(c.named), std::string::npos)
          << c.name << ": " << records[0].message;
    }
  }
}

TEST(InterlockUnit, AReadBackOutsideTheEnvelopeRefusesArmFireAndTrain) {
  for (const char* step : {"arm", "fire: {}", "train: {}"}) {
    Bench b;
    b.driver.values[Parameter::power] = 150;
    auto records = b.run(std::string("  - ") + step + "\n");
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].verdict, Verdict::fail);
    EXPECT_NE(records[0].message.find("interlock refused"), std::string::npos);
    EXPECT_EQ(b.driver.count("arm") + b.driver.count("fire") + b.driver.count("train"), 0);
  }
}

// After a 1 s train the 0.5 s lockout holds: arming delivers nothing and may go out, a
// trigger may not, unless the step probes exactly that device-enforced rule.
TEST(InterlockUnit, LockoutRefusesTriggersNotArmsAndOnlyAProbeGetsThrough) {
  Bench b;
  auto records = b.run(
      "  - train: {}\n"
      "  - wait: 1.1s\n"
      "  - arm\n"
      "  - fire: {}\n"
      "  - fire: {}\n"
      "    probe: lockout\n"
      "  - wait: 1s\n"
      "  - fire: {}\n");
  ASSERT_EQ(records.size(), 7u);
  EXPECT_EQ(records[2].verdict, Verdict::pass) << records[2].message;
  EXPECT_EQ(records[3].verdict, Verdict::fail);
  EXPECT_NE(records[3].message.find("lockout"), std::string::npos) << records[3].message;
  EXPECT_EQ(records[4].verdict, Verdict::pass) << records[4].message;
  EXPECT_EQ(records[4].detail["interlock"]["probe"]["in_force"], true);
  EXPECT_EQ(records[6].verdict, Verdict::pass) << records[6].message;
  EXPECT_EQ(b.driver.count("fire"), 2);  // the probe and the one after the lockout
}

TEST(InterlockUnit, AProbeNeverLiftsAnyOtherLimit) {
  Bench b;
  b.driver.values[Parameter::train_duration] = 0.1;
  auto train = b.run("  - train: {}\n");
  ASSERT_EQ(train.at(0).verdict, Verdict::pass) << train.at(0).message;
  b.driver.values[Parameter::power] = 150;
  auto records = b.run("  - fire: {}\n    probe: lockout\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].verdict, Verdict::fail) << records[0].message;
  EXPECT_NE(records[0].message.find("power"), std::string::npos) << records[0].message;
  EXPECT_EQ(b.driver.count("fire"), 0);
}

// A probe the harness cannot send well inside the window would test nothing: not sent.
TEST(InterlockUnit, ALockoutProbeWithNoRecentTrainIsAnErrorAndNotSent) {
  Bench b;
  auto records = b.run("  - fire: {}\n    probe: lockout\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].verdict, Verdict::error);
  EXPECT_NE(records[0].message.find("too late"), std::string::npos) << records[0].message;
  EXPECT_EQ(b.driver.count("fire"), 0);
}

TEST(InterlockUnit, ExpectedInterlockRefusalPassesAndSendsNothing) {
  Bench b;
  b.driver.values[Parameter::power] = 150;
  b.driver.raw_classes = {{RawEffect::fires, "TRIG"}};
  auto records = b.run(
      "  - fire: {}\n    expect: {refused_by: interlock}\n"
      "  - send: {text: \"TRIG\\n\"}\n    expect: {refused_by: interlock}\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].verdict, Verdict::pass) << records[0].message;
  EXPECT_EQ(records[1].verdict, Verdict::pass) << records[1].message;
  EXPECT_EQ(b.driver.count("fire"), 0);
  EXPECT_EQ(b.driver.count("raw"), 0);
}

TEST(InterlockUnit, RawTriggerIsJudgedOnTheReadBack) {
  Bench b;
  b.driver.raw_classes = {{RawEffect::fires, "TRIG"}};
  b.driver.values[Parameter::power] = 150;
  auto refused = b.run("  - send: {text: \"TRIG\\n\"}\n");
  EXPECT_EQ(refused.at(0).verdict, Verdict::fail);
  EXPECT_EQ(b.driver.count("raw"), 0);
  b.driver.values[Parameter::power] = 20;
  auto sent = b.run("  - send: {text: \"TRIG\\n\"}\n");
  EXPECT_EQ(sent.at(0).verdict, Verdict::pass) << sent.at(0).message;
  EXPECT_EQ(b.driver.count("raw"), 1);
}

TEST(InterlockUnit, RawArmIsJudgedToo) {
  Bench b;
  b.driver.raw_classes = {{RawEffect::arms, "OUTP:ARM"}};
  b.driver.values[Parameter::power] = 150;
  auto records = b.run("  - send: {text: \"OUTP:ARM\\n\"}\n");
  EXPECT_EQ(records.at(0).verdict, Verdict::fail);
  EXPECT_EQ(b.driver.count("raw"), 0);
}

TEST(InterlockUnit, ChangeAndTriggerInOneRawSendAreRefusedWhole) {
  Bench b;
  b.driver.raw_classes = {{RawEffect::changes_state, "SOUR:AMPL 20"}, {RawEffect::fires, "TRIG"}};
  auto records = b.run("  - send: {text: \"SOUR:AMPL 20\\nTRIG\\n\"}\n");
  EXPECT_EQ(records.at(0).verdict, Verdict::fail);
  EXPECT_NE(records.at(0).message.find("separate steps"), std::string::npos);
  EXPECT_EQ(b.driver.count("raw"), 0);
}

TEST(InterlockUnit, UnclassifiedBytesGoToHardwareOnlyWhenAllowedAndJudged) {
  Bench b(/*builtin_mock=*/false);
  b.driver.raw_classes = {{RawEffect::unclassified, "raw 01 02"}};
  auto refused = b.run("  - send: \"01 02\"\n");
  EXPECT_EQ(refused.at(0).verdict, Verdict::fail);
  EXPECT_NE(refused.at(0).message.find("allow_unclassified"), std::string::npos);
  EXPECT_EQ(b.driver.count("raw"), 0);

  auto allowed = b.run("  - send: {hex: \"01 02\", allow_unclassified: true}\n");
  EXPECT_EQ(allowed.at(0).verdict, Verdict::pass) << allowed.at(0).message;
  EXPECT_EQ(b.driver.count("raw"), 1);
  EXPECT_EQ(b.events.count("safety_event"), 1);
  // Unknown bytes may fire, so they are judged as a trigger: outside the envelope, no.
  b.driver.values[Parameter::power] = 150;
  auto judged = b.run("  - send: {hex: \"01 02\", allow_unclassified: true}\n");
  EXPECT_EQ(judged.at(0).verdict, Verdict::fail);
  EXPECT_EQ(b.driver.count("raw"), 1);
}

TEST(InterlockUnit, UnclassifiedBytesGoToTheBuiltinMock) {
  Bench b(/*builtin_mock=*/true);
  b.driver.raw_classes = {{RawEffect::unclassified, "raw 01 02"}};
  auto records = b.run("  - send: \"01 02\"\n");
  EXPECT_EQ(records.at(0).verdict, Verdict::pass) << records.at(0).message;
  EXPECT_EQ(b.driver.count("raw"), 1);
}

TEST(InterlockUnit, AProbeOfAHostEnforcedRuleIsRefused) {
  Bench b;
  b.profile.coil_temperature_limit->enforced_by = EnforcedBy::host;
  SafetyOracle host_oracle(b.profile, std::nullopt);
  b.ctx.oracle = &host_oracle;
  b.driver.coil_temperature_c = 45;
  auto records = b.run("  - arm: {}\n    probe: coil_temperature\n");
  EXPECT_EQ(records.at(0).verdict, Verdict::fail);
  EXPECT_NE(records.at(0).message.find("enforced by the host"), std::string::npos)
      << records.at(0).message;
  EXPECT_EQ(b.driver.count("arm"), 0);
}

}  // namespace
}  // namespace stimbench
