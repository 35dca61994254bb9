#include "tests/evidence/evidence_test_util.hpp"

#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace stimbench::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "stimbench-evidence-XXXXXX");
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string hostile_text() {
  using namespace std::string_literals;
  return "<b>&amp; \"quoted\" 'single' ]]> ctl\x01\x1b nul\0 bad\xff overlong\xc0\x80 "
         "surrogate\xed\xa0\x80 nonchar\xef\xbf\xbe cr\r lf\n tab\t ok:\xc2\xb2\xf0\x9f\x98\x80"s;
}

namespace {

StepRecord step(std::string name, Verdict verdict, std::string message, std::int64_t start_ns) {
  StepRecord s;
  s.name = std::move(name);
  s.kind = "set";
  s.phase = "steps";
  s.location = "scenarios/refusals.yaml:12:5";
  s.verdict = verdict;
  s.message = std::move(message);
  s.start_ns = start_ns;
  s.end_ns = start_ns + 12'500'000;
  return s;
}

}  // namespace

RunRecord sample_run() {
  RunRecord run;
  run.run_id = "3f2b8c1e-9a4d-4e6f-8b2a-0c1d2e3f4a5b";
  run.started_utc = "2026-11-25T03:18:48.123Z";
  run.ended_utc = "2026-11-25T03:19:02.456Z";
  run.harness_version = "0.1.0";
  run.git_commit = "0123456789abcdef0123456789abcdef01234567";
  run.host = "bench-01";
  run.operator_name = "A. Tester";
  run.station = "HIL-2";
  run.command_line = {"stimbench", "run", "scenarios/", "--seed", "42"};
  run.device_uri = "mock:";
  run.device_identity = DeviceIdentity{"Stimbench", "Reference-1", "SN0001", "1.2.3"};
  run.profile_name = "reference";
  run.profile_sha256 = std::string(64, 'a');
  run.clock_name = "CLOCK_MONOTONIC";
  run.clock_resolution_ns = 1;
  run.seed = 18446744073709551615ull;  // the largest seed must survive JSON
  run.time_scale = 10.0;
  run.exit_code = 3;
  run.exit_reason = "device error";

  ScenarioRecord refusals;
  refusals.id = "refusals";
  refusals.title = "Device refuses " + hostile_text();
  refusals.file = "scenarios/refusals.yaml";
  refusals.sha256 = std::string(64, 'b');
  refusals.requirements = {"SRS-SAFE-012", "SRS-SAFE-013"};
  refusals.risk_controls = {"RC-07"};
  refusals.tags = {"safety"};
  refusals.verdict = Verdict::fail;
  refusals.message = "steps[1] failed";
  refusals.disarm_confirmed = true;
  refusals.start_ns = 1'000'000'000;
  refusals.end_ns = 2'234'000'000;
  refusals.started_utc = "2026-11-25T03:18:49.000Z";

  StepRecord pass = step("steps[0] set power=50", Verdict::pass, "", 1'000'000'000);
  pass.measurements.push_back({"latency", 1234.5, "us", 0.0, 50000.0});
  pass.measurements.push_back({"coil_temperature", 24.5, "degC", std::nullopt, 40.0});
  pass.detail = {{"requested", {{"power", 50}}}, {"observed", {{"power", 50}}}};
  StepRecord fail =
      step("steps[1] set power=150 <" + hostile_text() + ">", Verdict::fail,
           "device accepted 150 % (expected refusal) " + hostile_text(), 1'100'000'000);
  fail.measurements.push_back({"readback", 150, "%", 0.0, 100.0});
  fail.measurements.push_back({"reply_time", std::nan(""), "ms", std::nullopt, std::nullopt});
  fail.detail = {{"expected", "refused"}, {"observed", "OK"}, {"raw", {1, 2.5, nullptr, true}}};
  StepRecord error =
      step("steps[2] get frequency", Verdict::error, "timeout after 50 ms", 1'200'000'000);
  StepRecord skipped =
      step("steps[3] fire", Verdict::skipped, "not allowed: " + hostile_text(), 1'300'000'000);
  StepRecord disarm = step("safety disarm", Verdict::pass, "", 1'400'000'000);
  disarm.phase = "safety";
  refusals.steps = {pass, fail, error, skipped, disarm};

  ScenarioRecord needs_train;
  needs_train.id = "needs-train";
  needs_train.file = "scenarios/train.yaml";
  needs_train.verdict = Verdict::skipped;
  needs_train.message = "profile lacks capability 'train'";

  ScenarioRecord lost_link;
  lost_link.id = "lost-link";
  lost_link.file = "scenarios/link.yaml";
  lost_link.verdict = Verdict::error;
  lost_link.message = "connection closed by device";
  lost_link.disarm_confirmed = false;
  lost_link.steps = {step("setup remote on", Verdict::pass, "", 3'000'000'000)};
  lost_link.start_ns = 3'000'000'000;
  lost_link.end_ns = 3'500'000'000;

  ScenarioRecord all_good;
  all_good.id = "all-good";
  all_good.verdict = Verdict::pass;
  all_good.steps = {step("steps[0] status", Verdict::pass, "", 4'000'000'000)};

  run.scenarios = {refusals, needs_train, lost_link, all_good};
  run.inputs = {{"scenario", "scenarios/refusals.yaml", std::string(64, 'b')}};
  return run;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace stimbench::test
