// Reply reader: refusals, violations, chunking, concatenation, status-byte ambiguity.
#include <gtest/gtest.h>

#include <string>

#include "devices/protocols/magstim/codec.hpp"
#include "tests/support/hex.hpp"

namespace stimbench::magstim {
namespace {

ReplyReader reader_for(char command, Version version = {}) {
  return ReplyReader::create(command, version).value();
}

TEST(MagstimReader, AcceptsAGoodStatusReply) {
  Result<Reply> r = parse_reply('Q', hex("51 89 25"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->kind, ReplyKind::ok);
  ASSERT_EQ(r->data().size(), 1u);
  EXPECT_EQ(r->data()[0], 0x89);
}

TEST(MagstimReader, ClassifiesTheThreeRefusals) {
  Result<Reply> unknown = parse_reply('J', to_bytes("?"));
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->kind, ReplyKind::unknown_command);
  EXPECT_EQ(unknown->frame, to_bytes("?"));

  Result<Reply> bad = parse_reply('@', frame("@?"));
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->kind, ReplyKind::bad_data);
  EXPECT_TRUE(bad->data().empty());

  // A refusal to a long reply is still 3 bytes.
  Result<Reply> conflict = parse_reply('J', frame("JS"));
  ASSERT_TRUE(conflict.ok());
  EXPECT_EQ(conflict->kind, ReplyKind::conflict);
  Result<Reply> version_refused = parse_reply('N', frame("N?"));
  ASSERT_TRUE(version_refused.ok());
  EXPECT_EQ(version_refused->kind, ReplyKind::bad_data);
}

TEST(MagstimReader, WrongEchoIsAViolationAtTheFirstByte) {
  ReplyReader reader = reader_for('Q');
  reader.feed(hex("52"));
  std::optional<Result<Reply>> out = reader.poll();
  ASSERT_TRUE(out.has_value());
  ASSERT_FALSE(out->ok());
  EXPECT_EQ(out->error().code, ErrorCode::protocol_violation);
  EXPECT_NE(out->error().message.find("wrong echo 0x52 'R'"), std::string::npos)
      << out->error().message;
}

TEST(MagstimReader, ChecksumMismatchIsAViolation) {
  Result<Reply> r = parse_reply('Q', hex("51 89 26"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::protocol_violation);
  EXPECT_NE(r.error().message.find("checksum mismatch (expected 0x25"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("51 89 26"), std::string::npos);
  Result<Reply> refusal = parse_reply('@', hex("40 3F 00"));
  ASSERT_FALSE(refusal.ok());
  EXPECT_EQ(refusal.error().code, ErrorCode::protocol_violation);
}

TEST(MagstimReader, TruncatedReplyNeedsMoreThenFailsAtFinish) {
  ReplyReader reader = reader_for('F');
  Bytes full = frame(std::string("F\x89") + "253261");
  reader.feed(std::span<const std::uint8_t>(full).first(5));
  EXPECT_FALSE(reader.poll().has_value());
  EXPECT_EQ(reader.missing(), 4u);
  EXPECT_EQ(reader.consumed(), 5u);
  Result<Reply> done = reader.finish();
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, ErrorCode::protocol_violation);
  EXPECT_NE(done.error().message.find("truncated: got 5 of 9 bytes"), std::string::npos)
      << done.error().message;
}

TEST(MagstimReader, NothingAtAllIsATimeout) {
  ReplyReader reader = reader_for('Q');
  EXPECT_FALSE(reader.poll().has_value());
  EXPECT_EQ(reader.finish().error().code, ErrorCode::timeout);
}

TEST(MagstimReader, ByteByByteFeedingGivesTheSameFrame) {
  Bytes full = frame(std::string("J\x89") + "050060100");
  ReplyReader reader = reader_for('J');
  for (std::size_t i = 0; i < full.size(); ++i) {
    EXPECT_FALSE(reader.poll().has_value()) << i;
    reader.feed(std::span<const std::uint8_t>(full).subspan(i, 1));
  }
  std::optional<Result<Reply>> out = reader.poll();
  ASSERT_TRUE(out.has_value() && out->ok());
  EXPECT_EQ((*out)->frame, full);
}

TEST(MagstimReader, ConcatenatedInputLeavesTheRestForTheNextFrame) {
  Bytes two = frame(std::string("E\x8A"));
  Bytes next = frame(std::string("x\x8A\x20\x00\x01", 5));
  two.insert(two.end(), next.begin(), next.end());
  ReplyReader reader = reader_for('E');
  reader.feed(two);
  std::optional<Result<Reply>> out = reader.poll();
  ASSERT_TRUE(out.has_value() && out->ok());
  EXPECT_EQ(reader.consumed(), 3u);
  EXPECT_EQ(Bytes(reader.remainder().begin(), reader.remainder().end()), next);
  // Later bytes also land in the remainder.
  reader.feed(hex("AA"));
  EXPECT_EQ(reader.remainder().size(), next.size() + 1);

  Result<Reply> strict = parse_reply('E', two);
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.error().message.find("over-long by 6 bytes"), std::string::npos);
}

TEST(MagstimReader, RefusalFollowedByJunkIsCutAtThreeBytes) {
  Bytes bytes = frame("JS");
  bytes.push_back(0x30);
  ReplyReader reader = reader_for('J');
  reader.feed(bytes);
  ASSERT_TRUE(reader.poll().has_value());
  EXPECT_EQ(reader.poll()->value().kind, ReplyKind::conflict);
  EXPECT_EQ(reader.remainder().size(), 1u);
}

// Status-byte ambiguity (§1.7). A 3-byte reply whose status is 0x3F or 0x53 is byte-for-byte
// the refusal; the reader reports the refusal (such a status would claim standby and armed).
TEST(MagstimReader, AmbiguousThreeByteReplyReadsAsRefusal) {
  Result<Reply> r = parse_reply('Q', frame(std::string("Q\x3F")));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, ReplyKind::bad_data);
  Result<Reply> s = parse_reply('E', frame(std::string("E\x53")));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->kind, ReplyKind::conflict);
}

