// A long loop's evidence stays small: passing iterations fold into one record per body step
// (record.json, junit.xml and report.html), while the transcript keeps every frame, and a
// failing iteration is kept in full and fails the scenario.
#include <nlohmann/json.hpp>

#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

std::string get_loop(int outer, int inner, const std::string& latency) {
  return "scenario: long-loop\n"
         "setup:\n  - remote: on\n"
         "steps:\n"
         "  - repeat:\n"
         "      count: " +
         std::to_string(outer) +
         "\n"
         "      steps:\n"
         "        - repeat:\n"
         "            count: " +
         std::to_string(inner) +
         "\n"
         "            steps: [{get: power}]\n" +
         (latency.empty() ? "" : "    latency: " + latency + "\n");
}

struct LoopRun {
  nlohmann::json record;
  std::string out;
  std::uintmax_t record_bytes = 0;
};

LoopRun run_loop(const std::string& scenario, const std::string& device, int want_exit) {
  std::string file = write_scenario("loop.yaml", scenario);
  LoopRun run;
  run.out = fresh_path("evidence");
  ProcessResult r = run_cli({"run", file, "--device", device, "--out", run.out, "--quiet"});
  EXPECT_EQ(r.exit_code, want_exit) << r.out << r.err;
  EXPECT_EQ(run_cli({"verify", run.out}).exit_code, 0);
  std::string text = read_file(run.out + "/record.json");
  run.record_bytes = text.size();
  run.record = nlohmann::json::parse(text);
  return run;
}

const nlohmann::json* find_step(const nlohmann::json& steps, const std::string& kind,
                                const std::string& verdict) {
  for (const auto& s : steps)
    if (s["kind"] == kind && s["verdict"] == verdict) return &s;
  return nullptr;
}

TEST(LongLoop, RecordStaysSmallAndCountsEveryIteration) {
  // 20,000 gets (beyond the exact-sample limit: the distribution is a histogram).
  LoopRun run = run_loop(get_loop(4, 5000, "{p99: 6ms, max: 6ms}"), "mock:?latency=5ms", 0);
  EXPECT_LT(run.record_bytes, 64u * 1024u) << "record.json grows with the loop";
  const nlohmann::json& scenario = run.record["scenarios"][0];
  EXPECT_EQ(scenario["verdict"], "pass");
  EXPECT_EQ(scenario["step_counts"]["passed"], 20000 + 1 + 1 + 1);  // + remote, check, disarm
  const nlohmann::json* get = find_step(scenario["steps"], "get", "pass");
  ASSERT_NE(get, nullptr) << scenario["steps"].dump();
  EXPECT_EQ((*get)["folded"]["iterations"], 20000);
  const std::string last = (*get)["folded"]["last_name"];
  EXPECT_NE(last.find("[4/4]"), std::string::npos) << last;
  EXPECT_NE(last.find("[5000/5000]"), std::string::npos) << last;
  EXPECT_EQ((*get)["folded"]["latency"]["count"], 20000);
  const nlohmann::json& latency = run.record["latency"]["get"];
  EXPECT_EQ(latency["count"], 20000);
  EXPECT_GT(latency["relative_resolution"].get<double>(), 0);
  EXPECT_LE(latency["relative_resolution"].get<double>(), 0.004);
  // Every sample is the same on virtual time: the histogram still reads it back exactly.
  EXPECT_EQ(latency["p99_ns"], 5260000);
  const nlohmann::json* check = find_step(scenario["steps"], "repeat", "pass");
  ASSERT_NE(check, nullptr);
  EXPECT_EQ((*check)["detail"]["observed"]["latency"]["count"], 20000);
  // The transcript still has every command.
  std::string transcript = read_file(run.out + "/transcript.jsonl");
  std::size_t tx = 0;
  for (std::size_t at = 0; (at = transcript.find("\"dir\":\"tx\"", at)) != std::string::npos; ++at)
    ++tx;
  EXPECT_GE(tx, 20000u);
  std::string junit = read_file(run.out + "/junit.xml");
  EXPECT_NE(junit.find("iterations folded into this case: 20000"), std::string::npos);
}

TEST(LongLoop, AFailingIterationInTheMiddleIsKeptAndFailsTheScenario) {
  // Replies 1 and 2 answer `remote: on`; reply 3002 is the 3000th get's, corrupted.
  LoopRun run = run_loop(get_loop(2, 5000, ""), "mock:?fault=corrupt@3002", 1);
  const nlohmann::json& scenario = run.record["scenarios"][0];
  EXPECT_EQ(scenario["verdict"], "fail");
  const nlohmann::json* failed = find_step(scenario["steps"], "get", "fail");
  ASSERT_NE(failed, nullptr) << scenario["steps"].dump();
  EXPECT_TRUE((*failed)["folded"].is_null());  // in full
  EXPECT_NE((*failed)["name"].get<std::string>().find("[3000/5000]"), std::string::npos)
      << (*failed)["name"];
  const nlohmann::json* passed = find_step(scenario["steps"], "get", "pass");
  ASSERT_NE(passed, nullptr);
  EXPECT_EQ((*passed)["folded"]["iterations"], 2999);
  EXPECT_EQ(scenario["step_counts"]["failed"], 1);
}

}  // namespace
}  // namespace stimbench::test
