// Helpers and the setting-level checks: ranges, steps, non-finite values, frequency cap.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "harness/safety/oracle_checks.hpp"

namespace stimbench::oracle_detail {

std::string num(double value) {
  std::ostringstream out;
  out.precision(10);
  out << value;
  return out.str();
}

bool same(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b));
}

bool at_most(double a, double b) {
  return a <= b || same(a, b);
}

std::optional<double> value_of(const OracleRequest& request, Parameter p) {
  auto it = request.values.find(p);
  if (it == request.values.end() || !std::isfinite(it->second)) return std::nullopt;
  return it->second;
}

void add(OracleVerdict& verdict, std::string limit, std::string text, EnforcedBy by,
         const Provenance& provenance, bool not_covered) {
  verdict.reasons.push_back(
      OracleReason{std::move(limit), std::move(text), by, provenance, not_covered});
}

void finish(OracleVerdict& verdict) {
  bool refused = false, not_covered = false;
  for (const OracleReason& r : verdict.reasons) (r.not_covered ? not_covered : refused) = true;
  verdict.judgement = refused       ? Judgement::refused
                      : not_covered ? Judgement::not_covered
                                    : Judgement::allowed;
}

Provenance profile_provenance(const DeviceProfile& profile) {
  return Provenance{profile.source.empty() ? "profile " + profile.name : profile.source,
                    profile.verified};
}

namespace {

// On the step grid counted from 0 (power 50.5 with step 1 is not): a device that rounds it
// would change the request, so the oracle refuses it outright.
bool on_grid(double value, double step) {
  if (!(step > 0)) return true;
  const double q = value / step;
  return std::fabs(q - std::round(q)) <= 1e-6;
}

}  // namespace

void check_values(const DeviceProfile& profile, const OracleRequest& request, OracleVerdict& out) {
  const Provenance provenance = profile_provenance(profile);
  for (const auto& [parameter, value] : request.values) {
    const std::string name = to_string(parameter);
    const ParameterLimit* base = profile.limit(parameter);
    if (!base) {
      add(out, name + ".unsupported", name + " is not a parameter of profile " + profile.name,
          EnforcedBy::device, provenance);
      continue;
    }
    // A mode switch given in the same request (read back at a trigger) widens the range.
    std::optional<double> mode =
        base->in_mode ? value_of(request, base->in_mode->mode) : std::nullopt;
    const ParameterLimit effective = base->effective(mode && *mode >= 0.5);
    const ParameterLimit* limit = &effective;
    const std::string unit = limit->unit.empty() ? "" : " " + limit->unit;
    if (!std::isfinite(value)) {
      add(out, name + ".nonfinite", name + " " + num(value) + " is not a finite number",
          limit->enforced_by, provenance);
      continue;
    }
    if (value < limit->min && !same(value, limit->min)) {
      add(out, name + ".min",
          name + " " + num(value) + unit + " is below the minimum " + num(limit->min) + unit,
          limit->enforced_by, provenance);
    } else if (value > limit->max && !same(value, limit->max)) {
      add(out, name + ".max",
          name + " " + num(value) + unit + " is above the maximum " + num(limit->max) + unit,
          limit->enforced_by, provenance);
    }
    if (!on_grid(value, limit->step)) {
      add(out, name + ".step",
          name + " " + num(value) + unit + " is not a multiple of the step " + num(limit->step) +
              unit,
          limit->enforced_by, provenance);
    }
  }
}

std::optional<double> cap_for(const FrequencyCapTable& table, double power) {
  if (auto cap = table.cap_at(power)) return cap;
  // Above the table (enhanced power, 101-110 %): the top row's cap (protocols.md §5 gives
  // no row there; enhanced power is single-pulse only, so no train meets this cap).
  if (!table.rows.empty() && power > table.rows.back().power_to) return table.rows.back().max_hz;
  for (std::size_t i = 0; i + 1 < table.rows.size(); ++i) {
    if (power > table.rows[i].power_to && power < table.rows[i + 1].power_from) {
      return std::min(table.rows[i].max_hz, table.rows[i + 1].max_hz);
    }
  }
  return std::nullopt;
}

void check_frequency_cap(const DeviceProfile& profile, const OracleRequest& request,
                         OracleVerdict& out) {
  if (!profile.frequency_cap) return;
  const FrequencyCapTable& table = *profile.frequency_cap;
  auto frequency = value_of(request, Parameter::frequency);
  auto power = value_of(request, Parameter::power);
  const bool asks_frequency = request.values.count(Parameter::frequency) > 0;
  const bool asks_power = request.values.count(Parameter::power) > 0;
  if (!asks_frequency && !asks_power) return;
  if (!frequency || !power) {
    // A missing or non-finite partner: the cap cannot be judged (a non-finite one is refused).
    if (!asks_frequency || !asks_power) {
      add(out, "frequency_cap",
          std::string("the frequency cap needs both power and frequency; ") +
              (asks_power ? "frequency" : "power") + " is not given",
          table.enforced_by, table.provenance, true);
    }
    return;
  }
  auto cap = cap_for(table, *power);
  if (!cap) {
    const ParameterLimit* limit = profile.limit(Parameter::power);
    const bool in_range = limit && *power >= limit->min && *power <= limit->max;
    if (in_range) {
      add(out, "frequency_cap", "no frequency cap row covers power " + num(*power) + " %",
          table.enforced_by, table.provenance, true);
    }
    return;  // out of range: power.min / power.max already refuse it
  }
  if (!at_most(*frequency, *cap)) {
    add(out, "frequency_cap",
        "frequency " + num(*frequency) + " Hz is above the cap of " + num(*cap) + " Hz at power " +
            num(*power) + " %",
        table.enforced_by, table.provenance);
  }
}

std::optional<double> pulse_rate(const OracleRequest& request) {
  auto frequency = value_of(request, Parameter::frequency);
  if (!frequency || *frequency <= 0) return std::nullopt;
  auto burst = value_of(request, Parameter::burst_pulses);
  return burst && *burst > 1 ? *frequency * *burst : *frequency;
}

std::optional<double> on_time(const OracleRequest& request) {
  auto pulses = value_of(request, Parameter::pulses);
  auto rate = pulse_rate(request);
  if (pulses && rate) return *pulses / *rate;
  return value_of(request, Parameter::train_duration);
}

bool several_trains(const OracleRequest& request) {
  auto count = value_of(request, Parameter::train_count);
  return !count || *count > 1;
}

}  // namespace stimbench::oracle_detail
