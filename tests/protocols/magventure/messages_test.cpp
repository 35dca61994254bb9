// Device message parsing, the status byte and encode/parse round trips (protocols.md §2.4).
#include <gtest/gtest.h>

#include "devices/protocols/magventure/codec.hpp"
#include "tests/support/hex.hpp"

namespace stimbench::magventure {
namespace {

template <class T>
T parse_as(std::string_view payload) {
  Result<Message> m = parse_message(hex(payload));
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  if (!m.ok() || !std::holds_alternative<T>(*m)) {
    ADD_FAILURE() << "wrong message type for " << payload;
    return T{};
  }
  return std::get<T>(*m);
}

TEST(MagventureStatusByte, DecodesEveryField) {
  // 0xB6 = 101 1 01 10: model 5 (MST), enabled, waveform 1 (Biphasic), mode 2 (Twin).
  StatusByte s = decode_status_byte(0xB6);
  EXPECT_EQ(s.mode, Mode::twin);
  EXPECT_EQ(s.waveform, Waveform::biphasic);
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.model, Model::mst);
  EXPECT_EQ(decode_status_byte(0x00), StatusByte{});
  StatusByte all = decode_status_byte(0xFF);
  EXPECT_EQ(all.mode, Mode::dual);
  EXPECT_EQ(all.waveform, Waveform::biphasic_burst);
  EXPECT_STREQ(to_string(all.model), "unknown");  // model 7 is not documented
}

TEST(MagventureStatusByte, EveryByteRoundTrips) {
  for (int b = 0; b < 256; ++b) {
    EXPECT_EQ(encode_status_byte(decode_status_byte(static_cast<std::uint8_t>(b))), b);
  }
}

TEST(MagventureStatusByte, Names) {
  EXPECT_STREQ(to_string(Mode::power), "Power");
  EXPECT_STREQ(to_string(Waveform::halfsine), "Halfsine");
  EXPECT_STREQ(to_string(Model::r30_option_mono), "R30+Option+Mono");
  EXPECT_STREQ(to_string(Model::x100), "X100");
}

TEST(MagventureMessages, Status) {
  auto m = parse_as<StatusMessage>("00 31 01 E2 40 1C 3C 3C 2D");
  EXPECT_EQ(m.status.model, Model::x100);  // 0x31 = 001 1 00 01
  EXPECT_TRUE(m.status.enabled);
  EXPECT_EQ(m.status.mode, Mode::power);
  EXPECT_EQ(m.serial, 0x01E240u);  // 123456, big-endian
  EXPECT_EQ(m.coil_temperature_c, 28);
  EXPECT_EQ(m.coil_type, 60);
  EXPECT_EQ(m.amplitude_a, 60);
  EXPECT_EQ(m.amplitude_b, 45);
}

TEST(MagventureMessages, LongStatus) {
  auto m = parse_as<LongStatusMessage>("05 04 FF FE FD 1E 48 32 00 28 00 64 00 02 01");
  EXPECT_EQ(m.base.status.waveform, Waveform::biphasic);
  EXPECT_FALSE(m.base.status.enabled);
  EXPECT_EQ(m.base.serial, 0xFFFEFDu);
  EXPECT_EQ(m.base.coil_temperature_c, 30);
  EXPECT_EQ(m.base.coil_type, 72);
  EXPECT_EQ(m.base.amplitude_a, 50);
  EXPECT_EQ(m.original_amplitude_a, 40);
  EXPECT_EQ(m.amplitude_factor_a, 100);
  EXPECT_EQ(m.page, 2);
  EXPECT_TRUE(m.train_running);
}

TEST(MagventureMessages, PairMessagesReadStatusAtByteThree) {
  auto a = parse_as<AmplitudeMessage>("01 3C 00 10");
  EXPECT_EQ(a.a, 60);
  EXPECT_EQ(a.b, 0);
  EXPECT_TRUE(a.status.enabled);
  auto d = parse_as<DidtMessage>("02 5A 07 54");  // 010 1 01 00
  EXPECT_EQ(d.a, 90);
  EXPECT_EQ(d.b, 7);
  EXPECT_EQ(d.status.model, Model::r30_option);
  EXPECT_EQ(d.status.waveform, Waveform::biphasic);
  EXPECT_EQ(parse_as<OriginalAmplitudeMessage>("06 28 29 00").b, 41);
  EXPECT_EQ(parse_as<AmplitudeFactorMessage>("07 64 50 00").a, 100);
}

TEST(MagventureMessages, TemperatureAndPage) {
  auto t = parse_as<TemperatureMessage>("03 25 3C 13");
  EXPECT_EQ(t.coil_temperature_c, 37);
  EXPECT_EQ(t.coil_type, 60);
  EXPECT_EQ(t.status.mode, Mode::dual);
  auto p = parse_as<PageMessage>("08 07 01 00");
  EXPECT_EQ(p.page, 7);
  EXPECT_TRUE(p.train_running);
}

TEST(MagventureMessages, WaveformIpiIndexIsLittleEndian) {
  auto w = parse_as<WaveformMessage>("09 00 01 02 01 03 02 34 12 50");
  EXPECT_EQ(w.lead, 0);
  EXPECT_EQ(w.model, Model::x100);
  EXPECT_EQ(w.mode, Mode::twin);
  EXPECT_EQ(w.direction, 1);
  EXPECT_EQ(w.waveform, Waveform::biphasic_burst);
  EXPECT_EQ(w.burst_index, 2);
  EXPECT_EQ(w.ipi_index, 0x1234);
  EXPECT_EQ(w.ba_index, 80);
}

TEST(MagventureMessages, UnknownIdsAreRawNotErrors) {
  for (const char* raw : {"F0 01 02", "F1", "04 00 00 00 01 00 00 00 02 00 00 00 03",
                          "0A 00 00 64 FF 9C 00 00", "0C"}) {
    auto u = parse_as<UnknownMessage>(raw);
    EXPECT_EQ(u.id, hex(raw)[0]);
    EXPECT_EQ(u.payload, hex(raw));
  }
}

TEST(MagventureMessages, WrongLengthOrEmptyIsAProtocolViolation) {
  for (const char* bad : {"", "00 31 01 E2 40 1C 3C 3C", "00 31 01 E2 40 1C 3C 3C 2D 00", "05 00",
                          "01 3C 00", "01 3C 00 10 00", "02", "03 25 3C", "06 00 00 00 00", "07",
                          "08 07 01", "09 00 01 02 01 03 02 34 12"}) {
    Result<Message> m = parse_message(hex(bad));
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.error().code, ErrorCode::protocol_violation) << bad;
  }
}

