// Validates our junit.xml with xmllint against shared/schemas/junit-10.xsd, the schema the
// Jenkins xUnit plugin applies. xmllint missing is a failure, not a skip (CI installs it).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "harness/evidence/evidence_folder.hpp"
#include "harness/evidence/junit_writer.hpp"
#include "tests/evidence/evidence_test_util.hpp"

namespace stimbench {
namespace {

struct Outcome {
  int exit_code = -1;
  std::string output;
};

Outcome run(const std::string& command) {
  Outcome outcome;
  std::FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return outcome;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
    outcome.output.append(buffer, n);
  int status = ::pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

std::string quoted(const std::string& path) {
  return "'" + path + "'";
}

std::string schema() {
  return std::string(STIMBENCH_SCHEMA_DIR) + "/junit-10.xsd";
}

Outcome validate(const std::string& xml_path) {
  return run("xmllint --noout --schema " + quoted(schema()) + " " + quoted(xml_path));
}

class JunitSchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run("command -v xmllint").exit_code, 0) << "xmllint not found: install libxml2-utils";
    ASSERT_EQ(run("test -r " + quoted(schema())).exit_code, 0) << "schema missing: " << schema();
  }
  test::TempDir dir_;
};

TEST_F(JunitSchemaTest, RunWithEveryVerdictAndHostileTextIsValid) {
  std::string path = dir_.file("junit.xml");
  ASSERT_TRUE(write_junit_xml(test::sample_run(), path).ok());
  Outcome outcome = validate(path);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output << "\n--- junit.xml ---\n"
                                  << test::read_text(path);
}

TEST_F(JunitSchemaTest, EmptyRunIsValid) {
  std::string path = dir_.file("junit.xml");
  ASSERT_TRUE(write_junit_xml(RunRecord{}, path).ok());
  Outcome outcome = validate(path);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
}

TEST_F(JunitSchemaTest, FolderFinishProducesValidJunit) {
  auto folder = EvidenceFolder::create(dir_.file("out"));
  ASSERT_TRUE(folder.ok());
  auto transcript = folder->open_transcript();
  ASSERT_TRUE(transcript.ok());
  ASSERT_TRUE((*transcript)->close().ok());
  ASSERT_TRUE(folder->finish(test::sample_run()).ok());
  Outcome outcome = validate(folder->junit_path());
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
}

// Negative controls: the check must be able to fail, or the tests above prove nothing.
TEST_F(JunitSchemaTest, SchemaViolationsAreRejected) {
  std::string missing_attr = dir_.file("missing.xml");
  test::write_text(missing_attr,
                   "<?xml version=\"1.0\"?>\n<testsuites><testsuite name=\"x\" failures=\"0\" "
                   "errors=\"0\"/></testsuites>\n");  // no tests="..."
  EXPECT_NE(validate(missing_attr).exit_code, 0);

  std::string bad_time = dir_.file("bad_time.xml");
  test::write_text(bad_time,
                   "<?xml version=\"1.0\"?>\n<testsuites><testsuite name=\"x\" tests=\"0\" "
                   "failures=\"0\" errors=\"0\" time=\"-1.0\"/></testsuites>\n");
  EXPECT_NE(validate(bad_time).exit_code, 0);

  std::string control_char = dir_.file("control.xml");
  test::write_text(control_char,
                   "<?xml version=\"1.0\"?>\n<testsuites name=\"a\x01\"></testsuites>\n");
  EXPECT_NE(validate(control_char).exit_code, 0);
}

}  // namespace
}  // namespace stimbench
