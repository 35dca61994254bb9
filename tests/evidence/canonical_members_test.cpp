#include "harness/evidence/canonical_members.hpp"

#include <gtest/gtest.h>

#include <random>

#include "harness/evidence/transcript.hpp"
#include "tests/evidence/evidence_test_util.hpp"

namespace stimbench {
namespace {

using nlohmann::json;

std::string literal(std::string_view text) {
  std::string out;
  append_canonical_string(out, text);
  return out;
}

TEST(CanonicalMembers, EveryByteIsEscapedAsCanonicalJsonWouldEscapeIt) {
  for (int b = 0; b < 256; ++b) {
    std::string text = "a" + std::string(1, static_cast<char>(b)) + "z";
    EXPECT_EQ(literal(text), canonical_json(json(text))) << "byte " << b;
  }
}

TEST(CanonicalMembers, SeededRandomAndHostileStringsMatchCanonicalJson) {
  EXPECT_EQ(literal(test::hostile_text()), canonical_json(json(test::hostile_text())));
  std::mt19937 random(15);
  for (int i = 0; i < 2000; ++i) {
    std::string text(random() % 40, '\0');
    // Mostly ASCII, like decoded frames, with some control and high bytes mixed in.
    for (char& c : text)
      c = static_cast<char>(random() % 4 == 0 ? random() % 256 : 32 + random() % 95);
    ASSERT_EQ(literal(text), canonical_json(json(text))) << "case " << i;
  }
}

TEST(CanonicalMembers, MembersInKeyOrderReadAsTheCanonicalObject) {
  CanonicalMembers members;
  const std::vector<std::uint8_t> bytes = {0x2A, 0x0A, 0xFF, 0x00};
  members.add_string("decoded", "*IDN?\n\"x\"");
  members.add_uint("dropped_bytes", 18446744073709551615ull);
  members.add_hex("hex", bytes);
  members.add_int("n", -9223372036854775807ll - 1);
  members.add_true("partial");
  members.add_raw("z", canonical_json(json{{"b", 1}, {"a", {1.5, nullptr}}}));
  json same = {{"decoded", "*IDN?\n\"x\""}, {"dropped_bytes", 18446744073709551615ull},
               {"hex", "2A 0A FF 00"},      {"n", -9223372036854775807ll - 1},
               {"partial", true},           {"z", {{"b", 1}, {"a", {1.5, nullptr}}}}};
  EXPECT_EQ("{" + std::string(members.text()) + "}", canonical_json(same));
  members.clear();
  EXPECT_TRUE(members.text().empty());
  members.add_hex("hex", {});
  EXPECT_EQ(members.text(), "\"hex\":\"\"");
}

TEST(CanonicalMembers, AppendMembersWritesTheLinesAppendWrites) {
  test::TempDir dir;
  auto dom = TranscriptWriter::create(dir.file("dom.jsonl"), TranscriptSync::none);
  auto fast = TranscriptWriter::create(dir.file("fast.jsonl"), TranscriptSync::none);
  ASSERT_TRUE(dom.ok() && fast.ok());
  for (std::int64_t t = 0; t < 3; ++t) {
    json event = {{"decoded", "OK " + std::to_string(t)},
                  {"dir", "rx"},
                  {"hex", "4F 4B"},
                  {"t_ns", t * 1000},
                  {"type", "frame"}};
    ASSERT_TRUE((*dom)->append(event).ok());
    CanonicalMembers before, after;
    before.add_string("decoded", "OK " + std::to_string(t));
    before.add_string("dir", "rx");
    before.add_string("hex", "4F 4B");
    after.add_int("t_ns", t * 1000);
    after.add_string("type", "frame");
    ASSERT_TRUE((*fast)->append_members(before.text(), after.text()).ok());
  }
  // No member before "prev": the line starts straight with it.
  ASSERT_TRUE((*dom)->append({{"t_ns", 7}, {"type", "x"}}).ok());
  ASSERT_TRUE((*fast)->append_members("", "\"t_ns\":7,\"type\":\"x\"").ok());
  EXPECT_EQ((*dom)->last_hash(), (*fast)->last_hash());
  ASSERT_TRUE((*dom)->close().ok() && (*fast)->close().ok());
  EXPECT_EQ(test::read_text(dir.file("dom.jsonl")), test::read_text(dir.file("fast.jsonl")));
  auto check = check_transcript(dir.file("fast.jsonl"));
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->problems.empty());
  EXPECT_EQ(check->lines, 4u);
}

TEST(CanonicalMembers, AppendMembersFailsAfterClose) {
  test::TempDir dir;
  auto writer = TranscriptWriter::create(dir.file("t.jsonl"), TranscriptSync::none);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->close().ok());
  Status s = (*writer)->append_members("", "\"t_ns\":1,\"type\":\"x\"");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::closed);
}

}  // namespace
}  // namespace stimbench
