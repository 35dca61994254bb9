// One `stimbench run` on several devices at once: built-in mocks on virtual time, standalone
// mocks over loopback TCP and a PTY on real time, keep-alives met while the others are busy,
// and Ctrl-C disarming every device.
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "devices/core/clock.hpp"
#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

namespace fs = std::filesystem;

nlohmann::json summary_of(const std::string& out) {
  return nlohmann::json::parse(read_file(out + "/summary.json"));
}

void expect_each_folder_verifies(const std::string& out, const nlohmann::json& summary) {
  for (const auto& device : summary["devices"]) {
    const std::string dir = out + "/" + device["folder"].get<std::string>();
    EXPECT_TRUE(fs::exists(dir + "/manifest.json")) << dir;
    ProcessResult verify = run_cli({"verify", dir});
    EXPECT_EQ(verify.exit_code, 0) << dir << "\n" << verify.out << verify.err;
  }
}

// Held armed by the keep-alive for 3 s: a watchdog missed on this device (or the harness
// late for it) fails the status check or reports harness_late.
const char* kHold = R"(scenario: bench-keepalive-hold
title: Armed and held by keep-alive while other devices are busy
tags: [bench]
requires: [keepalive]
setup:
  - remote: on
  - set: {power: 30}
steps:
  - arm: {}
  - wait_until: {state: ready, timeout: 1.5s, poll: 0.1s}
  - wait: {duration: 3s, keepalive: true}
  - status: {}
    expect: {state: ready}
teardown:
  - disarm
  - remote: off
)";

// Busy: a stream of queries, as long as the device's reply latency makes it.
const char* kBusy = R"(scenario: bench-busy
title: A stream of queries
tags: [bench]
steps:
  - repeat:
      count: 400
      steps: [{get: power}, status]
)";

