// Virtual time end to end: verdicts and frames that do not depend on machine load, the
// --clock / --time-scale contract, in-URI mock options, and, on real time, a stalled harness
// named as such rather than blamed on the device.
#include <signal.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "devices/core/clock.hpp"
#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

using namespace std::chrono_literals;

nlohmann::json read_json(const std::string& path) {
  return nlohmann::json::parse(read_file(path), nullptr, false);
}

// What must not depend on load: every frame (direction, bytes, device time) and every
// verdict with its message. Wall-clock members are left out on purpose.
std::string deterministic_part(const std::string& out) {
  std::string digest;
  std::istringstream lines(read_file(out + "/transcript.jsonl"));
  std::string line;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) return "unparsable transcript line: " + line;
    if (j["type"] != "frame") continue;
    digest += j["dir"].get<std::string>() + " " + std::to_string(j["t_ns"].get<std::int64_t>()) +
              " " + j["hex"].get<std::string>() + "\n";
  }
  auto record = read_json(out + "/record.json");
  for (const auto& s : record["scenarios"]) {
    digest += s["id"].get<std::string>() + " " + s["verdict"].get<std::string>() + "\n";
    for (const auto& step : s["steps"]) {
      digest += "  " + step["name"].get<std::string>() + " " + step["verdict"].get<std::string>() +
                " " + step["message"].get<std::string>() + " " +
                std::to_string(step["duration_ns"].get<std::int64_t>()) + "\n";
    }
  }
  return digest;
}

// Two busy loops, as many as CI has cores, for as long as the object lives.
class BusyLoops {
 public:
  BusyLoops() {
    for (int i = 0; i < 2; ++i)
      loops_.push_back(std::make_unique<Child>(
          std::vector<std::string>{"/bin/sh", "-c", "while :; do :; done"}));
  }
  ~BusyLoops() {
    for (auto& loop : loops_) {
      loop->signal(SIGKILL);
      loop->wait(10s);
    }
  }

 private:
  std::vector<std::unique_ptr<Child>> loops_;
};

TEST(VirtualTime, SameFramesAndVerdictsIdleAndUnderLoad) {
  const std::vector<std::string> suite = {scenario_dir("smoke"), scenario_dir("safety"), "--seed",
                                          "7"};
  std::string idle = fresh_path("evidence");
  auto args = suite;
  args.insert(args.begin(), "run");
  args.insert(args.end(), {"--out", idle});
  ProcessResult first = run_cli(args, 300s);
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;

  std::string loaded = fresh_path("evidence");
  args.back() = loaded;
  ProcessResult second;
  {
    BusyLoops busy;
    second = run_cli(args, 300s);
  }
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  std::string a = deterministic_part(idle);
  std::string b = deterministic_part(loaded);
  EXPECT_GT(a.size(), 10000u);
  EXPECT_EQ(a, b);
  EXPECT_EQ(read_json(idle + "/record.json")["run"]["clock"]["source"], "virtual");
}

TEST(VirtualTime, TimeScaleIsRefusedOnVirtualTime) {
  ProcessResult r = run_cli(
      {"run", scenario_dir("smoke"), "--time-scale", "20", "--out", fresh_path("evidence")});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--time-scale"), std::string::npos) << r.err;
}

