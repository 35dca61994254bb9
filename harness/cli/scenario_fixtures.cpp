#include "harness/cli/scenario_fixtures.hpp"

#include "harness/config/profile_loader.hpp"

namespace stimbench::cli {

namespace {

Result<std::string> resolve(const std::optional<std::string>& value, const SourceLocation& at,
                            const std::string& file, const std::string& search_path,
                            const std::string& folder, const std::string& kind) {
  if (!value) return make_error(ErrorCode::invalid_input, "the scenario names no " + kind);
  auto path = resolve_scenario_fixture(*value, file, search_path, folder, kind);
  if (path) return path;
  const std::string where = at.to_string();
  return make_error(ErrorCode::invalid_input,
                    (where.empty() ? file : where) + ": error: " + path.error().message);
}

}  // namespace

Result<std::string> scenario_profile_path(const Scenario& scenario,
                                          const std::string& search_path) {
  return resolve(scenario.profile, scenario.profile_at, scenario.file, search_path, "profiles",
                 "profile");
}

Result<std::string> scenario_envelope_path(const Scenario& scenario,
                                           const std::string& search_path) {
  return resolve(scenario.envelope, scenario.envelope_at, scenario.file, search_path, "envelopes",
                 "policy");
}

}  // namespace stimbench::cli
