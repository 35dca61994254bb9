#include <gtest/gtest.h>

#include "devices/protocols/reference/codec.hpp"

namespace stimbench::reference {
namespace {

TEST(ReferenceStatus, EncodesTheDocumentedFormat) {
  StatusLine s;
  s.state = StatusState::ready;
  s.remote = true;
  s.pulses = 12;
  EXPECT_EQ(encode_status_line(s), "READY,REMOTE=1,FAULT=0,PULSES=12");
}

TEST(ReferenceStatus, RoundTripsEveryState) {
  for (StatusState state : {StatusState::standby, StatusState::armed, StatusState::ready,
                            StatusState::firing, StatusState::fault}) {
    StatusLine s;
    s.state = state;
    s.fault = state == StatusState::fault;
    s.pulses = 1234567890123ULL;
    Result<StatusLine> back = parse_status_line(encode_status_line(s));
    ASSERT_TRUE(back.ok()) << encode_status_line(s);
    EXPECT_EQ(back->state, state);
    EXPECT_EQ(back->fault, s.fault);
    EXPECT_EQ(back->remote, false);
    EXPECT_EQ(back->pulses, s.pulses);
  }
}

TEST(ReferenceStatus, LenientOnCaseSpacingOrderAndNewKeys) {
  Result<StatusLine> s = parse_status_line(" armed , pulses=3, TEMP=25.1 ,fault=0,remote=1");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->state, StatusState::armed);
  EXPECT_TRUE(s->remote);
  EXPECT_EQ(s->pulses, 3u);
  ASSERT_EQ(s->extra.size(), 1u);
  EXPECT_EQ(s->extra[0].first, "TEMP");
  EXPECT_EQ(s->extra[0].second, "25.1");
}

TEST(ReferenceStatus, MalformedAreProtocolViolations) {
  for (const char* line :
       {"", "BUSY,REMOTE=1,FAULT=0,PULSES=0", "READY", "READY,REMOTE=1,FAULT=0",
        "READY,REMOTE=2,FAULT=0,PULSES=0", "READY,REMOTE=1,FAULT=0,PULSES=-1",
        "READY,REMOTE=1,FAULT=0,PULSES=x", "READY,REMOTE,FAULT=0,PULSES=0",
        "READY,REMOTE=1,REMOTE=0,FAULT=0,PULSES=0", "READY,REMOTE=1,FAULT=0,PULSES=1 2"}) {
    Result<StatusLine> s = parse_status_line(line);
    ASSERT_FALSE(s.ok()) << line;
    EXPECT_EQ(s.error().code, ErrorCode::protocol_violation);
  }
}

TEST(ReferenceStatus, StateWords) {
  EXPECT_STREQ(to_string(StatusState::standby), "STANDBY");
  EXPECT_EQ(status_state_from_string("Firing"), StatusState::firing);
  EXPECT_FALSE(status_state_from_string("LOCAL"));
}

TEST(ReferenceIdentity, RoundTripAndSanitising) {
  DeviceIdentity id{"Acme Neuro", "Ref-1", "SN 0042", "1.2.3"};
  EXPECT_EQ(encode_identity(id), "Acme Neuro,Ref-1,SN 0042,1.2.3");
  Result<DeviceIdentity> back = parse_identity(encode_identity(id));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->maker, id.maker);
  EXPECT_EQ(back->firmware, id.firmware);

  DeviceIdentity odd{"A,B", "M\nX", "", "f"};
  Result<DeviceIdentity> odd_back = parse_identity(encode_identity(odd));
  ASSERT_TRUE(odd_back.ok());
  EXPECT_EQ(odd_back->maker, "A B");
  EXPECT_EQ(odd_back->model, "M X");
  EXPECT_EQ(odd_back->serial, "");

  EXPECT_FALSE(parse_identity("a,b,c").ok());
  EXPECT_FALSE(parse_identity("a,b,c,d,e").ok());
}

}  // namespace
}  // namespace stimbench::reference
