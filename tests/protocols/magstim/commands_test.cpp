// Golden frames from protocols.md §1.2, byte for byte.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "devices/protocols/magstim/codec.hpp"
#include "tests/support/hex.hpp"

namespace stimbench::magstim {
namespace {

TEST(MagstimChecksum, WorkedExamples) {
  EXPECT_EQ(encode('Q'), hex("51 40 6E"));
  EXPECT_EQ(to_hex(arm()), "45 42 78");
  EXPECT_EQ(to_text(arm()), "EBx");
  Result<Bytes> power65 = set_power_a(65);
  ASSERT_TRUE(power65.ok());
  EXPECT_EQ(*power65, hex("40 30 36 35 24"));
  EXPECT_EQ(power65->back(), '$');
  EXPECT_EQ(checksum(hex("51 89")), 0x25);
  EXPECT_EQ(set_power_a(50)->back(), 0x2A);
  EXPECT_EQ(checksum(to_bytes("@050")), '*');
}

TEST(MagstimChecksum, EveryReadyMadeFrame) {
  const std::pair<Bytes, std::string> cases[] = {
      {disable_remote(), "R@m"},
      {disarm(), "EAy"},
      {fire(), "EHr"},
      {get_parameters(), "J@u"},
      {get_temperatures(), "F@y"},
      {get_rapid_parameters(), "\\@c"},
      {get_system_status(), "x@G"},
      {get_version(), "NDm"},
      {get_error_code(), "I@v"},
      {enhanced_power(true), "^@a"},
      {enhanced_power(false), "_@`"},
      {ignore_coil_interlock(), "b@]"},
      {get_bistim_mode(), "X@g"},
      {high_resolution(true), "Y@f"},
      {high_resolution(false), "Z@e"},
      {get_charge_delay(), "o@P"},
      {arm(), "EBx"},
      {enable_remote().value(), "Q@n"},
  };
  for (const auto& [bytes, text] : cases) {
    EXPECT_EQ(to_text(bytes), text) << to_hex(bytes);
    EXPECT_TRUE(checksum_valid(bytes)) << text;
  }
  EXPECT_EQ(enhanced_power(false).back(), 0x60);
}

TEST(MagstimChecksum, ValidityNeedsTwoBytes) {
  EXPECT_FALSE(checksum_valid(Bytes{}));
  EXPECT_FALSE(checksum_valid(Bytes{0xFF}));
  EXPECT_FALSE(checksum_valid(hex("51 40 6F")));
  EXPECT_EQ(frame("Q@"), hex("51 40 6E"));
}

TEST(MagstimCommands, NumbersAreZeroPaddedToTheirWidth) {
  EXPECT_EQ(to_text(set_power_a(0).value()).substr(0, 4), "@000");
  EXPECT_EQ(to_text(set_power_a(110).value()).substr(0, 4), "@110");
  EXPECT_EQ(to_text(set_power_b(7).value()).substr(0, 4), "A007");
  EXPECT_EQ(to_text(set_ipi(999).value()).substr(0, 4), "C999");
  EXPECT_EQ(to_text(set_frequency(105).value()).substr(0, 5), "B0105");
  EXPECT_FALSE(set_power_a(1000).ok());
  EXPECT_EQ(set_power_a(-1).error().code, ErrorCode::invalid_input);
  EXPECT_FALSE(set_frequency(10000).ok());
  EXPECT_FALSE(encode_number('@', 1, 0).ok());
}

TEST(MagstimCommands, WidthsFollowTheVersion) {
  const Version v8{8, 0, 0, 2}, v9{9, 0, 0, 3}, v10{10, 1, 0, 2};
  EXPECT_EQ(to_text(set_pulses(250, v8).value()).substr(0, 5), "D0250");
  EXPECT_EQ(set_pulses(250, v8)->size(), 6u);
  EXPECT_EQ(to_text(set_pulses(250, v9).value()).substr(0, 6), "D00250");
  EXPECT_FALSE(set_pulses(10000, v8).ok());
  EXPECT_TRUE(set_pulses(6000, v9).ok());
  EXPECT_EQ(to_text(set_duration(10, v8).value()).substr(0, 4), "[010");
  EXPECT_EQ(to_text(set_duration(10, v9).value()).substr(0, 5), "[0010");
  EXPECT_FALSE(set_duration(1000, v8).ok());
  EXPECT_EQ(to_text(set_charge_delay(2000, v9).value()).substr(0, 5), "n2000");
  EXPECT_EQ(to_text(set_charge_delay(10000, v10).value()).substr(0, 6), "n10000");
  EXPECT_FALSE(set_charge_delay(10000, v9).ok());
  for (const auto& b : {set_pulses(1, v9).value(), set_duration(0, v8).value()}) {
    EXPECT_TRUE(checksum_valid(b));
  }
}

TEST(MagstimCommands, RemoteControlWithUnlockCode) {
  Result<Bytes> q = enable_remote("ABCD-12345678-9Z");
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 18u);
  EXPECT_EQ(to_text(*q).substr(0, 17), "QABCD-12345678-9Z");
  EXPECT_TRUE(checksum_valid(*q));  // the checksum covers the whole command
  EXPECT_EQ(enable_remote("short").error().code, ErrorCode::invalid_input);
  EXPECT_FALSE(enable_remote("ABCD-12345678-9Z0").ok());
  EXPECT_FALSE(enable_remote("ABCD 12345678-9Z").ok());
  EXPECT_FALSE(enable_remote(std::string("ABCD-1234567\x01-9Z")).ok());
}

TEST(MagstimCommands, ModeByteMatchesTheArmFireLetters) {
  EXPECT_EQ(encode_mode({.disarm = true}), 'A');
  EXPECT_EQ(encode_mode({.arm = true}), 'B');
  EXPECT_EQ(encode_mode({.trigger = true}), 'H');
  Result<ModeByte> fire_mode = decode_mode('H');
  ASSERT_TRUE(fire_mode.ok());
  EXPECT_TRUE(fire_mode->trigger);
  EXPECT_FALSE(fire_mode->arm);
  EXPECT_TRUE(decode_mode('B')->arm);
  EXPECT_TRUE(decode_mode('A')->disarm);
  EXPECT_FALSE(decode_mode(0x02).ok());  // bit6 clear
  EXPECT_FALSE(decode_mode(0x44).ok());  // undefined bit2
}

TEST(MagstimCommands, ReplyShapesFollowTheTable) {
  const Version v0{}, v7{7, 0, 0, 2}, v9{9, 0, 0, 2}, v10{10, 0, 0, 2};
  EXPECT_EQ(reply_shape('Q', v0)->length, 3u);
  EXPECT_EQ(reply_shape('E', v0)->length, 3u);
  EXPECT_EQ(reply_shape('X', v0)->length, 4u);
  EXPECT_EQ(reply_shape('B', v0)->length, 4u);
  EXPECT_EQ(reply_shape('J', v0)->length, 12u);
  EXPECT_EQ(reply_shape('F', v0)->length, 9u);
  EXPECT_EQ(reply_shape('I', v0)->length, 6u);
  EXPECT_EQ(reply_shape('x', v9)->length, 6u);
  EXPECT_EQ(reply_shape('\\', v0)->length, 21u);
  EXPECT_EQ(reply_shape('\\', v7)->length, 22u);
  EXPECT_EQ(reply_shape('\\', v9)->length, 24u);
  EXPECT_EQ(reply_shape('n', v9)->length, 4u);
  EXPECT_EQ(reply_shape('n', v10)->length, 6u);
  EXPECT_EQ(reply_shape('o', v9)->length, 7u);
  EXPECT_EQ(reply_shape('o', v10)->length, 8u);
  EXPECT_TRUE(reply_shape('N', v0)->nul_terminated);
  EXPECT_FALSE(reply_shape('?', v0).has_value());
  EXPECT_FALSE(reply_shape('z', v0).has_value());
}

}  // namespace
}  // namespace stimbench::magstim
