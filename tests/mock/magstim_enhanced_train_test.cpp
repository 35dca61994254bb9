// The Rapid² mock's answers to a train duration (`[`) while enhanced power is on: the three
// safe readings of T087 6.7 (MockOptions::enhanced_train) and the enhanced-power-in-train
// defect, which lets a 110 % train happen on the device side.
#include <gtest/gtest.h>

#include <algorithm>

#include "devices/mock/mock_defects.hpp"
#include "tests/drivers/magstim_test_profiles.hpp"
#include "tests/mock/magstim_unit.hpp"

namespace stimbench::test {
namespace {

DeviceProfile enhanced_rapid() {
  DeviceProfile p = rapid_profile();
  p.capabilities = {"remote", "keepalive",      "single_pulse",  "single_pulse_mode",
                    "train",  "train_duration", "enhanced_power"};
  return p;
}

MockOptions with_mode(EnhancedTrainMode mode) {
  MockOptions o;
  o.enhanced_train = mode;
  return o;
}

// Remote control, enhanced power on and 110 %: the state every reading starts from.
void at_110(Unit& unit) {
  unit.remote();
  ASSERT_EQ(unit.ask("^@").size(), 4u);
  ASSERT_EQ(unit.ask("@110").size(), 3u);
}

magstim::RapidStatus rapid_status(const Bytes& reply) {
  EXPECT_EQ(reply.size(), 4u);
  return magstim::decode_rapid_status(reply.size() > 2 ? reply[2] : 0);
}

// From 110 % with enhanced power on, asks for a 1 s train; the variant accepts it.
magstim::RapidStatus accepted_train_mode(Unit& unit) {
  at_110(unit);
  magstim::RapidStatus s = rapid_status(unit.ask("[0010"));
  EXPECT_FALSE(s.single_pulse);
  EXPECT_EQ(unit.device().readback(Parameter::train_duration), 1);
  return s;
}

TEST(MagstimEnhancedTrain, RefuseIsTheDefaultAndChangesNothing) {
  EXPECT_EQ(MockOptions{}.enhanced_train, EnhancedTrainMode::refuse);
  Unit unit(enhanced_rapid());
  at_110(unit);
  EXPECT_EQ(unit.ask("[0010"), refused('[', 'S'));
  EXPECT_EQ(unit.device().readback(Parameter::train_duration), 0);
  EXPECT_EQ(unit.device().readback(Parameter::enhanced_power), 1);
  EXPECT_EQ(unit.device().readback(Parameter::power), 110);
  EXPECT_EQ(unit.ask("[0000").size(), 4u);  // single-pulse mode stays selectable
}

TEST(MagstimEnhancedTrain, DropLeavesEnhancedPowerAndComesBackTo100) {
  Unit unit(enhanced_rapid(), with_mode(EnhancedTrainMode::drop_enhanced));
  EXPECT_FALSE(accepted_train_mode(unit).enhanced_power);
  EXPECT_EQ(unit.device().readback(Parameter::enhanced_power), 0);
  EXPECT_EQ(unit.device().readback(Parameter::power), 100);
  EXPECT_EQ(unit.ask("@101"), refused('@', '?'));  // the base range again
  EXPECT_EQ(unit.ask("^@"), refused('^', 'S'));    // and no way back in train mode
}

TEST(MagstimEnhancedTrain, KeepStaysAt110InTrainModeAndWouldFireThere) {
  Unit unit(enhanced_rapid(), with_mode(EnhancedTrainMode::keep_power));
  EXPECT_TRUE(accepted_train_mode(unit).enhanced_power);
  EXPECT_EQ(unit.device().readback(Parameter::power), 110);
  // The device would run the train at 110 %: only the host's interlock stands in the way.
  ASSERT_EQ(unit.ask("B0010").size(), 4u);
  ASSERT_EQ(unit.ask("D00002").size(), 4u);
  ASSERT_EQ(unit.ask("EB").size(), 3u);
  unit.wait_ms(400);
  ASSERT_EQ(unit.ask("EH").size(), 3u);
  EXPECT_TRUE(unit.device().train_running());
  EXPECT_EQ(unit.device().last_pulse_power(), 110);
}

TEST(MagstimEnhancedTrain, ARefusedValueChangesNothingInEveryMode) {
  for (EnhancedTrainMode mode : {EnhancedTrainMode::refuse, EnhancedTrainMode::drop_enhanced,
                                 EnhancedTrainMode::keep_power}) {
    Unit unit(enhanced_rapid(), with_mode(mode));
    at_110(unit);
    // 100.1 s is above the V9 maximum; refuse answers the conflict before the value.
    const char marker = mode == EnhancedTrainMode::refuse ? 'S' : '?';
    EXPECT_EQ(unit.ask("[1001"), refused('[', marker)) << to_string(mode);
    EXPECT_EQ(unit.device().readback(Parameter::enhanced_power), 1) << to_string(mode);
    EXPECT_EQ(unit.device().readback(Parameter::power), 110) << to_string(mode);
    EXPECT_EQ(unit.device().readback(Parameter::train_duration), 0) << to_string(mode);
  }
}

TEST(MagstimEnhancedTrain, WithoutEnhancedPowerEveryModeSelectsTrainMode) {
  for (EnhancedTrainMode mode : {EnhancedTrainMode::refuse, EnhancedTrainMode::drop_enhanced,
                                 EnhancedTrainMode::keep_power}) {
    Unit unit(enhanced_rapid(), with_mode(mode));
    unit.remote();
    ASSERT_EQ(unit.ask("@080").size(), 3u);
    EXPECT_EQ(unit.ask("[0010").size(), 4u) << to_string(mode);
    EXPECT_EQ(unit.device().readback(Parameter::power), 80) << to_string(mode);
  }
}

TEST(MagstimEnhancedTrain, OnlyForProfilesWithEnhancedPower) {
  for (EnhancedTrainMode mode : {EnhancedTrainMode::drop_enhanced, EnhancedTrainMode::keep_power}) {
    Result<MockStimulator> m = MockStimulator::create(magstim_profile("200"), with_mode(mode));
    ASSERT_FALSE(m.ok()) << to_string(mode);
    EXPECT_EQ(m.error().code, ErrorCode::invalid_input);
    EXPECT_NE(m.error().message.find("needs a profile with enhanced power"), std::string::npos)
        << m.error().message;
  }
  EXPECT_TRUE(MockStimulator::create(magstim_profile("200")).ok());
  EXPECT_EQ(std::string(to_string(EnhancedTrainMode::drop_enhanced)), "drop");
}

TEST(MagstimEnhancedPowerInTrain, ListedOnlyWhereThereIsEnhancedPower) {
  auto names = [](const DeviceProfile& p) {
    std::vector<std::string> out;
    for (const DefectInfo& d : defects_for_profile(p)) out.push_back(d.name);
    return out;
  };
  std::vector<std::string> rapid = names(enhanced_rapid());
  EXPECT_NE(std::find(rapid.begin(), rapid.end(), "enhanced-power-in-train"), rapid.end());
  DeviceProfile plain = enhanced_rapid();
  plain.capabilities.pop_back();  // no enhanced_power
  std::vector<std::string> other = names(plain);
  EXPECT_EQ(std::find(other.begin(), other.end(), "enhanced-power-in-train"), other.end());
  ASSERT_TRUE(parse_defect("enhanced-power-in-train").ok());
}

TEST(MagstimEnhancedPowerInTrain, EnhancedPowerInTrainModeRunsA110Train) {
  MockOptions o;
  o.defects = {MockDefect::enhanced_power_in_train};
  Unit unit(enhanced_rapid(), o);
  unit.remote();
  ASSERT_EQ(unit.ask("[0010").size(), 4u);
  magstim::RapidStatus s = rapid_status(unit.ask("^@"));  // a correct unit answers `^S`
  EXPECT_TRUE(s.enhanced_power);
  EXPECT_FALSE(s.single_pulse);
  ASSERT_EQ(unit.ask("@110").size(), 3u);
  ASSERT_EQ(unit.ask("B0010").size(), 4u);
  ASSERT_EQ(unit.ask("EB").size(), 3u);
  unit.wait_ms(400);
  ASSERT_EQ(unit.ask("EH").size(), 3u);
  EXPECT_EQ(unit.device().last_pulse_power(), 110);
  // The rules it does not break still hold: 111 % and 101 % without enhanced power.
  EXPECT_EQ(unit.ask("EA").size(), 3u);
  unit.wait_ms(2000);
  EXPECT_EQ(unit.ask("@111"), refused('@', '?'));
}

TEST(MagstimEnhancedPowerInTrain, TheCorrectUnitRefusesEnhancedPowerInTrainMode) {
  Unit unit(enhanced_rapid());
  unit.remote();
  ASSERT_EQ(unit.ask("[0010").size(), 4u);
  EXPECT_EQ(unit.ask("^@"), refused('^', 'S'));
  EXPECT_EQ(unit.ask("@110"), refused('@', '?'));
  EXPECT_FALSE(unit.device().last_pulse_power().has_value());
}

}  // namespace
}  // namespace stimbench::test
