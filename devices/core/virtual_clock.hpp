// Discrete-event time for the built-in mock: the harness and the in-process mock share one
// VirtualClock, and time jumps to the next due timer whenever no handler is ready. Results
// then depend only on the scenarios and the seed, never on how busy the machine is.
// Only for parties that live entirely in the process (the in-process mock over a
// socketpair): a real peer's bytes would arrive on a time line this clock does not see.
#pragma once

#include "devices/core/clock.hpp"

namespace stimbench {

class VirtualClock : public Clock {
 public:
  explicit VirtualClock(std::int64_t start_ns = 0);
  ~VirtualClock() override;
  VirtualClock(const VirtualClock&) = delete;
  VirtualClock& operator=(const VirtualClock&) = delete;

  std::int64_t now_ns() const override;
  std::string name() const override { return "virtual"; }
  std::int64_t resolution_ns() const override { return 1; }
  bool is_virtual() const override { return true; }
  std::unique_ptr<ClockTimer> make_timer(boost::asio::io_context& io) const override;
  std::size_t run_one(boost::asio::io_context& io) const override;

  // For tests driving a model by hand: moves time; timers that fall due fire on the next
  // run_one().
  void advance_ns(std::int64_t delta);
  void set_ns(std::int64_t value);
  std::size_t pending_timers() const;

  struct State;

 private:
  std::shared_ptr<State> state_;  // timers hold it too, so they may outlive the clock
};

// A VirtualClock named "FAKE", for unit tests that step time by hand.
class FakeClock final : public VirtualClock {
 public:
  explicit FakeClock(std::int64_t start_ns = 0) : VirtualClock(start_ns) {}
  std::string name() const override { return "FAKE"; }
};

}  // namespace stimbench
