// Logical operations and parameter checks of the mock device.
#include "devices/mock/mock_stimulator.hpp"

#include <algorithm>
#include <cmath>

namespace stimbench {

namespace {

using namespace reference::error_codes;

MockOutcome refuse(int code, std::string detail) {
  return MockOutcome{code, std::move(detail)};
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
  }
  return 0;
}

// Clears the 0.30000000000000004 kind of noise a grid multiplication leaves.
double tidy(double value) {
  return std::round(value * 1e9) / 1e9;
}

double inside(const ParameterLimit& limit, double nominal) {
  double step = limit.step;
  if (step <= 0) return std::clamp(nominal, limit.min, limit.max);
  double v = tidy(std::round(nominal / step) * step);
  if (v < limit.min) v = tidy(std::ceil(limit.min / step - 1e-9) * step);
  if (v > limit.max) v = tidy(std::floor(limit.max / step + 1e-9) * step);
  return (v < limit.min || v > limit.max) ? limit.min : v;  // grid misses the range
}

}  // namespace

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
  if (!(options.time_scale > 0) || !std::isfinite(options.time_scale)) {
    return make_error(ErrorCode::invalid_input, "mock time scale must be > 0");
  }
  if (!(options.cooling_time_constant_s > 0) || !(options.heat_per_pulse_c >= 0)) {
    return make_error(ErrorCode::invalid_input, "mock thermal model needs tau > 0, heat >= 0");
  }
  for (const ParameterLimit& limit : profile.limits) {
    if (!(limit.min <= limit.max) || !(limit.step >= 0)) {
      return make_error(ErrorCode::invalid_input, std::string("profile limit for ") +
                                                      to_string(limit.parameter) +
                                                      " needs min <= max and step >= 0");
    }
  }
  return MockStimulator(std::move(profile), options);
}

MockStimulator::MockStimulator(DeviceProfile profile, MockOptions options)
    : profile_(std::move(profile)), options_(options) {
  temperature_c_ = profile_.coil_temperature_c;
  restore_defaults();
}

void MockStimulator::restore_defaults() {
  for (Parameter p : all_parameters()) {
    const ParameterLimit* limit = profile_.limit(p);
    supported_[index(p)] = limit != nullptr;
    values_[index(p)] = limit ? inside(*limit, nominal_default(p)) : 0;
  }
}

std::optional<double> MockStimulator::parameter(Parameter parameter) const {
  if (!supported_[index(parameter)]) return std::nullopt;
  return value(parameter);
}

MockOutcome MockStimulator::settings_gate() const {
  if (!remote_) return refuse(kNotRemote, "settings need SYST:REM ON");
  if (state_ == MockState::firing) return refuse(kSettingsConflict, "train running");
  return {};
}

MockOutcome MockStimulator::check_value(Parameter parameter, double v) const {
  const ParameterLimit* limit = profile_.limit(parameter);
  std::string name = to_string(parameter);
  if (!limit) return refuse(kHardwareMissing, name + " not supported by this device");
  std::string shown = reference::format_number(v);
  double slack = 1e-9 * std::max(1.0, std::fabs(v));  // decimal text vs binary double
  if (!std::isfinite(v) || v < limit->min - slack || v > limit->max + slack) {
    return refuse(kDataOutOfRange, name + " " + shown + " outside " +
                                       reference::format_number(limit->min) + ".." +
                                       reference::format_number(limit->max));
  }
  if (limit->step > 0) {
    double steps = v / limit->step;
    if (std::fabs(steps - std::round(steps)) > 1e-6) {
      return refuse(kDataOutOfRange, name + " " + shown + " not a multiple of step " +
                                         reference::format_number(limit->step));
    }
  }
  return {};
}

MockOutcome MockStimulator::set_remote(bool on, std::int64_t now_ns) {
  touch(now_ns);
  remote_ = on;
  return {};
}

MockOutcome MockStimulator::set_parameter(Parameter parameter, double v, std::int64_t now_ns) {
  touch(now_ns);
  if (MockOutcome gate = settings_gate(); !gate.ok()) return gate;
  if (MockOutcome checked = check_value(parameter, v); !checked.ok()) return checked;
  values_[index(parameter)] = v;
  return {};
}

MockOutcome MockStimulator::arm(std::int64_t now_ns) {
  touch(now_ns);
  if (!remote_) return refuse(kNotRemote, "arming needs SYST:REM ON");
  if (state_ == MockState::fault) return refuse(kLockout, "in fault; *RST to clear");
  if (state_ != MockState::standby) return refuse(kAlreadyArmed, to_string(state_));
  state_ = MockState::armed;
  ready_at_ns_ = now_ns_ + device_ns(profile_.ready_delay_s);
  advance(now_ns_);  // a zero ready delay is due at once
  return {};
}

MockOutcome MockStimulator::disarm(std::int64_t now_ns) {
  touch(now_ns);
  train_.reset();
  if (state_ != MockState::fault) state_ = MockState::standby;
  return {};
}

MockOutcome MockStimulator::trigger(std::int64_t now_ns) {
  touch(now_ns);
  if (!remote_) return refuse(kNotRemote, "trigger needs SYST:REM ON");
  if (state_ == MockState::fault) return refuse(kLockout, "in fault; *RST to clear");
  if (state_ == MockState::standby) return refuse(kNotArmed, "OUTP:ARM first");
  if (state_ != MockState::ready) return refuse(kNotReady, to_string(state_));
  deliver_pulse(value(Parameter::power), now_ns_);
  return {};
}

MockOutcome MockStimulator::initiate(std::int64_t now_ns) {
  touch(now_ns);
  if (!remote_) return refuse(kNotRemote, "train start needs SYST:REM ON");
  if (state_ == MockState::fault) return refuse(kLockout, "in fault; *RST to clear");
  if (state_ == MockState::standby) return refuse(kNotArmed, "OUTP:ARM first");
  if (state_ != MockState::ready) return refuse(kNotReady, to_string(state_));
  double frequency = value(Parameter::frequency);
  double pulses = std::round(value(Parameter::pulses));
  double count = std::round(value(Parameter::train_count));
  if (!supported_[index(Parameter::frequency)] || frequency <= 0 || pulses < 1 || count < 1) {
    return refuse(kSettingsConflict, "train needs frequency > 0, pulses >= 1, count >= 1");
  }
  Train train;
  train.start_ns = now_ns_;
  train.period_ns = std::max<std::int64_t>(1, device_ns(1.0 / frequency));
  double iti = supported_[index(Parameter::train_iti)] ? value(Parameter::train_iti) : 0;
  train.cycle_ns = train.period_ns * static_cast<std::int64_t>(pulses) + device_ns(iti);
  train.pulses_per_train = static_cast<std::uint64_t>(pulses);
  train.total_pulses = train.pulses_per_train * static_cast<std::uint64_t>(count);
  train.power = value(Parameter::power);
  train_ = train;
  state_ = MockState::firing;
  ++trains_started_;
  advance(now_ns_);  // the first pulse is due now
  return {};
}

MockOutcome MockStimulator::abort(std::int64_t now_ns) {
  touch(now_ns);
  if (state_ == MockState::firing) {
    train_.reset();
    state_ = MockState::ready;
  }
  return {};
}

MockOutcome MockStimulator::reset(std::int64_t now_ns) {
  touch(now_ns);
  train_.reset();
  restore_defaults();
  if (state_ == MockState::fault && temperature_c_ >= options_.over_temperature_c) {
    return refuse(kOverTemperature, "coil still hot; wait and *RST again");
  }
  state_ = MockState::standby;
  return {};
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
