#include "harness/evidence/junit_writer.hpp"

#include <gtest/gtest.h>

#include "tests/evidence/evidence_test_util.hpp"

namespace stimbench {
namespace {

using namespace std::string_literals;
constexpr const char* kFffd = "\xEF\xBF\xBD";

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

TEST(XmlEscape, MarkupCharacters) {
  EXPECT_EQ(xml_escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(xml_escape("]]>", XmlContext::text), "]]&gt;");
  EXPECT_EQ(xml_escape("&amp;"), "&amp;amp;");  // already-escaped text is escaped again
}

TEST(XmlEscape, ForbiddenControlsAndNulBecomeHexEscapes) {
  EXPECT_EQ(xml_escape("a\x01z"), "a\\x01z");
  EXPECT_EQ(xml_escape("a\0z"s), "a\\x00z");
  EXPECT_EQ(xml_escape("\x0b\x0c\x1f\x1b\x07"), "\\x0b\\x0c\\x1f\\x1b\\x07");
  EXPECT_EQ(xml_escape("\x7f"), "\x7f");  // DEL is a legal XML 1.0 character
}

TEST(XmlEscape, InvalidUtf8AndNonCharactersBecomeReplacementCharacter) {
  EXPECT_EQ(xml_escape("\xff"), kFffd);
  EXPECT_EQ(xml_escape("\xc0\x80"), std::string(kFffd) + kFffd);              // overlong NUL
  EXPECT_EQ(xml_escape("\xed\xa0\x80"), std::string(kFffd) + kFffd + kFffd);  // surrogate
  EXPECT_EQ(xml_escape("\xef\xbf\xbe"), kFffd);                               // U+FFFE
  EXPECT_EQ(xml_escape("\xf4\x90\x80\x80"), std::string(kFffd) + kFffd + kFffd + kFffd);
  EXPECT_EQ(xml_escape("\xe2\x82"), std::string(kFffd) + kFffd);  // truncated sequence
}

TEST(XmlEscape, ValidNonAsciiIsKept) {
  EXPECT_EQ(xml_escape("Rapid\xc2\xb2 \xe2\x82\xac \xf0\x9f\x98\x80"),
            "Rapid\xc2\xb2 \xe2\x82\xac \xf0\x9f\x98\x80");
}

TEST(XmlEscape, WhitespaceSurvivesAttributeNormalisation) {
  EXPECT_EQ(xml_escape("a\tb\nc\rd", XmlContext::attribute), "a&#9;b&#10;c&#13;d");
  EXPECT_EQ(xml_escape("a\tb\nc\rd", XmlContext::text), "a\tb\nc&#13;d");
}

TEST(JunitSeconds, MatchesSurefireTimeAndNeverGoesNegative) {
  EXPECT_EQ(junit_seconds(0), "0.000");
  EXPECT_EQ(junit_seconds(1'234'567'890), "1.234");
  EXPECT_EQ(junit_seconds(3'723'500'000'000), "3723.500");
  EXPECT_EQ(junit_seconds(-5), "0.000");
}

class JunitXmlTest : public ::testing::Test {
 protected:
  std::string xml_ = junit_xml(test::sample_run());
};

TEST_F(JunitXmlTest, OneSuitePerScenarioWithCounts) {
  EXPECT_EQ(xml_.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", 0), 0u);
  EXPECT_EQ(count(xml_, "<testsuite "), 4u);
  EXPECT_NE(xml_.find("<testsuite name=\"refusals\" tests=\"5\" failures=\"1\" errors=\"1\" "
                      "skipped=\"1\" time=\"1.234\" timestamp=\"2026-11-25T03:18:49.000Z\" "
                      "hostname=\"bench-01\""),
            std::string::npos)
      << xml_;
  EXPECT_NE(xml_.find("<testsuites name=\"stimbench\" tests=\"9\" failures=\"1\" errors=\"2\""),
            std::string::npos);
  EXPECT_NE(xml_.find("classname=\"stimbench.refusals\""), std::string::npos);
}

TEST_F(JunitXmlTest, TraceabilityProperties) {
  EXPECT_NE(xml_.find("<property name=\"requirements\" value=\"SRS-SAFE-012,SRS-SAFE-013\"/>"),
            std::string::npos);
  EXPECT_NE(xml_.find("<property name=\"risk_controls\" value=\"RC-07\"/>"), std::string::npos);
  EXPECT_NE(xml_.find("<property name=\"file\" value=\"scenarios/refusals.yaml\"/>"),
            std::string::npos);
  EXPECT_NE(xml_.find("<property name=\"sha256\" value=\"" + std::string(64, 'b') + "\"/>"),
            std::string::npos);
}

TEST_F(JunitXmlTest, FailureNamesTheStepAndTheReason) {
  auto at = xml_.find("<failure message=\"steps[1] set power=150 &lt;");
  ASSERT_NE(at, std::string::npos) << xml_;
  auto end = xml_.find("</failure>", at);
  std::string failure = xml_.substr(at, end - at);
  EXPECT_NE(failure.find("device accepted 150 % (expected refusal)"), std::string::npos);
  EXPECT_NE(failure.find("type=\"fail\""), std::string::npos);
  EXPECT_NE(failure.find("readback = 150 % (limits 0 .. 100)"), std::string::npos);
  EXPECT_NE(xml_.find("<error message=\"steps[2] get frequency: timeout after 50 ms\""),
            std::string::npos);
}

TEST_F(JunitXmlTest, SkippedScenarioWithoutStepsGetsOneSkippedCase) {
  auto at = xml_.find(
      "<testsuite name=\"needs-train\" tests=\"1\" failures=\"0\" errors=\"0\" "
      "skipped=\"1\"");
  ASSERT_NE(at, std::string::npos) << xml_;
  EXPECT_NE(xml_.find("<testcase name=\"needs-train\" classname=\"stimbench.needs-train\" "
                      "time=\"0.000\">\n      <skipped message=\"profile lacks capability "
                      "&apos;train&apos;\"/>",
                      at),
            std::string::npos)
      << xml_;
}

TEST_F(JunitXmlTest, ScenarioErrorThatNoStepCarriesIsNotGreen) {
  auto at = xml_.find("<testsuite name=\"lost-link\" tests=\"2\" failures=\"0\" errors=\"1\"");
  ASSERT_NE(at, std::string::npos) << xml_;
  EXPECT_NE(xml_.find("<error message=\"(scenario) lost-link: connection closed by device\"", at),
            std::string::npos);
}

TEST_F(JunitXmlTest, NoRawHostileBytesReachTheDocument) {
  EXPECT_EQ(xml_.find('\x01'), std::string::npos);
  EXPECT_EQ(xml_.find('\0'), std::string::npos);
  EXPECT_EQ(xml_.find('\xff'), std::string::npos);
  EXPECT_EQ(xml_.find('\r'), std::string::npos);
  EXPECT_EQ(xml_.find("<b>"), std::string::npos);
  EXPECT_EQ(xml_.find("]]>"), std::string::npos);
}

TEST(JunitXml, EmptyRunIsAnEmptyTestsuites) {
  EXPECT_EQ(junit_xml(RunRecord{}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"stimbench\" "
            "tests=\"0\" failures=\"0\" errors=\"0\" time=\"0.000\">\n</testsuites>\n");
}

TEST(JunitXml, WriteRefusesToOverwrite) {
  test::TempDir dir;
  ASSERT_TRUE(write_junit_xml(test::sample_run(), dir.file("junit.xml")).ok());
  EXPECT_FALSE(write_junit_xml(test::sample_run(), dir.file("junit.xml")).ok());
  EXPECT_EQ(test::read_text(dir.file("junit.xml")), junit_xml(test::sample_run()));
}

}  // namespace
}  // namespace stimbench
