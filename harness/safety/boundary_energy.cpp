#include "harness/safety/boundary_energy.hpp"

#include "devices/core/step_grid.hpp"

#include <cmath>
#include <cstdio>

namespace stimbench {

namespace {

struct Train {
  double power, frequency, pulses;
};

// The documents' worked examples (protocols.md §1.8, safety-limits.md §2.1).
const Train kTrains[] = {{73, 25, 250}, {100, 10, 40}, {80, 10, 40}};

double grid_up(double value, double step) {
  return tidy_on_grid(std::ceil(value / step - 1e-9) * step, step);
}

class EnergyCases {
 public:
  EnergyCases(const SafetyOracle& oracle, std::vector<BoundaryCase>& out)
      : oracle_(oracle), profile_(oracle.profile()), out_(out) {}

  // The whole train as settings, or nothing when the profile lacks a needed limit.
  // `iti` is left out on a device without one (Rapid²: the host makes the pause).
  std::optional<std::vector<std::pair<Parameter, double>>> settings(
      const Train& t, std::optional<double> iti) const {
    const ParameterLimit* duration = profile_.limit(Parameter::train_duration);
    const ParameterLimit* count = profile_.limit(Parameter::train_count);
    if (!profile_.limit(Parameter::power) || !profile_.limit(Parameter::frequency) ||
        !profile_.limit(Parameter::pulses)) {
      return std::nullopt;
    }
    std::vector<std::pair<Parameter, double>> s = {{Parameter::power, t.power},
                                                   {Parameter::frequency, t.frequency},
                                                   {Parameter::pulses, t.pulses}};
    if (duration) {
      const double seconds = tidy_on_grid(
          std::round(t.pulses / t.frequency / duration->step) * duration->step, duration->step);
      s.emplace_back(Parameter::train_duration, seconds);
    }
    if (iti && profile_.limit(Parameter::train_iti)) s.emplace_back(Parameter::train_iti, *iti);
    if (count) s.emplace_back(Parameter::train_count, std::max(2.0, count->min));
    if (profile_.limit(Parameter::burst_pulses)) s.emplace_back(Parameter::burst_pulses, 1);
    return s;
  }

  // Only trains the rest of the envelope allows, so the energy model decides each case.
  bool clean(const std::vector<std::pair<Parameter, double>>& s) const {
    OracleRequest request;
    for (const auto& [p, v] : s) request.values[p] = v;
    return oracle_.judge_setting(request).judgement == Judgement::allowed;
  }

  void add(const std::string& id, std::vector<std::pair<Parameter, double>> s, Parameter probe,
           const std::string& description) {
    BoundaryCase c;
    c.id = id;
    c.trigger = true;
    c.parameter = probe;
    OracleRequest request;
    for (const auto& [p, v] : s) {
      request.values[p] = v;
      if (p == probe) c.value = v;
    }
    std::erase_if(s, [&](const auto& entry) { return entry.first == probe; });
    // First a quiet train (fewest pulses, lowest rate), so what an earlier case stored
    // cannot make the device refuse these settings on the way (e.g. 100 % with 6000 pulses).
    std::vector<std::pair<Parameter, double>> quiet;
    for (Parameter p : {Parameter::pulses, Parameter::frequency}) {
      if (const ParameterLimit* limit = profile_.limit(p)) quiet.emplace_back(p, limit->min);
    }
    s.insert(s.begin(), quiet.begin(), quiet.end());
    c.preconditions = std::move(s);  // the probed setting goes last
    c.expected = oracle_.judge_trigger(request);
    c.description = description;
    out_.push_back(std::move(c));
  }

  void min_wait(const Train& t) {
    // Without a settable pause there is no setting to probe: the interlock checks the time
    // since the last train instead.
    if (!profile_.limit(Parameter::train_iti)) return;
    const ParameterLimit& iti = *profile_.limit(Parameter::train_iti);
    auto wait = profile_.energy->min_wait_s(t.power, t.frequency, t.pulses);
    if (!wait) return;
    const double at = grid_up(*wait, iti.step);
    const double below = tidy_on_grid(at - iti.step, iti.step);
    const double above = tidy_on_grid(at + iti.step, iti.step);
    if (below < iti.min || above > iti.max) return;  // the ITI range would decide
    const std::string id = "energy.min_wait@p=" + id_number(t.power) +
                           ",f=" + id_number(t.frequency) + ",n=" + id_number(t.pulses);
    for (auto [label, value] : {std::pair{"below", below}, {"at", at}, {"above", above}}) {
      auto s = settings(t, value);
      if (!s || !clean(*s)) return;
      add(id + "." + label, *s, Parameter::train_iti,
          "pause " + id_number(value) + " s after " + id_number(t.pulses) + " pulses at " +
              id_number(t.frequency) + " Hz, " + id_number(t.power) + " % (minimum wait " +
              id_number(*wait) + " s)");
    }
  }

  void max_on_time(const Train& t) {
    auto max_on = profile_.energy->max_on_time_s(t.power, t.frequency);
    if (!max_on || *max_on >= 60) return;  // continuous running allowed: no edge
    const double at = std::floor(*max_on * t.frequency + 1e-9);  // most pulses that fit
    const std::string id =
        "energy.max_on_time@p=" + id_number(t.power) + ",f=" + id_number(t.frequency);
    const ParameterLimit* iti = profile_.limit(Parameter::train_iti);
    for (auto [label, n] : {std::pair{"below", at - 1}, {"at", at}, {"above", at + 1}}) {
      // A pause long enough for the largest train, so the minimum wait stays out of the way.
      auto wait = profile_.energy->min_wait_s(t.power, t.frequency, at + 1);
      if (!wait) return;
      std::optional<double> pause;
      if (iti) pause = std::max(grid_up(*wait, iti->step), iti->min);
      auto s = settings(Train{t.power, t.frequency, n}, pause);
      if (!s || !clean(*s)) return;
      add(id + "." + label, *s, Parameter::pulses,
          id_number(n) + " pulses at " + id_number(t.frequency) + " Hz, " + id_number(t.power) +
              " % (maximum on-time " + id_number(*max_on) + " s)");
    }
  }

 private:
  const SafetyOracle& oracle_;
  const DeviceProfile& profile_;
  std::vector<BoundaryCase>& out_;
};

}  // namespace

void energy_cases(const SafetyOracle& oracle, bool min_wait, bool max_on_time,
                  std::vector<BoundaryCase>& out) {
  if (!oracle.profile().energy) return;
  EnergyCases cases(oracle, out);
  for (const Train& t : kTrains) {
    if (min_wait) cases.min_wait(t);
  }
  if (max_on_time) {
    cases.max_on_time(kTrains[0]);
    cases.max_on_time(kTrains[1]);
  }
}

}  // namespace stimbench
