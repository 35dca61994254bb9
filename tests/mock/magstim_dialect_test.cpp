// The mock's Magstim dialect on its own: framing, golden frames from protocols.md §1.2,
// refusals, remote control and version-dependent widths (§1.5, §1.6, §5).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "devices/protocols/magstim/codec.hpp"
#include "tests/drivers/magstim_test_profiles.hpp"
#include "tests/mock/magstim_unit.hpp"

namespace stimbench::test {
namespace {

TEST(MagstimDialectGolden, RemoteOnIsTheWorkedExample) {
  Unit unit(rapid_profile());
  EXPECT_EQ(frame("Q@"), hex("51 40 6E"));
  // Remote, coil present, standby: 0x89, checksum 0x25 (§1.2).
  EXPECT_EQ(unit.one(hex("51 40 6E")), hex("51 89 25"));
  EXPECT_TRUE(unit.device().remote());
}

TEST(MagstimDialectGolden, PowerAndArmFrames) {
  Unit unit(rapid_profile());
  unit.remote();
  EXPECT_EQ(unit.one(to_bytes("@065$")), hex("40 89 36"));  // 0x40+0x89 = 0xC9, ~ = 0x36
  EXPECT_EQ(unit.device().readback(Parameter::power), 65);
  EXPECT_EQ(unit.one(to_bytes("@050*")), frame("@\x89"));  // vendor example T087 §11.2
  EXPECT_EQ(unit.device().readback(Parameter::power), 50);
  // Arm: armed + coil + remote = 0x8A; 0x45+0x8A = 0xCF, ~ = 0x30.
  EXPECT_EQ(unit.one(to_bytes("EBx")), hex("45 8A 30"));
  EXPECT_EQ(unit.device().state(), MockState::armed);
}

TEST(MagstimDialectGolden, ReadyMadeChecksumsAreValidFrames) {
  Unit rapid(rapid_profile());
  // Answered without remote control, each with its echo.
  for (const char* ready : {"R@m", "EAy", "F@y", "\\@c", "x@G", "NDm", "I@v", "o@P"}) {
    Bytes reply = rapid.one(to_bytes(ready));
    ASSERT_GE(reply.size(), 3u) << ready;
    EXPECT_EQ(reply[0], static_cast<std::uint8_t>(ready[0])) << ready;
    EXPECT_NE(reply[1], 'S') << ready;
    EXPECT_TRUE(magstim::checksum_valid(reply)) << ready;
  }
  // Valid frames that need remote control: `S`, not `?`.
  for (const char* ready : {"EHr", "b@]", "^@a"}) {
    EXPECT_EQ(rapid.one(to_bytes(ready)), refused(ready[0], 'S')) << ready;
  }
  EXPECT_EQ(rapid.one(Bytes{'_', '@', 0x60}), refused('_', 'S'));

  Unit bistim(magstim_profile("bistim"));
  EXPECT_EQ(bistim.one(to_bytes("J@u")).size(), 12u);
  EXPECT_EQ(bistim.one(to_bytes("X@g")).size(), 4u);
  bistim.remote();
  EXPECT_EQ(bistim.one(to_bytes("Y@f")), frame("Y\x89"));
  EXPECT_EQ(bistim.one(to_bytes("Z@e")), frame("Z\x89"));
}

TEST(MagstimDialectFraming, SplitBytesMakeOneFrame) {
  Unit unit(rapid_profile());
  EXPECT_TRUE(unit.send(to_bytes("Q")).empty());
  EXPECT_TRUE(unit.send(to_bytes("@")).empty());
  EXPECT_EQ(unit.send(to_bytes("n")), std::vector<Bytes>{hex("51 89 25")});
}

TEST(MagstimDialectFraming, ConcatenatedFramesGetOneReplyEach) {
  Unit unit(rapid_profile());
  Bytes all = to_bytes("Q@n");
  for (const char* next : {"@065$", "EBx"}) {
    Bytes b = to_bytes(next);
    all.insert(all.end(), b.begin(), b.end());
  }
  Bytes tail = frame("@06");  // and the start of a 4th frame
  all.insert(all.end(), tail.begin(), tail.end() - 1);
  std::vector<Bytes> replies = unit.send(all);
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[0], hex("51 89 25"));
  EXPECT_EQ(replies[1], hex("40 89 36"));
  EXPECT_EQ(replies[2], hex("45 8A 30"));
  EXPECT_TRUE(unit.send(to_bytes("0")).empty());
}

TEST(MagstimDialectFraming, WrongChecksumIsBadDataAndHasNoEffect) {
  Unit unit(rapid_profile());
  EXPECT_EQ(unit.one(hex("51 40 00")), refused('Q', '?'));
  EXPECT_FALSE(unit.device().remote());
  unit.remote();
  EXPECT_EQ(unit.one(to_bytes("@065#")), refused('@', '?'));
  EXPECT_EQ(unit.device().readback(Parameter::power), 30);  // the default, unchanged
}

TEST(MagstimDialectFraming, UnknownCharacterIsALoneQuestionMark) {
  Unit unit(rapid_profile());
  std::vector<Bytes> replies = unit.send(Bytes{'K', 0x0D, 'Q', '@', 'n'});
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[0], to_bytes("?"));
  EXPECT_EQ(replies[1], to_bytes("?"));
  EXPECT_EQ(replies[2], hex("51 89 25"));
}

