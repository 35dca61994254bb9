#include "harness/cli/bench_verify.hpp"

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "harness/cli/commands.hpp"
#include "harness/cli/run_progress.hpp"
#include "harness/evidence/file_io.hpp"
#include "harness/evidence/hashing.hpp"
#include "harness/evidence/manifest.hpp"

namespace stimbench::cli {
namespace {

// The problems of one device folder: its own evidence, then the summary's hash of its manifest.
std::vector<std::string> device_problems(const std::string& dir, const nlohmann::json& device) {
  if (!device.is_object() || !device["folder"].is_string() ||
      !device["manifest_sha256"].is_string())
    return {"summary.json: a device entry without folder and manifest_sha256"};
  const std::string folder = dir + "/" + device["folder"].get<std::string>();
  auto problems = verify_evidence(folder);
  if (!problems) return {folder + ": " + problems.error().message};
  auto hash = sha256_file(folder + "/manifest.json");
  if (hash && *hash != device["manifest_sha256"].get<std::string>())
    problems->push_back(folder + "/manifest.json is not the one summary.json recorded");
  return *problems;
}

}  // namespace

std::optional<int> verify_bench_folder(const std::string& dir) {
  std::error_code ec;
  if (std::filesystem::exists(dir + "/manifest.json", ec) ||
      !std::filesystem::exists(dir + "/summary.json", ec))
    return std::nullopt;
  auto text = read_file(dir + "/summary.json");
  nlohmann::json summary = text ? nlohmann::json::parse(*text, nullptr, false)
                                : nlohmann::json(nlohmann::json::value_t::discarded);
  if (summary.is_discarded() || !summary["devices"].is_array() || summary["devices"].empty()) {
    std::fprintf(stderr, "verify: %s/summary.json is unreadable or lists no device\n",
                 printable(dir).c_str());
    return exit_code::kUsage;
  }
  std::size_t broken = 0;
  for (const nlohmann::json& device : summary["devices"]) {
    std::vector<std::string> problems = device_problems(dir, device);
    for (const std::string& p : problems) std::printf("PROBLEM %s\n", printable(p).c_str());
    if (!problems.empty()) ++broken;
  }
  if (broken > 0) {
    std::printf("verify: %s: %zu of %zu device folder(s) not intact\n", printable(dir).c_str(),
                broken, summary["devices"].size());
    return exit_code::kCheckFailed;
  }
  std::printf("verify: %s: all %zu device folder(s) intact and as summary.json recorded them\n",
              printable(dir).c_str(), summary["devices"].size());
  return exit_code::kPass;
}

}  // namespace stimbench::cli
