// Bad profiles: every problem reported as "file:line:column: message", one per line.
#include <gtest/gtest.h>

#include "harness/config/profile_loader.hpp"

namespace stimbench {
namespace {

const std::string kMinimal =
    "profile: p\n"
    "family: reference\n"
    "limits:\n"
    "  power: {min: 0, max: 100, step: 1}\n";

// The error message of a profile that must fail to load.
std::string errors(const std::string& text) {
  auto result = load_profile_text(text, "p.yaml");
  EXPECT_FALSE(result.ok()) << text;
  if (result.ok()) return "";
  EXPECT_EQ(result.error().code, ErrorCode::invalid_input);
  return result.error().message;
}

TEST(ProfileText, MinimalProfileGetsDefaults) {
  auto result = load_profile_text(kMinimal, "p.yaml");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->name, "p");
  EXPECT_FALSE(result->verified);  // unverified unless a profile says otherwise
  EXPECT_EQ(result->refusal_style, RefusalStyle::reply);
  EXPECT_EQ(result->serial.baud, 115200);
  ASSERT_EQ(result->limits.size(), 1u);
  EXPECT_EQ(result->limits[0].enforced_by, EnforcedBy::device);
  EXPECT_EQ(result->limits[0].unit, "");
}

TEST(ProfileText, TopLevelModelIsTheIdentityModelUnlessIdentityHasOne) {
  auto fallback = load_profile_text(kMinimal + "model: Rapid2\n", "p.yaml");
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(fallback->identity.model, "Rapid2");
  auto own = load_profile_text(kMinimal + "model: Rapid2\nidentity: {model: R2-9}\n", "p.yaml");
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->identity.model, "R2-9");
}

TEST(ProfileText, ReadbackHostAndSerialOptions) {
  auto result = load_profile_text(
      "profile: mv\nfamily: magventure\nvariant: r30\nrefusal_style: readback\n"
      "serial: {baud: 9600, data_bits: 7, parity: even, stop_bits: 2, flow_control: rtscts}\n"
      "limits:\n  frequency: {min: 0.1, max: 30, step: 0.1, unit: Hz, enforced_by: host}\n",
      "p.yaml");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->family, "magventure");
  EXPECT_EQ(result->refusal_style, RefusalStyle::readback);
  EXPECT_EQ(result->serial.baud, 9600);
  EXPECT_EQ(result->serial.data_bits, 7);
  EXPECT_EQ(result->serial.parity, Parity::even);
  EXPECT_EQ(result->serial.stop_bits, 2);
  EXPECT_EQ(result->serial.flow_control, FlowControl::rtscts);
  ASSERT_NE(result->limit(Parameter::frequency), nullptr);
  EXPECT_EQ(result->limit(Parameter::frequency)->enforced_by, EnforcedBy::host);
  EXPECT_EQ(result->limit(Parameter::power), nullptr);
}

TEST(ProfileErrors, UnknownKeysSuggestTheClosest) {
  EXPECT_EQ(errors(kMinimal + "verfied: true\n"),
            "p.yaml:5:1: error: unknown key 'verfied' (did you mean 'verified'?)");
  EXPECT_EQ(errors(kMinimal + "identity: {maker: x, vendor: y}\n"),
            "p.yaml:5:22: error: unknown key 'vendor'");
  EXPECT_EQ(errors("profile: p\nfamily: reference\nlimits:\n  powr: {min: 0, max: 1, step: 1}\n"),
            "p.yaml:4:3: error: unknown parameter 'powr' (did you mean 'power'?)");
  EXPECT_EQ(errors("profile: p\nfamily: reference\nlimits:\n  power: {min: 0, max: 1, stpe: 1}\n"),
            "p.yaml:4:3: error: limit 'power' needs 'step'\n"
            "p.yaml:4:27: error: unknown key 'stpe' (did you mean 'step'?)");
}

TEST(ProfileErrors, LimitChecks) {
  EXPECT_EQ(
      errors("profile: p\nfamily: reference\nlimits:\n  power: {min: 100, max: 0, step: 1}\n"),
      "p.yaml:4:3: error: limit 'power' has min 100 above max 0");
  EXPECT_EQ(errors("profile: p\nfamily: reference\nlimits:\n  power: {min: 0, max: 1, step: 0}\n"),
            "p.yaml:4:33: error: 'power.step' must be above 0");
  EXPECT_EQ(errors("profile: p\nfamily: reference\nlimits:\n  power: {min: 0, max: 1, step: -1}\n"),
            "p.yaml:4:33: error: 'power.step' must be above 0");
  EXPECT_EQ(
      errors("profile: p\nfamily: reference\nlimits:\n  power: {min: 0, max: one, step: 1}\n"),
      "p.yaml:4:24: error: 'power.max' must be a number, not 'one'");
  EXPECT_EQ(errors("profile: p\nfamily: reference\nlimits: {}\n"),
            "p.yaml:3:1: error: 'limits' must name at least one parameter");
  EXPECT_EQ(errors("profile: p\nfamily: reference\nlimits:\n  power: {min: 0, max: 1, step: 1, "
                   "enforced_by: vendor}\n"),
            "p.yaml:4:49: error: 'power.enforced_by' must be one of device, host, not 'vendor'");
}