TEST(MagstimDialectFraming, CommandsTheVariantLacksAreUnknown) {
  Unit v8(rapid_profile("8.0"));
  EXPECT_EQ(v8.send(to_bytes("x")), std::vector<Bytes>{to_bytes("?")});  // V9+ only
  Unit m200(magstim_profile("200"));
  EXPECT_EQ(m200.send(to_bytes("\\")), std::vector<Bytes>{to_bytes("?")});  // Rapid only
  Unit rapid(rapid_profile());
  EXPECT_EQ(rapid.send(to_bytes("A")), std::vector<Bytes>{to_bytes("?")});  // BiStim only
  EXPECT_EQ(rapid.send(to_bytes("J")), std::vector<Bytes>{to_bytes("?")});  // 200²/BiStim²
}

TEST(MagstimDialectRemote, WithoutRemoteOnlyQueriesAndDisarmAnswer) {
  Unit unit(rapid_profile());
  EXPECT_EQ(unit.one(to_bytes("@065$")), refused('@', 'S'));
  EXPECT_EQ(unit.one(to_bytes("EBx")), refused('E', 'S'));
  EXPECT_EQ(unit.one(to_bytes("EHr")), refused('E', 'S'));
  EXPECT_EQ(unit.ask("B0100"), refused('B', 'S'));
  EXPECT_EQ(unit.one(to_bytes("EAy")), frame("E\x09"));  // standby + coil
  EXPECT_EQ(unit.one(to_bytes("R@m")), frame("R\x09"));
  EXPECT_EQ(unit.device().state(), MockState::standby);
}

TEST(MagstimDialectRemote, UnlockCodeConfigured) {
  MockOptions options;
  options.unlock_code = "ABCD-12345678-EF";
  Unit unit(rapid_profile(), options);
  EXPECT_EQ(unit.ask("Q@"), refused('Q', '?'));
  EXPECT_EQ(unit.ask("QABCD-12345678-EE"), refused('Q', '?'));
  EXPECT_FALSE(unit.device().remote());
  EXPECT_EQ(unit.ask("QABCD-12345678-EF"), hex("51 89 25"));
  EXPECT_TRUE(unit.device().remote());
}

TEST(MagstimDialectRemote, AnyWellFormedCodeWithoutAConfiguredOne) {
  Unit unit(rapid_profile());
  EXPECT_EQ(unit.ask("QWXYZ-00000000-01"), hex("51 89 25"));
}

TEST(MagstimDialectVersions, RapidParameterWidthsFollowTheVersion) {
  Unit v8(rapid_profile("8.0"));
  Bytes old_reply = v8.one(to_bytes("\\@c"));
  EXPECT_EQ(old_reply.size(), 22u);
  Unit v9(rapid_profile("9.0.0"));
  Bytes new_reply = v9.one(to_bytes("\\@c"));
  ASSERT_EQ(new_reply.size(), 24u);
  auto parsed = magstim::parse_rapid_parameters(
      magstim::parse_reply('\\', new_reply, magstim::Version{9, 0, 0, 3}).value(),
      magstim::Version{9, 0, 0, 3});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->power, 30);
  EXPECT_EQ(parsed->frequency_tenths, 100);
  EXPECT_EQ(parsed->wait_tenths, 5);
  EXPECT_TRUE(parsed->rapid.single_pulse);  // powers up with train_duration 0
}

TEST(MagstimDialectVersions, PulsesAndDurationFrameLengths) {
  Unit v8(rapid_profile("8.0"));
  v8.remote();
  EXPECT_EQ(v8.ask("D0100").size(), 4u);  // 6-byte frame before V9
  EXPECT_EQ(v8.device().readback(Parameter::pulses), 100);
  EXPECT_EQ(v8.ask("[050").size(), 4u);
  EXPECT_DOUBLE_EQ(*v8.device().readback(Parameter::train_duration), 5.0);

  Unit v9(rapid_profile("9.0.0"));
  v9.remote();
  Bytes six = frame("D0100");
  EXPECT_TRUE(v9.send(six).empty());  // V9 expects 7 bytes: still waiting
  Unit fresh(rapid_profile("9.0.0"));
  fresh.remote();
  EXPECT_EQ(fresh.ask("D00100").size(), 4u);
  EXPECT_EQ(fresh.device().readback(Parameter::pulses), 100);
  EXPECT_EQ(fresh.ask("[0000"), frame(std::string("[\x89\x38")));  // single-pulse bit set
}