TEST(VirtualTime, VirtualClockNeedsTheBuiltinMock) {
  std::string out = fresh_path("evidence");
  ProcessResult r = run_cli(
      {"run", scenario_dir("smoke"), "--clock", "virtual", "--device", "tcp://127.0.0.1:9"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--clock virtual"), std::string::npos) << r.err;
}

TEST(VirtualTime, RealClockOnTheBuiltinMockIsNamedInTheEvidence) {
  std::string out = fresh_path("evidence");
  ProcessResult r =
      run_cli({"run", scenario_dir("smoke") + "/identify.yaml", "--clock", "real", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(read_json(out + "/record.json")["run"]["clock"]["source"], "CLOCK_MONOTONIC");
}

TEST(VirtualTime, DefectInTheUriIsCaught) {
  ProcessResult r =
      run_cli({"run", scenario_dir("safety"), "--device", "mock:?defect=power-above-max&seed=3",
               "--out", fresh_path("evidence")});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
}

TEST(VirtualTime, UnknownUriOptionIsBadUsage) {
  std::string out = fresh_path("evidence");
  ProcessResult r =
      run_cli({"run", scenario_dir("smoke"), "--device", "mock:?defekt=x", "--out", out});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("defekt"), std::string::npos) << r.err;
}

TEST(VirtualTime, QuietPrintsOnlyTheSummaryAndVerboseEachStep) {
  const std::string file = scenario_dir("smoke") + "/identify.yaml";
  ProcessResult quiet = run_cli({"run", file, "--quiet", "--out", fresh_path("evidence")});
  ASSERT_EQ(quiet.exit_code, 0) << quiet.out << quiet.err;
  EXPECT_EQ(quiet.out.find("PASS"), std::string::npos) << quiet.out;
  EXPECT_NE(quiet.out.find("summary: 1 scenario(s) passed"), std::string::npos) << quiet.out;
  ProcessResult verbose = run_cli({"run", file, "--verbose", "--out", fresh_path("evidence")});
  ASSERT_EQ(verbose.exit_code, 0) << verbose.out << verbose.err;
  EXPECT_NE(verbose.out.find("  pass  steps #1"), std::string::npos) << verbose.out;
  // Not a TTY: plain lines, never the live line's carriage returns or escapes.
  EXPECT_EQ(verbose.out.find('\r'), std::string::npos);
  EXPECT_EQ(verbose.out.find('\x1b'), std::string::npos);
}

// Real time: the harness is stopped for 2 s while the device is armed and being fed during
// a `wait`. The device's 1 s watchdog window passes, and the verdict says whose fault it was.
TEST(HarnessLate, StoppedHarnessIsAHarnessErrorNotADeviceFailure) {
  StandaloneMock mock = start_mock({"--listen", "tcp://127.0.0.1:0"});
  ASSERT_FALSE(mock.uri.empty());
  std::string path = write_scenario("stall.yaml",
                                    "scenario: stall\n"
                                    "steps:\n"
                                    "  - remote: on\n"
                                    "  - arm\n"
                                    "  - wait_until: {state: ready, timeout: 5s, poll: 0.1s}\n"
                                    "  - wait: 30s\n"
                                    "teardown:\n"
                                    "  - disarm\n");
  std::string out = fresh_path("evidence");
  Child run(
      {binary_path(), "run", path, "--device", mock.uri, "--allow-stimulation", "--out", out});
  ASSERT_TRUE(run.read_line(10s).has_value());  // the header line
  bool waiting = false;
  for (int i = 0; i < 400 && !waiting; ++i) {
    real_sleep(25ms);
    waiting = read_file(out + "/transcript.jsonl").find("#4 wait") != std::string::npos;
  }
  ASSERT_TRUE(waiting);
  real_sleep(300ms);  // well inside the wait: at least one keep-alive has gone out
  run.signal(SIGSTOP);
  real_sleep(2s);
  run.signal(SIGCONT);
  EXPECT_EQ(run.wait(60s), 3);
  auto record = read_json(out + "/record.json");
  ASSERT_FALSE(record.is_discarded());
  std::string message;
  for (const auto& step : record["scenarios"][0]["steps"]) {
    if (step["verdict"] == "error") message = step["message"];
  }
  EXPECT_NE(message.find("harness"), std::string::npos) << record.dump(1);
  EXPECT_NE(message.find("late"), std::string::npos) << message;
  EXPECT_EQ(record["scenarios"][0]["disarm_confirmed"], true);
}

}  // namespace
}  // namespace stimbench::test
