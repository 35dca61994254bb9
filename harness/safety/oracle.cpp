#include "harness/safety/oracle.hpp"

#include <cmath>

#include "harness/safety/oracle_checks.hpp"
#include "devices/core/step_grid.hpp"

namespace stimbench {

using namespace oracle_detail;

const char* to_string(Judgement judgement) {
  switch (judgement) {
    case Judgement::allowed:
      return "allowed";
    case Judgement::refused:
      return "refused";
    case Judgement::not_covered:
      return "not_covered";
  }
  return "unknown";
}

bool OracleVerdict::device_must_refuse() const {
  for (const OracleReason& r : reasons) {
    if (!r.not_covered && r.enforced_by == EnforcedBy::device) return true;
  }
  return false;
}

std::string OracleVerdict::describe() const {
  if (reasons.empty()) return "inside the envelope";
  std::string out;
  for (const OracleReason& r : reasons) {
    if (!out.empty()) out += "; ";
    out += r.limit + ": " + r.text;
  }
  return out;
}

SafetyOracle::SafetyOracle(DeviceProfile profile, std::optional<ClinicalPolicy> policy)
    : profile_(std::move(profile)), policy_(std::move(policy)) {}

OracleVerdict SafetyOracle::judge_setting(const OracleRequest& request) const {
  OracleVerdict verdict;
  check_values(profile_, request, verdict);
  check_frequency_cap(profile_, request, verdict);
  finish(verdict);
  return verdict;
}

OracleVerdict SafetyOracle::judge_trigger(const OracleRequest& request) const {
  OracleVerdict verdict;
  check_values(profile_, request, verdict);
  check_frequency_cap(profile_, request, verdict);
  check_energy(profile_, request, verdict);
  check_modes(profile_, request, verdict);
  check_lockout(profile_, request, verdict);
  check_temperature(profile_, request, verdict);
  if (policy_) check_policy(*policy_, request, verdict);
  finish(verdict);
  return verdict;
}

std::vector<std::string> SafetyOracle::unverified_sources() const {
  std::vector<std::string> out;
  auto note = [&](const std::string& name, const Provenance& p) {
    if (!p.verified) out.push_back(name + " (" + (p.source.empty() ? "no source" : p.source) + ")");
  };
  const std::string& device = profile_.name;
  note("profile " + device + " limits", profile_provenance(profile_));
  if (profile_.frequency_cap)
    note("profile " + device + " frequency_cap", profile_.frequency_cap->provenance);
  if (profile_.energy) note("profile " + device + " energy_model", profile_.energy->provenance);
  if (profile_.lockout) note("profile " + device + " lockout", profile_.lockout->provenance);
  if (profile_.coil_temperature_limit) {
    note("profile " + device + " coil_temperature_limit",
         profile_.coil_temperature_limit->provenance);
  }
  if (!policy_) return out;
  const std::string policy = "policy " + policy_->name;
  note(policy, policy_->provenance);
  if (policy_->train_duration)
    note(policy + " train_duration", policy_->train_duration->provenance);
  for (std::size_t i = 0; i < policy_->pauses.size(); ++i) {
    note(policy + " pauses[" + std::to_string(i) + "]", policy_->pauses[i].provenance);
  }
  for (const ThetaBurstPattern& p : policy_->theta_burst) {
    note(policy + " theta_burst " + p.name, p.provenance);
  }
  return out;
}

double percent_mt_to_output(double percent_mt, double motor_threshold, double power_step) {
  const double output = percent_mt * motor_threshold / 100.0;
  if (!(power_step > 0)) return output;
  // Round down (never above what the %MT limit allows); the epsilon keeps exact products
  // such as 120 % of 50 from losing a whole step to binary rounding.
  return tidy_on_grid(std::floor(output / power_step + 1e-9) * power_step, power_step);
}

}  // namespace stimbench
