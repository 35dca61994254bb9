// Pulse timing end to end on the built-in mock (virtual time): the mock fires exactly on
// time, so a MagPro's di/dt reports measure an error of exactly 0 and the reference protocol's
// polled counter stays within its stated resolution; a wrong bound fails, naming the error.
#include <nlohmann/json.hpp>

#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

nlohmann::json run_record(std::vector<std::string> args, int want_exit, bool timed = true) {
  std::string out = fresh_path("evidence");
  args.insert(args.begin(), "run");
  args.push_back("--out");
  args.push_back(out);
  ProcessResult r = run_cli(args);
  EXPECT_EQ(r.exit_code, want_exit) << r.out << r.err;
  EXPECT_EQ(run_cli({"verify", out}).exit_code, 0);
  std::string html = read_file(out + "/report.html");
  EXPECT_EQ(html.find("<h3>Pulse timing</h3>") != std::string::npos, timed);
  return nlohmann::json::parse(read_file(out + "/record.json"), nullptr, false);
}

const nlohmann::json* step_named(const nlohmann::json& record, const std::string& suffix) {
  for (const nlohmann::json& scenario : record["scenarios"]) {
    for (const nlohmann::json& step : scenario["steps"]) {
      const std::string name = step["name"];
      if (name.size() >= suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        return &step;
    }
  }
  return nullptr;
}

// Five 4 s trains of 40 pulses at 10 Hz with 2 s pauses: 28 s of device time.
const char* kMagproTrains = R"(scenario: magpro-pulse-timing
steps:
  - set: {power: 30, frequency: 10, pulses: 40, train_count: 5, train_iti: 2}
  - arm
  - train: {}
  - wait: 30s
  - status: {}
    name: five trains of 40 pulses at 10 Hz
    pulse_timing: {ipi_error_max: 0%, duration_error: 0%}
  - disarm
)";

const nlohmann::json& magpro_timing(const nlohmann::json& record) {
  const nlohmann::json* check = step_named(record, "pulse timing");
  static const nlohmann::json none;
  if (check == nullptr) return none;
  EXPECT_EQ((*check)["detail"]["observed"]["pulse_timing"]["method"], "per_pulse");
  EXPECT_EQ((*check)["detail"]["observed"]["pulse_timing"]["pulses"]["seen"], 200);
  EXPECT_EQ((*check)["detail"]["observed"]["pulse_timing"]["trains_seen"], 5);
  return (*check)["detail"]["observed"]["pulse_timing"];
}

TEST(PulseTimingRun, MagproDidtOnVirtualTimeMeasuresExactlyZero) {
  // No reply latency, and 04 answered by the first pulse's di/dt alone: every report leaves
  // exactly its line time after its pulse, so every interval is exact.
  std::string file = write_scenario("magpro.yaml", kMagproTrains);
  nlohmann::json record = run_record({file, "--profile", "magventure-magpro-x100", "--device",
                                      "mock:?latency=0ms&minimal_replies=on"},
                                     0);
  ASSERT_FALSE(record.is_discarded());
  const nlohmann::json& t = magpro_timing(record);
  ASSERT_TRUE(t.is_object());
  EXPECT_EQ(t["ipi"]["count"], 5 * 39);
  EXPECT_EQ(t["ipi"]["nominal_ns"], 100000000);
  EXPECT_EQ(t["duration"]["nominal_ns"], 3900000000LL);
  for (const char* key : {"min_ns", "max_ns", "abs_p99_ns", "abs_max_ns"}) {
    EXPECT_EQ(t["ipi"][key], 0) << key;
    EXPECT_EQ(t["duration"][key], 0) << key;
  }
  EXPECT_EQ(t["ipi"]["resolution_ns"], 1);
  EXPECT_EQ(t["trains"][4]["pulses"], 40);
  // The train step's own record has the same timing.
  const nlohmann::json* train = step_named(record, " train");
  ASSERT_NE(train, nullptr);
  EXPECT_EQ((*train)["detail"]["pulse_timing"]["ipi"], t["ipi"]);
}

TEST(PulseTimingRun, MagproFirstReportRidesWithTheStartReplyAndIsMeasuredSo) {
  // The mock's MagPro answers 04 after its 40 ms reply latency, with the first pulse's di/dt
  // behind the 8-byte message 8 (2.083 ms at 38400 baud): that report is 42.083 ms late, every
  // later one on time. The measurement shows exactly that, and a 0 % bound fails on it.
  std::string file = write_scenario("magpro.yaml", kMagproTrains);
  nlohmann::json record = run_record({file, "--profile", "magventure-magpro-x100"}, 1);
  ASSERT_FALSE(record.is_discarded());
  const nlohmann::json& t = magpro_timing(record);
  ASSERT_TRUE(t.is_object());
  EXPECT_EQ(t["ipi"]["min_ns"], -42083000);
  EXPECT_EQ(t["ipi"]["max_ns"], 0);
  EXPECT_EQ(t["ipi"]["abs_p99_ns"], 0);  // 1 of 195 intervals
  EXPECT_EQ(t["trains"][0]["error_ns"], -42083000);
  EXPECT_EQ(t["trains"][1]["error_ns"], 0);
}

