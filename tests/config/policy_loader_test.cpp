// Clinical policies (fixtures/envelopes/*.yaml): the shipped one loads with every table,
// bad ones say file:line:column, and names resolve into fixtures/envelopes/.
#include "harness/config/envelope_loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace stimbench {
namespace {

const std::string kPolicyFixtures = std::string(STIMBENCH_SOURCE_DIR) + "/fixtures";

std::string policy_errors(const std::string& body) {
  auto result = load_policy_text("policy: q\nsource: s\nverified: false\n" + body, "q.yaml");
  EXPECT_FALSE(result.ok()) << body;
  if (result.ok()) return "";
  EXPECT_EQ(result.error().code, ErrorCode::invalid_input);
  return result.error().message;
}

TEST(Wassermann, LoadsEveryTable) {
  auto p = load_policy_file(kPolicyFixtures + "/envelopes/wassermann-1998.yaml");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->name, "wassermann-1998");
  EXPECT_FALSE(p->provenance.verified);
  ASSERT_TRUE(p->train_duration);
  const TrainDurationTable& t = *p->train_duration;
  EXPECT_EQ(t.frequencies_hz, (std::vector<double>{1, 5, 10, 20, 25}));
  EXPECT_EQ(t.mt_percent.size(), 13u);
  EXPECT_EQ(t.mt_percent.front(), 100);
  EXPECT_EQ(t.mt_percent.back(), 220);
  EXPECT_EQ(t.domain_min_hz, 1);
  EXPECT_EQ(t.domain_max_hz, 25);
  EXPECT_EQ(t.domain_min_mt, 90);
  EXPECT_EQ(t.domain_max_mt, 220);
  EXPECT_FALSE(t.provenance.verified);
  ASSERT_EQ(p->pauses.size(), 1u);
  EXPECT_EQ(p->pauses[0].min_iti_s, 5);
  EXPECT_EQ(p->pauses[0].applies_from_hz, 20);
  EXPECT_EQ(p->pauses[0].applies_above_mt, 100);
  EXPECT_NE(p->pauses[0].provenance.source.find("Chen"), std::string::npos);
  ASSERT_EQ(p->theta_burst.size(), 2u);
  const ThetaBurstPattern& itbs = p->theta_burst[0];
  EXPECT_EQ(itbs.name, "iTBS");
  EXPECT_EQ(itbs.pulses_per_burst, 3);
  EXPECT_EQ(itbs.burst_frequency_hz, 50);
  EXPECT_EQ(itbs.burst_rate_hz, 5);
  EXPECT_EQ(itbs.train_s, 2);
  EXPECT_EQ(itbs.iti_s, 8);
  EXPECT_EQ(itbs.total_pulses, 600);
  EXPECT_EQ(itbs.max_percent_mt, 120);
  EXPECT_FALSE(itbs.provenance.verified);
  EXPECT_EQ(p->theta_burst[1].name, "cTBS");
  EXPECT_EQ(p->theta_burst[1].train_s, 40);
  EXPECT_EQ(p->theta_burst[1].iti_s, 0);
}

TEST(ShippedPolicies, EveryPolicyInFixturesLoads) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kPolicyFixtures + "/envelopes")) {
    if (entry.path().extension() != ".yaml") continue;
    ++count;
    auto loaded = load_policy_file(entry.path().string());
    EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message);
    if (loaded.ok()) {
      EXPECT_EQ(loaded->name, entry.path().stem().string());
    }
  }
  EXPECT_GE(count, 1);
}

TEST(PolicyErrors, TrainDurationTable) {
  const std::string head = "train_duration:\n  source: x\n  verified: false\n";
  EXPECT_EQ(policy_errors(head + "  domain: {min_hz: 1, max_hz: 25, min_percent_mt: 90, "
                                 "max_percent_mt: 220}\n  percent_mt: [100, 220]\n  rows:\n"
                                 "    - {hz: 1, max_s: [5, 4]}\n    - {hz: 25, max_s: [5]}\n"),
            "q.yaml:11:23: error: row has 1 cells but 'percent_mt' has 2 columns");
  EXPECT_EQ(policy_errors(head + "  domain: {min_hz: 1, max_hz: 25}\n  percent_mt: [100, 120]\n"
                                 "  rows:\n    - {hz: 25, max_s: [5, 0]}\n"),
            "q.yaml:7:3: error: 'train_duration.domain' needs min_hz, max_hz, min_percent_mt, "
            "max_percent_mt\n"
            "q.yaml:10:27: error: a train duration must be above 0 s");
  // A domain beyond the last row would leave points with no stricter neighbour.
  EXPECT_EQ(policy_errors(head + "  domain: {min_hz: 1, max_hz: 30, min_percent_mt: 90, "
                                 "max_percent_mt: 120}\n  percent_mt: [100, 120]\n  rows:\n"
                                 "    - {hz: 25, max_s: [5, 4]}\n"),
            "q.yaml:4:1: error: 'train_duration.domain' reaches 30 Hz, beyond the last row (25)");
  EXPECT_EQ(
      policy_errors(head + "  domain: {min_hz: 1, max_hz: 25, min_percent_mt: 90, "
                           "max_percent_mt: 120}\n  percent_mt: [120, 100]\n  rows:\n"
                           "    - {hz: 25, max_s: [5, 4]}\n"),
      "q.yaml:4:1: error: 'train_duration.percent_mt' must ascend\n"
      "q.yaml:4:1: error: 'train_duration.domain' reaches 120 %MT, beyond the last column (100)");
  EXPECT_EQ(policy_errors("train_duration: {source: x, verified: false}\n"),
            "q.yaml:4:1: error: 'train_duration' needs 'domain'\n"
            "q.yaml:4:1: error: 'train_duration' needs 'percent_mt' (the column keys)\n"
            "q.yaml:4:1: error: 'train_duration' needs 'rows'");
}