TEST(ProfileErrors, ModeLimitChecks) {
  const std::string head = "profile: p\nfamily: reference\nlimits:\n  power: {min: 0, max: 100, ";
  EXPECT_EQ(errors(head + "step: 1, in_mode: {mode: power, max: 110}}\n"),
            "p.yaml:4:54: error: 'power.in_mode.mode' must be a mode switch (enhanced_power, "
            "high_resolution), not 'power'");
  EXPECT_EQ(errors(head + "step: 1, in_mode: {mode: enhanced_power}}\n"),
            "p.yaml:4:38: error: 'power.in_mode' needs 'max'");
  EXPECT_EQ(errors(head + "step: 1, in_mode: {mode: enhanced_power, max: 110, stp: 1}}\n"),
            "p.yaml:4:80: error: unknown key 'stp' (did you mean 'step'?)");
  EXPECT_EQ(errors(head + "step: 1, in_mode: {mode: enhanced_power, max: -1}}\n"),
            "p.yaml:4:38: error: 'power.in_mode.max' -1 is below min 0");
  auto ok =
      load_profile_text(head + "step: 1, in_mode: {mode: enhanced_power, max: 110}}\n", "p.yaml");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  const ParameterLimit* power = ok->limit(Parameter::power);
  ASSERT_TRUE(power && power->in_mode);
  EXPECT_EQ(power->in_mode->mode, Parameter::enhanced_power);
  EXPECT_EQ(power->effective(true).max, 110);
  EXPECT_EQ(power->effective(true).step, 1);  // the base step unless the mode names one
  EXPECT_EQ(power->effective(false).max, 100);
}

TEST(ProfileErrors, WrongTypesAndValues) {
  EXPECT_EQ(errors(kMinimal + "capabilities: remote\n"),
            "p.yaml:5:15: error: 'capabilities' must be a list, not 'remote' (write [remote])");
  EXPECT_EQ(errors(kMinimal + "verified: maybe\n"),
            "p.yaml:5:11: error: 'verified' must be true or false (or on/off), not 'maybe'");
  EXPECT_EQ(errors(kMinimal + "keepalive_timeout_s: -1\n"),
            "p.yaml:5:22: error: 'keepalive_timeout_s' must be from 0 to 3600, not -1");
  EXPECT_EQ(errors(kMinimal + "capabilities: [remote, keepalvie]\n"),
            "p.yaml:5:24: error: unknown capability 'keepalvie' (did you mean 'keepalive'?)");
  EXPECT_EQ(errors("profile: p\nfamily: magstim\nlimits:\n  power: {min: 0, max: 100, step: 1}\n"),
            "p.yaml:1:1: error: family magstim needs 'variant:' one of 200, bistim, rapid");
  EXPECT_EQ(errors(kMinimal + "ready_delay_s: -0.5\n"),
            "p.yaml:5:16: error: 'ready_delay_s' must be from 0 to 3600, not -0.5");
  EXPECT_EQ(errors(kMinimal + "coil_temperature_c: warm\n"),
            "p.yaml:5:21: error: 'coil_temperature_c' must be a number, not 'warm'");
  EXPECT_EQ(errors(kMinimal + "refusal_style: silent\n"),
            "p.yaml:5:16: error: 'refusal_style' must be one of reply, readback, not 'silent'");
  EXPECT_EQ(errors(kMinimal + "serial: {baud: fast}\n"),
            "p.yaml:5:16: error: 'baud' must be a number, not 'fast'");
  EXPECT_EQ(errors(kMinimal + "serial: {data_bits: 9, stop_bits: 3, parity: mark}\n"),
            "p.yaml:5:21: error: 'data_bits' must be 5 to 8, not 9\n"
            "p.yaml:5:35: error: 'stop_bits' must be 1 or 2, not 3\n"
            "p.yaml:5:46: error: 'parity' must be one of none, odd, even, not 'mark'");
  EXPECT_EQ(errors(kMinimal + "serial: 9600\n"),
            "p.yaml:5:9: error: 'serial' must be a mapping, not '9600'");
  EXPECT_EQ(
      errors("profile: p\nfamily: magstm\nlimits:\n  power: {min: 0, max: 1, step: 1}\n"),
      "p.yaml:2:9: error: 'family' must be one of reference, magstim, magventure, not 'magstm' "
      "(did you mean 'magstim'?)");
  EXPECT_EQ(
      errors("profile: bad name\nfamily: reference\nlimits:\n  power: {min: 0, max: 1, "
             "step: 1}\n"),
      "p.yaml:1:10: error: profile name 'bad name' may only use letters, digits, '_', '.', '-'");
}

TEST(ProfileErrors, MissingKeysAndWholeFileProblems) {
  EXPECT_EQ(errors("source: nowhere\n"),
            "p.yaml:1:1: error: missing required key 'profile'\n"
            "p.yaml:1:1: error: missing required key 'family'\n"
            "p.yaml:1:1: error: missing required key 'limits'");
  EXPECT_EQ(errors(""), "p.yaml: error: the file is empty");
  EXPECT_EQ(errors("- profile: p\n"),
            "p.yaml:1:1: error: not a profile: a profile file holds one mapping with profile:, "
            "family:, limits:, ...");
  EXPECT_EQ(errors("profile: p\nfamily: reference: x\n"),
            "p.yaml:2:18: error: YAML syntax: illegal map value");
}

TEST(ProfileErrors, AllProblemsAreReportedInFileOrder) {
  EXPECT_EQ(errors("profile: p\n"
                   "famly: reference\n"
                   "limits:\n"
                   "  power: {min: 5, max: 1, step: 1}\n"
                   "verified: perhaps\n"),
            "p.yaml:1:1: error: missing required key 'family'\n"
            "p.yaml:2:1: error: unknown key 'famly' (did you mean 'family'?)\n"
            "p.yaml:4:3: error: limit 'power' has min 5 above max 1\n"
            "p.yaml:5:11: error: 'verified' must be true or false (or on/off), not 'perhaps'");
}

}  // namespace
}  // namespace stimbench