// For a longer reply the first 3 bytes do not check as a refusal, so the reader reads on.
TEST(MagstimReader, StatusByte0x3FInALongReplyIsData) {
  for (char status : {'\x3F', '\x53'}) {
    Bytes full = frame(std::string("F") + status + "253261");
    ReplyReader reader = reader_for('F');
    reader.feed(std::span<const std::uint8_t>(full).first(3));
    EXPECT_FALSE(reader.poll().has_value()) << "must wait for the full length";
    reader.feed(std::span<const std::uint8_t>(full).subspan(3));
    std::optional<Result<Reply>> out = reader.poll();
    ASSERT_TRUE(out.has_value() && out->ok());
    EXPECT_EQ((*out)->kind, ReplyKind::ok);
    EXPECT_EQ((*out)->data()[0], static_cast<std::uint8_t>(status));
  }
}

TEST(MagstimReader, RefusalWithBadChecksumAtFinish) {
  ReplyReader reader = reader_for('J');
  reader.feed(hex("4A 3F 00"));
  EXPECT_FALSE(reader.poll().has_value());  // could still be a long reply
  Result<Reply> r = reader.finish();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("refusal with checksum mismatch"), std::string::npos);
}

TEST(MagstimReader, VersionReplyEndsAtNulPlusChecksum) {
  Bytes full = frame(std::string("NV9.0.0\0", 8));
  ReplyReader reader = reader_for('N');
  reader.feed(std::span<const std::uint8_t>(full).first(full.size() - 1));
  EXPECT_FALSE(reader.poll().has_value());
  reader.feed(std::span<const std::uint8_t>(full).last(1));
  reader.feed(hex("51"));
  std::optional<Result<Reply>> out = reader.poll();
  ASSERT_TRUE(out.has_value() && out->ok());
  EXPECT_EQ(reader.consumed(), full.size());
  EXPECT_EQ(reader.remainder().size(), 1u);
}

TEST(MagstimReader, VersionReplyWithoutNulIsBounded) {
  ReplyReader reader = reader_for('N');
  reader.feed(to_bytes("NV" + std::string(ReplyReader::kMaxVersionReply, '9')));
  std::optional<Result<Reply>> out = reader.poll();
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->error().code, ErrorCode::protocol_violation);
  Result<Reply> cut = parse_reply('N', to_bytes("NV9.0"));
  EXPECT_NE(cut.error().message.find("truncated version reply"), std::string::npos);
  Result<Reply> bad = parse_reply('N', Bytes{'N', 'V', '9', '.', '0', 0, 0x00});
  EXPECT_NE(bad.error().message.find("checksum mismatch"), std::string::npos);
}

// Found by fuzz_magstim_reader: a NUL past the bound was accepted when every byte came in
// one read, but refused when the bytes trickled in.
TEST(MagstimReader, VersionReplyBoundHoldsWhenBytesArriveAtOnce) {
  std::string body = "NV" + std::string(ReplyReader::kMaxVersionReply, '9') + std::string(1, '\0');
  Bytes late_nul = frame(body);
  ReplyReader reader = reader_for('N');
  reader.feed(late_nul);
  std::optional<Result<Reply>> out = reader.poll();
  ASSERT_TRUE(out.has_value());
  ASSERT_FALSE(out->ok());
  EXPECT_NE(out->error().message.find("no NUL within"), std::string::npos);
  EXPECT_FALSE(parse_reply('N', late_nul).ok());
  // The longest reply the bound admits: its NUL is the bound's last byte.
  Bytes longest =
      frame("N" + std::string(ReplyReader::kMaxVersionReply - 2, '9') + std::string(1, '\0'));
  EXPECT_TRUE(parse_reply('N', longest).ok());
}

TEST(MagstimReader, VersionDependentLengths) {
  Bytes v8 = frame(std::string("\\\x89\x08") + "050" + "0100" + "0250" + "100" + "0200");
  EXPECT_EQ(v8.size(), 22u);
  EXPECT_TRUE(parse_reply('\\', v8, Version{8, 0, 0, 2}).ok());
  EXPECT_FALSE(parse_reply('\\', v8, Version{9, 0, 0, 2}).ok());  // truncated for V9
  EXPECT_FALSE(parse_reply('\\', v8, Version{6, 0, 0, 2}).ok());  // over-long for V6
  EXPECT_FALSE(ReplyReader::create('z').ok());
}

}  // namespace
}  // namespace stimbench::magstim
