// `stimbench run` end to end against the built-in and standalone mocks.
#include <sys/stat.h>

#include <regex>

#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

TEST(RunBuiltinMock, SmokeSuitePassesAndWritesEvidence) {
  std::string out = fresh_path("evidence");
  ProcessResult r = run_cli({"run", scenario_dir("smoke"), "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* f :
       {"transcript.jsonl", "record.json", "junit.xml", "report.html", "manifest.json"}) {
    struct stat st {};
    EXPECT_EQ(stat((out + "/" + f).c_str(), &st), 0) << f;
    EXPECT_GT(st.st_size, 0) << f;
  }
  std::string junit = read_file(out + "/junit.xml");
  EXPECT_GE(count_substr(junit, "<testcase "), 5);
  EXPECT_EQ(count_substr(junit, "<failure"), 0);
  EXPECT_NE(r.out.find("evidence: " + out), std::string::npos) << r.out;

  std::string schema = std::string(STIMBENCH_SCHEMA_DIR) + "/junit-10.xsd";
  ProcessResult lint =
      run_process({"/usr/bin/xmllint", "--noout", "--schema", schema, out + "/junit.xml"});
  EXPECT_EQ(lint.exit_code, 0) << lint.err;

  ProcessResult verify = run_cli({"verify", out});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST(RunBuiltinMock, EvidenceFolderMustNotExist) {
  std::string out = fresh_path("evidence");
  mkdir(out.c_str(), 0755);
  ProcessResult r = run_cli({"run", scenario_dir("smoke"), "--out", out});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
}

TEST(RunStandaloneMock, TcpNeedsAllowStimulationThenPasses) {
  StandaloneMock mock = start_mock({"--listen", "tcp://127.0.0.1:0"});
  ASSERT_TRUE(std::regex_match(mock.uri, std::regex(R"(tcp://127\.0\.0\.1:[0-9]+)"))) << mock.uri;

  std::string refused_out = fresh_path("evidence");
  ProcessResult without =
      run_cli({"run", scenario_dir("smoke"), "--device", mock.uri, "--out", refused_out});
  EXPECT_EQ(without.exit_code, 2) << without.out << without.err;
  EXPECT_NE(without.err.find("--allow-stimulation"), std::string::npos) << without.err;
  EXPECT_FALSE(std::filesystem::exists(refused_out))
      << "exit 2 before contacting a device writes no folder";

  ProcessResult with = run_cli({"run", scenario_dir("smoke"), "--device", mock.uri,
                                "--allow-stimulation", "--out", fresh_path("evidence")});
  EXPECT_EQ(with.exit_code, 0) << with.out << with.err;
}

TEST(RunStandaloneMock, PtyPasses) {
  StandaloneMock mock = start_mock({"--pty"});
  ASSERT_TRUE(std::regex_match(mock.uri, std::regex(R"(serial:///dev/pts/[0-9]+)"))) << mock.uri;
  ProcessResult with = run_cli({"run", scenario_dir("smoke"), "--device", mock.uri,
                                "--allow-stimulation", "--out", fresh_path("evidence")});
  EXPECT_EQ(with.exit_code, 0) << with.out << with.err;
  // The PTY stays open across client hang-ups: a second run works too.
  ProcessResult again = run_cli({"run", scenario_dir("reference"), "--device", mock.uri,
                                 "--allow-stimulation", "--out", fresh_path("evidence")});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
}

TEST(RunBuiltinMock, ReferenceSuitePasses) {
  ProcessResult r = run_cli({"run", scenario_dir("reference"), "--out", fresh_path("evidence")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(Ports, ListsOrSaysNone) {
  ProcessResult r = run_cli({"ports"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(r.out.empty());
}

}  // namespace
}  // namespace stimbench::test