TEST(PulseTimingRun, ReferenceCounterStaysWithinItsResolution) {
  nlohmann::json record =
      run_record({scenario_dir("protocols/itbs.yaml"), "--motor-threshold", "50"}, 0);
  ASSERT_FALSE(record.is_discarded());
  const nlohmann::json* check = step_named(record, "pulse timing");
  ASSERT_NE(check, nullptr);
  EXPECT_EQ((*check)["verdict"], "pass") << check->dump();
  const nlohmann::json& t = (*check)["detail"]["observed"]["pulse_timing"];
  EXPECT_EQ(t["method"], "counter");
  EXPECT_EQ(t["pulses"]["seen"], 600);
  EXPECT_EQ(t["trains_seen"], 20);
  EXPECT_TRUE(t["ipi"].is_null());  // a 250 ms poll cannot place pulses 20 ms apart
  EXPECT_TRUE((*check)["detail"]["not_judged"].contains("ipi_error_p99"));
  for (const char* kind : {"burst_onset", "duration"}) {
    const nlohmann::json& e = t[kind];
    EXPECT_GT(e["resolution_ns"].get<std::int64_t>(), 0) << kind;
    EXPECT_LE(e["abs_max_ns"].get<std::int64_t>(), e["resolution_ns"].get<std::int64_t>()) << kind;
  }
  EXPECT_EQ(t["commanded"]["burst_onset_ns"], 200000000);
  EXPECT_EQ(t["commanded"]["ipi_ns"], 20000000);
}

// Bounds of 0 pass on the exact mock (two trains of 21 pulses at 20 Hz); a single pulse fired
// afterwards replaces the train, so a check after it fails, saying why.
TEST(PulseTimingRun, ZeroBoundPassesOnAnExactDeviceAndAFireReplacesTheTrain) {
  std::string file = write_scenario("pt.yaml", R"(scenario: pulse-timing-exact
steps:
  - set: {power: 30, frequency: 20, pulses: 21, train_count: 2, train_iti: 1}
  - arm
  - train: {}
  - wait: 4s
  - status: {}
    pulse_timing: {ipi_error_max: 0%, duration_error: 0us}
  - fire
  - status: {}
    name: after a single pulse
    pulse_timing: {duration_error: 100%}
  - disarm
)");
  nlohmann::json record = run_record({file, "--profile", "magventure-magpro-r30", "--device",
                                      "mock:?latency=0ms&minimal_replies=on"},
                                     1);
  ASSERT_FALSE(record.is_discarded());
  const nlohmann::json& steps = record["scenarios"][0]["steps"];
  const nlohmann::json* exact = nullptr;
  const nlohmann::json* after_fire = nullptr;
  for (const nlohmann::json& s : steps) {
    const std::string name = s["name"];
    if (name == "steps #5 status pulse timing") exact = &s;
    if (name == "steps #7 after a single pulse pulse timing") after_fire = &s;
  }
  ASSERT_NE(exact, nullptr) << steps.dump();
  EXPECT_EQ((*exact)["verdict"], "pass") << exact->dump();
  EXPECT_EQ((*exact)["detail"]["observed"]["pulse_timing"]["pulses"]["seen"], 42);
  EXPECT_EQ((*exact)["detail"]["observed"]["pulse_timing"]["duration"]["nominal_ns"], 1000000000);
  ASSERT_NE(after_fire, nullptr) << steps.dump();
  EXPECT_EQ((*after_fire)["verdict"], "fail");
  EXPECT_NE((*after_fire)["message"].get<std::string>().find("single pulse (fire)"),
            std::string::npos)
      << after_fire->dump();
}

// A fire judged by alternatives ends the train too: its pulse is never counted as the
// train's (an extra pulse), the check after it names the fire instead.
TEST(PulseTimingRun, AFireWithAlternativesAlsoReplacesTheTrain) {
  std::string file = write_scenario("anyof.yaml", R"(scenario: pulse-timing-any-of
steps:
  - remote: on
  - set: {power: 30, frequency: 10, pulses: 5, train_duration: 0.5, train_count: 1, train_iti: 1}
  - arm
  - wait_until: {state: ready, timeout: 2s, poll: 0.1s}
  - train: {}
  - wait: 1.2s
  - status: {}
    name: after the train
    pulse_timing: {duration_error: 50%}
  - fire: {}
    expect:
      any_of:
        - accepted
        - {refused_by: interlock}
  - status: {}
    name: after the fire
    pulse_timing: {duration_error: 50%}
  - disarm
)");
  nlohmann::json record = run_record({file}, 1);
  ASSERT_FALSE(record.is_discarded());
  const nlohmann::json* train = step_named(record, "after the train pulse timing");
  ASSERT_NE(train, nullptr);
  EXPECT_EQ((*train)["verdict"], "pass") << train->dump();
  const nlohmann::json* fire = step_named(record, "after the fire pulse timing");
  ASSERT_NE(fire, nullptr);
  EXPECT_EQ((*fire)["verdict"], "fail");
  EXPECT_NE((*fire)["message"].get<std::string>().find("single pulse (fire)"), std::string::npos)
      << fire->dump();
}

TEST(PulseTimingRun, ADeviceWithoutPulseReportsSkipsTheCheck) {
  nlohmann::json record = run_record(
      {scenario_dir("smoke/train.yaml"), "--profile", "magstim-rapid2-v9-240v"}, 0, false);
  ASSERT_FALSE(record.is_discarded());
  const nlohmann::json* check = step_named(record, "pulse timing");
  ASSERT_NE(check, nullptr);
  EXPECT_EQ((*check)["verdict"], "skipped");
  EXPECT_NE((*check)["message"].get<std::string>().find("reports no pulses"), std::string::npos);
}

}  // namespace
}  // namespace stimbench::test