TEST(MagstimDialectRefusals, RangeAndCap) {
  Unit unit(rapid_profile());
  unit.remote();
  EXPECT_EQ(unit.ask("@101"), refused('@', '?'));    // above max: invalid data
  EXPECT_EQ(unit.ask("B0500"), frame("B\x89\x38"));  // 50 Hz at 30 %: at the cap
  EXPECT_EQ(unit.ask("@031"), refused('@', 'S'));    // would put 50 Hz above 15 Hz
  EXPECT_EQ(unit.ask("B0100").size(), 4u);
  EXPECT_EQ(unit.ask("@060").size(), 3u);
  EXPECT_EQ(unit.ask("B0200"), refused('B', '?'));  // 20 Hz above the 15 Hz cap
  EXPECT_EQ(unit.ask("B01x0"), refused('B', '?'));  // not digits
  EXPECT_EQ(unit.ask("EX"), refused('E', '?'));
}

TEST(MagstimDialectFiring, SinglePulseAndTrain) {
  Unit unit(rapid_profile());
  unit.remote();
  ASSERT_EQ(unit.ask("[0000").size(), 4u);
  ASSERT_EQ(unit.ask("EB").size(), 3u);
  EXPECT_EQ(unit.ask("EB"), refused('E', 'S'));  // arm while armed
  unit.wait_ms(400);
  EXPECT_EQ(unit.ask("EH"), frame("E\x8E"));  // armed + ready + coil + remote
  EXPECT_EQ(unit.device().pulses_delivered(), 1u);
  EXPECT_EQ(unit.ask("EH"), refused('E', 'S'));  // one pulse per second in single-pulse mode

  ASSERT_EQ(unit.ask("[0010").size(), 4u);  // 1 s: train mode
  ASSERT_EQ(unit.ask("D00005").size(), 4u);
  EXPECT_EQ(unit.ask("EH").size(), 3u);
  EXPECT_TRUE(unit.device().train_running());
  Bytes status = unit.ask("x@");
  ASSERT_EQ(status.size(), 6u);
  EXPECT_TRUE(magstim::decode_rapid_status(status[2]).train);
  unit.wait_ms(600);  // 5 pulses at 10 Hz, then the 500 ms wait
  status = unit.ask("x@");
  EXPECT_FALSE(magstim::decode_rapid_status(status[2]).train);
  EXPECT_TRUE(magstim::decode_rapid_status(status[2]).wait);
  EXPECT_EQ(unit.ask("@040"), refused('@', 'S'));  // post-train lockout
  EXPECT_EQ(unit.device().pulses_delivered(), 6u);
}

TEST(MagstimDialectQueries, VersionTemperatureAndBiStimParameters) {
  Unit rapid(rapid_profile("9.0.0"));
  EXPECT_EQ(rapid.ask("ND"), frame(std::string("NV9.0.0\0", 8)));
  EXPECT_EQ(rapid.ask("F@"), frame("F\x09"
                                   "240240"));
  EXPECT_EQ(rapid.ask("I@"), frame("I\x09"
                                   "E00"));

  Unit bistim(magstim_profile("bistim"));
  bistim.remote();
  EXPECT_EQ(bistim.ask("A045").size(), 3u);
  EXPECT_EQ(bistim.ask("C000").size(), 3u);
  EXPECT_EQ(bistim.ask("J@"), frame("J\x89"
                                    "030045000"));
  EXPECT_EQ(bistim.ask("X@"), frame("X\x89"
                                    "1"));  // interval 0: simultaneous discharge

  Unit m200(magstim_profile("200"));
  EXPECT_EQ(m200.ask("J@"), frame("J\x09"
                                  "030000000"));
}

TEST(MagstimDialectWatchdog, ArmedWithoutCommandsDisarmsAndLeavesRemote) {
  Unit unit(rapid_profile());
  unit.remote();
  ASSERT_EQ(unit.ask("EB").size(), 3u);
  unit.wait_ms(500);
  EXPECT_EQ(unit.ask("x@")[1], 0x8E);  // fed: still armed and ready
  unit.wait_ms(1100);
  EXPECT_EQ(unit.ask("x@")[1], 0x09);  // standby, coil present, no remote
  EXPECT_EQ(unit.device().watchdog_disarms(), 1u);
}

}  // namespace
}  // namespace stimbench::test
