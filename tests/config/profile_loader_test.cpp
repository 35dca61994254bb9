// fixtures/profiles/reference.yaml and profile name resolution.
#include "harness/config/profile_loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace stimbench {
namespace {

const std::string kFixtures = std::string(STIMBENCH_SOURCE_DIR) + "/fixtures";
const std::string kReference = kFixtures + "/profiles/reference.yaml";

void expect_limit(const DeviceProfile& p, Parameter parameter, double min, double max, double step,
                  const std::string& unit) {
  SCOPED_TRACE(to_string(parameter));
  const ParameterLimit* limit = p.limit(parameter);
  ASSERT_NE(limit, nullptr);
  EXPECT_EQ(limit->min, min);
  EXPECT_EQ(limit->max, max);
  EXPECT_EQ(limit->step, step);
  EXPECT_EQ(limit->unit, unit);
  EXPECT_EQ(limit->enforced_by, EnforcedBy::device);
}

TEST(ReferenceProfile, LoadsEveryField) {
  auto loaded = load_profile_file(kReference);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  const DeviceProfile& p = *loaded;
  EXPECT_EQ(p.name, "reference");
  EXPECT_EQ(p.family, "reference");
  EXPECT_EQ(p.identity.maker, "stimbench");
  EXPECT_EQ(p.identity.model, "REF-1");
  EXPECT_EQ(p.identity.serial, "SB-0001");
  EXPECT_EQ(p.identity.firmware, "1.0.0");
  EXPECT_EQ(p.serial.baud, 115200);
  EXPECT_EQ(p.serial.data_bits, 8);
  EXPECT_EQ(p.serial.parity, Parity::none);
  EXPECT_EQ(p.serial.stop_bits, 1);
  EXPECT_EQ(p.serial.flow_control, FlowControl::none);
  EXPECT_EQ(p.refusal_style, RefusalStyle::reply);
  EXPECT_EQ(p.capabilities,
            (std::vector<std::string>{"remote", "keepalive", "single_pulse", "train",
                                      "train_duration", "train_sequence", "temperature", "raw",
                                      "reference_protocol", "theta_burst", "coil_temperature_hook",
                                      "frequency_cap", "post_train_lockout", "arming_state"}));
  EXPECT_EQ(p.limits.size(), 8u);
  expect_limit(p, Parameter::power, 0, 100, 1, "%");
  expect_limit(p, Parameter::frequency, 0.1, 100, 0.1, "Hz");
  expect_limit(p, Parameter::pulses, 1, 6000, 1, "pulses");
  expect_limit(p, Parameter::train_duration, 0.1, 100, 0.1, "s");
  expect_limit(p, Parameter::train_iti, 1, 300, 0.1, "s");
  expect_limit(p, Parameter::train_count, 1, 500, 1, "trains");
  expect_limit(p, Parameter::burst_pulses, 1, 5, 1, "pulses");
  expect_limit(p, Parameter::burst_frequency, 1, 100, 0.1, "Hz");
  EXPECT_EQ(p.keepalive_timeout_s, 1.0);
  EXPECT_EQ(p.ready_delay_s, 0.3);
  EXPECT_EQ(p.coil_temperature_c, 24.0);
  EXPECT_EQ(p.source, "stimbench reference protocol, design.md §6");
  EXPECT_TRUE(p.verified);
  // The safety tables (their numbers: tests/safety).
  ASSERT_TRUE(p.frequency_cap && p.energy && p.lockout && p.coil_temperature_limit);
  EXPECT_EQ(p.frequency_cap->rows.size(), 46u);
  EXPECT_EQ(p.frequency_cap->enforced_by, EnforcedBy::device);
  EXPECT_EQ(p.frequency_cap->provenance.source,
            "protocols.md §5, MPY rapid_system_info.yaml 240 V Super Rapid");
  EXPECT_FALSE(p.frequency_cap->provenance.verified);
  EXPECT_EQ(p.energy->joules_by_power.size(), 101u);
  EXPECT_EQ(p.energy->enforced_by, EnforcedBy::host);
  EXPECT_EQ(p.energy->sustainable_w, 1050);
  EXPECT_EQ(p.energy->dissipation_j_per_min, 63000);
  EXPECT_EQ(p.energy->min_wait_floor_s, 0.5);
  EXPECT_EQ(p.lockout->post_train_s, 0.5);
  EXPECT_EQ(p.lockout->enforced_by, EnforcedBy::device);
  EXPECT_EQ(p.coil_temperature_limit->cutoff_c, 40);
  EXPECT_EQ(p.coil_temperature_limit->enforced_by, EnforcedBy::device);
  // The frequency range ends where the cap table's highest row does.
  EXPECT_EQ(p.limit(Parameter::frequency)->max, p.frequency_cap->rows.front().max_hz);
}

// Profiles others add to fixtures/profiles/ must load too.
TEST(ShippedProfiles, EveryProfileInFixturesLoads) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures + "/profiles")) {
    if (entry.path().extension() != ".yaml") continue;
    ++count;
    auto loaded = load_profile_file(entry.path().string());
    EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message);
    if (loaded.ok()) {
      EXPECT_EQ(loaded->name, entry.path().stem().string());
    }
  }
  EXPECT_GE(count, 1);
}

TEST(ResolveProfilePath, NameMapsIntoFixtures) {
  auto path = resolve_profile_path("reference", kFixtures);
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_EQ(*path, kReference);
  auto profile = load_profile("reference", kFixtures);
  ASSERT_TRUE(profile.ok()) << profile.error().message;
  EXPECT_EQ(profile->name, "reference");
}

TEST(ResolveProfilePath, PathsAreUsedAsIs) {
  auto path = resolve_profile_path(kReference, "/nonexistent");
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(*path, kReference);
  auto missing = resolve_profile_path("somewhere/else.yaml", kFixtures);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(missing.error().message, "profile file not found: somewhere/else.yaml");
  // A bare file name ending in .yaml is a path (relative to the working directory).
  auto bare = resolve_profile_path("reference.yaml", kFixtures);
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.error().message, "profile file not found: reference.yaml");
}

TEST(ResolveProfilePath, UnknownNameListsKnownProfiles) {
  std::string pattern = (std::filesystem::temp_directory_path() / "stimbench-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  const std::filesystem::path dir(pattern);
  std::filesystem::create_directories(dir / "profiles");
  std::ofstream(dir / "profiles" / "magstim-rapid2.yaml") << "x";
  std::ofstream(dir / "profiles" / "reference.yaml") << "x";
  std::ofstream(dir / "profiles" / "notes.txt") << "x";
  auto result = resolve_profile_path("referense", dir.string());
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(result.error().message,
            "unknown profile 'referense': no " + (dir / "profiles" / "referense.yaml").string() +
                " (did you mean 'reference'?); known profiles: magstim-rapid2, reference");
  EXPECT_FALSE(resolve_profile_path("", kFixtures).ok());
}

TEST(LoadProfileFile, MissingFile) {
  auto result = load_profile_file(kFixtures + "/profiles/none.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(result.error().message, kFixtures + "/profiles/none.yaml: error: no such file");
}

}  // namespace
}  // namespace stimbench
