#include "harness/runner/train_tracker.hpp"

#include <algorithm>

namespace stimbench {

void TrainTracker::observe(const DeviceStatus& status) {
  const std::int64_t now = clock_.now_ns();
  if (status.state == DeviceState::firing) {
    firing_seen_ns_ = now;
    cut_short_ns_.reset();
    return;
  }
  // "Ready" may come before a train has begun; only disarmed or faulted is surely the end.
  const bool stopped = status.state == DeviceState::standby || status.state == DeviceState::fault;
  if (stopped && started_ns_ && !cut_short_ns_ && now < planned_end_ns()) cut_short_ns_ = now;
}

void TrainTracker::started(double planned_length_s) {
  started_ns_ = clock_.now_ns();
  length_s_ = std::max(0.0, planned_length_s);
  cut_short_ns_.reset();
}

std::int64_t TrainTracker::planned_end_ns() const {
  return started_ns_.value_or(0) + static_cast<std::int64_t>(length_s_ * 1e9 / time_scale_);
}

std::optional<double> TrainTracker::seconds_since_train_end() const {
  if (!started_ns_) return std::nullopt;
  // The later of the planned end and the last time the device was seen firing: the
  // estimate errs towards "too recent", which can only make the interlock stricter.
  std::int64_t end = cut_short_ns_ ? *cut_short_ns_ : planned_end_ns();
  if (firing_seen_ns_ && *firing_seen_ns_ > end) end = *firing_seen_ns_;
  const double since = (clock_.now_ns() - end) * time_scale_ / 1e9;
  return std::max(0.0, since);
}

}  // namespace stimbench
