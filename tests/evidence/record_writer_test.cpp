#include "harness/evidence/record_writer.hpp"

#include <gtest/gtest.h>

#include "tests/evidence/evidence_test_util.hpp"

namespace stimbench {
namespace {

using nlohmann::json;

class RecordWriterTest : public ::testing::Test {
 protected:
  json write_and_parse(const RunRecord& run) {
    Status written = write_record_json(run, path_);
    EXPECT_TRUE(written.ok()) << (written.ok() ? "" : written.error().message);
    return json::parse(test::read_text(path_));
  }
  test::TempDir dir_;
  std::string path_ = dir_.file("record.json");
};

TEST(VerdictText, EveryVerdictHasItsName) {
  EXPECT_STREQ(to_string(Verdict::pass), "pass");
  EXPECT_STREQ(to_string(Verdict::fail), "fail");
  EXPECT_STREQ(to_string(Verdict::error), "error");
  EXPECT_STREQ(to_string(Verdict::skipped), "skipped");
}

TEST_F(RecordWriterTest, RunInfoIsComplete) {
  json doc = write_and_parse(test::sample_run());
  EXPECT_EQ(doc["format"], "stimbench-record");
  EXPECT_EQ(doc["format_version"], 1);
  const json& run = doc["run"];
  EXPECT_EQ(run["run_id"], "3f2b8c1e-9a4d-4e6f-8b2a-0c1d2e3f4a5b");
  EXPECT_EQ(run["started_utc"], "2026-11-25T03:18:48.123Z");
  EXPECT_EQ(run["ended_utc"], "2026-11-25T03:19:02.456Z");
  EXPECT_EQ(run["harness"]["version"], "0.1.0");
  EXPECT_EQ(run["harness"]["git_commit"], "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(run["operator"], "A. Tester");
  EXPECT_EQ(run["station"], "HIL-2");
  EXPECT_EQ(run["host"], "bench-01");
  EXPECT_EQ(run["device"]["uri"], "mock:");
  EXPECT_EQ(run["device"]["identity"]["serial"], "SN0001");
  EXPECT_EQ(run["device"]["identity"]["firmware"], "1.2.3");
  EXPECT_EQ(run["profile"]["name"], "reference");
  EXPECT_EQ(run["clock"]["source"], "CLOCK_MONOTONIC");
  EXPECT_EQ(run["clock"]["resolution_ns"], 1);
  EXPECT_EQ(run["seed"].get<std::uint64_t>(), 18446744073709551615ull);
  EXPECT_EQ(run["time_scale"], 10.0);
  EXPECT_EQ(run["command_line"].size(), 5u);
  EXPECT_EQ(run["exit_code"], 3);
  EXPECT_EQ(run["inputs"][0]["role"], "scenario");
}

TEST_F(RecordWriterTest, SummaryCountsScenariosAndSteps) {
  json summary = write_and_parse(test::sample_run())["summary"];
  EXPECT_EQ(summary["scenarios"], json({{"total", 4},
                                        {"passed", 1},
                                        {"failed", 1},
                                        {"error", 1},
                                        {"skipped", 1},
                                        {"not_run", 0}}));
  EXPECT_EQ(summary["steps"], json({{"total", 7},
                                    {"passed", 4},
                                    {"failed", 1},
                                    {"error", 1},
                                    {"skipped", 1},
                                    {"not_run", 0}}));
}

TEST_F(RecordWriterTest, StepsCarryMeasurementsVerdictsAndDetailAsIs) {
  RunRecord run = test::sample_run();
  json doc = write_and_parse(run);
  const json& scenario = doc["scenarios"][0];
  EXPECT_EQ(scenario["id"], "refusals");
  EXPECT_EQ(scenario["verdict"], "fail");
  EXPECT_EQ(scenario["requirements"], json({"SRS-SAFE-012", "SRS-SAFE-013"}));
  EXPECT_EQ(scenario["risk_controls"], json({"RC-07"}));
  EXPECT_EQ(scenario["disarm_confirmed"], true);
  EXPECT_EQ(doc["scenarios"][1]["disarm_confirmed"], nullptr);  // never read back
  EXPECT_EQ(doc["scenarios"][2]["disarm_confirmed"], false);
  ASSERT_EQ(scenario["steps"].size(), 5u);

  const json& pass = scenario["steps"][0];
  EXPECT_EQ(pass["verdict"], "pass");
  EXPECT_EQ(pass["phase"], "steps");
  EXPECT_EQ(pass["location"], "scenarios/refusals.yaml:12:5");
  EXPECT_EQ(pass["duration_ns"], 12'500'000);
  EXPECT_EQ(pass["measurements"][0], json({{"name", "latency"},
                                           {"value", 1234.5},
                                           {"unit", "us"},
                                           {"low", 0.0},
                                           {"high", 50000.0}}));
  EXPECT_EQ(pass["measurements"][1]["low"], nullptr);  // one-sided limit
  EXPECT_EQ(pass["measurements"][1]["high"], 40.0);
  EXPECT_EQ(pass["detail"], run.scenarios[0].steps[0].detail);

  const json& fail = scenario["steps"][1];
  EXPECT_EQ(fail["verdict"], "fail");
  EXPECT_EQ(fail["detail"], run.scenarios[0].steps[1].detail);
  EXPECT_NE(fail["message"].get<std::string>().find("expected refusal"), std::string::npos);
  // NaN has no JSON form: null plus the text, never a silent 0.
  EXPECT_EQ(fail["measurements"][1]["value"], nullptr);
  EXPECT_EQ(fail["measurements"][1]["value_text"], "nan");
  EXPECT_EQ(scenario["steps"][2]["verdict"], "error");
  EXPECT_EQ(scenario["steps"][3]["verdict"], "skipped");
  EXPECT_EQ(scenario["steps"][4]["phase"], "safety");
}

TEST_F(RecordWriterTest, InvalidUtf8IsReplacedNotFatal) {
  RunRecord run = test::sample_run();
  run.scenarios[0].steps[0].detail = {{"raw", std::string("\xff\xfe")}};
  json doc = write_and_parse(run);
  EXPECT_EQ(doc["scenarios"][0]["steps"][0]["detail"]["raw"], "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_F(RecordWriterTest, EmptyRunAndMissingIdentityAreStillValid) {
  RunRecord run;
  json doc = write_and_parse(run);
  EXPECT_TRUE(doc["scenarios"].is_array());
  EXPECT_TRUE(doc["scenarios"].empty());
  EXPECT_EQ(doc["run"]["device"]["identity"], nullptr);
  EXPECT_EQ(doc["summary"]["steps"]["total"], 0);
}

// A BiStim² reports nothing about itself: the record must not claim a serial, and the
// profile's identity appears only as the expected one, marked as such.
TEST_F(RecordWriterTest, UnreportedIdentityFieldsAreNullAndTheProfileIsOnlyExpected) {
  RunRecord run = test::sample_run();
  run.profile_name = "magstim-bistim2";
  run.device_identity = DeviceIdentity{"", "", "", ""};
  run.expected_identity = DeviceIdentity{"Magstim", "BiStim2", "MS-BI-0001", ""};
  json device = write_and_parse(run)["run"]["device"];
  EXPECT_EQ(device["identity"]["serial"], nullptr);
  EXPECT_EQ(device["identity"]["model"], nullptr);
  EXPECT_EQ(device["expected_identity"]["serial"], "MS-BI-0001");
  EXPECT_NE(
      device["expected_identity"]["source"].get<std::string>().find("not read from the device"),
      std::string::npos);
}

TEST_F(RecordWriterTest, NeverOverwritesAnExistingRecord) {
  test::write_text(path_, "original");
  Status written = write_record_json(test::sample_run(), path_);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(test::read_text(path_), "original");
}

}  // namespace
}  // namespace stimbench
