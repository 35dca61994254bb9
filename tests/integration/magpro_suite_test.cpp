// MagPro end to end on the built-in mock (virtual time): minimal replies only for MagPro
// (its smoke+safety pass is in safety_suite_test.cpp), a train that outlives its disable is
// caught and its closing disarm not confirmed, and every pulse of a long train is counted.
#include <nlohmann/json.hpp>

#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

TEST(MagproMinimalReplies, RefusedForOtherFamiliesAsBadUsage) {
  ProcessResult run = run_cli({"run", scenario_dir("smoke/identify.yaml"), "--device",
                               "mock:?minimal_replies=on", "--out", fresh_path("evidence")});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("MagPro behaviour (family magventure) only; profile reference"),
            std::string::npos)
      << run.err;
  ProcessResult mock = run_cli(
      {"mock", "--minimal-replies", "--listen", "tcp://127.0.0.1:0", "--profile", "magstim-200"});
  EXPECT_EQ(mock.exit_code, 2) << mock.out << mock.err;
  EXPECT_NE(mock.err.find("family magstim"), std::string::npos) << mock.err;
}

TEST(MagproTrainDefect, ATrainThatOutlivesItsDisableFailsAndTheDisarmIsNotConfirmed) {
  std::string out = fresh_path("evidence");
  ProcessResult r = run_cli({"run", scenario_dir("smoke/disarm_stops_train.yaml"), "--profile",
                             "magventure-magpro-r30", "--device",
                             "mock:?defect=train-continues-after-disable", "--out", out});
  // A closing disarm that reads back as firing stops the run: exit 3 (docs/robustness.md).
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("expected state standby, device is firing"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("was not confirmed, so no further scenario starts"), std::string::npos)
      << r.out;
  auto record = nlohmann::json::parse(read_file(out + "/record.json"), nullptr, false);
  ASSERT_FALSE(record.is_discarded());
  const auto& scenario = record["scenarios"][0];
  EXPECT_EQ(scenario["disarm_confirmed"], false) << scenario.dump();
  const auto& closing = scenario["steps"].back();
  EXPECT_NE(closing["message"].get<std::string>().find("train running 1"), std::string::npos)
      << closing.dump();
}

// 200 pulses at 20 pps: ten seconds without a command, far more di/dt than one reply
// carries; each is counted.
const char* kLongTrain = R"(scenario: magpro-long-train-pulses
title: every pulse of a 200-pulse train is counted from its di/dt message
steps:
  - set: {power: 30, frequency: 20, pulses: 200, train_count: 1, train_iti: 1}
  - arm
  - train: {}
  - wait: 11s
  - status: {}
    expect: {state: ready, pulses: 200}
  - disarm
)";

class MagproPulseCount : public testing::TestWithParam<const char*> {};

TEST_P(MagproPulseCount, ExpectPulsesIsJudgedFromDidtMessages) {
  ProcessResult r =
      run_cli({"run", write_scenario("long-train.yaml", kLongTrain), "--profile",
               "magventure-magpro-x100", "--device", GetParam(), "--out", fresh_path("evidence")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

INSTANTIATE_TEST_SUITE_P(Mocks, MagproPulseCount,
                         testing::Values("mock:", "mock:?minimal_replies=on"),
                         [](const testing::TestParamInfo<const char*>& info) {
                           return std::string(info.index == 0 ? "full" : "minimal");
                         });

}  // namespace
}  // namespace stimbench::test
