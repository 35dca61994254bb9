#include <gtest/gtest.h>

#include "devices/protocols/reference/codec.hpp"

namespace stimbench::reference {
namespace {

std::vector<std::string> drain(LineSplitter& s) {
  std::vector<std::string> out;
  while (auto line = s.next_line()) out.push_back(*line);
  return out;
}

TEST(LineSplitter, SplitsConcatenatedLinesAndAcceptsCrLf) {
  LineSplitter s;
  s.feed("*IDN?\nSTAT?\r\nSOUR:AMPL 5\n");
  EXPECT_EQ(drain(s), (std::vector<std::string>{"*IDN?", "STAT?", "SOUR:AMPL 5"}));
  EXPECT_EQ(s.buffered(), 0u);
}

TEST(LineSplitter, ReassemblesLinesSplitAcrossFeedsByteByByte) {
  LineSplitter s;
  std::string wire = "SOUR:FREQ 10\r\n*IDN?\n";
  std::vector<std::string> lines;
  for (char c : wire) {
    s.feed(std::string_view(&c, 1));
    for (auto& l : drain(s)) lines.push_back(l);
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"SOUR:FREQ 10", "*IDN?"}));
}

TEST(LineSplitter, KeepsPartialLineUntilNewline) {
  LineSplitter s;
  s.feed("STA");
  EXPECT_FALSE(s.next_line());
  EXPECT_EQ(s.buffered(), 3u);
  s.feed("T?\r");
  EXPECT_FALSE(s.next_line());
  s.feed("\n");
  EXPECT_EQ(s.next_line(), "STAT?");
}

TEST(LineSplitter, EmptyLinesAndLoneCarriageReturnInside) {
  LineSplitter s;
  s.feed("\n\r\na\rb\n");
  EXPECT_EQ(drain(s), (std::vector<std::string>{"", "", "a\rb"}));
}

TEST(LineSplitter, LineOfExactlyMaxLengthIsFineEvenWithCrLf) {
  LineSplitter s;
  std::string max(LineSplitter::kMaxLine, 'x');
  s.feed(max + "\r\n" + max + "\n");
  auto lines = drain(s);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], max);
  EXPECT_EQ(lines[1], max);
  EXPECT_FALSE(s.overflowed());
}

TEST(LineSplitter, OverflowIsReportedOnceInOrderAndResyncs) {
  LineSplitter s;
  s.feed("first\n");
  s.feed(std::string(LineSplitter::kMaxLine + 1, 'y'));
  EXPECT_TRUE(s.overflowed());
  s.feed(std::string(10000, 'z'));  // still the same runaway line: discarded
  s.feed("\nafter\n");

  auto first = s.next();
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->overflowed);
  EXPECT_EQ(first->text, "first");
  auto runaway = s.next();
  ASSERT_TRUE(runaway);
  EXPECT_TRUE(runaway->overflowed);
  EXPECT_LT(runaway->text.size(), 100u);
  auto after = s.next();
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->overflowed);
  EXPECT_EQ(after->text, "after");
  EXPECT_FALSE(s.next());
  EXPECT_LE(s.buffered(), 0u);
}

TEST(LineSplitter, NextLineSkipsOverflowButFlagStaysUntilCleared) {
  LineSplitter s;
  s.feed(std::string(LineSplitter::kMaxLine + 2, 'y') + "\nok\n");
  EXPECT_EQ(drain(s), (std::vector<std::string>{"ok"}));
  EXPECT_TRUE(s.overflowed());
  s.clear_overflow();
  EXPECT_FALSE(s.overflowed());
}

TEST(LineSplitter, ResetDropsPartialAndQueued) {
  LineSplitter s;
  s.feed("a\nhalf");
  s.reset();
  s.feed("b\n");
  EXPECT_EQ(drain(s), (std::vector<std::string>{"b"}));
}

TEST(LineSplitter, OverlongLineIsDroppedAndCountedAndMemoryStaysBounded) {
  LineSplitter s;
  const std::string flood(1u << 20, 'A');  // 1 MiB, no line end
  s.feed(flood);
  EXPECT_LE(s.buffered(), LineSplitter::kMaxLine + 1);
  s.feed(std::string_view("\nOK\n"));
  auto first = s.next();
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->overflowed);
  EXPECT_LE(first->text.size(), 64u);
  EXPECT_EQ(s.next_line(), std::optional<std::string>("OK"));
  EXPECT_EQ(s.dropped_bytes(), flood.size() + 1);
}

}  // namespace
}  // namespace stimbench::reference
