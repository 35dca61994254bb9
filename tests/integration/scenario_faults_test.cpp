// A scenario's `faults:` on the built-in mock: fault lines in the run's transcript, exactly
// reproducible on virtual time; device faults reported as FAULT; refusal on other devices and
// of bad specs; the standalone mock's own fault transcript (--out).
#include <csignal>

#include "tests/integration/proxy_fixture.hpp"

namespace stimbench::test {
namespace {

using namespace std::chrono_literals;

const char* kLinkFaults = R"(scenario: link-faults
title: replies delayed, corrupted and duplicated under a seeded schedule
faults: ["delay:5ms~2ms@every:3, corrupt@p=0.2", "duplicate@7"]
setup:
  - remote: on
steps:
  - repeat:
      count: 12
      steps:
        - get: power
teardown:
  - disarm
  - remote: off
)";

std::string device_fault_scenario(const std::string& fault) {
  return "scenario: device-" + fault + "\ntitle: the device reports " + fault +
         "\nfaults: " + fault +
         "@2\nsetup:\n  - remote: on\nsteps:\n"
         "  - status: {}\n"
         "  - status: {}\n    expect: {state: fault}\n    name: reports the fault\n"
         "teardown:\n  - disarm\n";
}

ProcessResult run_scenario(const std::string& path, const std::string& out,
                           std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"run", path, "--out", out, "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_cli(args);
}

TEST(ScenarioFaults, SameSeedGivesTheSameFaultLinesOnVirtualTime) {
  std::string path = write_scenario("link.yaml", kLinkFaults);
  std::string a = fresh_path("faults-a"), b = fresh_path("faults-b"), c = fresh_path("faults-c");
  ProcessResult ra = run_scenario(path, a, {"--seed", "7"});
  ProcessResult rb = run_scenario(path, b, {"--seed", "7"});
  ProcessResult rc = run_scenario(path, c, {"--seed", "8"});
  EXPECT_FALSE(ra.timed_out || rb.timed_out || rc.timed_out);
  EXPECT_EQ(ra.exit_code, rb.exit_code);
  std::vector<nlohmann::json> fa = run_fault_lines(a), fb = run_fault_lines(b);
  ASSERT_GE(fa.size(), 5u);
  EXPECT_EQ(fa, fb);  // kinds, frames, rules, seeds and virtual t_ns, exactly
  EXPECT_NE(fa, run_fault_lines(c));
  bool kinds[3] = {false, false, false};
  for (const nlohmann::json& f : fa) {
    EXPECT_EQ(f["seed"], 7);
    EXPECT_EQ(f["direction"], "device_to_host");
    kinds[0] = kinds[0] || f["kind"] == "delay";
    kinds[1] = kinds[1] || f["kind"] == "corrupt";
    kinds[2] = kinds[2] || f["kind"] == "duplicate";
    if (f["kind"] == "delay") {
      EXPECT_GE(f["delay_us"].get<int>(), 3000);
      EXPECT_LE(f["delay_us"].get<int>(), 7000);
    }
  }
  EXPECT_TRUE(kinds[0] && kinds[1] && kinds[2]);
  // A corrupted reply never passes: the run reports a failure.
  EXPECT_EQ(ra.exit_code, 1) << ra.err;
}

TEST(ScenarioFaults, DeviceFaultsPutTheMockInFaultAndAreLogged) {
  for (std::string fault : {"overtemp", "coil_removed", "power_fault"}) {
    for (std::string profile : {"reference", "magstim-rapid2-v9-240v"}) {
      SCOPED_TRACE(fault + " on " + profile);
      std::string path = write_scenario("device.yaml", device_fault_scenario(fault));
      std::string out = fresh_path("device-fault");
      ProcessResult r = run_scenario(path, out, {"--profile", profile});
      // The closing disarm reads back FAULT with the armed flags clear: disarmed, and said so.
      EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
      nlohmann::json record =
          nlohmann::json::parse(read_file(out + "/record.json"), nullptr, false);
      ASSERT_FALSE(record.is_discarded());
      EXPECT_EQ(record["scenarios"][0]["disarm_confirmed"], true);
      EXPECT_EQ(record["scenarios"][0]["disarmed_state"], "fault");
      bool reported = false;
      for (const nlohmann::json& step : record["scenarios"][0]["steps"]) {
        std::string name = step["name"];
        if (name.ends_with("reports the fault")) reported = step["verdict"] == "pass";
      }
      EXPECT_TRUE(reported);
      std::vector<nlohmann::json> faults = run_fault_lines(out);
      ASSERT_EQ(faults.size(), 1u);
      EXPECT_EQ(faults[0]["kind"], fault);
      EXPECT_EQ(faults[0]["frame"], 2);
    }
  }
}

// The stall outlives the step it hit: the query gets no reply to any try and fails as a link
// fault (a reopen never turns silence into a pass), the device error stops the run, and the
// closing disarm goes over a reopened link, which the mock serves afresh, and is confirmed.
TEST(ScenarioFaults, AStalledQueryFailsAndTheDisarmGoesOverAReopenedLink) {
  std::string dir = fresh_path("stall-dir");
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    FILE* f = std::fopen((dir + "/" + name).c_str(), "w");
    std::fputs(text.c_str(), f);
    std::fclose(f);
  };
  write("a.yaml",
        "scenario: a-stalled\ntitle: a stall\nfaults: stall@2\nsteps:\n  - get: power\n"
        "  - get: power\n");
  write("b.yaml", "scenario: b-clean\ntitle: after it\nsteps:\n  - get: power\n");
  std::string out = fresh_path("stall");
  ProcessResult r = run_scenario(dir, out);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  nlohmann::json record = nlohmann::json::parse(read_file(out + "/record.json"), nullptr, false);
  ASSERT_FALSE(record.is_discarded()) << r.err;
  ASSERT_EQ(record["scenarios"].size(), 2u);
  const nlohmann::json& a = record["scenarios"][0];
  const nlohmann::json& stalled = a["steps"][1];
  EXPECT_EQ(stalled["verdict"], "error") << stalled.dump();
  EXPECT_EQ(stalled["failure"], "link fault");
  EXPECT_EQ(stalled["detail"]["link"]["attempts"], 3);
  EXPECT_EQ(a["disarm_confirmed"], true);
  EXPECT_EQ(record["scenarios"][1]["not_run"], true);
  EXPECT_NE(record["scenarios"][1]["message"].get<std::string>().find(
                "a device error in 'a-stalled' stopped the run"),
            std::string::npos);
  int reconnects = 0;
  for (const nlohmann::json& line : read_json_lines(out + "/transcript.jsonl")) {
    if (line["type"] == "event" && line["event"] == "reconnect") ++reconnects;
  }
  EXPECT_EQ(reconnects, 1);
}

