#include "harness/cli/run_report.hpp"

#include <cstdio>
#include <set>

#include "harness/cli/commands.hpp"
#include "harness/evidence/hashing.hpp"

namespace stimbench::cli {

void print_run_header(std::size_t scenarios, const std::string& device, const std::string& profile,
                      const std::string& out_dir) {
  std::printf("stimbench run: %zu scenario(s) on %s, profile %s, evidence %s\n", scenarios,
              device.c_str(), profile.c_str(), out_dir.c_str());
  std::fflush(stdout);
}

void print_unverified(const std::vector<std::string>& sources) {
  for (const std::string& s : sources) std::printf("NOTE  unverified data in use: %s\n", s.c_str());
  std::fflush(stdout);
}

void print_scenario_line(const ScenarioRecord& r) {
  const char* word = r.verdict == Verdict::pass      ? "PASS"
                     : r.verdict == Verdict::fail    ? "FAIL"
                     : r.verdict == Verdict::skipped ? "SKIP"
                                                     : "ERROR";
  double ms = (r.end_ns - r.start_ns) / 1e6;
  if (r.message.empty()) {
    std::printf("%-5s %s (%zu steps, %.0f ms)\n", word, r.id.c_str(), r.steps.size(), ms);
  } else {
    std::printf("%-5s %s: %s\n", word, r.id.c_str(), r.message.c_str());
  }
  std::fflush(stdout);
}

void print_run_summary(const RunRecord& record, const std::string& out_dir) {
  int counts[4] = {0, 0, 0, 0};
  for (const ScenarioRecord& s : record.scenarios) ++counts[static_cast<int>(s.verdict)];
  std::printf(
      "summary: %d scenario(s) passed, %d failed, %d skipped, %d with errors; exit %d (%s)\n",
      counts[static_cast<int>(Verdict::pass)], counts[static_cast<int>(Verdict::fail)],
      counts[static_cast<int>(Verdict::skipped)], counts[static_cast<int>(Verdict::error)],
      record.exit_code, record.exit_reason.c_str());
  if (!record.unverified_sources.empty()) {
    std::printf("note: %zu table(s) used are marked verified: false (listed in record.json)\n",
                record.unverified_sources.size());
  }
  std::printf("evidence: %s\n", out_dir.c_str());
  std::fflush(stdout);
}

std::string exit_reason_for(int code, const RunResult& result) {
  switch (code) {
    case exit_code::kPass:
      return "every executed check passed";
    case exit_code::kCheckFailed:
      return "a check failed";
    case exit_code::kDeviceError:
      return "a device or I/O error stopped the run";
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

void stamp_scenarios(RunRecord& record, std::int64_t run_start_ns, std::int64_t run_start_unix_ns) {
  for (ScenarioRecord& s : record.scenarios) {
    for (const InputFile& input : record.inputs) {
      if (input.role == "scenario" && input.path == s.file) s.sha256 = input.sha256;
    }
    s.started_utc = utc_timestamp(run_start_unix_ns + (s.start_ns - run_start_ns));
  }
}

}  // namespace stimbench::cli
