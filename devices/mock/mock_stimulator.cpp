// Construction, defaults, parameter storage and the error queue of the mock device.
#include "devices/mock/mock_stimulator.hpp"

#include <algorithm>
#include <cmath>

#include "devices/mock/mock_grid.hpp"

namespace stimbench {

namespace {

using namespace reference::error_codes;

Error invalid(std::string text) {
  return make_error(ErrorCode::invalid_input, std::move(text));
}

// Nominal defaults; restore_defaults() moves them onto each profile's grid and range.
double nominal_default(Parameter parameter) {
  switch (parameter) {
    case Parameter::power:
      return 30;
    case Parameter::frequency:
      return 10;
    case Parameter::pulses:
      return 10;
    case Parameter::train_duration:
      return 1;
    case Parameter::train_iti:
      return 5;
    case Parameter::train_count:
      return 1;
    case Parameter::burst_pulses:
      return 1;  // a plain train
    case Parameter::burst_frequency:
      return 50;  // the theta-burst pattern's inner rate
    case Parameter::power_b:
      return 30;
    case Parameter::interval:
      return 10;  // BiStim² default in low-resolution timing (protocols.md §1.5)
    case Parameter::enhanced_power:
    case Parameter::high_resolution:
      return 0;  // modes are off at power-up
  }
  return 0;
}

bool finite_at_least(double v, double low) {
  return std::isfinite(v) && v >= low;
}

Status check_profile(const DeviceProfile& profile) {
  for (const ParameterLimit& limit : profile.limits) {
    if (!(limit.min <= limit.max) || !(limit.step >= 0)) {
      return invalid(std::string("profile limit for ") + to_string(limit.parameter) +
                     " needs min <= max and step >= 0");
    }
  }
  if (profile.frequency_cap) {
    for (const FrequencyCapRow& row : profile.frequency_cap->rows) {
      if (!(row.power_from <= row.power_to) || !finite_at_least(row.max_hz, 0)) {
        return invalid("profile frequency cap rows need power_from <= power_to, max_hz >= 0");
      }
    }
  }
  if (profile.lockout && !finite_at_least(profile.lockout->post_train_s, 0)) {
    return invalid("profile lockout needs post_train_s >= 0");
  }
  if (profile.coil_temperature_limit && !std::isfinite(profile.coil_temperature_limit->cutoff_c)) {
    return invalid("profile coil temperature cut-off must be a number");
  }
  if (!std::isfinite(profile.coil_temperature_c)) {
    return invalid("profile coil_temperature_c must be a number");
  }
  return Status::success();
}

Status check_options(const MockOptions& o, const DeviceProfile& profile) {
  if (!(o.time_scale > 0) || !std::isfinite(o.time_scale)) {
    return invalid("mock time scale must be > 0");
  }
  const MockThermalModel& t = o.thermal;
  if (!finite_at_least(t.heat_c_per_joule, 0) || !finite_at_least(t.joules_at_full_power, 0) ||
      !(t.cooling_time_constant_s > 0) || !std::isfinite(t.cooling_time_constant_s)) {
    return invalid("mock thermal model needs heat >= 0, joules >= 0 and a time constant > 0");
  }
  if (o.initial_coil_temperature_c && !std::isfinite(*o.initial_coil_temperature_c)) {
    return invalid("mock initial coil temperature must be a number");
  }
  if (o.minimal_replies && profile.family != "magventure") {
    return invalid("minimal_replies is MagPro behaviour (family magventure); profile " +
                   profile.name + " is family " + profile.family);
  }
  // The mode is the answer of a unit that has enhanced power; others have no `[` rule to vary.
  if (o.enhanced_train != EnhancedTrainMode::refuse && !profile.limit(Parameter::enhanced_power)) {
    return invalid(std::string("enhanced_train=") + to_string(o.enhanced_train) +
                   " needs a profile with enhanced power (Rapid²); " + profile.name + " has none");
  }
  for (MockDefect d : o.defects) {
    if (!defect_applies(d, profile)) {
      return invalid(std::string("defect '") + to_string(d) + "' does not apply to profile " +
                     profile.name + " (family " + profile.family + "; --list-defects)");
    }
  }
  return Status::success();
}

}  // namespace

const char* to_string(EnhancedTrainMode mode) {
  switch (mode) {
    case EnhancedTrainMode::refuse:
      return "refuse";
    case EnhancedTrainMode::drop_enhanced:
      return "drop";
    case EnhancedTrainMode::keep_power:
      return "keep";
  }
  return "unknown";
}

const char* to_string(MockState state) {
  switch (state) {
    case MockState::standby:
      return "standby";
    case MockState::armed:
      return "armed";
    case MockState::ready:
      return "ready";
    case MockState::firing:
      return "firing";
    case MockState::fault:
      return "fault";
  }
  return "fault";
}

Result<MockStimulator> MockStimulator::create(DeviceProfile profile, MockOptions options) {
  if (all_parameters().size() != kParameterCount) {  // a Parameter added without the mock
    return make_error(ErrorCode::internal, "mock knows " + std::to_string(kParameterCount) +
                                               " parameters, the profile type has " +
                                               std::to_string(all_parameters().size()));
  }
  if (Status s = check_profile(profile); !s) return s.error();
  if (Status s = check_options(options, profile); !s) return s.error();
  return MockStimulator(std::move(profile), std::move(options));
}

MockStimulator::MockStimulator(DeviceProfile profile, MockOptions options)
    : profile_(std::move(profile)), options_(std::move(options)) {
  // A table marked enforced_by: host is the controlling software's job, not the device's.
  if (profile_.lockout && profile_.lockout->enforced_by == EnforcedBy::device) {
    lockout_s_ = profile_.lockout->post_train_s;
  }
  if (!profile_.coil_temperature_limit) {
    cutoff_c_ = 40.0;  // the Magstim figure (safety-limits.md §2.3) when the profile is silent
  } else if (profile_.coil_temperature_limit->enforced_by == EnforcedBy::device) {
    cutoff_c_ = profile_.coil_temperature_limit->cutoff_c;
  }
  temperature_c_ = options_.initial_coil_temperature_c.value_or(profile_.coil_temperature_c);
  restore_defaults();
}

void MockStimulator::restore_defaults() {
  for (Parameter p : all_parameters()) {
    const ParameterLimit* limit = profile_.limit(p);
    supported_[index(p)] = limit != nullptr;
    double nominal = limit && limit->default_value ? *limit->default_value : nominal_default(p);
    values_[index(p)] = limit ? mock_detail::snap_inside(*limit, nominal) : 0;
  }
  // The defaults must sit inside the cap too: lower the frequency onto the cap.
  if (cap_enforced() && supported(Parameter::frequency)) {
    std::optional<double> cap = cap_for(value(Parameter::power));
    if (cap && value(Parameter::frequency) > *cap) {
      values_[index(Parameter::frequency)] =
          mock_detail::floor_onto(*profile_.limit(Parameter::frequency), *cap);
    }
  }
  previous_ = values_;
}

void MockStimulator::store(Parameter parameter, double v) {
  previous_[index(parameter)] = values_[index(parameter)];
  values_[index(parameter)] = v;
}

std::optional<double> MockStimulator::parameter(Parameter parameter) const {
  if (!supported(parameter)) return std::nullopt;
  return value(parameter);
}

std::optional<double> MockStimulator::readback(Parameter parameter) const {
  if (!supported(parameter)) return std::nullopt;
  if (has_defect(MockDefect::stale_readback)) return previous_[index(parameter)];
  return value(parameter);
}

bool MockStimulator::has_defect(MockDefect defect) const {
  return std::find(options_.defects.begin(), options_.defects.end(), defect) !=
         options_.defects.end();
}

void MockStimulator::queue_error(int code, std::string text) {
  if (errors_.size() >= kErrorQueueDepth) {
    // SCPI: the newest entry becomes "Queue overflow"; older ones are kept.
    errors_.back() = reference::ErrorEntry{kQueueOverflow, reference::error_text(kQueueOverflow)};
    return;
  }
  errors_.push_back(reference::ErrorEntry{code, std::move(text)});
}

reference::ErrorEntry MockStimulator::pop_error() {
  if (errors_.empty()) return reference::ErrorEntry{kNoError, reference::error_text(kNoError)};
  reference::ErrorEntry entry = std::move(errors_.front());
  errors_.pop_front();
  return entry;
}

}  // namespace stimbench
