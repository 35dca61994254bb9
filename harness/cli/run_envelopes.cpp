#include "harness/cli/run_envelopes.hpp"

#include <algorithm>
#include <set>

#include "harness/cli/scenario_fixtures.hpp"
#include "harness/config/envelope_loader.hpp"
#include "harness/evidence/hashing.hpp"

namespace stimbench::cli {

Result<RunEnvelopes> RunEnvelopes::load(const DeviceProfile& profile,
                                        const std::vector<Scenario>& scenarios,
                                        const std::string& override_name,
                                        const std::string& fixtures_dir) {
  RunEnvelopes out;
  out.oracles_[""] = std::make_unique<SafetyOracle>(profile, std::nullopt);
  // Each file once; a scenario maps to the file it names (resolved beside the scenario).
  auto add = [&](const std::string& path) -> Status {
    if (out.oracles_.count(path) > 0) return {};
    auto policy = load_policy_file(path);
    if (!policy) return policy.error();
    out.oracles_[path] = std::make_unique<SafetyOracle>(profile, std::move(policy).value());
    return {};
  };
  if (!override_name.empty()) {
    auto path = resolve_policy_path(override_name, fixtures_dir);
    if (!path) return path.error();
    if (Status added = add(*path); !added) return added.error();
    out.override_ = *path;
    return out;
  }
  for (const Scenario& s : scenarios) {
    if (!s.envelope) continue;
    auto path = scenario_envelope_path(s, fixtures_dir);
    if (!path) return path.error();
    if (Status added = add(*path); !added) return added.error();
    out.by_scenario_[s.file] = *path;
  }
  return out;
}

const SafetyOracle* RunEnvelopes::for_scenario(const Scenario& scenario) const {
  if (!override_.empty()) return oracles_.at(override_).get();
  auto it = by_scenario_.find(scenario.file);
  return oracles_.at(it == by_scenario_.end() ? std::string() : it->second).get();
}

void RunEnvelopes::describe(RunRecord& record) const {
  std::set<std::string> unverified;
  for (const auto& [path, oracle] : oracles_) {
    for (const std::string& source : oracle->unverified_sources()) unverified.insert(source);
    if (path.empty()) continue;
    auto hash = sha256_file(path);
    std::string sha = hash ? *hash : "unreadable: " + hash.error().message;
    record.envelope_name += (record.envelope_name.empty() ? "" : ",") + oracle->policy()->name;
    record.envelope_sha256 += (record.envelope_sha256.empty() ? "" : ",") + sha;
    record.inputs.push_back({"envelope", path, sha});
  }
  record.unverified_sources.assign(unverified.begin(), unverified.end());
}

}  // namespace stimbench::cli
