// The oracle's individual checks, split by concern so each file stays small.
// Internal to harness/safety.
#pragma once

#include <optional>
#include <string>

#include "harness/safety/oracle.hpp"

namespace stimbench::oracle_detail {

// Numbers in reason texts: up to 10 significant digits, no trailing zeros.
std::string num(double value);
// Equal within binary rounding of decimal values.
bool same(double a, double b);
// a <= b, allowing binary rounding.
bool at_most(double a, double b);

// The request's value for `p` when present and finite (non-finite ones are refused elsewhere).
std::optional<double> value_of(const OracleRequest& request, Parameter p);

void add(OracleVerdict& verdict, std::string limit, std::string text, EnforcedBy by,
         const Provenance& provenance, bool not_covered = false);
// Sets the judgement from the reasons: any refusal, else any not-covered, else allowed.
void finish(OracleVerdict& verdict);

Provenance profile_provenance(const DeviceProfile& profile);

// Ranges, steps, non-finite values and parameters the device does not have.
void check_values(const DeviceProfile& profile, const OracleRequest& request, OracleVerdict& out);
// The cap for `power`; between rows (an off-grid power) the lower of the two neighbours.
std::optional<double> cap_for(const FrequencyCapTable& table, double power);
void check_frequency_cap(const DeviceProfile& profile, const OracleRequest& request,
                         OracleVerdict& out);
// Energy model, lockout, coil temperature: trigger-only.
void check_energy(const DeviceProfile& profile, const OracleRequest& request, OracleVerdict& out);
void check_modes(const DeviceProfile& profile, const OracleRequest& request, OracleVerdict& out);
void check_lockout(const DeviceProfile& profile, const OracleRequest& request, OracleVerdict& out);
void check_temperature(const DeviceProfile& profile, const OracleRequest& request,
                       OracleVerdict& out);
// The clinical policy (%MT limits), enforced by the host.
void check_policy(const ClinicalPolicy& policy, const OracleRequest& request, OracleVerdict& out);

// Pulses per second while a train runs: `frequency`, times the pulses per burst for bursts.
std::optional<double> pulse_rate(const OracleRequest& request);
// How long the train fires: pulses / pulse rate, or train_duration when pulses are unknown.
std::optional<double> on_time(const OracleRequest& request);
// More than one train (or unknown count): pauses between trains matter.
bool several_trains(const OracleRequest& request);

}  // namespace stimbench::oracle_detail
