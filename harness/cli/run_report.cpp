#include "harness/cli/run_report.hpp"

#include <cstdio>
#include <set>

#include "harness/cli/commands.hpp"
#include "harness/cli/run_progress.hpp"
#include "harness/evidence/hashing.hpp"

namespace stimbench::cli {

void print_run_header(std::size_t scenarios, const std::string& device, const std::string& profile,
                      const std::string& out_dir) {
  std::printf("stimbench run: %zu scenario(s) on %s, profile %s, evidence %s\n", scenarios,
              printable(device).c_str(), printable(profile).c_str(), printable(out_dir).c_str());
  std::fflush(stdout);
}

void print_unverified(const std::vector<std::string>& sources) {
  for (const std::string& s : sources)
    std::printf("NOTE  unverified data in use: %s\n", printable(s).c_str());
  std::fflush(stdout);
}

void print_run_summary(const RunRecord& record, const std::string& out_dir) {
  int counts[4] = {0, 0, 0, 0};
  int not_run = 0;
  for (const ScenarioRecord& s : record.scenarios) {
    if (s.not_run) {
      ++not_run;
    } else {
      ++counts[static_cast<int>(s.verdict)];
    }
  }
  std::string not_run_text = not_run > 0 ? ", " + std::to_string(not_run) + " not run" : "";
  std::printf(
      "summary: %d scenario(s) passed, %d failed, %d skipped, %d with errors%s; exit %d (%s)\n",
      counts[static_cast<int>(Verdict::pass)], counts[static_cast<int>(Verdict::fail)],
      counts[static_cast<int>(Verdict::skipped)], counts[static_cast<int>(Verdict::error)],
      not_run_text.c_str(), record.exit_code, printable(record.exit_reason).c_str());
  if (!record.unverified_sources.empty()) {
    std::printf("note: %zu table(s) used are marked verified: false (listed in record.json)\n",
                record.unverified_sources.size());
  }
  if (record.device_time_ns >= 0 && record.wall_duration_ns >= 0) {
    std::printf("time: %s device time (%s clock), %s wall\n",
                human_duration(record.device_time_ns / 1e9).c_str(), record.clock_name.c_str(),
                human_duration(record.wall_duration_ns / 1e9).c_str());
  }
  std::printf("evidence: %s\n", printable(out_dir).c_str());
  std::fflush(stdout);
}

std::string exit_reason_for(int code, const RunResult& result) {
  switch (code) {
    case exit_code::kPass:
      return "every executed check passed";
    case exit_code::kCheckFailed:
      return "a check failed";
    case exit_code::kDeviceError:
      return result.harness_error
                 ? "the harness fell behind real time and missed a device deadline (a harness "
                   "error, not a device failure; see the failing step)"
                 : "a device or I/O error stopped the run";
    case exit_code::kInterrupted:
      return "interrupted; the device was disarmed";
    default:
      return result.executed_checks == 0 ? "nothing was checked" : "invalid input";
  }
}

std::vector<InputFile> input_files(const std::vector<Scenario>& scenarios,
                                   const std::string& profile_path) {
  std::vector<InputFile> out;
  std::set<std::string> seen;
  for (const Scenario& s : scenarios) {
    if (!seen.insert(s.file).second) continue;
    auto hash = sha256_file(s.file);
    out.push_back({"scenario", s.file, hash ? *hash : "unreadable: " + hash.error().message});
  }
  auto hash = sha256_file(profile_path);
  out.push_back({"profile", profile_path, hash ? *hash : "unreadable: " + hash.error().message});
  return out;
}

void stamp_scenarios(RunRecord& record, const RunProgress& progress) {
  const auto& starts = progress.wall_start_unix_ns();
  const auto& durations = progress.wall_duration_ns();
  for (std::size_t i = 0; i < record.scenarios.size(); ++i) {
    ScenarioRecord& s = record.scenarios[i];
    for (const InputFile& input : record.inputs) {
      if (input.role == "scenario" && input.path == s.file) s.sha256 = input.sha256;
    }
    if (i < starts.size()) s.started_utc = utc_timestamp(starts[i]);
    if (i < durations.size()) s.wall_duration_ns = durations[i];
  }
}

}  // namespace stimbench::cli
