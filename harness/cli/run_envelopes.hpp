// The envelopes of a run: one oracle per clinical policy in use (a scenario's own
// `envelope:`, or --envelope for all), plus the device-limits-only oracle.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/evidence/run_record.hpp"
#include "harness/safety/oracle.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench::cli {

class RunEnvelopes {
 public:
  // Loads every policy the scenarios (or `override_name`) name; invalid_input on a bad file.
  static Result<RunEnvelopes> load(const DeviceProfile& profile,
                                   const std::vector<Scenario>& scenarios,
                                   const std::string& override_name,
                                   const std::string& fixtures_dir);

  const SafetyOracle* for_scenario(const Scenario& scenario) const;
  // Records the policies (names, files, hashes) and every unverified table in use.
  void describe(RunRecord& record) const;

 private:
  std::string override_;  // --envelope's file
  // By policy file; "" = device limits only.
  std::map<std::string, std::unique_ptr<SafetyOracle>> oracles_;
  std::map<std::string, std::string> by_scenario_;  // scenario file -> policy file
};

}  // namespace stimbench::cli
