// The safety suite end to end: sweep evidence, the interlock under a defective device, and
// the treatment protocols on virtual time.
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

// Correct units that differ from the default mock must not fail smoke or safety: one that
// checks its step grid on the exact decimal (0.1 grid: 5.5 yes, 5.500000000000001 no; the
// sweep sends decimals on the grid), and a MagPro that answers only what protocols.md §2
// promises (04: its di/dt only; a refused amplitude: silence).
struct Variant {
  const char* profile;
  const char* device;
};

class CleanVariant : public testing::TestWithParam<Variant> {};

TEST_P(CleanVariant, SmokeAndSafetyPass) {
  ProcessResult r =
      run_cli({"run", scenario_dir("smoke"), scenario_dir("safety"), "--profile",
               GetParam().profile, "--device", GetParam().device, "--out", fresh_path("evidence")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    Profiles, CleanVariant,
    testing::Values(Variant{"reference", "mock:?strict_grid=on"},
                    Variant{"magstim-rapid2-v9-240v", "mock:?strict_grid=on"},
                    Variant{"magventure-magpro-x100", "mock:?strict_grid=on"},
                    Variant{"magventure-magpro-r30", "mock:?minimal_replies=on"},
                    Variant{"magventure-magpro-x100", "mock:?minimal_replies=on"}));

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

// On virtual time a protocol's device time is exact and does not depend on the machine: the
// course's 75 trains take 75 x 4 s + 74 x 26 s = 2224 s (plus the first poll's latency).
void run_protocol_on_virtual_time(const std::string& file, double course_s, int pulses) {
  std::string out = fresh_path("evidence");
  ProcessResult r = run_cli(
      {"run", scenario_dir("protocols") + "/" + file, "--motor-threshold", "50", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto record = nlohmann::json::parse(read_file(out + "/record.json"), nullptr, false);
  ASSERT_FALSE(record.is_discarded());
  EXPECT_EQ(record["run"]["clock"]["source"], "virtual");
  bool course_seen = false;
  bool pulses_seen = false;
  for (const auto& step : record["scenarios"][0]["steps"]) {
    for (const auto& m : step["measurements"]) {
      if (m["name"] == "elapsed_device_time") {
        course_seen = true;
        EXPECT_GE(m["value"].get<double>(), course_s);
        EXPECT_LT(m["value"].get<double>(), course_s + 1.0);
      }
      if (m["name"] == "pulses_delivered") {
        pulses_seen = true;
        EXPECT_EQ(m["value"].get<double>(), pulses);
      }
    }
  }
  EXPECT_TRUE(course_seen && pulses_seen) << record["scenarios"][0].dump();
}

TEST(Protocols, TenHertzCourseOnVirtualTime) {
  run_protocol_on_virtual_time("ten_hz_depression.yaml", 2224.0, 3000);
}

TEST(Protocols, ItbsOnVirtualTime) {
  run_protocol_on_virtual_time("itbs.yaml", 192.0, 600);  // 20 x 2 s + 19 x 8 s
}

// A scenario's clinical policy must not leak into scenarios that name none: the smoke fire at
// 30 % output (60 %MT, outside the Wassermann domain) stays allowed by device limits alone.
TEST(Protocols, EnvelopeAppliesOnlyToScenariosThatNameIt) {
  ProcessResult r = run_cli({"run", scenario_dir("smoke") + "/arm_fire_disarm.yaml",
                             scenario_dir("protocols") + "/itbs.yaml", "--motor-threshold", "50",
                             "--out", fresh_path("evidence")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace stimbench::test
