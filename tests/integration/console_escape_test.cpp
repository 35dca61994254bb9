// Console and report safety (issue 14, defect 8): control bytes from a scenario or a device
// (ESC, BEL, NUL, CR) reach the terminal as \xNN, so the FAIL line and its reason are whole,
// and junit.xml still validates against the schema.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

constexpr const char* kHostile = R"(scenario: console-hostile
title: "A title with \e]0;pwned\a a terminal title escape"
tags: [smoke]
steps:
  - get: power
    name: "read \e[2J\a power \0 after NUL\r"
    expect: {value: 99}
)";

bool has_raw_control(const std::string& text) {
  for (unsigned char c : text) {
    if (c == '\n') continue;
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

TEST(ConsoleEscape, ControlBytesInAStepNameAreEscapedAndTheFailLineIsWhole) {
  const std::string scenario = write_scenario("hostile.yaml", kHostile);
  const std::string out = fresh_path("console-hostile");
  ProcessResult run = run_cli({"run", scenario, "--out", out});
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_FALSE(has_raw_control(run.out)) << run.out;
  EXPECT_FALSE(has_raw_control(run.err)) << run.err;
  // The whole FAIL line: the escaped name, then the reason after the NUL.
  EXPECT_NE(run.out.find("FAIL  console-hostile: steps #1 read \\x1b[2J\\x07 power \\x00 after "
                         "NUL\\x0d: expected 99"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("expected 99"), std::string::npos) << run.out;

  const std::string junit = read_file(out + "/junit.xml");
  EXPECT_EQ(junit.find('\x1b'), std::string::npos);
  EXPECT_EQ(junit.find(std::string(1, '\0')), std::string::npos);
  EXPECT_NE(junit.find("\\x1b[2J\\x07 power \\x00 after NUL"), std::string::npos);
  const std::string schema = std::string(STIMBENCH_SCHEMA_DIR) + "/junit-10.xsd";
  const std::string command =
      "xmllint --noout --schema '" + schema + "' '" + out + "/junit.xml' 2>/dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0) << "junit.xml does not validate";
  const std::string html = read_file(out + "/report.html");
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  EXPECT_EQ(html.find('\x07'), std::string::npos);
}

}  // namespace
}  // namespace stimbench::test
