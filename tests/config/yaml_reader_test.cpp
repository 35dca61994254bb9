#include "harness/config/yaml_reader.hpp"

#include <gtest/gtest.h>

namespace stimbench {
namespace {

TEST(ClosestMatch, TyposFindTheirKey) {
  const KeyList keys = {"scenario", "title", "steps", "expect", "within", "teardown"};
  EXPECT_EQ(closest_match("expcet", keys), "expect");  // swapped neighbours: one edit
  EXPECT_EQ(closest_match("titel", keys), "title");
  EXPECT_EQ(closest_match("step", keys), "steps");
  EXPECT_EQ(closest_match("Teardown", keys), "teardown");
  EXPECT_EQ(closest_match("scenaro", keys), "scenario");
  EXPECT_EQ(closest_match("colour", keys), "");
  EXPECT_EQ(closest_match("x", keys), "");
  EXPECT_EQ(did_you_mean("withn", keys), " (did you mean 'within'?)");
  EXPECT_EQ(did_you_mean("zzz", keys), "");
}

TEST(ParseNumber, StrictDecimal) {
  EXPECT_EQ(parse_number("50"), std::optional<double>(50));
  EXPECT_EQ(parse_number("-0.5"), std::optional<double>(-0.5));
  EXPECT_EQ(parse_number("+2"), std::optional<double>(2));
  EXPECT_EQ(parse_number("1e3"), std::optional<double>(1000));
  for (const char* bad : {"", "+", "++1", "fifty", "1,5", "50 %", "inf", "nan", "0x10", " 1"}) {
    EXPECT_FALSE(parse_number(bad).has_value()) << bad;
  }
}

TEST(IsValidName, LettersDigitsAndSeparators) {
  EXPECT_TRUE(is_valid_name("magstim-rapid2_v9.240v"));
  EXPECT_FALSE(is_valid_name(""));
  EXPECT_FALSE(is_valid_name("a b"));
  EXPECT_FALSE(is_valid_name("a/b"));
  EXPECT_FALSE(is_valid_name("!slow"));
}

TEST(YamlReader, EmptyListItemIsReportedAtItsDash) {
  const std::string text = "list:\n  - a\n  -\n\n  - b\n";
  YamlReader in(text);
  auto root = in.parse_single_document();
  ASSERT_TRUE(root.has_value());
  const YAML::Node list = (*root)["list"];
  YAML::Mark at = in.position(list[1]);
  EXPECT_EQ(at.line + 1, 3);
  EXPECT_EQ(at.column + 1, 3);
}

// yaml-cpp's own LoadAll never returns on these; the reader must.
TEST(YamlReader, StrayTokensAreSyntaxErrorsNotHangs) {
  for (const char* text : {",\n", ",# comment\ntitle: x\n", "a: 1\n...\n,\n"}) {
    YamlReader in(text);
    EXPECT_FALSE(in.parse_single_document().has_value()) << text;
    ASSERT_EQ(in.issues().size(), 1u) << text;
    EXPECT_EQ(in.issues()[0].message, "YAML syntax: unexpected ','") << text;
  }
}

TEST(YamlReader, OneDocumentOnly) {
  YamlReader two("a: 1\n---\nb: 2\n");
  EXPECT_FALSE(two.parse_single_document().has_value());
  ASSERT_EQ(two.issues().size(), 1u);
  EXPECT_EQ(two.issues()[0].line, 2);
  YamlReader comments("# nothing\n");
  EXPECT_FALSE(comments.parse_single_document().has_value());
  ASSERT_EQ(comments.issues().size(), 1u);
  EXPECT_EQ(comments.issues()[0].line, 0);
  YamlReader one("---\na: 1\n...\n");
  auto root = one.parse_single_document();
  ASSERT_TRUE(root.has_value());
  EXPECT_TRUE(root->IsMap());
  EXPECT_TRUE(one.issues().empty());
}

TEST(YamlReader, TypedReadersReportAndReturnNothing) {
  YamlReader in("a: x\nb: 2.5\nc: [1]\nd: on\n");
  auto root = in.parse_single_document();
  ASSERT_TRUE(root.has_value());
  std::vector<std::string> seen;
  auto visit = [&](const std::string& key, const YAML::Node& k, const YAML::Node& value) {
    seen.push_back(key);
    if (key == "a") {
      EXPECT_FALSE(in.number(value, key, k).has_value());
    } else if (key == "b") {
      EXPECT_FALSE(in.integer(value, key, k).has_value());
    } else if (key == "c") {
      EXPECT_FALSE(in.text(value, key, k).has_value());
    } else {
      EXPECT_EQ(in.boolean(value, key, k), std::optional<bool>(true));
    }
  };
  in.for_each_entry(*root, {"a", "b", "c", "d"}, visit);
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c", "d"}));
  ASSERT_EQ(in.issues().size(), 3u);
  EXPECT_EQ(in.issues()[0].message, "'a' must be a number, not 'x'");
  EXPECT_EQ(in.issues()[1].message, "'b' must be a whole number, not '2.5'");
  EXPECT_EQ(in.issues()[2].message, "'c' must be text, not a list");
  EXPECT_EQ(in.issues()[2].line, 3);
  EXPECT_EQ(in.issues()[2].column, 4);
}

}  // namespace
}  // namespace stimbench
