#include "harness/safety/boundary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "harness/safety/boundary_energy.hpp"
#include "devices/core/step_grid.hpp"

namespace stimbench {

namespace {

OracleRequest request_for(const BoundaryCase& c) {
  OracleRequest request;
  for (const auto& [parameter, value] : c.preconditions) request.values[parameter] = value;
  if (c.value) request.values[c.parameter] = *c.value;
  return request;
}

// The lowest power whose cap is the table's highest: frequency probes then meet only the
// frequency range, not the cap.
std::optional<double> quiet_power(const DeviceProfile& profile) {
  const ParameterLimit* power = profile.limit(Parameter::power);
  if (!power) return std::nullopt;
  if (!profile.frequency_cap || profile.frequency_cap->rows.empty()) return power->min;
  const auto& rows = profile.frequency_cap->rows;
  auto best = std::max_element(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.max_hz < b.max_hz || (a.max_hz == b.max_hz && a.power_from > b.power_from);
  });
  return std::clamp(best->power_from, power->min, power->max);
}

// Settings that keep other limits out of the way of a probe of `parameter`.
std::vector<std::pair<Parameter, double>> base_preconditions(const DeviceProfile& profile,
                                                             Parameter parameter) {
  const ParameterLimit* frequency = profile.limit(Parameter::frequency);
  if (!profile.frequency_cap) return {};
  if (parameter == Parameter::frequency) {
    if (auto power = quiet_power(profile)) return {{Parameter::power, *power}};
  }
  if (parameter == Parameter::power && frequency) return {{Parameter::frequency, frequency->min}};
  return {};
}

void limit_cases(const SafetyOracle& oracle, const ParameterLimit& limit,
                 const BoundaryOptions& options, std::vector<BoundaryCase>& out) {
  const std::string name = to_string(limit.parameter);
  const auto pre = base_preconditions(oracle.profile(), limit.parameter);
  const double step = limit.step;
  const std::pair<const char*, double> points[] = {
      {"min-step", limit.min - step}, {"min", limit.min}, {"min+step", limit.min + step},
      {"max-step", limit.max - step}, {"max", limit.max}, {"max+step", limit.max + step}};
  std::vector<double> seen;
  auto push = [&](const std::string& label, double raw) {
    const double value = tidy_on_grid(raw, step);
    for (double v : seen) {
      if (std::fabs(v - value) <= 1e-9 * std::max(1.0, std::fabs(value))) return;
    }
    seen.push_back(value);
    BoundaryCase c;
    c.id = name + "." + label;
    c.preconditions = pre;
    c.parameter = limit.parameter;
    c.value = value;
    c.expected = oracle.judge_setting(request_for(c));
    c.description = name + " " + label + " = " + id_number(value) + " " + limit.unit;
    out.push_back(std::move(c));
  };
  for (const auto& [label, value] : points) push(label, value);
  if (step > 0 && limit.min + step / 2 < limit.max) push("off_step", limit.min + step / 2);
  if (!options.wrong_types) return;
  // Not numbers at all, or numbers no double holds: the device must refuse them.
  const std::pair<const char*, const char*> texts[] = {
      {"type.abc", "abc"},         {"type.empty", ""},
      {"type.comma", "1,5"},       {"type.nan", "NaN"},
      {"overflow.1e309", "1e309"}, {"overflow.20_digits", "99999999999999999999"}};
  for (const auto& [label, text] : texts) {
    BoundaryCase c;
    c.id = name + "." + label;
    c.preconditions = pre;
    c.parameter = limit.parameter;
    c.text = text;
    const bool overflow = std::string(label).starts_with("overflow");
    c.expected.judgement = Judgement::refused;
    c.expected.reasons.push_back(OracleReason{
        name + (overflow ? ".overflow" : ".type"),
        "'" + std::string(text) + "' is not a " + (overflow ? "representable " : "") + "number",
        limit.enforced_by, Provenance{oracle.profile().source, oracle.profile().verified}, false});
    c.description = name + " sent as text '" + std::string(text) + "'";
    out.push_back(std::move(c));
  }
}

// Every row of the cap table, at its upper power (and lower, when different): the cap itself
// is allowed, one frequency step above it is refused.
void cap_cases(const SafetyOracle& oracle, std::vector<BoundaryCase>& out) {
  const DeviceProfile& profile = oracle.profile();
  const ParameterLimit* power = profile.limit(Parameter::power);
  const ParameterLimit* frequency = profile.limit(Parameter::frequency);
  if (!profile.frequency_cap || !power || !frequency) return;
  for (const FrequencyCapRow& row : profile.frequency_cap->rows) {
    std::vector<double> levels = {row.power_from};
    if (row.power_to != row.power_from) levels.push_back(row.power_to);
    // The highest frequency on the grid at or under the cap.
    const double at = tidy_on_grid(
        std::floor(row.max_hz / frequency->step + 1e-9) * frequency->step, frequency->step);
    if (at < frequency->min) continue;
    for (double p : levels) {
      if (p < power->min || p > power->max) continue;
      for (auto [label, value] :
           {std::pair{"at", at}, {"above", tidy_on_grid(at + frequency->step, frequency->step)}}) {
        BoundaryCase c;
        c.id = "frequency_cap@p=" + id_number(p) + "." + label;
        c.preconditions = {{Parameter::frequency, frequency->min}, {Parameter::power, p}};
        c.parameter = Parameter::frequency;
        c.value = value;
        c.expected = oracle.judge_setting(request_for(c));
        c.description = "frequency " + id_number(value) + " Hz at power " + id_number(p) +
                        " % (cap " + id_number(row.max_hz) + " Hz)";
        out.push_back(std::move(c));
      }
    }
  }
}

// Where the cap drops from one row to the next: with the frequency stored at the lower row's
// cap, raising the power into the next row must be refused (the device keeps the stored
// frequency within the cap, protocols.md §5); with the frequency at the next row's cap, the
// same raise is allowed.
void cap_power_cases(const SafetyOracle& oracle, std::vector<BoundaryCase>& out) {
  const DeviceProfile& profile = oracle.profile();
  const ParameterLimit* power = profile.limit(Parameter::power);
  const ParameterLimit* frequency = profile.limit(Parameter::frequency);
  if (!profile.frequency_cap || !power || !frequency) return;
  const auto& rows = profile.frequency_cap->rows;
  auto on_grid = [&](double hz) {
    return tidy_on_grid(std::floor(hz / frequency->step + 1e-9) * frequency->step, frequency->step);
  };
  for (std::size_t i = 0; i + 1 < rows.size(); ++i) {
    const FrequencyCapRow& low = rows[i];
    const FrequencyCapRow& high = rows[i + 1];
    if (!(high.max_hz < low.max_hz) || low.power_to < power->min || high.power_from > power->max) {
      continue;
    }
    for (auto [label, hz] :
         {std::pair{"at", on_grid(high.max_hz)}, {"above", on_grid(low.max_hz)}}) {
      if (hz < frequency->min || hz > frequency->max) continue;
      BoundaryCase c;
      c.id = "frequency_cap@p=" + id_number(high.power_from) + ".power_raise." + label;
      c.preconditions = {{Parameter::frequency, frequency->min},
                         {Parameter::power, low.power_to},
                         {Parameter::frequency, hz}};
      c.parameter = Parameter::power;
      c.value = high.power_from;
      c.expected = oracle.judge_setting(request_for(c));
      c.description = "power " + id_number(low.power_to) + " -> " + id_number(high.power_from) +
                      " % with " + id_number(hz) + " Hz stored (cap there " +
                      id_number(high.max_hz) + " Hz)";
      out.push_back(std::move(c));
    }
  }
}

}  // namespace

std::vector<BoundaryCase> generate_boundary_cases(const SafetyOracle& oracle,
                                                  const BoundaryOptions& options) {
  std::vector<BoundaryCase> out;
  for (const ParameterLimit& limit : oracle.profile().limits) {
    if (options.only && *options.only != limit.parameter) continue;
    // A mode switch is 0 or 1, not a range; its effect is probed by the modes' scenarios.
    if (is_switch(limit.parameter)) continue;
    limit_cases(oracle, limit, options, out);
  }
  if (!options.combined) return out;
  // Combined cases belong to the parameter they probe (cap: frequency; minimum wait:
  // train_iti; maximum on-time: pulses).
  const auto wants = [&](Parameter p) { return !options.only || *options.only == p; };
  if (wants(Parameter::frequency)) cap_cases(oracle, out);
  if (wants(Parameter::power)) cap_power_cases(oracle, out);
  energy_cases(oracle, wants(Parameter::train_iti), wants(Parameter::pulses), out);
  return out;
}

}  // namespace stimbench
