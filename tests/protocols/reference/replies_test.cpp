#include <gtest/gtest.h>

#include "devices/protocols/reference/codec.hpp"

namespace stimbench::reference {
namespace {

std::string strip(std::string line) {
  EXPECT_EQ(line.back(), '\n');
  line.pop_back();
  return line;
}

TEST(ReferenceReplies, EncodedForms) {
  EXPECT_EQ(encode_reply(ok_reply()), "OK\n");
  EXPECT_EQ(encode_reply(value_reply("50")), "50\n");
  EXPECT_EQ(encode_reply(error_reply(-222, "Data out of range")),
            "ERR -222,\"Data out of range\"\n");
  EXPECT_EQ(encode_reply(error_reply(201, "say \"remote\"")), "ERR 201,\"say \"\"remote\"\"\"\n");
  EXPECT_EQ(encode_reply(error_reply(-100, "two\nlines")), "ERR -100,\"two lines\"\n");
}

TEST(ReferenceReplies, RoundTrip) {
  for (const ReplyLine& r : {ok_reply(), value_reply("12.5"), value_reply("Acme,Ref,1,2"),
                             error_reply(-113, "unknown header FOO"),
                             error_reply(204, "quote \" and \"\" pair"), error_reply(0, "")}) {
    Result<ReplyLine> back = parse_reply(strip(encode_reply(r)));
    ASSERT_TRUE(back.ok()) << encode_reply(r);
    EXPECT_EQ(back->kind, r.kind);
    EXPECT_EQ(back->value, r.value);
    EXPECT_EQ(back->error_code, r.error_code);
    EXPECT_EQ(back->error_text, r.error_text);
  }
}

TEST(ReferenceReplies, ToleratesCarriageReturnAndSpaces) {
  Result<ReplyLine> r = parse_reply("OK\r");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, ReplyLine::Kind::ok);
  Result<ReplyLine> e = parse_reply("ERR +203 , \"Not ready\" ");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->error_code, 203);
  EXPECT_EQ(e->error_text, "Not ready");
}

TEST(ReferenceReplies, MalformedAreProtocolViolations) {
  for (const char* line : {"", "  ", "ERR", "ERR ", "ERR -222", "ERR x,\"a\"", "ERR -222,a",
                           "ERR -222,\"a", "ERR -222,\"a\"b\"", "ERR 1.5,\"a\""}) {
    Result<ReplyLine> r = parse_reply(line);
    ASSERT_FALSE(r.ok()) << line;
    EXPECT_EQ(r.error().code, ErrorCode::protocol_violation) << line;
  }
}

TEST(ReferenceReplies, ValuesThatLookAlmostLikeKeywords) {
  Result<ReplyLine> ok_lower = parse_reply("ok");
  ASSERT_TRUE(ok_lower.ok());
  EXPECT_EQ(ok_lower->kind, ReplyLine::Kind::value);
  Result<ReplyLine> erratic = parse_reply("ERRATIC,1");
  ASSERT_TRUE(erratic.ok());
  EXPECT_EQ(erratic->kind, ReplyLine::Kind::value);
}

TEST(ReferenceReplies, ErrorEntries) {
  EXPECT_EQ(encode_error_entry({0, "No error"}), "0,\"No error\"");
  Result<ErrorEntry> e = parse_error_entry("-222,\"Data out of range; power 120\"");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->code, -222);
  EXPECT_EQ(e->text, "Data out of range; power 120");
  EXPECT_FALSE(parse_error_entry("No error").ok());
}

TEST(ReferenceReplies, StandardTexts) {
  EXPECT_STREQ(error_text(0), "No error");
  EXPECT_STREQ(error_text(-222), "Data out of range");
  EXPECT_STREQ(error_text(error_codes::kNotRemote), "Not in remote control");
  EXPECT_STREQ(error_text(12345), "Unknown error");
}

}  // namespace
}  // namespace stimbench::reference
