// The coil's thermal model (invented numbers, docs/mock.md): each pulse adds heat in
// proportion to its energy; between pulses the coil cools exponentially toward ambient.
// Cooling is applied exactly between events, so long sessions need no small time steps.
#include <algorithm>
#include <cmath>

#include "devices/mock/mock_stimulator.hpp"

namespace stimbench {

void MockStimulator::deliver_pulse(double power, std::int64_t at_ns) {
  cool_to(at_ns);
  ++pulses_delivered_;
  last_pulse_power_ = power;
  temperature_c_ += options_.thermal.heat_c_per_joule * pulse_joules(power);
  if (above_cutoff()) enter_fault(at_ns);
}

double MockStimulator::pulse_joules(double power) const {
  // The profile's energy table is physics data whoever enforces the energy limits.
  if (profile_.energy) {
    if (std::optional<double> joules = profile_.energy->joules_at(power)) return *joules;
  }
  return options_.thermal.joules_at_full_power * std::max(0.0, power) / 100.0;
}

void MockStimulator::cool_to(std::int64_t at_ns) {
  if (at_ns <= temperature_at_ns_) return;
  double seconds = static_cast<double>(at_ns - temperature_at_ns_) * 1e-9 * options_.time_scale;
  double ambient = profile_.coil_temperature_c;
  temperature_c_ = ambient + (temperature_c_ - ambient) *
                                 std::exp(-seconds / options_.thermal.cooling_time_constant_s);
  temperature_at_ns_ = at_ns;
}

MockOutcome MockStimulator::force_coil_temperature(double celsius, std::int64_t now_ns) {
  command_received(now_ns);
  cool_to(now_ns);
  temperature_c_ = celsius;
  // An armed device that finds its coil hot reacts as it would to heating by pulses.
  bool armed =
      state_ == MockState::armed || state_ == MockState::ready || state_ == MockState::firing;
  if (armed && above_cutoff() && !has_defect(MockDefect::arm_above_temperature))
    enter_fault(now_ns);
  return MockOutcome{};
}

bool MockStimulator::above_cutoff() const {
  return cutoff_c_ && temperature_c_ > *cutoff_c_;
}

void MockStimulator::enter_fault(std::int64_t at_ns) {
  stop_train(at_ns);
  state_ = MockState::fault;
  queue_error(reference::error_codes::kOverTemperature,
              std::string(reference::error_text(reference::error_codes::kOverTemperature)) +
                  "; coil " + reference::format_number(std::round(temperature_c_ * 10) / 10) +
                  " C");
}

}  // namespace stimbench