TEST(PolicyErrors, PausesAndPatterns) {
  EXPECT_EQ(
      policy_errors("pauses:\n  - {min_iti_s: 5, applies_from_hz: 20, source: x}\n"),
      "q.yaml:5:5: error: 'pauses item' needs 'verified: true|false' (checked against a primary "
      "source?)\n"
      "q.yaml:5:5: error: a pause rule needs min_iti_s, applies_from_hz, applies_above_percent_mt");
  EXPECT_EQ(
      policy_errors(
          "theta_burst:\n"
          "  - {name: iTBS, pulses_per_burst: 3, burst_frequency_hz: 50, burst_rate_hz: 5, "
          "train_s: 2, iti_s: 8, total_pulses: 600, max_percent_mt: 120, source: s, "
          "verified: false}\n"
          "  - {name: iTBS, pulses_per_burst: 0, burst_frequency_hz: 50, burst_rate: 5, "
          "source: s, verified: false}\n"),
      "q.yaml:6:5: error: a theta_burst pattern needs name, pulses_per_burst, burst_frequency_hz, "
      "burst_rate_hz, train_s, iti_s, total_pulses, max_percent_mt\n"
      "q.yaml:6:5: error: duplicate theta_burst pattern 'iTBS'\n"
      "q.yaml:6:36: error: 'theta_burst.pulses_per_burst' must be 1 or more\n"
      "q.yaml:6:63: error: unknown key 'burst_rate' (did you mean 'burst_rate_hz'?)");
}

TEST(PolicyErrors, TopLevel) {
  EXPECT_EQ(policy_errors("max_percent_mt: -3\ntrain_duraton: {}\n"),
            "q.yaml:4:17: error: 'max_percent_mt' must be above 0 and at most 1000, not -3\n"
            "q.yaml:5:1: error: unknown key 'train_duraton' (did you mean 'train_duration'?)");
  auto bare = load_policy_text("policy: q\n", "q.yaml");
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.error().message,
            "q.yaml:1:1: error: 'policy' needs 'source' (where its numbers come from)\n"
            "q.yaml:1:1: error: 'policy' needs 'verified: true|false' (checked against a primary "
            "source?)");
  auto list = load_policy_text("- a\n- b\n", "q.yaml");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().message,
            "q.yaml:1:1: error: not a policy: a policy file holds one mapping with policy:, "
            "source:, ...");
  auto syntax = load_policy_text("policy: [q\n", "q.yaml");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().message.rfind("q.yaml:", 0), 0u) << syntax.error().message;
  auto missing = load_policy_file(kPolicyFixtures + "/envelopes/nope.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, kPolicyFixtures + "/envelopes/nope.yaml: error: no such file");
}

TEST(ResolvePolicyPath, NamesPathsAndUnknownNames) {
  auto path = resolve_policy_path("wassermann-1998", kPolicyFixtures);
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_EQ(*path, kPolicyFixtures + "/envelopes/wassermann-1998.yaml");
  const std::string file = kPolicyFixtures + "/envelopes/wassermann-1998.yaml";
  EXPECT_EQ(*resolve_policy_path(file, "/nowhere"), file);
  auto unknown = resolve_policy_path("wasserman-1998", kPolicyFixtures);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::invalid_input);
  EXPECT_NE(unknown.error().message.find("did you mean 'wassermann-1998'?"), std::string::npos)
      << unknown.error().message;
  EXPECT_NE(unknown.error().message.find("known policies: wassermann-1998"), std::string::npos);
  EXPECT_FALSE(resolve_policy_path("", kPolicyFixtures).ok());
  EXPECT_FALSE(resolve_policy_path("./missing.yaml", kPolicyFixtures).ok());
}

}  // namespace
}  // namespace stimbench
