// Issue 14: profile and envelope plausibility (defect 7), files that are not profiles
// (defect 5) and where a scenario's fixtures may come from.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/config/envelope_loader.hpp"
#include "harness/config/profile_loader.hpp"

namespace stimbench {
namespace {

const std::string kBoundsHead =
    "profile: p\n"
    "family: reference\n"
    "limits:\n"
    "  power: {min: 0, max: 100, step: 1}\n";

std::string bounded_profile_errors(const std::string& text) {
  auto result = load_profile_text(text, "p.yaml");
  EXPECT_FALSE(result.ok()) << text;
  return result.ok() ? std::string() : result.error().message;
}

std::string bounded_policy_errors(const std::string& body) {
  auto result = load_policy_text("policy: q\nsource: s\nverified: false\n" + body, "q.yaml");
  EXPECT_FALSE(result.ok()) << body;
  return result.ok() ? std::string() : result.error().message;
}

TEST(ProfilePlausibility, EveryNonsenseValueOfTheIssueIsRefusedWithItsPosition) {
  const std::string file =
      std::string(STIMBENCH_SOURCE_DIR) + "/fixtures/bad/profile_nonsense.yaml";
  auto result = load_profile_file(file);
  ASSERT_FALSE(result.ok());
  const std::string& m = result.error().message;
  for (const char* expected :
       {":6:3: error: limit 'frequency' has a negative min -1",
        ":7:11: error: 'verified' must be a boolean, not the quoted text \"yes\"",
        ":8:16: error: 'ready_delay_s' is out of range",
        ":9:36: error: 'coil_temperature_limit.cutoff_c' is out of range",
        ":15:16: error: 'frequency_cap.rows item' is out of range"}) {
    EXPECT_NE(m.find(file + expected), std::string::npos) << expected << "\n" << m;
  }
}

TEST(ProfilePlausibility, TemperaturesFrequenciesAndSecondsAreRanged) {
  EXPECT_EQ(bounded_profile_errors(kBoundsHead + "coil_temperature_c: 150\n"),
            "p.yaml:5:21: error: 'coil_temperature_c' must be from -20 to 100, not 150");
  EXPECT_EQ(bounded_profile_errors(kBoundsHead + "ready_delay_s: 7200\n"),
            "p.yaml:5:16: error: 'ready_delay_s' must be from 0 to 3600, not 7200");
  EXPECT_EQ(bounded_profile_errors(kBoundsHead + "keepalive_poll_s: 0\n"),
            "p.yaml:5:19: error: 'keepalive_poll_s' must be above 0 and at most 3600, not 0");
  EXPECT_EQ(bounded_profile_errors(kBoundsHead + "  frequency: {min: 1, max: 5000, step: 1}\n"),
            "p.yaml:5:3: error: limit 'frequency' must stay from 0 to 1000 Hz");
  EXPECT_EQ(
      bounded_profile_errors(kBoundsHead + "  pulses: {min: 1, max: 10, step: 1, default: 20}\n"),
      "p.yaml:5:3: error: limit 'pulses' has default 20 outside min 1 to max 10");
  EXPECT_EQ(bounded_profile_errors(kBoundsHead +
                                   "coil_temperature_limit: {cutoff_c: 120, enforced_by: device, "
                                   "source: s, verified: false}\n"),
            "p.yaml:5:36: error: 'coil_temperature_limit.cutoff_c' must be from -20 to 100, not "
            "120");
  EXPECT_EQ(bounded_profile_errors(
                kBoundsHead + "frequency_cap: {enforced_by: device, source: s, verified: false, "
                              "rows: [[0, 100, 2000]]}\n"),
            "p.yaml:5:73: error: frequency_cap row cap must be above 0 and at most 1000 Hz, not "
            "2000");
}

TEST(ProfilePlausibility, QuotedBooleanIsRefusedPlainOneAccepted) {
  EXPECT_EQ(bounded_profile_errors(kBoundsHead + "verified: \"true\"\n"),
            "p.yaml:5:11: error: 'verified' must be a boolean, not the quoted text \"true\" "
            "(remove the quotes)");
  auto ok = load_profile_text(kBoundsHead + "verified: true\n", "p.yaml");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_TRUE(ok->verified);
}

TEST(NotAProfile, PasswdLikeFileIsNamedNotEchoed) {
  const std::string passwd =
      "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";
  const std::string m = bounded_profile_errors(passwd);
  EXPECT_NE(m.find("p.yaml:1:1: error: not a profile"), std::string::npos) << m;
  EXPECT_EQ(m.find("root"), std::string::npos) << m;
  EXPECT_EQ(m.find("daemon"), std::string::npos) << m;
  // A mapping without one profile key: its keys are not echoed either.
  const std::string other = bounded_profile_errors("secret_token: abc123\nother: 1\n");
  EXPECT_EQ(other,
            "p.yaml:1:1: error: not a profile: a profile file holds one mapping with "
            "profile:, family:, limits:, ...");
  auto policy = load_policy_text("password: hunter2\n", "q.yaml");
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.error().message.find("hunter2"), std::string::npos);
  EXPECT_NE(policy.error().message.find("not a policy"), std::string::npos);
}

TEST(EnvelopePlausibility, PercentsFrequenciesAndSecondsAreRanged) {
  EXPECT_EQ(bounded_policy_errors("max_percent_mt: 5000\n"),
            "q.yaml:4:17: error: 'max_percent_mt' must be above 0 and at most 1000, not 5000");
  EXPECT_NE(bounded_policy_errors("pauses:\n  - {min_iti_s: 1e5, applies_from_hz: 20, "
                                  "applies_above_percent_mt: 100, source: s, verified: false}\n")
                .find("'pauses.min_iti_s' must be from 0 to 3600, not 100000"),
            std::string::npos);
}

class FixtureFolders : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("stimbench-fixtures-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(root_ / "extra/profiles");
    std::filesystem::create_directories(root_ / "suite/sub");
    std::ofstream(root_ / "extra/profiles/mine.yaml") << "x: 1\n";
    std::ofstream(root_ / "suite/local.yaml") << "x: 1\n";
    std::ofstream(root_ / "suite/sub/deep.yaml") << "x: 1\n";
    scenario_ = (root_ / "suite/s.yaml").string();
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::filesystem::path root_;
  std::string scenario_;
};

TEST_F(FixtureFolders, NamesSearchEachFolderOfThePathThenBesideTheScenario) {
  const std::string search = "/nonexistent:" + (root_ / "extra").string();
  auto found = resolve_scenario_fixture("mine", scenario_, search, "profiles", "profile");
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_EQ(*found, (root_ / "extra/profiles/mine.yaml").string());
  auto beside = resolve_scenario_fixture("local", scenario_, search, "profiles", "profile");
  ASSERT_TRUE(beside.ok()) << beside.error().message;
  EXPECT_EQ(*beside, (root_ / "suite/local.yaml").string());
  auto relative =
      resolve_scenario_fixture("sub/deep.yaml", scenario_, search, "profiles", "profile");
  ASSERT_TRUE(relative.ok()) << relative.error().message;
  auto unknown = resolve_scenario_fixture("nope", scenario_, search, "profiles", "profile");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("unknown profile 'nope'"), std::string::npos);
}

TEST_F(FixtureFolders, AbsoluteAndClimbingPathsAreRefused) {
  for (const char* bad :
       {"/etc/passwd", "../suite/local.yaml", "sub/../../x.yaml", "notes.txt/x"}) {
    auto path = resolve_scenario_fixture(bad, scenario_, "", "profiles", "profile");
    ASSERT_FALSE(path.ok()) << bad;
    EXPECT_NE(path.error().message.find("is a NAME from the fixtures path or a .yaml file beside "
                                        "the scenario"),
              std::string::npos)
        << path.error().message;
  }
}

}  // namespace
}  // namespace stimbench
