// The mock's logical operations: remote, arm, disarm, trigger, train start, abort, reset.
#include <algorithm>
#include <cmath>

#include "devices/mock/mock_grid.hpp"
#include "devices/mock/mock_stimulator.hpp"

namespace stimbench {

namespace {

using mock_detail::refuse;

using namespace reference::error_codes;
using reference::format_number;

}  // namespace

MockOutcome MockStimulator::set_remote(bool on, std::int64_t now_ns) {
  touch(now_ns);
  remote_ = on;
  return {};
}

MockOutcome MockStimulator::arm(std::int64_t now_ns) {
  touch(now_ns);
  if (!remote_ && !has_defect(MockDefect::ignore_remote_gating))
    return refuse(kNotRemote, "arming needs SYST:REM ON");
  if (state_ == MockState::fault) return refuse(kLockout, "in fault; *RST to clear");
  if (state_ != MockState::standby) return refuse(kAlreadyArmed, to_string(state_));
  if (above_cutoff() && !has_defect(MockDefect::arm_above_temperature)) {
    return refuse(kOverTemperature, "coil " + format_number(std::round(temperature_c_ * 10) / 10) +
                                        " C above the cut-off " + format_number(*cutoff_c_) + " C");
  }
  state_ = MockState::armed;
  ready_at_ns_ = now_ns_ + device_ns(profile_.ready_delay_s);
  advance(now_ns_);  // a zero ready delay is due at once
  return {};
}

MockOutcome MockStimulator::disarm(std::int64_t now_ns) {
  touch(now_ns);
  if (has_defect(MockDefect::disarm_ack_stays_armed)) return {};
  if (train_ && has_defect(MockDefect::train_continues_after_disable)) {
    state_ = MockState::standby;  // reports disabled; the train is left running
    return {};
  }
  stop_train(now_ns_);
  if (state_ != MockState::fault) state_ = MockState::standby;
  return {};
}

std::optional<double> MockStimulator::single_pulse_gap_s() const {
  const ParameterLimit* power = profile_.limit(Parameter::power);
  const bool above_max = power && value(Parameter::power) > power->max + 1e-9;
  if (above_max && profile_.single_pulse_interval_above_max_s) {
    return profile_.single_pulse_interval_above_max_s;
  }
  return profile_.single_pulse_interval_s;
}

MockOutcome MockStimulator::trigger(std::int64_t now_ns) {
  touch(now_ns);
  if (state_ == MockState::firing && remote_ && has_defect(MockDefect::trigger_during_train)) {
    deliver_pulse(value(Parameter::power), now_ns_);  // the defect: a pulse inside the train
    return {};
  }
  if (MockOutcome gate = fire_gate(); !gate.ok()) return gate;
  const bool defect_fires =
      (state_ == MockState::standby && has_defect(MockDefect::fire_while_disarmed)) ||
      (state_ == MockState::armed && has_defect(MockDefect::fire_while_arming));
  if (!defect_fires) {
    if (state_ == MockState::standby) return refuse(kNotArmed, "OUTP:ARM first");
    if (state_ != MockState::ready) return refuse(kNotReady, to_string(state_));
  }
  if (std::optional<double> gap = single_pulse_gap_s();
      gap && last_single_pulse_ns_ && now_ns_ - *last_single_pulse_ns_ < device_ns(*gap)) {
    return refuse(kNotReady, "single-pulse mode allows one pulse per " + format_number(*gap) +
                                 " s at " + format_number(value(Parameter::power)) + " %");
  }
  last_single_pulse_ns_ = now_ns_;
  deliver_pulse(value(Parameter::power), now_ns_);
  return {};
}

MockOutcome MockStimulator::initiate(std::int64_t now_ns) {
  touch(now_ns);
  if (MockOutcome gate = fire_gate(); !gate.ok()) return gate;
  if (state_ == MockState::standby) return refuse(kNotArmed, "OUTP:ARM first");
  if (state_ != MockState::ready) return refuse(kNotReady, to_string(state_));
  double frequency = value(Parameter::frequency);
  double pulses = std::round(value(Parameter::pulses));
  // A device without trains-per-sequence (Rapid²) runs one train per trigger.
  double count = supported(Parameter::train_count) ? std::round(value(Parameter::train_count)) : 1;
  if (!supported(Parameter::frequency) || frequency <= 0 || pulses < 1 || count < 1) {
    return refuse(kSettingsConflict, "train needs frequency > 0, pulses >= 1, count >= 1");
  }
  // Bursts (theta-burst): `frequency` is then the burst rate, onset to onset.
  double burst_pulses =
      supported(Parameter::burst_pulses) ? std::round(value(Parameter::burst_pulses)) : 1;
  double burst_frequency = value(Parameter::burst_frequency);
  if (burst_pulses > 1) {
    if (!supported(Parameter::burst_frequency) || burst_frequency <= 0) {
      return refuse(kSettingsConflict, "bursts need a burst frequency > 0");
    }
    if (std::fmod(pulses, burst_pulses) != 0) {
      return refuse(kSettingsConflict, "pulses " + format_number(pulses) +
                                           " not a multiple of the burst's " +
                                           format_number(burst_pulses));
    }
    if (burst_pulses / burst_frequency > (1 / frequency) * (1 + 1e-9)) {
      return refuse(kSettingsConflict, "a burst lasts longer than the burst period");
    }
  }
  Train train;
  train.start_ns = now_ns_;
  train.burst_pulses = static_cast<std::uint64_t>(std::max(1.0, burst_pulses));
  train.burst_period_ns = std::max<std::int64_t>(1, device_ns(1.0 / frequency));
  train.pulse_period_ns = train.burst_pulses > 1
                              ? std::max<std::int64_t>(1, device_ns(1.0 / burst_frequency))
                              : train.burst_period_ns;
  train.pulses_per_train = static_cast<std::uint64_t>(pulses);
  auto bursts = static_cast<std::int64_t>(train.pulses_per_train / train.burst_pulses);
  double iti = supported(Parameter::train_iti) ? value(Parameter::train_iti) : 0;
  train.cycle_ns = train.burst_period_ns * bursts + device_ns(iti);
  // The defect's extra pulse comes one burst period after the last burst began.
  if (has_defect(MockDefect::extra_train_pulse)) ++train.pulses_per_train;
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
  if (state_ == MockState::firing && !has_defect(MockDefect::abort_ignored)) {
    stop_train(now_ns_);
    state_ = MockState::ready;
  }
  return {};
}

MockOutcome MockStimulator::reset(std::int64_t now_ns) {
  touch(now_ns);
  stop_train(now_ns_);
  restore_defaults();
  if (state_ == MockState::fault && persistent_hardware_fault()) {
    return refuse(kLockout, "hardware fault persists; *RST cannot clear it");
  }
  if (state_ == MockState::fault && above_cutoff()) {
    return refuse(kOverTemperature, "coil still hot; wait and *RST again");
  }
  state_ = MockState::standby;
  hardware_fault_.reset();
  return {};
}

}  // namespace stimbench
