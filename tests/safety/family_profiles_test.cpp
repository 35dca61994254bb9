// The oracle and the boundary generator over every shipped device profile: each loads, each
// sweep is generated without gaps in its data, and a Rapid²'s one-train-per-trigger energy
// rule is judged against the time since the last train.
#include <filesystem>
#include <map>
#include <set>

#include "harness/safety/boundary.hpp"
#include "tests/safety/safety_test_util.hpp"

namespace stimbench::test {
namespace {

DeviceProfile shipped(const std::string& name) {
  auto p = load_profile_file(kFixtures + "/profiles/" + name + ".yaml");
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  return p.ok() ? *p : DeviceProfile{};
}

TEST(FamilyProfiles, EveryShippedProfileGivesAUniqueSweepTheOracleAgreesWith) {
  std::size_t profiles = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures + "/profiles")) {
    const std::string name = entry.path().stem().string();
    SCOPED_TRACE(name);
    DeviceProfile profile = shipped(name);
    ++profiles;
    SafetyOracle oracle(profile, std::nullopt);
    auto cases = generate_boundary_cases(oracle, {});
    EXPECT_GE(cases.size(), profile.limits.size() * 6);
    std::set<std::string> ids;
    for (const BoundaryCase& c : cases) {
      EXPECT_TRUE(ids.insert(c.id).second) << c.id;
      EXPECT_NE(c.expected.judgement, Judgement::not_covered) << c.id;
    }
  }
  EXPECT_EQ(profiles, 11u);  // reference + the ten device profiles of issue #4
}

TEST(FamilyProfiles, RapidCapTablesFollowProtocolsSection5) {
  // Sample points of protocols.md §1.8's table: power -> Hz.
  struct Point {
    const char* profile;
    double power, hz;
  };
  const Point points[] = {
      {"magstim-rapid2-v9-240v", 30, 50},
      {"magstim-rapid2-v9-240v", 100, 15},
      {"magstim-rapid2-v8-240v", 50, 30},
      {"magstim-rapid2-v9-115v", 80, 14},
      {"magstim-rapid2-super-v9-240v", 80, 35},
      {"magstim-rapid2-superplus-v9-240v", 48, 100},
      {"magstim-rapid2-superplus-v9-240v", 100, 41},
      {"magstim-rapid2-v10-240v", 70, 20},
  };
  for (const Point& p : points) {
    SCOPED_TRACE(std::string(p.profile) + " at " + std::to_string(p.power));
    DeviceProfile profile = shipped(p.profile);
    ASSERT_TRUE(profile.frequency_cap.has_value());
    EXPECT_EQ(profile.frequency_cap->cap_at(p.power), p.hz);
  }
  EXPECT_EQ(shipped("magstim-rapid2-v8-240v").limit(Parameter::pulses)->max, 1000);
  EXPECT_EQ(shipped("magstim-rapid2-v9-240v").limit(Parameter::pulses)->max, 6000);
  EXPECT_EQ(shipped("magventure-magpro-r30").refusal_style, RefusalStyle::readback);
  EXPECT_EQ(shipped("magventure-magpro-x100").limit(Parameter::frequency)->max, 100);
}

TEST(FamilyProfiles, ARapidTrainTooSoonAfterTheLastOneIsRefusedByTheInterlock) {
  SafetyOracle oracle(shipped("magstim-rapid2-v9-240v"), std::nullopt);
  // 100 %, 10 Hz, 40 pulses: minimum wait 5.6 s (safety-limits.md §2.1).
  OracleRequest r = request({{Parameter::power, 100},
                             {Parameter::frequency, 10},
                             {Parameter::pulses, 40},
                             {Parameter::train_duration, 4}});
  EXPECT_EQ(oracle.judge_trigger(r).judgement, Judgement::allowed) << "first train of the run";
  r.seconds_since_train_end = 5.0;
  OracleVerdict soon = oracle.judge_trigger(r);
  EXPECT_EQ(soon.judgement, Judgement::refused);
  EXPECT_TRUE(has_reason(soon, "energy.min_wait")) << soon.describe();
  r.seconds_since_train_end = 5.7;
  EXPECT_EQ(oracle.judge_trigger(r).judgement, Judgement::allowed);
}

TEST(FamilyProfiles, EnhancedPowerWidensThePowerRangeForSinglePulsesOnly) {
  SafetyOracle oracle(shipped("magstim-rapid2-v9-240v"), std::nullopt);
  const std::map<Parameter, double> single = {{Parameter::power, 110},
                                              {Parameter::frequency, 1},
                                              {Parameter::pulses, 10},
                                              {Parameter::train_duration, 0}};
  OracleRequest r = request(single);
  r.values[Parameter::enhanced_power] = 0;
  OracleVerdict off = oracle.judge_trigger(r);
  EXPECT_EQ(off.judgement, Judgement::refused);
  EXPECT_TRUE(has_reason(off, "power.max")) << off.describe();
  r.values[Parameter::enhanced_power] = 1;
  EXPECT_EQ(oracle.judge_trigger(r).judgement, Judgement::allowed) << "one pulse at 110 %";
  r.values[Parameter::power] = 111;
  EXPECT_TRUE(has_reason(oracle.judge_trigger(r), "power.max"));
  r.values[Parameter::power] = 105;
  r.values[Parameter::train_duration] = 1;  // a train with enhanced power on: never
  OracleVerdict train = oracle.judge_trigger(r);
  EXPECT_EQ(train.judgement, Judgement::refused);
  EXPECT_TRUE(has_reason(train, "enhanced_power.train")) << train.describe();
  // A train step is judged as a train even when the device still reads back single pulses.
  r.values[Parameter::train_duration] = 0;
  EXPECT_EQ(oracle.judge_trigger(r).judgement, Judgement::allowed) << "one pulse at 105 %";
  r.train = true;
  OracleVerdict asked = oracle.judge_trigger(r);
  EXPECT_EQ(asked.judgement, Judgement::refused);
  EXPECT_TRUE(has_reason(asked, "enhanced_power.train")) << asked.describe();
  r.values[Parameter::enhanced_power] = 0;
  r.values[Parameter::power] = 100;
  EXPECT_FALSE(has_reason(oracle.judge_trigger(r), "enhanced_power.train"));
  // A setting judged without the mode in the request keeps the base range.
  EXPECT_EQ(oracle.judge_setting(request({{Parameter::power, 105}})).judgement, Judgement::refused);
}

TEST(FamilyProfiles, BiStimHighResolutionNarrowsTheIntervalToTenthsUpTo99_9) {
  SafetyOracle oracle(shipped("magstim-bistim2"), std::nullopt);
  OracleRequest r = request({{Parameter::interval, 2.5}, {Parameter::high_resolution, 0}});
  EXPECT_TRUE(has_reason(oracle.judge_trigger(r), "interval.step"));
  r.values[Parameter::high_resolution] = 1;
  EXPECT_EQ(oracle.judge_trigger(r).judgement, Judgement::allowed);
  r.values[Parameter::interval] = 150;
  EXPECT_TRUE(has_reason(oracle.judge_trigger(r), "interval.max"));
}

TEST(FamilyProfiles, ModeSwitchesAreNotSweptAsRanges) {
  for (const char* name : {"magstim-rapid2-v9-240v", "magstim-bistim2"}) {
    SafetyOracle oracle(shipped(name), std::nullopt);
    for (const BoundaryCase& c : generate_boundary_cases(oracle, {})) {
      EXPECT_FALSE(is_switch(c.parameter)) << name << " " << c.id;
    }
  }
}

}  // namespace
}  // namespace stimbench::test
