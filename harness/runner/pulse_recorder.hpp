// Collects what the device says about the pulses of the scenario's last train: per-pulse
// reports from the driver (arrival times), else the pulse counter of every status reply.
// The analysis is pulse_timing.hpp; the `pulse_timing:` check is pulse_timing_check.hpp.
#pragma once

#include <optional>
#include <string>

#include "devices/drivers/driver.hpp"
#include "harness/runner/pulse_timing.hpp"
#include "harness/runner/pulse_timing_check.hpp"

namespace stimbench {

class PulseRecorder {
 public:
  PulseRecorder(double time_scale, std::int64_t clock_resolution_ns)
      : time_scale_(time_scale > 0 ? time_scale : 1.0), resolution_ns_(clock_resolution_ns) {}

  // A trigger is about to go out at `now_ns`; what came before belonged to the last one.
  // `pattern` nullopt: not a timed train (a single pulse, raw bytes); `why` says which.
  void trigger(std::optional<TrainPattern> pattern, const std::string& why,
               std::optional<std::uint64_t> counter_before, std::int64_t now_ns,
               StimulatorDriver& driver);
  // Pulse reports the driver holds (arrival-stamped); the counter fallback needs none.
  void collect(StimulatorDriver& driver);
  // Any status reply: its pulse counter is a sample while a train is timed.
  void status(const Reply& reply);

  bool has_train() const { return pattern_.has_value(); }
  PulseTimingInput input() const;

 private:
  double time_scale_;
  std::int64_t resolution_ns_;
  bool triggered_ = false;
  bool per_pulse_ = false;  // the driver answered take_pulse_reports at least once
  std::string why_not_;     // why the last trigger is not timed
  std::optional<TrainPattern> pattern_;
  std::optional<std::uint64_t> counter_before_;
  PulseObservations seen_;
  std::uint64_t dropped_ = 0;  // reports beyond kMaxPulses
};

}  // namespace stimbench
