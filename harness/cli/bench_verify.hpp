// `stimbench verify` on a bench run's top folder: each device folder listed in summary.json
// is verified on its own, and its manifest must be the one the summary recorded.
#pragma once

#include <optional>
#include <string>

namespace stimbench::cli {

// nullopt when `dir` is not a bench run's top folder (no summary.json, or a manifest.json of
// its own); else the exit code, after printing one verdict per device and one for the whole.
std::optional<int> verify_bench_folder(const std::string& dir);

}  // namespace stimbench::cli