TEST(MagventureMessages, EncodeThenParseRoundTrips) {
  const char* payloads[] = {
      "00 31 01 E2 40 1C 3C 3C 2D",
      "05 04 FF FE FD 1E 48 32 00 28 00 64 00 02 01",
      "01 3C 00 10",
      "02 5A 07 54",
      "03 25 3C 13",
      "06 28 29 00",
      "07 64 50 00",
      "08 07 01 00",
      "09 00 01 02 01 03 02 34 12 50",
      "F0 01 02",
  };
  for (const char* text : payloads) {
    Result<Message> m = parse_message(hex(text));
    ASSERT_TRUE(m.ok()) << text;
    EXPECT_EQ(to_hex(encode_message(*m)), text);
  }
}

TEST(MagventureMessages, FramedMessageThroughTheReader) {
  StatusMessage s;
  s.status = StatusByte{Mode::standard, Waveform::biphasic, true, Model::r30};
  s.serial = 0xFEFFFE;  // marker bytes inside the data
  s.coil_temperature_c = 25;
  s.amplitude_a = 0xFF;
  const Bytes frame = encode_frame(encode_message(s)).value();
  EXPECT_EQ(frame.size(), 13u);  // the sheet's "13 B" reply
  FrameReader reader;
  reader.feed(frame);
  Result<Message> back = parse_message(reader.next_frame().value());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(std::get<StatusMessage>(*back), s);
}

}  // namespace
}  // namespace stimbench::magventure
