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
  bool corrupted = false;  // first byte with the top bit set: never valid reference ASCII
};

void check_run_through_proxy(const std::vector<std::string>& mock_args, std::uint64_t seed) {
  StandaloneMock mock = start_mock(mock_args);
  ASSERT_FALSE(mock.uri.empty());
  std::string faults_path = fresh_path("proxy-faults") + ".jsonl";
  StandaloneMock proxy =
      start_proxy({"--listen", "tcp://127.0.0.1:0", "--upstream", mock.uri, "--fault",
                   "corrupt@p=0.05", "--seed", std::to_string(seed), "--out", faults_path});
  ASSERT_FALSE(proxy.uri.empty());
  std::string out = fresh_path("proxy-run");
  ProcessResult run = run_cli({"run", scenario_dir("smoke"), "--device", proxy.uri,
                               "--allow-stimulation", "--out", out, "--quiet"},
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
  }
  ASSERT_FALSE(corrupted_frames.empty()) << "seed " << seed << " corrupted nothing";
  // Some reply was corrupted, so the run cannot pass; 1 (a check failed) or 3 (the closing
  // disarm could not be confirmed) are both honest.
  EXPECT_TRUE(run.exit_code == 1 || run.exit_code == 3) << run.exit_code << run.err;

  std::vector<RxFrame> rx;
  for (const nlohmann::json& line : read_json_lines(out + "/transcript.jsonl")) {
    if (line.value("type", "") != "frame" || line.value("dir", "") != "rx") continue;
    std::string hex = line["hex"];
    bool top_bit = hex.size() >= 2 && std::stoi(hex.substr(0, 2), nullptr, 16) >= 0x80;
    rx.push_back({line["t_ns"].get<std::int64_t>(), top_bit});
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

}  // namespace
}  // namespace stimbench::test