TEST(ScenarioFaults, RefusedOnADeviceOtherThanTheBuiltInMock) {
  std::string path = write_scenario("link.yaml", kLinkFaults);
  ProcessResult r =
      run_cli({"run", path, "--device", "tcp://127.0.0.1:9", "--out", fresh_path("refused")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("link.yaml:3:9: scenario 'link-faults' asks for faults, which need the "
                       "built-in mock (mock:); put stimbench proxy in front of "
                       "tcp://127.0.0.1:9 instead"),
            std::string::npos)
      << r.err;
}

TEST(ScenarioFaults, BadSpecsAreFileLineColumnErrors) {
  std::string bad = write_scenario(
      "bad.yaml", "scenario: bad\ntitle: t\nfaults: [drop@1, \"delay@3\"]\nsteps:\n  - status\n");
  ProcessResult v = run_cli({"validate", bad});
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_NE(v.err.find("bad.yaml:3:18: error: fault rule \"delay@3\": delay needs a duration"),
            std::string::npos)
      << v.err;
  std::string to_device = write_scenario(
      "dir.yaml", "scenario: dir\ntitle: t\nfaults: drop@1/to=device\nsteps:\n  - status\n");
  ProcessResult d = run_cli({"run", to_device, "--out", fresh_path("dir")});
  EXPECT_EQ(d.exit_code, 2);
  EXPECT_NE(d.err.find("dir.yaml:3:9: error: a scenario's faults act on the built-in mock's "
                       "replies; /to=device needs stimbench proxy"),
            std::string::npos)
      << d.err;
}

TEST(ScenarioFaults, TheStandaloneMockWritesItsOwnFaultTranscript) {
  std::string out = fresh_path("mock-faults") + ".jsonl";
  StandaloneMock mock = start_mock({"--listen", "tcp://127.0.0.1:0", "--fault",
                                    "drop@2,duplicate@3", "--seed", "5", "--out", out});
  int fd = connect_loopback(mock.uri);
  ASSERT_GE(fd, 0);
  const std::string command = "SYST:REM ON\n";
  auto span = std::span(reinterpret_cast<const std::uint8_t*>(command.data()), command.size());
  for (int i = 0; i < 3; ++i) write_all_fd(fd, span);
  std::vector<std::uint8_t> got = read_fd_for(fd, 9, 5s);
  EXPECT_EQ(std::string(got.begin(), got.end()), "OK\nOK\nOK\n");
  ::close(fd);
  mock.child->signal(SIGTERM);
  EXPECT_EQ(mock.child->wait(10s), 0);
  std::vector<nlohmann::json> faults = fault_lines(out);
  ASSERT_EQ(faults.size(), 2u);
  EXPECT_EQ(faults[0]["kind"], "drop");
  EXPECT_EQ(faults[0]["frame"], 2);
  EXPECT_EQ(faults[1]["kind"], "duplicate");
  EXPECT_EQ(faults[1]["seed"], 5);
}

}  // namespace
}  // namespace stimbench::test
