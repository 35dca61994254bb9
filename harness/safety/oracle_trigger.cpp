// Trigger-only checks: the energy model (minimum wait, maximum on-time), mode switches, the
// post-train lockout and the coil temperature cut-off.
#include <algorithm>
#include <cmath>

#include "harness/safety/oracle_checks.hpp"

namespace stimbench::oracle_detail {

void check_energy(const DeviceProfile& profile, const OracleRequest& request, OracleVerdict& out) {
  if (!profile.energy) return;
  // Rapid² single-pulse mode fires one pulse per trigger, at most one per 1 s (2 s above
  // 100 %): far below the sustainable power, and the stored train is not what fires.
  auto duration = value_of(request, Parameter::train_duration);
  if (profile.has_capability("single_pulse_mode") && duration && *duration == 0) return;
  const EnergyModel& model = *profile.energy;
  auto power = value_of(request, Parameter::power);
  auto rate = pulse_rate(request);
  auto seconds = on_time(request);
  if (!power || !rate || !seconds) return;  // nothing fires, or refused as non-finite
  if (!model.joules_at(*power)) {
    add(out, "energy.table",
        "the energy model has no energy per pulse at power " + num(*power) +
            " %, so this train cannot be judged",
        model.enforced_by, model.provenance, true);
    return;
  }
  auto given_pulses = value_of(request, Parameter::pulses);
  const double pulses = given_pulses ? *given_pulses : *seconds * *rate;
  const std::string train =
      num(pulses) + " pulses at " + num(*rate) + " Hz, power " + num(*power) + " %";
  // A device without trains-per-sequence (Rapid²) runs one train per trigger: the host makes
  // the pause, so the minimum wait applies to the time since the last train ended.
  const bool sequences = profile.limit(Parameter::train_count) != nullptr;
  if (!sequences && request.seconds_since_train_end) {
    auto wait = model.min_wait_s(*power, *rate, pulses);
    const double since = *request.seconds_since_train_end;
    if (wait && (!std::isfinite(since) || (since < *wait && !same(since, *wait)))) {
      add(out, "energy.min_wait",
          num(since) + " s since the last train is shorter than the minimum wait " + num(*wait) +
              " s for " + train,
          model.enforced_by, model.provenance);
    }
  }
  if (sequences && several_trains(request)) {
    auto wait = model.min_wait_s(*power, *rate, pulses);
    auto iti = value_of(request, Parameter::train_iti);
    if (!iti) {
      add(out, "energy.min_wait",
          "the pause between trains is not known; " + train + " needs at least " +
              num(wait.value_or(0)) + " s",
          model.enforced_by, model.provenance, true);
    } else if (wait && *iti < *wait && !same(*iti, *wait)) {
      add(out, "energy.min_wait",
          "pause " + num(*iti) + " s is shorter than the minimum wait " + num(*wait) + " s after " +
              train,
          model.enforced_by, model.provenance);
    }
  }
  // The model's budget is per minute: only the first 60 s of a long train count against it.
  auto max_on = model.max_on_time_s(*power, *rate);
  const double counted = std::min(*seconds, 60.0);
  if (max_on && !at_most(counted, *max_on)) {
    add(out, "energy.max_on_time",
        "on-time " + num(counted) + " s is above the maximum " + num(*max_on) +
            " s per minute for " + train,
        model.enforced_by, model.provenance);
  }
}

void check_modes(const DeviceProfile& profile, const OracleRequest& request, OracleVerdict& out) {
  // Rapid² enhanced power (up to 110 %) is for single-pulse mode only (T087 6.7): a train
  // with it on would run above every cap table and energy figure the profile has. A train
  // step is a train request even when the device reads back single-pulse mode.
  auto enhanced = value_of(request, Parameter::enhanced_power);
  if (!enhanced || *enhanced < 0.5) return;
  auto duration = value_of(request, Parameter::train_duration);
  if (duration && *duration > 0) {
    add(out, "enhanced_power.train",
        "enhanced power is on with train_duration " + num(*duration) +
            " s: it is for single-pulse mode only",
        EnforcedBy::device, profile_provenance(profile));
  } else if (request.train) {
    add(out, "enhanced_power.train",
        "a train was asked for while enhanced power is on: it is for single pulses only",
        EnforcedBy::host, profile_provenance(profile));
  }
}

void check_lockout(const DeviceProfile& profile, const OracleRequest& request, OracleVerdict& out) {
  if (!profile.lockout || !request.seconds_since_train_end) return;
  const LockoutRule& rule = *profile.lockout;
  const double since = *request.seconds_since_train_end;
  if (!std::isfinite(since) || since < rule.post_train_s) {
    add(out, "lockout",
        num(since) + " s since the last train is inside the " + num(rule.post_train_s) +
            " s post-train lockout",
        rule.enforced_by, rule.provenance);
  }
}

void check_temperature(const DeviceProfile& profile, const OracleRequest& request,
                       OracleVerdict& out) {
  if (!profile.coil_temperature_limit || !request.coil_temperature_c) return;
  const ThermalLimit& limit = *profile.coil_temperature_limit;
  const double t = *request.coil_temperature_c;
  // At the cut-off counts as over (issue #3). protocols.md §5 has the device refuse only
  // *above* 40.0 °C, so exactly 40.0 is where harness and device may disagree.
  if (!std::isfinite(t) || t >= limit.cutoff_c) {
    add(out, "coil_temperature",
        "coil at " + num(t) + " °C, at or above the cut-off " + num(limit.cutoff_c) + " °C",
        limit.enforced_by, limit.provenance);
  }
}

}  // namespace stimbench::oracle_detail
