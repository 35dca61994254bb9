// The clinical policy: %MT limits, the train-duration table, pauses between trains and
// theta-burst patterns. Always enforced by the host: stimulators do not know %MT.
#include <cmath>

#include "harness/safety/oracle_checks.hpp"

namespace stimbench::oracle_detail {

namespace {

constexpr EnforcedBy kHost = EnforcedBy::host;

bool within(double value, double target, double tolerance) {
  return std::fabs(value - target) <= tolerance * std::fabs(target) + 1e-9;
}

// Empty when the request is this pattern (or a shorter run of it); else why not.
std::string mismatch(const ThetaBurstPattern& p, const OracleRequest& r) {
  auto burst = value_of(r, Parameter::burst_pulses);
  auto inner = value_of(r, Parameter::burst_frequency);
  auto rate = value_of(r, Parameter::frequency);
  auto seconds = on_time(r);
  auto pulses = value_of(r, Parameter::pulses);
  if (!burst || !same(*burst, p.pulses_per_burst)) return "pulses per burst";
  if (!inner || !within(*inner, p.burst_frequency_hz, p.tolerance)) return "burst frequency";
  if (!rate || !within(*rate, p.burst_rate_hz, p.tolerance)) return "burst rate";
  if (!seconds || !at_most(*seconds, p.train_s * (1 + p.tolerance))) return "train length";
  const double count = value_of(r, Parameter::train_count).value_or(1);
  if (!pulses || !at_most(*pulses * count, p.total_pulses)) return "total pulses";
  if (count > 1) {
    auto iti = value_of(r, Parameter::train_iti);
    if (!iti || *iti < p.iti_s * (1 - p.tolerance)) return "pause between trains";
  }
  return "";
}

void check_theta_burst(const ClinicalPolicy& policy, const OracleRequest& r, double percent_mt,
                       OracleVerdict& out) {
  std::vector<const ThetaBurstPattern*> candidates;
  for (const ThetaBurstPattern& p : policy.theta_burst) {
    if (!r.theta_burst_pattern || *r.theta_burst_pattern == p.name) candidates.push_back(&p);
  }
  std::string why;
  const ThetaBurstPattern* matched = nullptr;
  for (const ThetaBurstPattern* p : candidates) {
    std::string m = mismatch(*p, r);
    if (m.empty() && at_most(percent_mt, p->max_percent_mt)) return;  // allowed by this one
    if (m.empty() && !matched) matched = p;
    if (!m.empty()) why += (why.empty() ? "" : ", ") + p->name + ": " + m;
  }
  if (matched) {
    add(out, "policy.theta_burst.intensity",
        num(percent_mt) + " %MT is above " + num(matched->max_percent_mt) + " %MT for " +
            matched->name,
        kHost, matched->provenance);
  } else if (candidates.empty()) {
    add(out, "policy.theta_burst",
        "policy " + policy.name + " has no theta-burst pattern" +
            (r.theta_burst_pattern ? " named '" + *r.theta_burst_pattern + "'" : std::string()),
        kHost, policy.provenance, true);
  } else {
    add(out, "policy.theta_burst",
        "burst train matches no pattern of policy " + policy.name + " (differs in " + why + ")",
        kHost, policy.provenance, true);
  }
}

void check_table(const TrainDurationTable& table, const OracleRequest& r, double percent_mt,
                 OracleVerdict& out) {
  auto frequency = value_of(r, Parameter::frequency);
  auto seconds = on_time(r);
  if (!frequency || !seconds) {
    add(out, "policy.train_duration", "frequency or train length unknown", kHost, table.provenance,
        true);
    return;
  }
  auto max = table.max_duration_at(*frequency, percent_mt);
  if (!max) {
    add(out, "policy.train_duration.domain",
        num(*frequency) + " Hz at " + num(percent_mt) + " %MT is outside the table's domain " +
            num(table.domain_min_hz) + "-" + num(table.domain_max_hz) + " Hz, " +
            num(table.domain_min_mt) + "-" + num(table.domain_max_mt) + " %MT",
        kHost, table.provenance, true);
  } else if (!at_most(*seconds, *max)) {
    add(out, "policy.train_duration",
        "train of " + num(*seconds) + " s is longer than " + num(*max) + " s allowed at " +
            num(*frequency) + " Hz, " + num(percent_mt) + " %MT",
        kHost, table.provenance);
  }
}

void check_pauses(const ClinicalPolicy& policy, const OracleRequest& r, double percent_mt,
                  OracleVerdict& out) {
  auto frequency = value_of(r, Parameter::frequency);
  if (!frequency || !several_trains(r)) return;
  for (const PauseRule& rule : policy.pauses) {
    const bool applies = at_most(rule.applies_from_hz, *frequency) &&
                         percent_mt > rule.applies_above_mt &&
                         !same(percent_mt, rule.applies_above_mt);
    if (!applies) continue;
    auto iti = value_of(r, Parameter::train_iti);
    if (!iti) {
      add(out, "policy.pause", "the pause between trains is not known", kHost, rule.provenance,
          true);
    } else if (!at_most(rule.min_iti_s, *iti)) {
      add(out, "policy.pause",
          "pause " + num(*iti) + " s is shorter than " + num(rule.min_iti_s) + " s for " +
              num(*frequency) + " Hz above " + num(rule.applies_above_mt) + " %MT",
          kHost, rule.provenance);
    }
  }
}

}  // namespace

void check_policy(const ClinicalPolicy& policy, const OracleRequest& r, OracleVerdict& out) {
  const std::optional<double>& mt = r.motor_threshold;
  if (!mt || !std::isfinite(*mt) || *mt <= 0) {
    add(out, "policy.motor_threshold",
        "policy " + policy.name + " limits intensity in % of motor threshold and " +
            (mt ? "the motor threshold " + num(*mt) + " is not a positive number"
                : std::string("no motor threshold was given")) +
            ", so it cannot judge this request",
        kHost, policy.provenance, true);
    return;
  }
  auto power = value_of(r, Parameter::power);
  if (!power) {
    add(out, "policy.power", "power unknown, so %MT cannot be computed", kHost, policy.provenance,
        true);
    return;
  }
  const double percent_mt = *power / *mt * 100.0;
  if (policy.max_percent_mt > 0 && !at_most(percent_mt, policy.max_percent_mt)) {
    add(out, "policy.max_percent_mt",
        num(percent_mt) + " %MT is above the policy maximum " + num(policy.max_percent_mt) + " %MT",
        kHost, policy.provenance);
  }
  auto burst = value_of(r, Parameter::burst_pulses);
  if ((burst && *burst > 1) || r.theta_burst_pattern) {
    check_theta_burst(policy, r, percent_mt, out);  // not the train-duration table
    return;
  }
  auto pulses = value_of(r, Parameter::pulses);
  if (pulses && *pulses <= 1) return;  // a single pulse is not a train
  if (policy.train_duration) check_table(*policy.train_duration, r, percent_mt, out);
  check_pauses(policy, r, percent_mt, out);
}

}  // namespace stimbench::oracle_detail