TEST(ManyDevices, BenchFileOfBuiltinMocksOnVirtualTime) {
  const std::string out = fresh_path("bench");
  ProcessResult r = run_cli({"run", scenario_dir("smoke"), "--bench",
                             source_dir() + "/fixtures/benches/example.yaml", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  nlohmann::json summary = summary_of(out);
  EXPECT_EQ(summary["device_count"], 3);
  EXPECT_EQ(summary["devices_passed"], 3);
  EXPECT_EQ(summary["bench"], "example");
  EXPECT_EQ(summary["clock"], "virtual");
  EXPECT_GT(summary["commands"].get<int>(), 30);
  EXPECT_EQ(summary["devices"][2]["profile"], "magventure-magpro-x100");
  EXPECT_EQ(count_substr(r.out, "device left: exit 0"), 1) << r.out;
  EXPECT_NE(r.out.find("summary: 3 device(s), 3 passed"), std::string::npos) << r.out;
  expect_each_folder_verifies(out, summary);
}

// `verify` on the top folder checks every device folder and the summary's hashes of them.
TEST(ManyDevices, VerifyTheTopFolderChecksEveryDeviceAgainstTheSummary) {
  const std::string out = fresh_path("bench");
  ProcessResult r = run_cli({"run", scenario_dir("smoke") + "/identify.yaml", "--device",
                             "mock:", "--device", "mock:", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ProcessResult intact = run_cli({"verify", out});
  EXPECT_EQ(intact.exit_code, 0) << intact.out << intact.err;
  EXPECT_NE(intact.out.find("all 2 device folder(s) intact"), std::string::npos) << intact.out;

  nlohmann::json summary = summary_of(out);
  summary["devices"][1]["manifest_sha256"] = std::string(64, '0');
  fs::remove(out + "/summary.json");
  FILE* f = std::fopen((out + "/summary.json").c_str(), "w");
  std::fputs(summary.dump().c_str(), f);
  std::fclose(f);
  ProcessResult tampered = run_cli({"verify", out});
  EXPECT_EQ(tampered.exit_code, 1) << tampered.out << tampered.err;
  EXPECT_NE(tampered.out.find("dev2/manifest.json is not the one summary.json recorded"),
            std::string::npos)
      << tampered.out;
}

TEST(ManyDevices, OneDeviceKeepsTheSingleFolderLayout) {
  const std::string bench =
      write_scenario("one.yaml", "bench: one\ndevices:\n  - {name: only, uri: 'mock:'}\n");
  const std::string out = fresh_path("bench");
  ProcessResult r =
      run_cli({"run", scenario_dir("smoke") + "/identify.yaml", "--bench", bench, "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(fs::exists(out + "/manifest.json"));
  EXPECT_FALSE(fs::exists(out + "/summary.json"));
  EXPECT_FALSE(fs::exists(out + "/only"));
}

TEST(ManyDevices, ExitCodeIsTheWorstOverDevices) {
  // dev2 misbehaves (a defect that keeps the device armed after the watchdog); dev1 passes.
  const std::string out = fresh_path("bench");
  ProcessResult r =
      run_cli({"run", scenario_dir("smoke") + "/keepalive_loss.yaml", "--device",
               "mock:", "--device", "mock:?defect=ignore-keepalive-loss", "--out", out});
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  nlohmann::json summary = summary_of(out);
  EXPECT_EQ(summary["devices"][0]["name"], "dev1");
  EXPECT_EQ(summary["devices"][0]["exit_code"], 0);
  EXPECT_EQ(summary["devices"][1]["exit_code"], 1);
  EXPECT_EQ(summary["exit_code"], 1);
  expect_each_folder_verifies(out, summary);
}

TEST(ManyDevices, BadBenchEntryIsBadUsageBeforeAnyFolder) {
  const std::string bench = write_scenario(
      "bad.yaml", "devices:\n  - {name: a, uri: 'mock:'}\n  - {name: b, uri: 'mock:?nope=1'}\n");
  const std::string out = fresh_path("bench");
  ProcessResult r = run_cli({"run", scenario_dir("smoke"), "--bench", bench, "--out", out});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("bad.yaml:3:5: device 'b'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  ProcessResult both = run_cli({"run", "--bench", bench, "--device", "mock:", "--out", out});
  EXPECT_EQ(both.exit_code, 2);
}

TEST(ManyDevices, TcpAndPtyMocksOnRealTime) {
  std::vector<StandaloneMock> mocks;
  std::vector<std::string> args = {"run", scenario_dir("smoke"), "--allow-stimulation"};
  for (int i = 0; i < 3; ++i) {
    mocks.push_back(start_mock({"--listen", "tcp://127.0.0.1:0"}));
    ASSERT_EQ(mocks.back().uri.rfind("tcp://127.0.0.1:", 0), 0u) << mocks.back().uri;
    args.insert(args.end(), {"--device", "tcp" + std::to_string(i) + "=" + mocks.back().uri});
  }
  mocks.push_back(start_mock({"--pty"}));
  ASSERT_EQ(mocks.back().uri.rfind("serial:///dev/pts/", 0), 0u) << mocks.back().uri;
  args.insert(args.end(), {"--device", "pty=" + mocks.back().uri});
  const std::string out = fresh_path("bench");
  args.insert(args.end(), {"--out", out});
  ProcessResult r = run_cli(args, std::chrono::seconds(240));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  nlohmann::json summary = summary_of(out);
  EXPECT_EQ(summary["clock"], "CLOCK_MONOTONIC");
  EXPECT_EQ(summary["device_count"], 4);
  EXPECT_EQ(summary["missed_keepalives"], 0);
  expect_each_folder_verifies(out, summary);
}

// Real time, one process: dev1's slow replies keep it busy for seconds while dev2..dev8 hold
// their devices armed by keep-alive; none may miss its watchdog.
TEST(ManyDevices, KeepAlivesAreMetWhileOthersAreBusy) {
  const std::string busy = write_scenario("a_busy.yaml", kBusy);
  const std::string hold = write_scenario("b_hold.yaml", kHold);
  std::vector<std::string> args = {
      "run", busy, hold, "--clock", "real", "--device", "mock:?latency=3ms"};
  for (int i = 2; i <= 8; ++i) args.insert(args.end(), {"--device", "mock:"});
  const std::string out = fresh_path("bench");
  args.insert(args.end(), {"--out", out});
  ProcessResult r = run_cli(args, std::chrono::seconds(240));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  nlohmann::json summary = summary_of(out);
  EXPECT_EQ(summary["device_count"], 8);
  EXPECT_EQ(summary["missed_keepalives"], 0);
  EXPECT_EQ(summary["failed_steps"], 0);
  expect_each_folder_verifies(out, summary);
}

// SIGTERM while every device is held armed: each one disarms, confirms it, and says so.
TEST(ManyDevices, InterruptDisarmsEveryDevice) {
  const std::string hold = write_scenario("hold.yaml", kHold);
  const std::string out = fresh_path("bench");
  std::vector<std::string> argv = {binary_path(), "run", hold, "--clock", "real"};
  for (int i = 0; i < 4; ++i) argv.insert(argv.end(), {"--device", "mock:"});
  argv.insert(argv.end(), {"--out", out});
  Child child(argv);
  ASSERT_TRUE(child.read_line(std::chrono::seconds(20)));  // the bench header: running
  real_sleep(std::chrono::milliseconds(1500));             // armed by now (ready within 1 s)
  child.signal(SIGTERM);
  EXPECT_EQ(child.wait(std::chrono::seconds(30)), 130);
  nlohmann::json summary = summary_of(out);
  for (const auto& device : summary["devices"]) {
    EXPECT_EQ(device["exit_code"], 130) << device.dump();
    nlohmann::json record = nlohmann::json::parse(
        read_file(out + "/" + device["folder"].get<std::string>() + "/record.json"));
    ASSERT_FALSE(record["scenarios"].empty());
    EXPECT_EQ(record["scenarios"][0]["disarm_confirmed"], true) << device["name"];
  }
  expect_each_folder_verifies(out, summary);
}

}  // namespace
}  // namespace stimbench::test
