#include "harness/evidence/hashing.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "tests/evidence/evidence_test_util.hpp"

namespace stimbench {
namespace {

// FIPS 180-2 / NIST known answers.
TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, EmbeddedNulIsHashed) {
  using namespace std::string_literals;
  EXPECT_NE(sha256_hex("a\0b"s), sha256_hex("a"));
}

TEST(Sha256, FileMatchesInMemoryHashAcrossChunkBoundaries) {
  test::TempDir dir;
  std::string content(200'000, 'x');  // larger than the 64 KiB read buffer
  content[70'000] = '\0';
  test::write_text(dir.file("f.bin"), content);
  auto hash = sha256_file(dir.file("f.bin"));
  ASSERT_TRUE(hash.ok()) << hash.error().message;
  EXPECT_EQ(*hash, sha256_hex(content));

  test::write_text(dir.file("empty"), "");
  auto empty = sha256_file(dir.file("empty"));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, MissingFileIsIoError) {
  auto hash = sha256_file("/nonexistent/stimbench/file");
  ASSERT_FALSE(hash.ok());
  EXPECT_EQ(hash.error().code, ErrorCode::io);
  EXPECT_NE(hash.error().message.find("/nonexistent/stimbench/file"), std::string::npos);
}

TEST(Uuid, IsVersion4WithRfcVariantAndUnique) {
  std::regex shape("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = new_uuid_v4();
    ASSERT_TRUE(std::regex_match(id, shape)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(UtcTimestamp, FormatsKnownInstants) {
  constexpr std::int64_t kSecond = 1'000'000'000;
  EXPECT_EQ(utc_timestamp(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(utc_timestamp(1795576728 * kSecond + 123'999'999), "2026-11-25T03:18:48.123Z");
  EXPECT_EQ(utc_timestamp_compact(1795576728 * kSecond + 999'000'000), "20261125T031848Z");
  EXPECT_EQ(utc_timestamp(951868799 * kSecond), "2000-02-29T23:59:59.000Z");
  EXPECT_EQ(utc_timestamp(-1), "1969-12-31T23:59:59.999Z");  // floor, not truncation
}

TEST(UtcTimestamp, NowHasTheDocumentedShape) {
  EXPECT_TRUE(std::regex_match(utc_timestamp_now(),
                               std::regex(R"(^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)")));
  EXPECT_TRUE(std::regex_match(utc_timestamp_compact_now(), std::regex(R"(^20\d{6}T\d{6}Z$)")));
}

}  // namespace
}  // namespace stimbench
