// scenarios/smoke through the real binary against each misbehaving device mode, over
// loopback TCP and a real PTY (issue 14, scope item 5). Each run must end with the problem
// named (exit 1 or 3), no hang, bounded memory and evidence, every received byte in the
// transcript, and the closing disarm sent with its outcome on record.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "devices/core/bytes.hpp"
#include "tests/integration/cli_fixture.hpp"
#include "tests/integration/misbehaving_device.hpp"

namespace stimbench::test {
namespace {

using nlohmann::json;
using Transport = MisbehavingDevice::Transport;

// Issue 14's bound (100 MB) is proven on the default build. Under ASan the binary keeps up to
// 256 MB of freed blocks in its quarantine (measured: 305 MB peak on the endless line) and
// wait4's figure includes the fork of this larger test process, so there the check only
// catches gross growth.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kMaxRssKb = 512 * 1024;
#else
constexpr long kMaxRssKb = 100 * 1024;
#endif
constexpr std::uintmax_t kMaxRecordBytes = 1u << 20;

struct Case {
  Misbehaviour mode;
  Transport transport;
  const char* named;           // the problem as the console and record.json name it
  bool disarm_reaches_device;  // false where the device hung up before the disarm
};

std::string case_name(const testing::TestParamInfo<Case>& info) {
  return std::string(to_string(info.param.mode)) +
         (info.param.transport == Transport::tcp ? "_tcp" : "_pty");
}

// The rx bytes of the transcript, in order, and whether any rx frame is marked partial.
std::string transcript_rx(const std::string& path, bool* any_partial) {
  std::ifstream in(path);
  std::string line;
  std::string rx;
  while (std::getline(in, line)) {
    json j = json::parse(line, nullptr, false);
    if (!j.is_object() || j.value("type", "") != "frame" || j.value("dir", "") != "rx") continue;
    auto bytes = parse_hex(j.value("hex", ""));
    if (bytes) rx.append(bytes->begin(), bytes->end());
    if (j.value("partial", false) && any_partial != nullptr) *any_partial = true;
  }
  return rx;
}

// Whether any string inside `value` contains `needle`.
bool names(const json& value, const std::string& needle) {
  if (value.is_string())
    return value.get_ref<const std::string&>().find(needle) != std::string::npos;
  for (const json& item : value)
    if ((item.is_structured() || item.is_string()) && names(item, needle)) return true;
  return false;
}

std::size_t smoke_scenarios() {
  std::size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(scenario_dir("smoke")))
    if (entry.path().extension() == ".yaml") ++n;
  return n;
}

class MisbehavingDeviceTest : public testing::TestWithParam<Case> {};

TEST_P(MisbehavingDeviceTest, SmokeRunNamesTheProblemAndKeepsEvidenceWhole) {
  const Case& c = GetParam();
  MisbehaviourOptions options;
  options.mode = c.mode;
  std::string error;
  auto device = MisbehavingDevice::start(c.transport, options, &error);
  ASSERT_NE(device, nullptr) << error;
  const std::string out = fresh_path(std::string("misbehaving-") + to_string(c.mode));
  ProcessResult run = run_cli({"run", scenario_dir("smoke"), "--device", device->uri(), "--out",
                               out, "--allow-stimulation"},
                              std::chrono::seconds(150));
  const std::string output = run.out + run.err;
  ASSERT_FALSE(run.timed_out) << "hang:\n" << output;
  EXPECT_TRUE(run.exit_code == 1 || run.exit_code == 3) << run.exit_code << "\n" << output;
  EXPECT_TRUE(device->fault_started()) << output;
  EXPECT_NE(output.find(c.named), std::string::npos) << "expected \"" << c.named << "\":\n"
                                                     << output;
  EXPECT_GT(run.max_rss_kb, 0);
  EXPECT_LT(run.max_rss_kb, kMaxRssKb);

  const std::string record_path = out + "/record.json";
  ASSERT_TRUE(std::filesystem::exists(record_path)) << output;
  EXPECT_LT(std::filesystem::file_size(record_path), kMaxRecordBytes);
  json record = json::parse(read_file(record_path));
  EXPECT_TRUE(names(record, c.named)) << "record.json does not name it";
  EXPECT_EQ(record["summary"]["scenarios"]["total"], smoke_scenarios());

  // Every scenario that started ended with a closing disarm whose outcome is on record.
  int started = 0;
  for (const json& s : record["scenarios"]) {
    if (s["not_run"].get<bool>() || s["steps"].empty()) continue;
    ++started;
    EXPECT_TRUE(s["disarm_confirmed"].is_boolean()) << s["id"];
    EXPECT_EQ(s["steps"].back()["phase"], "safety") << s["id"];
  }
  EXPECT_GT(started, 0);
  if (c.disarm_reaches_device) {
    EXPECT_NE(device->received_after_fault().find("OUTP:DIS"), std::string::npos);
  }

  // What the harness read is, byte for byte, the start of what the device sent.
  bool partial = false;
  const std::string rx = transcript_rx(out + "/transcript.jsonl", &partial);
  const std::string sent = device->sent();
  EXPECT_GT(rx.size(), 0u);
  EXPECT_LE(rx.size(), sent.size());
  EXPECT_TRUE(sent.compare(0, rx.size(), rx) == 0) << "transcript rx is not the device's stream";
  if (c.mode == Misbehaviour::truncates_and_closes) {
    EXPECT_EQ(rx, sent) << "the bytes before the hang-up are missing from the transcript";
    EXPECT_TRUE(partial) << "the cut-off reply is not marked partial";
    EXPECT_NE(rx.find("ARMED,REMOTE=1,FAULT="), std::string::npos);
  }
  // The figures docs/robustness.md quotes.
  std::cout << "[figures] " << case_name({c, 0}) << ": exit " << run.exit_code << ", peak RSS "
            << run.max_rss_kb << " KiB, record.json " << std::filesystem::file_size(record_path)
            << " B, transcript " << std::filesystem::file_size(out + "/transcript.jsonl")
            << " B, rx " << rx.size() << " of " << sent.size() << " B sent\n";
  auto verify = run_cli({"verify", out}, std::chrono::seconds(60));
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

// The policy's first rule: after a device error the scenario's teardown still runs (each of
// its steps is attempted and judged), then the closing disarm, and the next scenario is listed
// as not run.
TEST(MisbehavingDevicePolicy, TeardownAndClosingDisarmRunAfterADeviceError) {
  MisbehaviourOptions options;
  options.mode = Misbehaviour::never_replies;
  options.good_replies = 3;  // *IDN?, SYST:REM ON, SOUR:AMPL 30
  std::string error;
  auto device = MisbehavingDevice::start(MisbehavingDevice::Transport::tcp, options, &error);
  ASSERT_NE(device, nullptr) << error;
  const std::string first = write_scenario("a_first.yaml", R"(scenario: policy-first
steps:
  - remote: on
  - set: {power: 30}
  - status: {}
teardown:
  - set: {power: 0}
    name: power back to zero
)");
  const std::string dir = std::filesystem::path(first).parent_path().string();
  std::ofstream(dir + "/b_second.yaml") << "scenario: policy-second\nsteps:\n  - status: {}\n";
  const std::string out = fresh_path("policy-teardown");
  ProcessResult run = run_cli({"run", dir, "--device", device->uri(), "--out", out});
  ASSERT_FALSE(run.timed_out);
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  json record = json::parse(read_file(out + "/record.json"));
  const json& s = record["scenarios"][0];
  bool teardown_ran = false;
  for (const json& step : s["steps"]) {
    if (step["phase"] == "teardown") teardown_ran = step["verdict"] != "skipped";
  }
  EXPECT_TRUE(teardown_ran) << s.dump(2);
  EXPECT_EQ(s["steps"].back()["phase"], "safety");
  // The status got no reply to any of its three tries (a link fault, exit 3); the link was
  // reopened before the teardown, so the closing disarm went out and was confirmed.
  EXPECT_EQ(s["disarm_confirmed"], true);
  EXPECT_NE(device->received_after_fault().find("SOUR:AMPL 0"), std::string::npos);
  EXPECT_NE(device->received_after_fault().find("OUTP:DIS"), std::string::npos);
  ASSERT_EQ(record["scenarios"].size(), 2u);
  EXPECT_EQ(record["scenarios"][1]["not_run"], true);
  EXPECT_EQ(record["summary"]["scenarios"]["not_run"], 1);
  const std::string junit = read_file(out + "/junit.xml");
  EXPECT_NE(junit.find("<skipped message=\"not run: a device error in &apos;policy-first&apos; "
                       "stopped the run"),
            std::string::npos)
      << junit;
  const std::string schema = std::string(STIMBENCH_SCHEMA_DIR) + "/junit-10.xsd";
  const std::string command =
      "xmllint --noout --schema '" + schema + "' '" + out + "/junit.xml' 2>/dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0) << "junit.xml with a not-run scenario is invalid";
  const std::string html = read_file(out + "/report.html");
  EXPECT_NE(html.find("not run: a device error in &apos;policy-first&apos; stopped the run"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Modes, MisbehavingDeviceTest,
    testing::Values(
        Case{Misbehaviour::never_replies, Transport::tcp, "no complete reply within", true},
        Case{Misbehaviour::never_replies, Transport::pty, "no complete reply within", true},
        Case{Misbehaviour::replies_late, Transport::tcp, "no complete reply within", true},
        Case{Misbehaviour::truncates_and_closes, Transport::tcp,
             "(partial: \"ARMED,REMOTE=1,FAULT=\")", false},
        Case{Misbehaviour::truncates_and_closes, Transport::pty,
             "(partial: \"ARMED,REMOTE=1,FAULT=\")", false},
        Case{Misbehaviour::garbage, Transport::tcp, "protocol violation", true},
        Case{Misbehaviour::nul_bytes, Transport::pty, "\\x00", true},
        Case{Misbehaviour::double_replies, Transport::tcp, "nobody asked for", true},
        Case{Misbehaviour::endless_line, Transport::tcp, "reply line longer than 4096 bytes", true},
        Case{Misbehaviour::endless_line, Transport::pty, "reply line longer than 4096 bytes", true},
        Case{Misbehaviour::closes_mid_scenario, Transport::tcp, "closed", false},
        Case{Misbehaviour::answers_some_queries, Transport::tcp, "no complete reply within", true}),
    case_name);

}  // namespace
}  // namespace stimbench::test
