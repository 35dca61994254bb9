// The bound on text copied into evidence (issue 14, scope item 2).
#include "harness/evidence/evidence_text.hpp"

#include <gtest/gtest.h>

namespace stimbench {
namespace {

TEST(EvidenceText, ShortTextIsKept) {
  EXPECT_EQ(cap_text("no reply within 1000 ms"), "no reply within 1000 ms");
  EXPECT_EQ(cap_text(std::string(kMaxEvidenceText, 'a')), std::string(kMaxEvidenceText, 'a'));
}

TEST(EvidenceText, LongTextIsCutAndPointsToTheTranscript) {
  std::string flood(10u << 20, 'A');
  std::string capped = cap_text(flood);
  EXPECT_LT(capped.size(), kMaxEvidenceText + 64);
  EXPECT_EQ(capped.substr(0, kMaxEvidenceText), std::string(kMaxEvidenceText, 'A'));
  EXPECT_NE(capped.find("... (10485760 bytes, see transcript)"), std::string::npos);
}

TEST(EvidenceText, CutNeverSplitsAUtf8Character) {
  std::string text = std::string(kMaxEvidenceText - 1, 'a') + "\xC2\xB0" + "C and more";
  std::string capped = cap_text(text);
  EXPECT_EQ(capped.substr(0, kMaxEvidenceText - 1), std::string(kMaxEvidenceText - 1, 'a'));
  EXPECT_EQ(capped[kMaxEvidenceText - 1], '.');
}

TEST(EvidenceText, EveryStringInsideJsonIsCapped) {
  nlohmann::json detail = {{"observed", {{"raw", std::string(5000, 'x')}}},
                           {"list", {std::string(600, 'y'), 3}},
                           {"short", "ok"}};
  cap_strings(detail);
  EXPECT_LT(detail["observed"]["raw"].get<std::string>().size(), 600u);
  EXPECT_LT(detail["list"][0].get<std::string>().size(), 600u);
  EXPECT_EQ(detail["list"][1], 3);
  EXPECT_EQ(detail["short"], "ok");
}

}  // namespace
}  // namespace stimbench
