// Train starts and ends on the run's clock, for the post-train lockout and the energy
// model's minimum wait (design.md §1: the host owns the Rapid² pause). One tracker lives for
// the whole run, so a train in one scenario still counts in the next one.
#pragma once

#include <cstdint>
#include <optional>

#include "devices/core/clock.hpp"
#include "devices/drivers/driver.hpp"

namespace stimbench {

class TrainTracker {
 public:
  TrainTracker(const Clock& clock, double time_scale)
      : clock_(clock), time_scale_(time_scale > 0 ? time_scale : 1.0) {}

  // Any status the harness read: a device seen firing keeps the train "recent"; one seen
  // disarmed or in fault before the planned end has ended it there (watchdog, disarm).
  void observe(const DeviceStatus& status);
  // A trigger or train start went out; `planned_length_s` (device seconds) is the stored
  // train's length as the interlock read it back.
  void started(double planned_length_s);
  // Device seconds since the last train ended, nullopt when none ran this run.
  std::optional<double> seconds_since_train_end() const;

 private:
  std::int64_t planned_end_ns() const;

  const Clock& clock_;
  double time_scale_;
  std::optional<std::int64_t> started_ns_;
  double length_s_ = 0;
  std::optional<std::int64_t> firing_seen_ns_;
  std::optional<std::int64_t> cut_short_ns_;  // first standby/fault seen before the planned end
};

}  // namespace stimbench
