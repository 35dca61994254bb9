// The mock's own enforcement of the profile's limits: ranges and steps, the frequency cap
// for the stored power, and the lockout gates. Never calls harness/safety: a bug shared
// with the oracle would hide a defect (issue #3).
#include <cmath>

#include "devices/core/step_grid.hpp"
#include "devices/mock/mock_grid.hpp"
#include "devices/mock/mock_stimulator.hpp"

namespace stimbench {

namespace {

using mock_detail::refuse;

using namespace reference::error_codes;
using reference::format_number;

}  // namespace

bool MockStimulator::in_lockout() const {
  if (!lockout_s_) return false;
  if (state_ == MockState::firing) return true;
  if (has_defect(MockDefect::ignore_lockout)) return false;
  return lockout_until_ns_ && now_ns_ < *lockout_until_ns_;
}

MockOutcome MockStimulator::settings_gate() const {
  if (!remote_ && !has_defect(MockDefect::ignore_remote_gating))
    return refuse(kNotRemote, "settings need SYST:REM ON");
  if (in_lockout()) {
    return refuse(kLockout, state_ == MockState::firing ? "train running" : "post-train lockout");
  }
  if (state_ == MockState::firing) return refuse(kSettingsConflict, "train running");
  return {};
}

MockOutcome MockStimulator::fire_gate() const {
  if (!remote_) return refuse(kNotRemote, "pulses need SYST:REM ON");
  if (state_ == MockState::fault) return refuse(kLockout, "in fault; *RST to clear");
  if (in_lockout()) {
    return refuse(kLockout, state_ == MockState::firing ? "train running" : "post-train lockout");
  }
  return {};
}

bool MockStimulator::cap_enforced() const {
  return profile_.frequency_cap && profile_.frequency_cap->enforced_by == EnforcedBy::device &&
         !has_defect(MockDefect::frequency_above_cap);
}

std::optional<double> MockStimulator::cap_for(double power) const {
  if (!profile_.frequency_cap || profile_.frequency_cap->rows.empty()) return std::nullopt;
  // Above the table (enhanced power, 101-110 %) the top row holds (protocols.md §5 gives no
  // row; this project keeps the 100 % cap). Any other gap: the power's range check decides.
  const FrequencyCapRow& top = profile_.frequency_cap->rows.back();
  if (power > top.power_to) return top.max_hz;
  return profile_.frequency_cap->cap_at(power);
}

std::optional<ParameterLimit> MockStimulator::limit_now(Parameter parameter) const {
  const ParameterLimit* base = profile_.limit(parameter);
  if (!base) return std::nullopt;
  return base->effective(base->in_mode && supported(base->in_mode->mode) &&
                         mode_on(base->in_mode->mode));
}

MockOutcome MockStimulator::check_value(Parameter parameter, double& v) const {
  const std::optional<ParameterLimit> limit = limit_now(parameter);
  std::string name = to_string(parameter);
  if (!limit) return refuse(kHardwareMissing, name + " not supported by this device");
  if (!std::isfinite(v)) return refuse(kDataOutOfRange, name + " must be a finite number");
  bool clamp = has_defect(MockDefect::clamp_instead_of_refuse);
  const bool armed = state_ == MockState::armed || state_ == MockState::ready;
  bool no_max = parameter == Parameter::power &&
                (has_defect(MockDefect::power_above_max) ||
                 (armed && has_defect(MockDefect::power_above_max_while_armed)));
  std::string shown = format_number(v);
  double s = mock_detail::slack(v);
  if (v < limit->min - s || (!no_max && v > limit->max + s)) {
    if (clamp) {
      v = mock_detail::snap_inside(*limit, v);
      return {};
    }
    return refuse(kDataOutOfRange, name + " " + shown + " outside " + format_number(limit->min) +
                                       ".." + format_number(limit->max));
  }
  if (limit->step > 0) {
    double steps = v / limit->step;
    const bool off_grid = options_.strict_grid
                              ? v != tidy_on_grid(std::round(steps) * limit->step, limit->step)
                              : std::fabs(steps - std::round(steps)) > 1e-6;
    if (off_grid) {
      if (clamp) {
        v = mock_detail::snap_inside(*limit, v);
        return {};
      }
      return refuse(kDataOutOfRange,
                    name + " " + shown + " not a multiple of step " + format_number(limit->step));
    }
  }
  return {};
}

// Keeps the stored frequency within the cap for the stored power (protocols.md §5): a
// frequency above it is refused, and so is a power that would put the frequency above it.
MockOutcome MockStimulator::check_cap(Parameter parameter, double& v) {
  if (!cap_enforced() || !supported(Parameter::frequency)) return {};
  bool clamp = has_defect(MockDefect::clamp_instead_of_refuse);
  const ParameterLimit& frequency_limit = *profile_.limit(Parameter::frequency);
  if (parameter == Parameter::frequency) {
    double power = value(Parameter::power);
    std::optional<double> cap = cap_for(power);
    if (!cap || v <= *cap + mock_detail::slack(v)) return {};
    if (clamp) {
      v = mock_detail::floor_onto(frequency_limit, *cap);
      return {};
    }
    return refuse(kUnsafeCombination, "frequency " + format_number(v) + " Hz above the cap " +
                                          format_number(*cap) + " Hz at power " +
                                          format_number(power) + " %");
  }
  if (parameter == Parameter::power) {
    double frequency = value(Parameter::frequency);
    std::optional<double> cap = cap_for(v);
    if (!cap || frequency <= *cap + mock_detail::slack(frequency)) return {};
    if (clamp) {  // the faulty build drags the frequency down instead of refusing
      store(Parameter::frequency, mock_detail::floor_onto(frequency_limit, *cap));
      return {};
    }
    return refuse(kUnsafeCombination, "power " + format_number(v) + " % would put frequency " +
                                          format_number(frequency) + " Hz above its cap " +
                                          format_number(*cap) + " Hz");
  }
  return {};
}

MockOutcome MockStimulator::set_parameter(Parameter parameter, double v, std::int64_t now_ns) {
  touch(now_ns);
  if (MockOutcome gate = settings_gate(); !gate.ok()) return gate;
  if (MockOutcome checked = check_value(parameter, v); !checked.ok()) return checked;
  if (MockOutcome capped = check_cap(parameter, v); !capped.ok()) return capped;
  store(parameter, v);
  return {};
}

}  // namespace stimbench
