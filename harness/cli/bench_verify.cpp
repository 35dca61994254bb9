#include "harness/cli/bench_verify.hpp"

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "harness/cli/commands.hpp"
#include "harness/cli/run_progress.hpp"
#include "harness/evidence/evidence_verify.hpp"
#include "harness/evidence/file_io.hpp"
#include "harness/evidence/hashing.hpp"

namespace stimbench::cli {
namespace {

// Why a device folder that is not OK is not intact: its findings, or its verdict when it has
// none. Under a finished bench run (summary.json is written last) an unfinished, empty or
// missing device folder is as broken as a tampered one.
std::vector<std::string> verdict_problems(const std::string& folder, const VerifyReport& report) {
  switch (report.verdict) {
    case VerifyVerdict::ok:
      return {};
    case VerifyVerdict::incomplete:
      return {folder + ": INCOMPLETE: transcript intact, lines 1-" +
              std::to_string(report.intact_lines) + " (run did not finish)"};
    case VerifyVerdict::empty:
      return {folder + ": EMPTY (nothing to check)"};
    case VerifyVerdict::tampered:
    case VerifyVerdict::not_evidence:
      break;
  }
  std::vector<std::string> problems;
  for (const std::string& p : report.problems) problems.push_back(folder + ": " + p);
  if (report.verdict == VerifyVerdict::not_evidence)
    problems.insert(problems.begin(), folder + ": not an evidence folder");
  return problems;
}

// The problems of one device folder: its own evidence, then the summary's hash of its manifest.
std::vector<std::string> device_problems(const std::string& dir, const nlohmann::json& device,
                                         const VerifyOptions& options) {
  if (!device.is_object() || !device["folder"].is_string() ||
      !device["manifest_sha256"].is_string())
    return {"summary.json: a device entry without folder and manifest_sha256"};
  const std::string folder = dir + "/" + device["folder"].get<std::string>();
  auto report = verify_evidence(folder, options);
  if (!report) return {folder + ": " + report.error().message};
  std::vector<std::string> problems = verdict_problems(folder, *report);
  auto hash = sha256_file(folder + "/manifest.json");
  if (hash && *hash != device["manifest_sha256"].get<std::string>())
    problems.push_back(folder + "/manifest.json is not the one summary.json recorded");
  return problems;
}

}  // namespace

std::optional<int> verify_bench_folder(const std::string& dir, const Ed25519Key* key) {
  std::error_code ec;
  if (std::filesystem::exists(dir + "/manifest.json", ec) ||
      !std::filesystem::exists(dir + "/summary.json", ec))
    return std::nullopt;
  auto text = read_file(dir + "/summary.json");
  nlohmann::json summary = text ? nlohmann::json::parse(*text, nullptr, false)
                                : nlohmann::json(nlohmann::json::value_t::discarded);
  if (summary.is_discarded() || !summary["devices"].is_array() || summary["devices"].empty()) {
    std::printf("PROBLEM %s/summary.json is unreadable or lists no device\n",
                printable(dir).c_str());
    return exit_code::kCheckFailed;
  }
  VerifyOptions options;
  options.key = key;
  std::vector<std::string> problems;
  std::size_t broken = 0;
  for (const nlohmann::json& device : summary["devices"]) {
    std::vector<std::string> found = device_problems(dir, device, options);
    if (!found.empty()) ++broken;
    problems.insert(problems.end(), found.begin(), found.end());
  }
  // The verdict comes first, as for a single folder: OK, or the PROBLEM lines.
  if (broken > 0) {
    for (const std::string& p : problems) std::printf("PROBLEM %s\n", printable(p).c_str());
    std::printf("verify: %s: %zu of %zu device folder(s) not intact\n", printable(dir).c_str(),
                broken, summary["devices"].size());
    return exit_code::kCheckFailed;
  }
  std::printf(
      "OK\nverify: %s: all %zu device folder(s) intact and as summary.json recorded them%s\n",
      printable(dir).c_str(), summary["devices"].size(),
      key != nullptr ? ", signatures valid" : "");
  return exit_code::kPass;
}

}  // namespace stimbench::cli
