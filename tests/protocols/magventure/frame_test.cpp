// CRC-8/MAXIM and single-frame encode/decode, with every worked frame of protocols.md §2.2.
#include <gtest/gtest.h>

#include "devices/protocols/magventure/codec.hpp"
#include "tests/support/hex.hpp"

namespace stimbench::magventure {
namespace {

std::string framed(const Bytes& payload) {
  Result<Bytes> frame = encode_frame(payload);
  EXPECT_TRUE(frame.ok());
  return frame.ok() ? to_hex(frame.value()) : "";
}

TEST(MagventureCrc, CheckValueOf123456789) {
  const Bytes text = to_bytes("123456789");
  EXPECT_EQ(crc8(text), 0xA1);
  EXPECT_EQ(crc8_bitwise(text), 0xA1);
}

TEST(MagventureCrc, EmptyInputIsInit) {
  EXPECT_EQ(crc8(Bytes{}), 0x00);
  EXPECT_EQ(crc8_bitwise(Bytes{}), 0x00);
}

TEST(MagventureCrc, RegisterAfterEachByteOfWorkedExample) {
  std::uint8_t crc = crc8_update(0, 0x01);
  EXPECT_EQ(crc, 0x5E);
  crc = crc8_update(crc, 0x3C);
  EXPECT_EQ(crc, 0xD9);
}

TEST(MagventureCrc, TableAndBitwiseAgreeOnEverySingleByteAndPair) {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const Bytes in{static_cast<std::uint8_t>(a), static_cast<std::uint8_t>(b)};
      ASSERT_EQ(crc8(in), crc8_bitwise(in)) << to_hex(in);
    }
  }
}

TEST(MagventureCrc, TableAndBitwiseAgreeWithNonZeroStart) {
  const Bytes in = hex("FE FF 00 12 34 AB");
  for (int start = 0; start < 256; ++start) {
    const auto s = static_cast<std::uint8_t>(start);
    ASSERT_EQ(crc8(in, s), crc8_bitwise(in, s)) << start;
  }
}

TEST(MagventureCrc, CrcOverPayloadAndCrcIsZero) {
  for (const char* payload :
       {"01 3C", "00", "02 01", "03", "09 00", "06 00 0A 00 05 00 02 00 64", "FE FF FE FF"}) {
    Bytes bytes = hex(payload);
    bytes.push_back(crc8(bytes));
    EXPECT_EQ(crc8(bytes), 0x00) << payload;
    EXPECT_EQ(crc8_bitwise(bytes), 0x00) << payload;
  }
}

TEST(MagventureFrame, GoldenFramesFromTheSheet) {
  EXPECT_EQ(framed(hex("01 3C")), "FE 02 01 3C D9 FF");
  EXPECT_EQ(framed(hex("00")), "FE 01 00 00 FF");
  EXPECT_EQ(framed(hex("02 01")), "FE 02 02 01 CF FF");
  EXPECT_EQ(framed(hex("02 00")), "FE 02 02 00 91 FF");
  EXPECT_EQ(framed(hex("03 01")), "FE 02 03 01 0B FF");
  EXPECT_EQ(framed(hex("03")), "FE 01 03 E2 FF");
  EXPECT_EQ(framed(hex("04")), "FE 01 04 61 FF");
  EXPECT_EQ(framed(hex("05")), "FE 01 05 3F FF");
  EXPECT_EQ(framed(hex("09 00")), "FE 02 09 00 B2 FF");
}

TEST(MagventureFrame, RejectsEmptyAndOversizedPayloads) {
  Result<Bytes> empty = encode_frame(Bytes{});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::invalid_input);
  EXPECT_TRUE(encode_frame(Bytes(255, 0x01)).ok());
  Result<Bytes> big = encode_frame(Bytes(256, 0x01));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, ErrorCode::invalid_input);
}

TEST(MagventureFrame, MaximalPayloadRoundTrips) {
  Bytes payload(255, 0xFE);
  payload[0] = 0x07;
  Result<Bytes> frame = encode_frame(payload);
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ(frame->size(), 259u);
  EXPECT_EQ((*frame)[1], 0xFF);  // LEN itself may be FF
  Result<Bytes> back = decode_frame(*frame);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, payload);
}

TEST(MagventureFrame, DecodesAGoldenFrame) {
  Result<Bytes> payload = decode_frame(hex("FE 02 01 3C D9 FF"));
  ASSERT_TRUE(payload.ok()) << payload.error().message;
  EXPECT_EQ(to_hex(*payload), "01 3C");
}

TEST(MagventureFrame, DecodeRejectsEachBrokenPart) {
  for (const char* bad : {
           "",                      // nothing
           "FE 01 00 FF",           // too short
           "FD 02 01 3C D9 FF",     // start
           "FE 00 00 FF",           // LEN 0 (too short as well)
           "FE 00 AA 00 FF",        // LEN 0
           "FE 03 01 3C D9 FF",     // LEN too long
           "FE 01 01 3C D9 FF",     // LEN too short
           "FE 02 01 3C D9 FE",     // end marker
           "FE 02 01 3C D8 FF",     // CRC
           "FE 02 01 3D D9 FF",     // data corrupted
           "FE 02 01 3C D9 FF 00",  // trailing byte
       }) {
    Result<Bytes> r = decode_frame(hex(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::protocol_violation) << bad;
  }
}

}  // namespace
}  // namespace stimbench::magventure
