// Issue 15 acceptance: `scenarios/smoke` through `stimbench proxy --fault corrupt@p=0.05` in
// front of the mock, over TCP and over the mock's PTY. The run must end (no hang), and the
// proxy's fault lines must match the run's evidence: each corrupted reply is the run's rx frame
// of that number, the step it fell in fails, and every other step that ran passes.
#include <csignal>
#include <set>

#include "tests/integration/proxy_fixture.hpp"

namespace stimbench::test {
namespace {

using namespace std::chrono_literals;

struct RxFrame {
  std::int64_t t_ns = 0;
  bool corrupted = false;
};

// `corrupt` flips the first byte's top bit: reference lines and Magstim echoes are ASCII, so
// the flipped byte is >= 0x80; a MagPro frame starts with FE, which becomes 7E.
bool corrupted_start(const std::string& profile, int first_byte) {
  if (profile.rfind("magventure", 0) == 0) return first_byte != 0xFE;
  return first_byte >= 0x80;
}

// `faults_seen`: the (kind, frame) of each fault line, in order.
void check_run_through_proxy(std::vector<std::string> mock_args, std::uint64_t seed,
                             const std::string& profile = "reference",
                             std::vector<std::string>* faults_seen = nullptr) {
  mock_args.insert(mock_args.end(), {"--profile", profile});
  StandaloneMock mock = start_mock(mock_args);
  ASSERT_FALSE(mock.uri.empty());
  std::string faults_path = fresh_path("proxy-faults") + ".jsonl";
  StandaloneMock proxy = start_proxy({"--listen", "tcp://127.0.0.1:0", "--upstream", mock.uri,
                                      "--fault", "corrupt@p=0.05", "--seed", std::to_string(seed),
                                      "--out", faults_path, "--profile", profile});
  ASSERT_FALSE(proxy.uri.empty());
  std::string out = fresh_path("proxy-run");
  ProcessResult run = run_cli({"run", scenario_dir("smoke"), "--device", proxy.uri, "--profile",
                               profile, "--allow-stimulation", "--out", out, "--quiet"},
                              240s);
  EXPECT_FALSE(run.timed_out) << "the run hung";
  proxy.child->signal(SIGTERM);
  EXPECT_EQ(proxy.child->wait(10s), 0);
  mock.child->signal(SIGTERM);
  EXPECT_EQ(mock.child->wait(10s), 0);

  std::set<std::uint64_t> corrupted_frames;
  for (const nlohmann::json& f : fault_lines(faults_path)) {
    EXPECT_EQ(f["kind"], "corrupt");
    EXPECT_EQ(f["seed"], seed);
    EXPECT_EQ(f["direction"], "device_to_host");
    corrupted_frames.insert(f["frame"].get<std::uint64_t>());
    if (faults_seen) {
      faults_seen->push_back(std::string(f["kind"]) + "@" + std::to_string(f["frame"].get<int>()));
    }
  }
  ASSERT_FALSE(corrupted_frames.empty()) << "seed " << seed << " corrupted nothing";
  // Some reply was corrupted, so the run cannot pass; 1 (a check failed) or 3 (the closing
  // disarm could not be confirmed) are both honest.
  EXPECT_TRUE(run.exit_code == 1 || run.exit_code == 3) << run.exit_code << run.err;

  std::vector<RxFrame> rx;
  for (const nlohmann::json& line : read_json_lines(out + "/transcript.jsonl")) {
    if (line.value("type", "") != "frame" || line.value("dir", "") != "rx") continue;
    std::string hex = line["hex"];
    bool flipped =
        hex.size() >= 2 && corrupted_start(profile, std::stoi(hex.substr(0, 2), nullptr, 16));
    rx.push_back({line["t_ns"].get<std::int64_t>(), flipped});
  }
  // Frame N of the proxy is the run's Nth reply: the proxy framed exactly as the harness.
  for (std::size_t i = 0; i < rx.size(); ++i) {
    EXPECT_EQ(rx[i].corrupted, corrupted_frames.count(i + 1) == 1) << "rx frame " << i + 1;
  }
  EXPECT_LE(*corrupted_frames.rbegin(), rx.size());

  nlohmann::json record = nlohmann::json::parse(read_file(out + "/record.json"), nullptr, false);
  ASSERT_FALSE(record.is_discarded());
  std::size_t corrupted_steps = 0, clean_steps = 0;
  for (const nlohmann::json& scenario : record["scenarios"]) {
    for (const nlohmann::json& step : scenario["steps"]) {
      std::string verdict = step["verdict"];
      if (verdict == "skipped" || verdict == "not_run") continue;
      std::int64_t start = step["start_ns"], end = step["end_ns"];
      bool hit = false;
      for (const RxFrame& f : rx) hit = hit || (f.corrupted && f.t_ns >= start && f.t_ns <= end);
      std::string where = std::string(scenario["id"]) + " / " + std::string(step["name"]);
      if (hit) {
        ++corrupted_steps;
        EXPECT_NE(verdict, "pass") << where << ": a corrupted reply passed";
      } else {
        ++clean_steps;
        EXPECT_EQ(verdict, "pass") << where << ": " << step.value("message", "");
      }
    }
  }
  EXPECT_GT(corrupted_steps, 0u);
  EXPECT_GT(clean_steps, 10u);
}

TEST(ProxyAcceptance, SmokeThroughACorruptingProxyOverTcp) {
  for (std::uint64_t seed : {3u, 11u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    check_run_through_proxy({"--listen", "tcp://127.0.0.1:0"}, seed);
  }
}

TEST(ProxyAcceptance, SmokeThroughACorruptingProxyOverAPty) {
  check_run_through_proxy({"--pty"}, 5);
}

// Through the proxy, on real time, the same seed gives the same faults in order and kind.
TEST(ProxyAcceptance, SameSeedSameFaultLinesThroughTheProxy) {
  std::vector<std::string> first, second;
  check_run_through_proxy({"--listen", "tcp://127.0.0.1:0"}, 3, "reference", &first);
  check_run_through_proxy({"--listen", "tcp://127.0.0.1:0"}, 3, "reference", &second);
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(first, second);
}

// The codec framing: "frame N" is the harness's Nth Magstim reply or MagPro frame.
TEST(ProxyAcceptance, MagstimAndMagProFramesAreCountedAsTheHarnessReadsThem) {
  check_run_through_proxy({"--listen", "tcp://127.0.0.1:0"}, 3, "magstim-rapid2-v9-240v");
  check_run_through_proxy({"--pty"}, 3, "magventure-magpro-x100");
}

}  // namespace
}  // namespace stimbench::test
