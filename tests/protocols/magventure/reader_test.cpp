// The resynchronising FrameReader: truncation, corruption, garbage, FE/FF inside data.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "devices/protocols/magventure/codec.hpp"
#include "tests/support/hex.hpp"

namespace stimbench::magventure {
namespace {

Bytes frame_of(std::string_view payload) {
  return encode_frame(hex(payload)).value();
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Every entry as "F:<payload hex>" or "G:<garbage hex>".
std::vector<std::string> drain(FrameReader& reader) {
  std::vector<std::string> out;
  while (auto e = reader.next()) {
    out.push_back((e->kind == FrameReader::Entry::Kind::frame ? "F:" : "G:") + to_hex(e->bytes));
  }
  return out;
}

using Entries = std::vector<std::string>;

TEST(MagventureReader, OneFrame) {
  FrameReader r;
  r.feed(hex("FE 02 01 3C D9 FF"));
  EXPECT_EQ(drain(r), (Entries{"F:01 3C"}));
  EXPECT_EQ(r.buffered(), 0u);
  EXPECT_EQ(r.dropped_bytes(), 0u);
}

TEST(MagventureReader, TruncatedFrameWaitsThenCompletes) {
  FrameReader r;
  r.feed(hex("FE 02 01"));
  EXPECT_TRUE(drain(r).empty());
  EXPECT_EQ(r.buffered(), 3u);
  r.feed(hex("3C D9 FF"));
  EXPECT_EQ(drain(r), (Entries{"F:01 3C"}));
}

TEST(MagventureReader, TruncatedFrameFollowedByAGoodOneResyncs) {
  FrameReader r;
  r.feed(concat({hex("FE 02 01"), frame_of("00")}));
  EXPECT_EQ(drain(r), (Entries{"G:FE 02 01", "F:00"}));
  EXPECT_EQ(r.dropped_bytes(), 3u);
}

TEST(MagventureReader, FlushDropsATruncatedTail) {
  FrameReader r;
  r.feed(hex("FE 05 01 02"));
  EXPECT_TRUE(drain(r).empty());
  EXPECT_EQ(r.flush(), 4u);
  EXPECT_EQ(drain(r), (Entries{"G:FE 05 01 02"}));
  EXPECT_EQ(r.buffered(), 0u);
}

TEST(MagventureReader, FlushRecoversAFrameBehindAFalseStart) {
  // FE 10 claims 16 bytes that never come; the real frame sits inside the wait.
  FrameReader r;
  r.feed(concat({hex("FE 10"), frame_of("00")}));
  EXPECT_TRUE(drain(r).empty());
  EXPECT_EQ(r.flush(), 2u);
  EXPECT_EQ(drain(r), (Entries{"G:FE 10", "F:00"}));
}

TEST(MagventureReader, CorruptedCrcIsDroppedAndTheNextFrameKept) {
  FrameReader r;
  r.feed(concat({hex("FE 02 01 3C D8 FF"), frame_of("05")}));
  EXPECT_EQ(drain(r), (Entries{"G:FE 02 01 3C D8 FF", "F:05"}));
}

TEST(MagventureReader, MissingEndMarkerIsDropped) {
  FrameReader r;
  r.feed(concat({hex("FE 02 01 3C D9"), frame_of("04")}));
  EXPECT_EQ(drain(r), (Entries{"G:FE 02 01 3C D9", "F:04"}));
}

TEST(MagventureReader, LeadingGarbageIsReportedOnce) {
  FrameReader r;
  r.feed(concat({hex("00 11 FF 22"), frame_of("00")}));
  EXPECT_EQ(drain(r), (Entries{"G:00 11 FF 22", "F:00"}));
  EXPECT_EQ(r.dropped_bytes(), 4u);
}

TEST(MagventureReader, LenZeroIsGarbage) {
  FrameReader r;
  r.feed(concat({hex("FE 00"), frame_of("00")}));
  EXPECT_EQ(drain(r), (Entries{"G:FE 00", "F:00"}));
}

TEST(MagventureReader, FeAndFfInsideData) {
  // Data bytes that look like markers must not break the frame.
  const Bytes payload = hex("00 FE FF FE 01 FF FE FF FE");
  FrameReader r;
  r.feed(concat({encode_frame(payload).value(), frame_of("FE FF"), frame_of("FF")}));
  EXPECT_EQ(drain(r), (Entries{"F:" + to_hex(payload), "F:FE FF", "F:FF"}));
}

TEST(MagventureReader, StrayFeBeforeAFrameWaitsForLenFeUntilFlushed) {
  // The stray FE makes the real frame's FE read as LEN 254: correct, but held back.
  FrameReader r;
  r.feed(concat({hex("FE"), frame_of("00 FE FF")}));
  EXPECT_TRUE(drain(r).empty());
  EXPECT_EQ(r.flush(), 1u);
  EXPECT_EQ(drain(r), (Entries{"G:FE", "F:00 FE FF"}));
}

TEST(MagventureReader, MaxPayloadDropsAStrayFeAtOnce) {
  FrameReader r(16);
  r.feed(concat({hex("FE"), frame_of("00 FE FF")}));
  EXPECT_EQ(drain(r), (Entries{"G:FE", "F:00 FE FF"}));
  r.feed(hex("FE 11 00"));  // LEN 17 > 16
  EXPECT_EQ(drain(r), (Entries{"G:FE 11 00"}));
}

TEST(MagventureReader, FrameWhoseCrcIsFe) {
  // Search a payload whose CRC is FE, so the byte before FF looks like a start.
  Bytes payload{0x01, 0x00};
  for (int b = 0; b < 256 && crc8(payload) != 0xFE; ++b) payload[1] = static_cast<std::uint8_t>(b);
  ASSERT_EQ(crc8(payload), 0xFE);
  FrameReader r;
  r.feed(concat({encode_frame(payload).value(), frame_of("05")}));
  EXPECT_EQ(drain(r), (Entries{"F:" + to_hex(payload), "F:05"}));
}

TEST(MagventureReader, FalseStartInsideGarbageDoesNotEatTheRealFrame) {
  // FE 03 would claim the next 7 bytes, which include the start of the real frame.
  FrameReader r;
  r.feed(concat({hex("FE 03 AA"), frame_of("02 01")}));
  EXPECT_EQ(drain(r), (Entries{"G:FE 03 AA", "F:02 01"}));
}

TEST(MagventureReader, SeveralFramesConcatenated) {
  FrameReader r;
  r.feed(concat({frame_of("00"), frame_of("01 3C"), frame_of("02 01"), frame_of("03 01"),
                 frame_of("04"), frame_of("05"), frame_of("09 00")}));
  EXPECT_EQ(drain(r),
            (Entries{"F:00", "F:01 3C", "F:02 01", "F:03 01", "F:04", "F:05", "F:09 00"}));
}

TEST(MagventureReader, OneByteAtATimeGivesTheSameEntries) {
  const Bytes stream = concat({hex("13 FE"), frame_of("00 FE FF"), hex("FE 02 01 3C D8 FF"),
                               frame_of("01 3C"), hex("FF"), frame_of("08 02 01 30")});
  const Entries expected{"G:13 FE", "F:00 FE FF", "G:FE 02 01 3C D8 FF",
                         "F:01 3C", "G:FF",       "F:08 02 01 30"};
  // The cap keeps "FE FE" from waiting for 254 bytes (see StrayFe... above).
  FrameReader whole(16);
  whole.feed(stream);
  EXPECT_EQ(drain(whole), expected);

  FrameReader bytewise(16);
  Entries got;
  for (std::uint8_t b : stream) {
    bytewise.feed(Bytes{b});
    for (std::string& e : drain(bytewise)) got.push_back(std::move(e));
  }
  // Drops may be reported in several pieces when read in between; join neighbours.
  Entries joined;
  for (const std::string& e : got) {
    if (!joined.empty() && e[0] == 'G' && joined.back()[0] == 'G') {
      joined.back() += " " + e.substr(2);
    } else {
      joined.push_back(e);
    }
  }
  EXPECT_EQ(joined, expected);
  EXPECT_EQ(bytewise.dropped_bytes(), whole.dropped_bytes());
}

TEST(MagventureReader, NextFrameSkipsGarbage) {
  FrameReader r;
  r.feed(concat({hex("AA BB"), frame_of("05"), hex("CC"), frame_of("00")}));
  EXPECT_EQ(to_hex(r.next_frame().value()), "05");
  EXPECT_EQ(to_hex(r.next_frame().value()), "00");
  EXPECT_FALSE(r.next_frame().has_value());
  EXPECT_EQ(r.dropped_bytes(), 3u);
}

TEST(MagventureReader, ResetForgetsEverything) {
  FrameReader r;
  r.feed(concat({hex("AA"), frame_of("05"), hex("FE 04")}));
  r.reset();
  EXPECT_FALSE(r.next().has_value());
  EXPECT_EQ(r.buffered(), 0u);
  EXPECT_EQ(r.dropped_bytes(), 0u);
  r.feed(frame_of("00"));
  EXPECT_EQ(drain(r), (Entries{"F:00"}));
}

}  // namespace
}  // namespace stimbench::magventure
