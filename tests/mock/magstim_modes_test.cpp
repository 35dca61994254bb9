// The mock's Magstim mode switches: Rapid² enhanced power (T087 6.7-6.8) and BiStim²
// high-resolution timing (T086 4.3, 4.7-4.8), with the rules protocols.md §5 fixes.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/drivers/magstim_test_profiles.hpp"
#include "tests/mock/magstim_unit.hpp"

namespace stimbench::test {
namespace {

TEST(MagstimEnhancedPower, AllowsUpTo110InSinglePulseModeOnly) {
  Unit unit(rapid_profile());
  unit.remote();
  ASSERT_EQ(unit.ask("@100").size(), 3u);
  EXPECT_EQ(unit.ask("@101"), refused('@', '?'));
  // Ready-made frame `^@a`; reply `^` instr rapid chk with Rapid status bit0 set.
  Bytes on = unit.one(to_bytes("^@a"));
  ASSERT_EQ(on.size(), 4u);
  EXPECT_EQ(on[0], '^');
  EXPECT_TRUE(magstim::decode_rapid_status(on[2]).enhanced_power);
  EXPECT_TRUE(magstim::decode_rapid_status(on[2]).single_pulse);
  EXPECT_EQ(unit.ask("@110").size(), 3u);
  EXPECT_EQ(unit.device().readback(Parameter::power), 110);
  EXPECT_EQ(unit.ask("@111"), refused('@', '?'));
  EXPECT_EQ(unit.ask("[0010"), refused('[', 'S'));  // no train mode while enhanced
  EXPECT_EQ(unit.device().readback(Parameter::train_duration), 0);
  // `_@` + 0x60: off, and the power comes back within 100 %.
  Bytes off = unit.one(Bytes{'_', '@', 0x60});
  ASSERT_EQ(off.size(), 4u);
  EXPECT_FALSE(magstim::decode_rapid_status(off[2]).enhanced_power);
  EXPECT_EQ(unit.device().readback(Parameter::power), 100);
  EXPECT_EQ(unit.device().readback(Parameter::enhanced_power), 0);
}

TEST(MagstimEnhancedPower, RefusedInTrainMode) {
  Unit unit(rapid_profile());
  unit.remote();
  ASSERT_EQ(unit.ask("[0010").size(), 4u);
  EXPECT_EQ(unit.one(to_bytes("^@a")), refused('^', 'S'));
  EXPECT_EQ(unit.device().readback(Parameter::enhanced_power), 0);
}

TEST(MagstimEnhancedPower, AboveOneHundredOnePulsePerTwoSeconds) {
  Unit unit(rapid_profile());
  unit.remote();
  ASSERT_EQ(unit.ask("^@").size(), 4u);
  ASSERT_EQ(unit.ask("@105").size(), 3u);
  ASSERT_EQ(unit.ask("EB").size(), 3u);
  // Armed: the watchdog wants a command every second, as the driver's 500 ms poll gives it.
  auto polled_wait = [&](int ms) {
    for (; ms > 0; ms -= 500) {
      unit.wait_ms(std::min(ms, 500));
      ASSERT_EQ(unit.ask("x@").size(), 6u);
    }
  };
  polled_wait(400);
  EXPECT_EQ(unit.ask("EH"), frame("E\x8E"));
  polled_wait(1500);
  EXPECT_EQ(unit.ask("EH"), refused('E', 'S'));  // 1.5 s: too soon above 100 %
  polled_wait(600);
  EXPECT_EQ(unit.ask("EH"), frame("E\x8E"));
  ASSERT_EQ(unit.ask("@100").size(), 3u);
  polled_wait(1100);
  EXPECT_EQ(unit.ask("EH"), frame("E\x8E"));  // at 100 % the 1 s rule applies
  EXPECT_EQ(unit.device().pulses_delivered(), 3u);
}

TEST(MagstimEnhancedPower, NeedsRemoteControl) {
  Unit unit(rapid_profile());
  EXPECT_EQ(unit.one(to_bytes("^@a")), refused('^', 'S'));
}

TEST(MagstimBiStimTiming, HighResolutionTakesTenthsOfMilliseconds) {
  Unit unit(magstim_profile("bistim"));
  unit.remote();
  ASSERT_EQ(unit.ask("C020").size(), 3u);
  EXPECT_EQ(unit.ask("X@"), frame("X\x89"
                                  "2"));  // low resolution
  EXPECT_EQ(unit.one(to_bytes("Y@f")), frame("Y\x89"));
  EXPECT_EQ(unit.device().readback(Parameter::interval), 1);  // reset to 1 ms
  EXPECT_EQ(unit.ask("X@"), frame("X\x89"
                                  "4"));  // high resolution
  ASSERT_EQ(unit.ask("C025").size(), 3u);
  EXPECT_DOUBLE_EQ(*unit.device().readback(Parameter::interval), 2.5);
  EXPECT_EQ(unit.ask("J@"), frame("J\x89"
                                  "030030025"));  // reported in the units `C` takes
  ASSERT_EQ(unit.ask("C999").size(), 3u);
  EXPECT_DOUBLE_EQ(*unit.device().readback(Parameter::interval), 99.9);
  EXPECT_EQ(unit.one(to_bytes("Z@e")), frame("Z\x89"));
  EXPECT_EQ(unit.device().readback(Parameter::interval), 10);  // reset to 10 ms
  EXPECT_EQ(unit.ask("C999").size(), 3u);                      // whole ms again
  EXPECT_EQ(unit.device().readback(Parameter::interval), 999);
}

TEST(MagstimBiStimTiming, NotWhileArmed) {
  Unit unit(magstim_profile("bistim"));
  unit.remote();
  ASSERT_EQ(unit.ask("EB").size(), 3u);
  EXPECT_EQ(unit.one(to_bytes("Y@f")), refused('Y', 'S'));
  EXPECT_EQ(unit.device().readback(Parameter::high_resolution), 0);
  ASSERT_EQ(unit.ask("EA").size(), 3u);
  EXPECT_EQ(unit.one(to_bytes("Y@f")), frame("Y\x89"));
}

TEST(MagstimBiStimTiming, ModesAreUnknownToOtherVariants) {
  // The unit answers the unknown first byte with a lone `?` (the rest starts a new frame).
  for (const char* ready : {"Y@f", "Z@e", "^@a"}) {
    Unit m200(magstim_profile("200"));
    EXPECT_EQ(m200.send(to_bytes(ready)).at(0), Bytes{'?'}) << ready;
  }
  Unit rapid(rapid_profile());
  EXPECT_EQ(rapid.send(to_bytes("Y@f")).at(0), Bytes{'?'});
  Unit bistim(magstim_profile("bistim"));
  EXPECT_EQ(bistim.send(to_bytes("^@a")).at(0), Bytes{'?'});
}

TEST(MagstimStandbyKeepAlive, TenSecondsOfSilenceUnderRemoteEndsRemoteControl) {
  DeviceProfile profile = rapid_profile();
  profile.standby_keepalive_timeout_s = 10;
  Unit unit(profile);
  unit.remote();
  unit.wait_ms(9'999);
  EXPECT_TRUE(unit.device().remote());
  ASSERT_EQ(unit.ask("x@").size(), 6u);  // a poll restarts the 10 s
  unit.wait_ms(9'999);
  EXPECT_TRUE(unit.device().remote());
  unit.wait_ms(1);
  EXPECT_FALSE(unit.device().remote());
  EXPECT_EQ(unit.device().standby_remote_losses(), 1u);
  EXPECT_EQ(unit.ask("@030"), refused('@', 'S'));  // settings need remote control again
}

TEST(MagstimStandbyKeepAlive, NoRuleInTheProfileNoLoss) {
  Unit unit(rapid_profile());
  unit.remote();
  unit.wait_ms(60'000);
  EXPECT_TRUE(unit.device().remote());
}

}  // namespace
}  // namespace stimbench::test
