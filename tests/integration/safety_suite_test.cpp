// The safety suite end to end: sweep evidence, the interlock under a defective device, and
// the treatment protocols at a high time scale.
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

TEST(SafetySuite, BuiltinMockPassesWithEveryCaseRecorded) {
  std::string out = fresh_path("evidence");
  ProcessResult r = run_cli({"run", scenario_dir("safety"), "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto record = nlohmann::json::parse(read_file(out + "/record.json"), nullptr, false);
  ASSERT_FALSE(record.is_discarded());
  int cases = 0;
  for (const auto& scenario : record["scenarios"]) {
    for (const auto& step : scenario["steps"]) {
      if (step["kind"] != "sweep") continue;
      ++cases;
      const auto& d = step["detail"];
      for (const char* key : {"requested", "expected", "observed", "verdict", "reason"}) {
        ASSERT_TRUE(d.contains(key)) << key << " missing in " << step.dump();
      }
      EXPECT_FALSE(d["reason"].get<std::string>().empty());
    }
  }
  EXPECT_GE(cases, 200);
}

TEST(SafetySuite, SafetyTagNeedsTraceability) {
  std::string path = write_scenario("untraced.yaml",
                                    "scenario: untraced\n"
                                    "tags: [safety]\n"
                                    "steps:\n"
                                    "  - status: {}\n");
  ProcessResult r = run_cli({"validate", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path + ":2:1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("requirements and risk_controls"), std::string::npos) << r.err;
}

// Walks the transcript: the last power read back before every TRIG/INIT must be in range.
TEST(SafetySuite, InterlockNeverFiresWithPowerAboveMaximum) {
  StandaloneMock mock =
      start_mock({"--listen", "tcp://127.0.0.1:0", "--defect", "power-above-max"});
  ASSERT_FALSE(mock.uri.empty());
  std::string out = fresh_path("evidence");
  ProcessResult r = run_cli(
      {"run", scenario_dir("safety"), "--device", mock.uri, "--allow-stimulation", "--out", out});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("power"), std::string::npos) << r.out;
  std::istringstream lines(read_file(out + "/transcript.jsonl"));
  std::string line;
  bool power_query_pending = false;
  double last_power = -1;
  int triggers = 0;
  int above_max_reads = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded());
    if (j["type"] != "frame") continue;
    std::string decoded = j["decoded"];
    if (j["dir"] == "tx") {
      power_query_pending = decoded == "SOUR:AMPL?";
      if (decoded == "TRIG" || decoded == "INIT") {
        ++triggers;
        EXPECT_LE(last_power, 100) << "trigger sent with read-back power " << last_power;
      }
    } else if (power_query_pending) {
      last_power = std::stod(decoded);
      if (last_power > 100) ++above_max_reads;
      power_query_pending = false;
    }
  }
  EXPECT_GT(triggers, 0);
  EXPECT_GT(above_max_reads, 0) << "the defect never showed in a read-back";
}

TEST(Protocols, NeedMotorThreshold) {
  ProcessResult r = run_cli({"run", scenario_dir("protocols"), "--out", fresh_path("evidence")});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--motor-threshold"), std::string::npos) << r.err;
}

// Scale 20: the reference watchdog (1 s) is then 50 ms of real time. At 50 (20 ms) the
// protocols failed here while a compiler ran on both cores: the device disarmed mid-course
// for want of a poll. One test per protocol, so ctest can run them side by side.
void run_protocol_at_scale_20(const std::string& file, double bound_s) {
  auto start = std::chrono::steady_clock::now();
  std::string out = fresh_path("evidence");
  ProcessResult r = run_cli({"run", scenario_dir("protocols") + "/" + file, "--time-scale", "20",
                             "--motor-threshold", "50", "--out", out},
                            std::chrono::seconds(static_cast<int>(bound_s) + 60));
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_LT(seconds, bound_s);
  std::string record = read_file(out + "/record.json");
  EXPECT_NE(record.find("pulses_delivered"), std::string::npos);
}

TEST(Protocols, TenHertzCourseAtTimeScale20) {
  run_protocol_at_scale_20("ten_hz_depression.yaml", 400.0);  // 2224 s / 20 = 111 s
}

TEST(Protocols, ItbsAtTimeScale20) {
  run_protocol_at_scale_20("itbs.yaml", 60.0);  // 190 s / 20 = 9.5 s
}

// A scenario's clinical policy must not leak into scenarios that name none: the smoke fire at
// 30 % output (60 %MT, outside the Wassermann domain) stays allowed by device limits alone.
TEST(Protocols, EnvelopeAppliesOnlyToScenariosThatNameIt) {
  ProcessResult r = run_cli({"run", scenario_dir("smoke") + "/arm_fire_disarm.yaml",
                             scenario_dir("protocols") + "/itbs.yaml", "--time-scale", "20",
                             "--motor-threshold", "50", "--out", fresh_path("evidence")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace stimbench::test
