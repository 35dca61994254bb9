// Bytes in, bytes out: the reference framing in front of the device model.
#include <gtest/gtest.h>

#include "devices/mock/reference_dialect.hpp"
#include "tests/mock/mock_test_util.hpp"

namespace stimbench::test {
namespace {

class DialectTest : public ::testing::Test {
 protected:
  std::string feed(std::string_view text) {
    std::string out;
    for (const Bytes& reply : dialect.on_bytes(to_bytes(text), 0)) out += to_text(reply);
    return out;
  }
  MockStimulator device = make_mock();
  ReferenceDialect dialect{device};
};

TEST_F(DialectTest, ConcatenatedCommandsGetOneReplyLineEachInOrder) {
  EXPECT_EQ(feed("SYST:REM ON\n*IDN?\r\nSOUR:AMPL 50\nSOUR:AMPL?\nBOGUS\nSTAT?\n"),
            "OK\nstimbench,REF-1,SB-0001,1.0.0\nOK\n50\nERR -113,\"Undefined header; unknown "
            "header BOGUS\"\nSTANDBY,REMOTE=1,FAULT=0,PULSES=0\n");
}

TEST_F(DialectTest, EachReplyLineIsItsOwnElement) {
  // The server's fault schedule counts replies by these elements.
  std::vector<Bytes> replies = dialect.on_bytes(to_bytes("*IDN?\n\nSTAT?\nBOGUS\n"), 0);
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(to_text(replies[0]), "stimbench,REF-1,SB-0001,1.0.0\n");
  EXPECT_EQ(to_text(replies[1]), "STANDBY,REMOTE=0,FAULT=0,PULSES=0\n");
  EXPECT_EQ(to_text(replies[2]).rfind("ERR -113,", 0), 0u);
  EXPECT_TRUE(dialect.on_bytes(to_bytes("*ID"), 0).empty());
}

TEST_F(DialectTest, SplitInputIsReassembled) {
  std::string wire = "*IDN?\r\nSTAT?\n";
  std::string out;
  for (char c : wire) out += feed(std::string_view(&c, 1));
  EXPECT_EQ(out, "stimbench,REF-1,SB-0001,1.0.0\nSTANDBY,REMOTE=0,FAULT=0,PULSES=0\n");
  EXPECT_EQ(feed("*ID"), "");
  EXPECT_EQ(feed("N?"), "");
  EXPECT_EQ(feed("\n"), "stimbench,REF-1,SB-0001,1.0.0\n");
}

TEST_F(DialectTest, BlankLinesAreSkipped) {
  EXPECT_EQ(feed("\n\r\n  \n*IDN?\n\n"), "stimbench,REF-1,SB-0001,1.0.0\n");
}

TEST_F(DialectTest, OverflowingLineGetsOneErrorAndTheStreamResyncs) {
  std::string runaway(reference::LineSplitter::kMaxLine + 10, 'A');
  std::string out = feed("*IDN?\n" + runaway);
  EXPECT_EQ(out,
            "stimbench,REF-1,SB-0001,1.0.0\nERR -100,\"Command error; line longer than 4096 "
            "bytes\"\n");
  EXPECT_EQ(feed(std::string(20000, 'B')), "");  // rest of the same line: dropped
  EXPECT_EQ(feed("C\nSTAT?\n"), "STANDBY,REMOTE=0,FAULT=0,PULSES=0\n");
  EXPECT_EQ(feed("SYST:ERR?\n").rfind("-100,\"Command error; line longer", 0), 0u);
}

TEST_F(DialectTest, EachConnectionHasItsOwnPartialLine) {
  ReferenceDialect other{device};
  EXPECT_EQ(feed("SYST:REM"), "");
  std::vector<Bytes> replies = other.on_bytes(to_bytes("*IDN?\n"), 0);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(to_text(replies[0]), "stimbench,REF-1,SB-0001,1.0.0\n");
  EXPECT_EQ(feed(" ON\n"), "OK\n");
  EXPECT_TRUE(device.remote());  // shared device state
}

}  // namespace
}  // namespace stimbench::test
