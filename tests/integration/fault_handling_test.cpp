// Fault handling in the harness (issue 15 item 3) end to end on the built-in mock:
// scenarios/faults passes with every fault kind logged and reproducible from its seed, each
// failure is classified in record.json and junit.xml, retries and reconnects are on record, and
// step-level `faults:` are checked like scenario-level ones.
#include <cstdlib>
#include <set>

#include "tests/integration/proxy_fixture.hpp"

namespace stimbench::test {
namespace {

nlohmann::json record_of(const std::string& out) {
  return nlohmann::json::parse(read_file(out + "/record.json"), nullptr, false);
}

// The step whose name ends with `suffix`, in the first scenario.
nlohmann::json step_named(const nlohmann::json& record, const std::string& suffix) {
  for (const nlohmann::json& step : record["scenarios"][0]["steps"]) {
    if (step["name"].get<std::string>().ends_with(suffix)) return step;
  }
  return nullptr;
}

TEST(FaultScenarios, PassWithEveryKindLoggedAndTheSameSeedGivesTheSameFaultLines) {
  const std::string a = fresh_path("faults-a"), b = fresh_path("faults-b");
  ProcessResult ra = run_cli({"run", scenario_dir("faults"), "--seed", "7", "--out", a, "--quiet"});
  ProcessResult rb = run_cli({"run", scenario_dir("faults"), "--seed", "7", "--out", b, "--quiet"});
  ASSERT_FALSE(ra.timed_out || rb.timed_out);
  EXPECT_EQ(ra.exit_code, 0) << ra.out << ra.err;
  EXPECT_EQ(rb.exit_code, 0) << rb.out << rb.err;
  std::vector<nlohmann::json> fa = run_fault_lines(a), fb = run_fault_lines(b);
  EXPECT_EQ(fa, fb);  // kind, frame, rule, seed, direction and virtual t_ns, line for line
  std::set<std::string> kinds;
  for (const nlohmann::json& f : fa) {
    EXPECT_EQ(f["seed"], 7) << f.dump();
    kinds.insert(f["kind"].get<std::string>());
  }
  const std::set<std::string> every = {"delay",        "drop",       "corrupt",    "truncate",
                                       "duplicate",    "stall",      "disconnect", "overtemp",
                                       "coil_removed", "power_fault"};
  EXPECT_EQ(kinds, every);
}

const char* kUnexpectedCorruption = R"(scenario: unexpected-corruption
title: a corrupted reply the scenario does not expect
steps:
  - status: {}
    faults: corrupt@1
    expect: {state: standby}
)";

TEST(FaultHandling, AViolationFailsWithItsClassInRecordAndJunit) {
  std::string path = write_scenario("corrupt.yaml", kUnexpectedCorruption);
  std::string out = fresh_path("corrupt");
  ProcessResult r = run_cli({"run", path, "--out", out, "--quiet"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // a failed check, never a pass
  nlohmann::json record = record_of(out);
  ASSERT_FALSE(record.is_discarded());
  nlohmann::json step = step_named(record, "status");
  EXPECT_EQ(step["verdict"], "fail");
  EXPECT_EQ(step["failure"], "protocol violation (device or link)");
  EXPECT_EQ(step["detail"]["link"]["attempts"], 1);  // never retried away
  EXPECT_EQ(record["scenarios"][0]["failure"], "protocol violation (device or link)");
  std::string junit = read_file(out + "/junit.xml");
  EXPECT_NE(junit.find("type=\"protocol violation (device or link)\""), std::string::npos);
  const std::string schema = std::string(STIMBENCH_SCHEMA_DIR) + "/junit-10.xsd";
  EXPECT_EQ(
      std::system(("xmllint --noout --schema '" + schema + "' '" + out + "/junit.xml' 2>/dev/null")
                      .c_str()),
      0);
}

const char* kDroppedQuery = R"(scenario: dropped-query
title: one dropped reply to a query
steps:
  - status: {}
    faults: drop@1
    expect: {state: standby}
  - arm: {}
    faults: drop@1
    name: an arm whose reply is lost
)";

TEST(FaultHandling, AQueryIsRetriedOnRecordAndAnArmNever) {
  std::string path = write_scenario("drop.yaml", kDroppedQuery);
  std::string out = fresh_path("drop");
  ProcessResult r = run_cli({"run", path, "--out", out, "--quiet"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;  // the arm's lost reply is a link fault
  nlohmann::json record = record_of(out);
  ASSERT_FALSE(record.is_discarded());
  nlohmann::json status = step_named(record, "status");
  EXPECT_EQ(status["verdict"], "pass");
  EXPECT_EQ(status["detail"]["link"]["attempts"], 2);
  EXPECT_EQ(status["detail"]["link"]["deadline_ns"], 1'000'000'000);
  nlohmann::json arm = step_named(record, "an arm whose reply is lost");
  EXPECT_EQ(arm["verdict"], "error");
  EXPECT_EQ(arm["failure"], "link fault");
  EXPECT_EQ(arm["detail"]["link"]["attempts"], 1);
  // The closing disarm still went out and was confirmed.
  EXPECT_EQ(record["scenarios"][0]["disarm_confirmed"], true);
  int retries = 0;
  for (const nlohmann::json& line : read_json_lines(out + "/transcript.jsonl")) {
    if (line["type"] == "event" && line["event"] == "retry") ++retries;
  }
  EXPECT_EQ(retries, 1);
}

TEST(FaultHandling, AFaultedDeviceThatIsNotArmedCountsAsDisarmed) {
  std::string path = write_scenario("coil.yaml", R"(scenario: coil-out
title: the coil comes out
setup:
  - remote: on
steps:
  - status: {}
    faults: coil_removed@1
  - status: {}
    expect: {state: fault}
teardown:
  - disarm
)");
  std::string out = fresh_path("coil");
  ProcessResult r = run_cli({"run", path, "--out", out, "--quiet"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  nlohmann::json record = record_of(out);
  ASSERT_FALSE(record.is_discarded());
  EXPECT_EQ(record["scenarios"][0]["disarm_confirmed"], true);
  EXPECT_EQ(record["scenarios"][0]["disarmed_state"], "fault");
}

TEST(FaultHandling, StepFaultsAreCheckedByValidateAndRunAlike) {
  std::string bad = write_scenario("bad.yaml", R"(scenario: bad-step-faults
title: t
steps:
  - status: {}
    faults: "delay@3"
)");
  for (const char* command : {"validate", "run"}) {
    std::vector<std::string> args = {command, bad};
    if (std::string(command) == "run") args.insert(args.end(), {"--out", fresh_path("bad")});
    ProcessResult r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_NE(r.err.find("bad.yaml:5:13: error: fault rule \"delay@3\": delay needs a duration"),
              std::string::npos)
        << command << ": " << r.err;
  }
  std::string good = write_scenario("good.yaml", R"(scenario: good-step-faults
title: t
steps:
  - status: {}
    faults: drop@1
)");
  ProcessResult refused =
      run_cli({"run", good, "--device", "tcp://127.0.0.1:9", "--out", fresh_path("refused")});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("good.yaml:5:13: scenario 'good-step-faults' asks for faults"),
            std::string::npos)
      << refused.err;
}

}  // namespace
}  // namespace stimbench::test
