// The safety sections of a profile: frequency_cap, energy_model, lockout,
// coil_temperature_limit. Good files load every key; bad ones say file:line:column.
#include <gtest/gtest.h>

#include "harness/config/profile_loader.hpp"

namespace stimbench {
namespace {

const std::string kBase =
    "profile: p\n"
    "family: reference\n"
    "limits:\n"
    "  power: {min: 0, max: 100, step: 1}\n";  // the sections start on line 5

std::string safety_errors(const std::string& sections) {
  auto result = load_profile_text(kBase + sections, "p.yaml");
  EXPECT_FALSE(result.ok()) << sections;
  if (result.ok()) return "";
  EXPECT_EQ(result.error().code, ErrorCode::invalid_input);
  return result.error().message;
}

TEST(ProfileSafety, EveryKeyLoads) {
  auto p = load_profile_text(
      kBase +
          "frequency_cap:\n"
          "  enforced_by: host\n"
          "  source: table\n"
          "  verified: true\n"
          "  rows: [[0, 49, 50], [50, 100, 25]]\n"
          "energy_model: {source: e, verified: false, sustainable_w: 500,\n"
          "               dissipation_j_per_min: 30000, min_wait_floor_s: 1,\n"
          "               joules_by_power: [0, 1, 2], enforced_by: device}\n"
          "lockout: {post_train_s: 0.25, enforced_by: host, source: l, verified: true}\n"
          "coil_temperature_limit: {cutoff_c: 41.5, enforced_by: host, source: c, verified: no}\n",
      "p.yaml");
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_TRUE(p->frequency_cap);
  EXPECT_EQ(p->frequency_cap->enforced_by, EnforcedBy::host);
  EXPECT_EQ(p->frequency_cap->provenance.source, "table");
  EXPECT_TRUE(p->frequency_cap->provenance.verified);
  ASSERT_EQ(p->frequency_cap->rows.size(), 2u);
  EXPECT_EQ(p->frequency_cap->rows[1].power_from, 50);
  EXPECT_EQ(p->frequency_cap->rows[1].power_to, 100);
  EXPECT_EQ(p->frequency_cap->rows[1].max_hz, 25);
  ASSERT_TRUE(p->energy);
  EXPECT_EQ(p->energy->enforced_by, EnforcedBy::device);
  EXPECT_EQ(p->energy->sustainable_w, 500);
  EXPECT_EQ(p->energy->dissipation_j_per_min, 30000);
  EXPECT_EQ(p->energy->min_wait_floor_s, 1);
  EXPECT_EQ(p->energy->joules_by_power, (std::vector<double>{0, 1, 2}));
  EXPECT_EQ(p->energy->provenance.source, "e");
  ASSERT_TRUE(p->lockout);
  EXPECT_EQ(p->lockout->post_train_s, 0.25);
  EXPECT_EQ(p->lockout->enforced_by, EnforcedBy::host);
  EXPECT_TRUE(p->lockout->provenance.verified);
  ASSERT_TRUE(p->coil_temperature_limit);
  EXPECT_EQ(p->coil_temperature_limit->cutoff_c, 41.5);
  EXPECT_FALSE(p->coil_temperature_limit->provenance.verified);
}

TEST(ProfileSafety, DefaultsForWhoEnforces) {
  auto p =
      load_profile_text(kBase +
                            "frequency_cap: {source: s, verified: false, rows: [[0, 100, 9]]}\n"
                            "energy_model: {source: s, verified: false, joules_by_power: [0]}\n"
                            "lockout: {post_train_s: 0.5, source: s, verified: false}\n"
                            "coil_temperature_limit: {cutoff_c: 40, source: s, verified: false}\n",
                        "p.yaml");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->frequency_cap->enforced_by, EnforcedBy::device);
  EXPECT_EQ(p->energy->enforced_by, EnforcedBy::host);  // the Rapid² leaves it to the host
  EXPECT_EQ(p->energy->sustainable_w, 1050);
  EXPECT_EQ(p->lockout->enforced_by, EnforcedBy::device);
  EXPECT_EQ(p->coil_temperature_limit->enforced_by, EnforcedBy::device);
}

TEST(ProfileSafety, BurstLimitsAreParameters) {
  auto p = load_profile_text(kBase +
                                 "  burst_pulses: {min: 1, max: 5, step: 1}\n"
                                 "  burst_frequency: {min: 1, max: 100, step: 0.1}\n",
                             "p.yaml");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_NE(p->limit(Parameter::burst_pulses), nullptr);
  EXPECT_EQ(p->limit(Parameter::burst_frequency)->step, 0.1);
  EXPECT_EQ(safety_errors("  burst_puls: {min: 1, max: 5, step: 1}\n"),
            "p.yaml:5:3: error: unknown parameter 'burst_puls' (did you mean 'burst_pulses'?)");
}

TEST(ProfileSafety, CapRowsMustAscendWithoutOverlapOrGap) {
  const std::string head = "frequency_cap:\n  source: x\n  verified: false\n";
  EXPECT_EQ(safety_errors(head + "  rows: [[0, 30, 100], [30, 100, 50]]\n"),
            "p.yaml:8:24: error: frequency_cap row from 30 % overlaps or precedes the previous row "
            "(to 30 %)");
  EXPECT_EQ(safety_errors(head + "  rows: [[0, 30, 100], [32, 100, 50]]\n"),
            "p.yaml:8:24: error: frequency_cap leaves a gap between 30 % and 32 % (power step 1)");
  EXPECT_EQ(safety_errors(head + "  rows: [[1, 30, 100], [31, 99, 50]]\n"),
            "p.yaml:8:10: error: frequency_cap starts at 1 % but power goes down to 0 %\n"
            "p.yaml:8:24: error: frequency_cap ends at 99 % but power goes up to 100 %");
  EXPECT_EQ(
      safety_errors(head + "  rows: [[0, 100], [30, 20, 5], [0, 1, 0]]\n"),
      "p.yaml:8:10: error: a frequency_cap row is [power_from, power_to, max_hz], not 2 numbers\n"
      "p.yaml:8:20: error: frequency_cap row runs from 30 down to 20\n"
      "p.yaml:8:33: error: frequency_cap row cap must be above 0 Hz, not 0");
  EXPECT_EQ(safety_errors(head + "  rows: []\n"),
            "p.yaml:8:3: error: 'frequency_cap.rows' must hold at least one row");
}

TEST(ProfileSafety, CapNeedsAPowerLimit) {
  auto r = load_profile_text(
      "profile: p\nfamily: reference\nlimits:\n"
      "  frequency: {min: 1, max: 10, step: 1}\n"
      "frequency_cap: {source: s, verified: false, rows: [[0, 1, 5]]}\n",
      "p.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(
      r.error().message,
      "p.yaml:5:1: error: 'frequency_cap' needs a power limit in 'limits' (the cap depends on "
      "power)");
}

TEST(ProfileSafety, EveryTableStatesItsProvenance) {
  EXPECT_EQ(safety_errors("frequency_cap: {verified: no, rows: [[0, 100, 50]], enforced: host}\n"),
            "p.yaml:5:1: error: 'frequency_cap' needs 'source' (where its numbers come from)\n"
            "p.yaml:5:53: error: unknown key 'enforced' (did you mean 'enforced_by'?)");
  EXPECT_EQ(safety_errors("lockout: {post_train_s: 0.5, source: s}\n"),
            "p.yaml:5:1: error: 'lockout' needs 'verified: true|false' (checked against a primary "
            "source?)");
  EXPECT_EQ(
      safety_errors("coil_temperature_limit: {cutoff_c: hot, source: '', verified: maybe}\n"),
      "p.yaml:5:36: error: 'coil_temperature_limit.cutoff_c' must be a number, not 'hot'\n"
      "p.yaml:5:49: error: 'coil_temperature_limit.source' must not be empty\n"
      "p.yaml:5:63: error: 'coil_temperature_limit.verified' must be true or false (or on/off), "
      "not 'maybe'");
}

TEST(ProfileSafety, EnergyModelChecks) {
  EXPECT_EQ(safety_errors("energy_model:\n  source: x\n  verified: false\n  sustainable: 1050\n"
                          "  joules_by_power: [0, 1, 0.5, abc]\n"),
            "p.yaml:8:3: error: unknown key 'sustainable' (did you mean 'sustainable_w'?)\n"
            "p.yaml:9:32: error: 'energy_model.joules_by_power item' must be a number, not 'abc'");
  EXPECT_EQ(
      safety_errors("energy_model: {source: x, verified: false, joules_by_power: [0, 2, 1.5]}\n"),
      "p.yaml:5:68: error: 'energy_model.joules_by_power' at 2 % is 1.5 J: values must be 0 or "
      "more and never fall as power rises");
  EXPECT_EQ(safety_errors("energy_model: {source: x, verified: false, sustainable_w: 0, "
                          "min_wait_floor_s: -1}\n"),
            "p.yaml:5:1: error: 'energy_model' needs 'joules_by_power'\n"
            "p.yaml:5:59: error: 'energy_model.sustainable_w' must be above 0, not 0\n"
            "p.yaml:5:80: error: 'energy_model.min_wait_floor_s' must be from 0 to 3600, not -1");
}

TEST(ProfileSafety, LockoutAndShapes) {
  EXPECT_EQ(
      safety_errors(
          "lockout: {post_train_s: -0.5, enforced_by: hsot, source: x, verified: false}\n"),
      "p.yaml:5:25: error: 'lockout.post_train_s' must be from 0 to 3600, not -0.5\n"
      "p.yaml:5:44: error: 'lockout.enforced_by' must be one of device, host, not 'hsot' (did you "
      "mean 'host'?)");
  EXPECT_EQ(safety_errors("lockout: 0.5\n"),
            "p.yaml:5:10: error: 'lockout' must be a mapping, not '0.5'");
  EXPECT_EQ(safety_errors("lockout: {source: s, verified: true}\n"),
            "p.yaml:5:1: error: 'lockout' needs 'post_train_s'");
}

}  // namespace
}  // namespace stimbench
