// `stimbench verify` on a bench run's top folder: each device folder listed in summary.json
// is verified on its own, and its manifest must be the one the summary recorded.
#pragma once

#include <optional>
#include <string>

#include "harness/evidence/signing.hpp"

namespace stimbench::cli {

// nullopt when `dir` is not a bench run's top folder (no summary.json, or a manifest.json of
// its own); else the exit code, after printing the verdict (OK, or one PROBLEM line per
// finding, each naming its device folder) and a summary line. `key`, when not null, must
// verify every device folder's signature.
std::optional<int> verify_bench_folder(const std::string& dir, const Ed25519Key* key);

}  // namespace stimbench::cli
