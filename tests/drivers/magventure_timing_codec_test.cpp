// Codec additions for the driver: 0B 00 (get Timing), message 11, readable descriptions.
#include <gtest/gtest.h>

#include "devices/protocols/magventure/codec.hpp"

namespace stimbench::magventure {
namespace {

Bytes hex(std::string_view text) {
  return parse_hex(text).value();
}

TEST(MagventureTimingCodec, GetTimingFrame) {
  EXPECT_EQ(to_hex(encode_frame(get_timing()).value()), to_hex(encode_frame(hex("0B 00")).value()));
  EXPECT_EQ(to_hex(get_timing()), "0B 00");
}

TEST(MagventureTimingCodec, Message11IsBigEndianTenths) {
  // ?, tc 0x10 (extended rate), 20.5 pps, 1000 pulses, 2 trains, ITI 12.5 s, warn 1, ramp 0.8, 3.
  Result<Message> m = parse_message(hex("0B 00 10 00 CD 03 E8 00 02 00 7D 01 50 03"));
  ASSERT_TRUE(m.ok()) << m.error().message;
  ASSERT_TRUE(std::holds_alternative<TimingMessage>(*m));
  const auto& t = std::get<TimingMessage>(*m);
  EXPECT_EQ(t.timing_control, 0x10);
  EXPECT_EQ(t.train, (TrainSettings{205, 1000, 2, 125}));
  EXPECT_EQ(t.warning_sound, 1);
  EXPECT_EQ(t.ramp_up_hundredths, 80);
  EXPECT_EQ(t.ramp_up_trains, 3);
  EXPECT_EQ(to_hex(encode_message(*m)), "0B 00 10 00 CD 03 E8 00 02 00 7D 01 50 03");
  EXPECT_EQ(describe(*m),
            "message 11 timing: rate 20.5 pps, 1000 pulses/train, 2 trains, ITI 12.5 s, "
            "timing control 16");
}

TEST(MagventureTimingCodec, Message11WithWrongLengthIsAViolation) {
  for (const char* bad : {"0B", "0B 00 00 00 CD 03 E8 00 02 00 7D 01 50",
                          "0B 00 00 00 CD 03 E8 00 02 00 7D 01 50 03 00"}) {
    Result<Message> m = parse_message(hex(bad));
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.error().code, ErrorCode::protocol_violation);
  }
}

TEST(MagventureTimingCodec, DescribeCommands) {
  EXPECT_EQ(describe_command(hex("01 3C")), "01 set amplitude A 60 %");
  EXPECT_EQ(describe_command(hex("02 00")), "02 disable");
  EXPECT_EQ(describe_command(hex("06 00 64 03 E8 00 02 00 7D")),
            "06 set train: rate 10.0 pps, 1000 pulses/train, 2 trains, ITI 12.5 s");
  EXPECT_EQ(describe_command(hex("07 02 00")), "07 set page 2");
  EXPECT_EQ(describe_command(hex("0B 00")), "0B get timing");
  EXPECT_EQ(describe_command(hex("7E 01")), "command 7E: 7E 01");
  EXPECT_EQ(describe(decode_status_byte(0x34)), "[Standard Biphasic enabled X100]");
}

}  // namespace
}  // namespace stimbench::magventure
