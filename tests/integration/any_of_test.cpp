// The runner's any_of judgement and the basis on record, through the binary on the built-in
// reference mock (virtual time).
#include <nlohmann/json.hpp>

#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

struct RunOutcome {
  ProcessResult result;
  nlohmann::json steps;  // the first scenario's steps
};

RunOutcome run_steps(const std::string& steps, const std::string& device = "mock:") {
  std::string path = write_scenario("any-of.yaml",
                                    "scenario: any-of\nsetup:\n  - remote: on\n"
                                    "steps:\n" +
                                        steps + "teardown:\n  - disarm\n");
  std::string out = fresh_path("evidence");
  RunOutcome run;
  run.result = run_cli({"run", path, "--device", device, "--out", out});
  auto record = nlohmann::json::parse(read_file(out + "/record.json"), nullptr, false);
  if (!record.is_discarded()) run.steps = record["scenarios"][0]["steps"];
  return run;
}

// The record of the step whose name starts with `name` (default names: "set power=101").
nlohmann::json step_named(const RunOutcome& run, const std::string& name) {
  for (const auto& step : run.steps) {
    if (step["name"].get<std::string>().find(name) != std::string::npos) return step;
  }
  ADD_FAILURE() << "no step " << name << " in " << run.steps.dump(1);
  return nlohmann::json::object();
}

TEST(AnyOf, TheFirstMatchingAlternativePassesAndEveryResultIsOnRecord) {
  RunOutcome run = run_steps(
      "  - set: {power: 101}\n"
      "    expect: {any_of: [accepted, {refused: true, code: -222, state_unchanged: true}]}\n"
      "    basis: \"design.md §6\"\n");
  ASSERT_EQ(run.result.exit_code, 0) << run.result.out << run.result.err;
  nlohmann::json step = step_named(run, "set power=101");
  EXPECT_EQ(step["verdict"], "pass");
  EXPECT_EQ(step["message"],
            "alternative 2 of 2 matched (refused with code -222, state unchanged)");
  EXPECT_EQ(step["basis"], "design.md §6");
  const auto& any_of = step["detail"]["any_of"];
  EXPECT_EQ(any_of["matched"], 2);
  EXPECT_NE(any_of["alternatives"][0]["result"].get<std::string>().find("device refused"),
            std::string::npos);
  EXPECT_EQ(any_of["alternatives"][1]["result"], "matched");
  EXPECT_EQ(step["detail"]["expected"]["any_of"].size(), 2u);
  // A setting's any_of keeps the state before and after on record.
  EXPECT_EQ(step["detail"]["state_after"]["power"], step["detail"]["state_before"]["power"]);
  EXPECT_TRUE(step_named(run, "remote on")["basis"].is_null());
}

TEST(AnyOf, NoMatchFailsAndSaysWhyEachAlternativeFailed) {
  RunOutcome run = run_steps(
      "  - set: {power: 50}\n"
      "    expect: {any_of: [{refused: true}, {refused: true, code: 201}]}\n");
  EXPECT_EQ(run.result.exit_code, 1) << run.result.out;
  nlohmann::json step = step_named(run, "set power=50");
  EXPECT_EQ(step["verdict"], "fail");
  const std::string message = step["message"];
  EXPECT_EQ(message.rfind("no alternative matched: 1 (refused): expected a refusal", 0), 0u)
      << message;
  EXPECT_NE(message.find("; 2 (refused with code 201): expected a refusal"), std::string::npos)
      << message;
  EXPECT_TRUE(step["detail"]["any_of"]["matched"].is_null());
}

TEST(AnyOf, AStateChangeFailsTheStateUnchangedAlternativeOnly) {
  RunOutcome run = run_steps(
      "  - set: {power: 101}\n"
      "    expect: {any_of: [{refused: true, state_unchanged: true}, accepted]}\n",
      "mock:?defect=clamp-instead-of-refuse");
  ASSERT_EQ(run.result.exit_code, 0) << run.result.out;
  nlohmann::json step = step_named(run, "set power=101");
  EXPECT_EQ(step["message"], "alternative 2 of 2 matched (accepted)");
  EXPECT_EQ(step["detail"]["state_after"]["power"], 100);
}

TEST(AnyOf, AnAllowedTriggerIsSentAndJudgedByTheOtherAlternatives) {
  RunOutcome run = run_steps(
      "  - set: {power: 20}\n"
      "  - arm\n"
      "  - wait: 0.5s\n"
      "  - fire: {}\n"
      "    expect: {any_of: [{refused_by: interlock}, accepted]}\n");
  ASSERT_EQ(run.result.exit_code, 0) << run.result.out;
  nlohmann::json step = step_named(run, "fire");
  EXPECT_EQ(step["message"], "alternative 2 of 2 matched (accepted)");
  EXPECT_EQ(step["detail"]["any_of"]["alternatives"][0]["result"],
            "the interlock allowed the trigger (the read-back is inside the envelope)");
  EXPECT_EQ(step["detail"]["interlock"]["decision"], "allowed");
}

TEST(AnyOf, AnInterlockRefusalMatchesOnlyItsOwnAlternativeAndSendsNothing) {
  // 100 % at 10 Hz, 6000 pulses: far above the energy model's on-time: the host refuses
  // (the arm comes first: the interlock would not arm with these settings either).
  const std::string train =
      "  - arm\n"
      "  - wait: 0.5s\n"
      "  - set: {power: 100, frequency: 10, pulses: 6000}\n"
      "  - train: {}\n";
  RunOutcome refused =
      run_steps(train + "    expect: {any_of: [accepted, {refused_by: interlock}]}\n");
  ASSERT_EQ(refused.result.exit_code, 0) << refused.result.out;
  nlohmann::json step = step_named(refused, "train");
  EXPECT_EQ(step["message"].get<std::string>().rfind(
                "alternative 2 of 2 matched (refused by the interlock): interlock refused", 0),
            0u)
      << step["message"];
  EXPECT_EQ(step["detail"]["any_of"]["alternatives"][0]["result"],
            "the interlock refused the trigger, so nothing was sent");
  RunOutcome unexpected = run_steps(train + "    expect: {any_of: [accepted, refused]}\n");
  EXPECT_EQ(unexpected.result.exit_code, 1) << unexpected.result.out;
  EXPECT_EQ(step_named(unexpected, "train")["message"].get<std::string>().rfind(
                "no alternative matched", 0),
            0u);
}

TEST(Basis, ValidateRejectsASafetyScenarioWithoutOne) {
  std::string path = write_scenario("no-basis.yaml",
                                    "scenario: no-basis\n"
                                    "requirements: [R-1]\n"
                                    "risk_controls: [RC-1]\n"
                                    "tags: [safety]\n"
                                    "steps:\n"
                                    "  - set: {power: 101}\n"
                                    "    expect: refused\n");
  ProcessResult r = run_cli({"validate", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path + ":6:5: error: 'set power=101' checks the device but names no basis"),
            std::string::npos)
      << r.err;
  ProcessResult run = run_cli({"run", path, "--out", fresh_path("evidence")});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
}

TEST(Basis, EveryShippedScenarioValidates) {
  ProcessResult r = run_cli({"validate", std::string(STIMBENCH_SOURCE_DIR) + "/scenarios"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace stimbench::test
