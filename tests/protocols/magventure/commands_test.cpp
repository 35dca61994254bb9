// Command builders, byte for byte, against protocols.md §2.2–2.3.
#include <gtest/gtest.h>

#include "devices/protocols/magventure/codec.hpp"

namespace stimbench::magventure {
namespace {

std::string command_frame(const Bytes& payload) {
  return to_hex(encode_frame(payload).value());
}

std::string command_frame(const Result<Bytes>& payload) {
  EXPECT_TRUE(payload.ok()) << payload.error().message;
  return payload.ok() ? command_frame(payload.value()) : "";
}

TEST(MagventureCommands, GoldenFrames) {
  EXPECT_EQ(command_frame(get_status()), "FE 01 00 00 FF");
  EXPECT_EQ(command_frame(set_amplitude(60)), "FE 02 01 3C D9 FF");
  EXPECT_EQ(command_frame(set_enabled(true)), "FE 02 02 01 CF FF");
  EXPECT_EQ(command_frame(set_enabled(false)), "FE 02 02 00 91 FF");
  EXPECT_EQ(command_frame(fire()), "FE 02 03 01 0B FF");
  EXPECT_EQ(command_frame(fire(FireForm::flag)), "FE 02 03 01 0B FF");
  EXPECT_EQ(command_frame(fire(FireForm::bare)), "FE 01 03 E2 FF");
  EXPECT_EQ(command_frame(start_train()), "FE 01 04 61 FF");
  EXPECT_EQ(command_frame(get_long_status()), "FE 01 05 3F FF");
  EXPECT_EQ(command_frame(get_waveform()), "FE 02 09 00 B2 FF");
}

TEST(MagventureCommands, FirePadForm) {
  EXPECT_EQ(to_hex(fire(FireForm::flag_and_pad)), "03 01 00");
}

TEST(MagventureCommands, AmplitudeAAndB) {
  EXPECT_EQ(to_hex(set_amplitude(0).value()), "01 00");
  EXPECT_EQ(to_hex(set_amplitude(100).value()), "01 64");
  EXPECT_EQ(to_hex(set_amplitude(60, 45).value()), "01 3C 2D");
}

TEST(MagventureCommands, AmplitudeOutOfRangeIsInvalidInput) {
  for (int bad : {-1, 101, 255, 256}) {
    Result<Bytes> a = set_amplitude(bad);
    ASSERT_FALSE(a.ok()) << bad;
    EXPECT_EQ(a.error().code, ErrorCode::invalid_input);
    EXPECT_FALSE(set_amplitude(50, bad).ok()) << bad;
    EXPECT_FALSE(set_amplitude(bad, 50).ok()) << bad;
  }
}

TEST(MagventureCommands, SetTrainIsBigEndianTenths) {
  // 10 pps, 1000 pulses, 2 trains, ITI 12.5 s.
  EXPECT_EQ(to_hex(set_train(TrainSettings{100, 1000, 2, 125})), "06 00 64 03 E8 00 02 00 7D");
  EXPECT_EQ(to_hex(set_train(TrainSettings{0xABCD, 0x0102, 0xFFFF, 0x0001})),
            "06 AB CD 01 02 FF FF 00 01");
}

TEST(MagventureCommands, SetPageHasTrailingZero) {
  EXPECT_EQ(to_hex(set_page(2)), "07 02 00");
  EXPECT_EQ(to_hex(set_page(7)), "07 07 00");
}

TEST(MagventureCommands, SetDelaysOutDelayIsTwosComplement) {
  EXPECT_EQ(to_hex(set_delays(DelaySettings{50, 100, 1000})), "08 00 32 00 64 03 E8 00 00");
  EXPECT_EQ(to_hex(set_delays(DelaySettings{0, -1, 0})), "08 00 00 FF FF 00 00 00 00");
  EXPECT_EQ(to_hex(set_delays(DelaySettings{1000, -1000, 10000})), "08 03 E8 FC 18 27 10 00 00");
  EXPECT_EQ(to_hex(set_delays(DelaySettings{0, -32768, 0})), "08 00 00 80 00 00 00 00 00");
}

TEST(MagventureCommands, SetWaveformLayout) {
  WaveformSettings w;
  w.model = Model::x100_option;
  w.mode = Mode::twin;
  w.direction = 1;
  w.waveform = Waveform::biphasic;
  w.burst_index = 2;
  w.ipi_tenth_ms = 300;         // 30.0 ms, big-endian here (unlike message 9)
  w.ba_ratio_hundredths = 150;  // 1.50
  EXPECT_EQ(to_hex(set_waveform(w).value()), "09 01 03 02 01 01 02 01 2C 00 96");
}

TEST(MagventureCommands, SetWaveformRejectsWhatTheWireCannotMean) {
  WaveformSettings w;
  w.burst_index = 4;
  EXPECT_EQ(set_waveform(w).error().code, ErrorCode::invalid_input);
  w.burst_index = 3;
  EXPECT_TRUE(set_waveform(w).ok());
  w.direction = 2;
  EXPECT_EQ(set_waveform(w).error().code, ErrorCode::invalid_input);
}

TEST(MagventureCommands, EveryBuilderFramesAndDecodesBack) {
  const Bytes payloads[] = {get_status(),
                            set_amplitude(60).value(),
                            set_enabled(true),
                            fire(),
                            start_train(),
                            get_long_status(),
                            set_train(TrainSettings{}),
                            set_page(1),
                            set_delays(DelaySettings{}),
                            get_waveform(),
                            set_waveform(WaveformSettings{}).value()};
  std::uint8_t expected_id = 0;
  for (const Bytes& p : payloads) {
    EXPECT_EQ(p[0], expected_id > 9 ? 9 : expected_id);
    ++expected_id;
    Result<Bytes> back = decode_frame(encode_frame(p).value());
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, p);
  }
}

}  // namespace
}  // namespace stimbench::magventure
