#include "harness/cli/run_envelopes.hpp"

#include <algorithm>
#include <set>

#include "harness/config/envelope_loader.hpp"
#include "harness/evidence/hashing.hpp"

namespace stimbench::cli {

Result<RunEnvelopes> RunEnvelopes::load(const DeviceProfile& profile,
                                        const std::vector<Scenario>& scenarios,
                                        const std::string& override_name,
                                        const std::string& fixtures_dir) {
  RunEnvelopes out;
  out.override_ = override_name;
  std::set<std::string> names;
  if (!override_name.empty()) {
    names.insert(override_name);
  } else {
    for (const Scenario& s : scenarios) names.insert(s.envelope.value_or(""));
  }
  out.oracles_[""] = std::make_unique<SafetyOracle>(profile, std::nullopt);
  for (const std::string& name : names) {
    if (name.empty()) continue;
    auto path = resolve_policy_path(name, fixtures_dir);
    if (!path) return path.error();
    auto policy = load_policy_file(*path);
    if (!policy) return policy.error();
    out.oracles_[name] = std::make_unique<SafetyOracle>(profile, std::move(policy).value());
    out.paths_[name] = *path;
  }
  return out;
}

const SafetyOracle* RunEnvelopes::for_scenario(const Scenario& scenario) const {
  const std::string name = !override_.empty() ? override_ : scenario.envelope.value_or("");
  return oracles_.at(name).get();
}

void RunEnvelopes::describe(RunRecord& record) const {
  std::set<std::string> unverified;
  for (const auto& [name, oracle] : oracles_) {
    for (const std::string& source : oracle->unverified_sources()) unverified.insert(source);
    if (name.empty()) continue;
    const std::string& path = paths_.at(name);
    auto hash = sha256_file(path);
    std::string sha = hash ? *hash : "unreadable: " + hash.error().message;
    record.envelope_name += (record.envelope_name.empty() ? "" : ",") + oracle->policy()->name;
    record.envelope_sha256 += (record.envelope_sha256.empty() ? "" : ",") + sha;
    record.inputs.push_back({"envelope", path, sha});
  }
  record.unverified_sources.assign(unverified.begin(), unverified.end());
}

}  // namespace stimbench::cli
