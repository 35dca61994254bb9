#include "harness/runner/train_tracker.hpp"

#include <algorithm>

namespace stimbench {

void TrainTracker::observe(const DeviceStatus& status) {
  if (status.state == DeviceState::firing) firing_seen_ns_ = clock_.now_ns();
}

void TrainTracker::started(double planned_length_s) {
  started_ns_ = clock_.now_ns();
  length_s_ = std::max(0.0, planned_length_s);
}

std::optional<double> TrainTracker::seconds_since_train_end() const {
  if (!started_ns_) return std::nullopt;
  // The later of the planned end and the last time the device was seen firing: the
  // estimate errs towards "too recent", which can only make the interlock stricter.
  std::int64_t end = *started_ns_ + static_cast<std::int64_t>(length_s_ * 1e9 / time_scale_);
  if (firing_seen_ns_ && *firing_seen_ns_ > end) end = *firing_seen_ns_;
  const double since = (clock_.now_ns() - end) * time_scale_ / 1e9;
  return std::max(0.0, since);
}

}  // namespace stimbench
