// The safety oracle: for any parameter set, allowed, refused or not covered, with every reason.
// It never talks to a device; the runner and the interlock ask it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "devices/core/profile.hpp"
#include "harness/safety/policy.hpp"

namespace stimbench {

enum class Judgement { allowed, refused, not_covered };
const char* to_string(Judgement judgement);

// One reason a request is refused or not covered.
struct OracleReason {
  std::string limit;  // stable id, e.g. "power.max", "frequency_cap", "energy.min_wait",
                      // "lockout", "coil_temperature", "policy.train_duration"
  std::string text;   // human sentence with the numbers
  EnforcedBy enforced_by = EnforcedBy::device;  // policy limits count as host
  Provenance provenance;
  bool not_covered = false;  // outside a table's domain rather than a violation
};

// What is asked of the device. Absent parameters are unknown (e.g. not part of a train).
struct OracleRequest {
  std::map<Parameter, double> values;     // power in % of output
  std::optional<double> motor_threshold;  // % of output; enables %MT policy checks
  std::optional<double> coil_temperature_c;
  std::optional<double> seconds_since_train_end;   // lockout check
  std::optional<std::string> theta_burst_pattern;  // judged by the pattern, not the table
  // The trigger asks for a train (a `train` step), whatever mode the device reads back in.
  bool train = false;
};

struct OracleVerdict {
  Judgement judgement = Judgement::allowed;
  std::vector<OracleReason> reasons;
  // Whether some reason is enforced by the device (so the device must refuse).
  bool device_must_refuse() const;
  // Whether the harness must refuse to trigger (any refused reason, host or device).
  bool host_must_refuse() const { return judgement != Judgement::allowed; }
  std::string describe() const;  // "; "-joined reason texts, or "inside the envelope"
};

class SafetyOracle {
 public:
  SafetyOracle(DeviceProfile profile, std::optional<ClinicalPolicy> policy);

  // Settings alone (a parameter change): ranges, steps, frequency cap.
  OracleVerdict judge_setting(const OracleRequest& request) const;
  // A fire or train start with these read-back values: everything, incl. energy model,
  // lockout, temperature and the clinical policy.
  OracleVerdict judge_trigger(const OracleRequest& request) const;

  const DeviceProfile& profile() const { return profile_; }
  const std::optional<ClinicalPolicy>& policy() const { return policy_; }
  // Every table used that is marked verified: false, as "name (source)" lines.
  std::vector<std::string> unverified_sources() const;

 private:
  DeviceProfile profile_;
  std::optional<ClinicalPolicy> policy_;
};

// %MT to % of output for a given motor threshold (rounded down to the power step: stricter).
double percent_mt_to_output(double percent_mt, double motor_threshold, double power_step);

}  // namespace stimbench
