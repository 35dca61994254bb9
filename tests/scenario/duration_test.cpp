#include "harness/scenario/duration.hpp"

#include <gtest/gtest.h>

namespace stimbench {
namespace {

using namespace std::chrono_literals;

std::chrono::nanoseconds parsed(std::string_view text) {
  auto result = parse_duration(text);
  EXPECT_TRUE(result.ok()) << text << ": " << (result.ok() ? "" : result.error().message);
  return result.ok() ? *result : std::chrono::nanoseconds(-1);
}

TEST(ParseDuration, AcceptsEveryUnitAndBareSeconds) {
  EXPECT_EQ(parsed("50ms"), 50ms);
  EXPECT_EQ(parsed("1.5s"), 1500ms);
  EXPECT_EQ(parsed("2 s"), 2s);
  EXPECT_EQ(parsed("500us"), 500us);
  EXPECT_EQ(parsed("500µs"), 500us);
  EXPECT_EQ(parsed("250ns"), 250ns);
  EXPECT_EQ(parsed("1min"), 60s);
  EXPECT_EQ(parsed("2.5"), 2500ms);
  EXPECT_EQ(parsed("3"), 3s);
  EXPECT_EQ(parsed("0"), 0s);
  EXPECT_EQ(parsed(".25s"), 250ms);
  EXPECT_EQ(parsed(" 10ms "), 10ms);
}

TEST(ParseDuration, RoundsToWholeNanoseconds) {
  EXPECT_EQ(parsed("0.1s"), 100ms);  // 0.1 is not exact in binary
  EXPECT_EQ(parsed("0.0000000015s"), 2ns);
}

TEST(ParseDuration, RejectsWithAReason) {
  struct Case {
    const char* text;
    const char* reason;
  };
  for (const Case& c :
       {Case{"-1s", "must not be negative"}, Case{"1.5sec", "unknown unit 'sec'"},
        Case{"fast", "expected a number"}, Case{"", "empty"}, Case{"1e3ms", "unknown unit 'e3ms'"},
        Case{"1.2.3s", "expected a number"}, Case{"s", "expected a number"},
        Case{"1m", "unknown unit 'm'"}, Case{"99999999999min", "too long"}}) {
    auto result = parse_duration(c.text);
    ASSERT_FALSE(result.ok()) << c.text;
    EXPECT_EQ(result.error().code, ErrorCode::invalid_input);
    EXPECT_NE(result.error().message.find(c.reason), std::string::npos)
        << c.text << " -> " << result.error().message;
  }
}

TEST(FormatDuration, ShortestFormThatReadsBack) {
  EXPECT_EQ(format_duration(0s), "0s");
  EXPECT_EQ(format_duration(1500ms), "1.5s");
  EXPECT_EQ(format_duration(50ms), "50ms");
  EXPECT_EQ(format_duration(250us), "250us");
  EXPECT_EQ(format_duration(7ns), "7ns");
  EXPECT_EQ(format_duration(120s), "2min");
  EXPECT_EQ(format_duration(90s), "90s");
  EXPECT_EQ(format_duration(1001ms), "1.001s");
  for (std::chrono::nanoseconds d :
       {std::chrono::nanoseconds(1500ms), std::chrono::nanoseconds(50ms),
        std::chrono::nanoseconds(90s), std::chrono::nanoseconds(1001ms)}) {
    EXPECT_EQ(parsed(format_duration(d)), d);
  }
}

}  // namespace
}  // namespace stimbench
