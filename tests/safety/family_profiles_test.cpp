// The oracle and the boundary generator over every shipped device profile: each loads, each
// sweep is generated without gaps in its data, and a Rapid²'s one-train-per-trigger energy
// rule is judged against the time since the last train.
#include <filesystem>
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

}  // namespace
}  // namespace stimbench::test
