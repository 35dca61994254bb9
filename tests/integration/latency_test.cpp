// Command latency on virtual time against the built-in mock: the mock's reply latency is
// exact there, so the distributions in record.json and the `latency:` verdicts are too.
#include <nlohmann/json.hpp>

#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

std::string loop_scenario(const std::string& limits) {
  return "scenario: latency-loop\n"
         "setup:\n  - remote: on\n"
         "steps:\n"
         "  - repeat:\n"
         "      count: 20\n"
         "      steps:\n"
         "        - get: power\n"
         "        - status\n"
         "    latency: " +
         limits + "\n";
}

nlohmann::json run_loop(const std::string& limits, int want_exit, std::string* console) {
  std::string file = write_scenario("loop.yaml", loop_scenario(limits));
  std::string out = fresh_path("evidence");
  ProcessResult r =
      run_cli({"run", file, "--device", "mock:?latency=5ms", "--out", out, "--verbose"});
  EXPECT_EQ(r.exit_code, want_exit) << r.out << r.err;
  if (console) *console = r.out + r.err;
  EXPECT_EQ(run_cli({"verify", out}).exit_code, 0);
  return nlohmann::json::parse(read_file(out + "/record.json"));
}

TEST(Latency, RecordGivesExactDistributionsPerKind) {
  nlohmann::json record = run_loop("{p50: 6ms, p99: 9ms, max: 9ms}", 0, nullptr);
  const nlohmann::json& get = record["latency"]["get"];
  EXPECT_EQ(get["count"], 20) << record["latency"].dump();
  // Virtual time: every reply takes exactly the mock's 5 ms plus its line time at the profile's
  // baud (0.26 ms for the power reply, 3.819 ms for the longer status reply).
  for (const char* key : {"min_ns", "p50_ns", "p90_ns", "p99_ns", "max_ns"})
    EXPECT_EQ(get[key], 5260000) << key;
  EXPECT_EQ(get["jitter_ns"], 0);
  const nlohmann::json& status = record["latency"]["status"];
  EXPECT_EQ(status["count"], 20);
  EXPECT_EQ(status["min_ns"], 8819000);
  EXPECT_EQ(status["max_ns"], 8819000);
  EXPECT_EQ(record["scenarios"][0]["latency"]["get"], get);
  EXPECT_EQ(record["run"]["clock"]["source"], "virtual");
  EXPECT_EQ(record["run"]["clock"]["resolution_ns"], 1);

  const nlohmann::json& steps = record["scenarios"][0]["steps"];
  const nlohmann::json* check = nullptr;
  for (const auto& s : steps)
    if (s["name"].get<std::string>().find(" latency") != std::string::npos) check = &s;
  ASSERT_NE(check, nullptr) << steps.dump();
  EXPECT_EQ((*check)["verdict"], "pass");
  const nlohmann::json& pooled = (*check)["detail"]["observed"]["latency"];
  EXPECT_EQ(pooled["count"], 40);
  EXPECT_EQ(pooled["p50_ns"], 5260000);  // rank 20 of 40: the last of the 20 gets
  EXPECT_EQ(pooled["p99_ns"], 8819000);
  EXPECT_EQ(pooled["jitter_ns"], 8819000 - 5260000);
  EXPECT_EQ((*check)["detail"]["expected"]["latency"]["max_ns"], 9000000);
}

TEST(Latency, AssertionAboveTheMeasuredValueFailsNamingIt) {
  std::string console;
  nlohmann::json record = run_loop("{p99: 10ms, max: 4ms}", 1, &console);
  const nlohmann::json& scenario = record["scenarios"][0];
  EXPECT_EQ(scenario["verdict"], "fail");
  const std::string want = "latency max is 8.819 ms over 40 replies, above the limit 4ms";
  EXPECT_NE(scenario["message"].get<std::string>().find(want), std::string::npos)
      << scenario["message"];
  EXPECT_NE(console.find(want), std::string::npos) << console;
}

}  // namespace
}  // namespace stimbench::test
