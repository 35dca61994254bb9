#include "devices/core/virtual_clock.hpp"

#include <limits>
#include <map>
#include <utility>
#include <vector>

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

namespace stimbench {

// Pending waits ordered by (due time, arming order): equal deadlines fire in the order they
// were armed, which keeps runs reproducible.
struct VirtualClock::State {
  struct Waiter {
    boost::asio::io_context* io;
    TimerHandler handler;
  };
  using Key = std::pair<std::int64_t, std::uint64_t>;
  std::int64_t now = 0;
  std::uint64_t next_seq = 0;
  std::map<Key, Waiter> waiters;
};

namespace {

using State = VirtualClock::State;

void complete(State::Waiter waiter, boost::system::error_code ec) {
  boost::asio::post(*waiter.io, [handler = std::move(waiter.handler), ec] { handler(ec); });
}

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  if (b > 0 && a > std::numeric_limits<std::int64_t>::max() - b)
    return std::numeric_limits<std::int64_t>::max();
  if (b < 0 && a < std::numeric_limits<std::int64_t>::min() - b)
    return std::numeric_limits<std::int64_t>::min();
  return a + b;
}

class VirtualTimer final : public ClockTimer {
 public:
  VirtualTimer(std::shared_ptr<State> state, boost::asio::io_context& io)
      : state_(std::move(state)), io_(io), expiry_(state_->now) {}
  ~VirtualTimer() override { cancel(); }

  void expires_at_ns(std::int64_t t_ns) override {
    cancel();
    expiry_ = t_ns;
  }
  void expires_after(std::chrono::nanoseconds duration) override {
    expires_at_ns(saturating_add(state_->now, duration.count()));
  }
  void async_wait(TimerHandler handler) override {
    State::Key key{expiry_, state_->next_seq++};
    state_->waiters.emplace(key, State::Waiter{&io_, std::move(handler)});
    keys_.push_back(key);
  }
  void cancel() override {
    for (const State::Key& key : keys_) {
      auto it = state_->waiters.find(key);
      if (it == state_->waiters.end()) continue;  // already fired
      State::Waiter waiter = std::move(it->second);
      state_->waiters.erase(it);
      complete(std::move(waiter), boost::asio::error::operation_aborted);
    }
    keys_.clear();
  }

 private:
  std::shared_ptr<State> state_;
  boost::asio::io_context& io_;
  std::int64_t expiry_;
  std::vector<State::Key> keys_;
};

// Fires the earliest waiter, moving time forward to it (never backward).
void fire_first(State& state) {
  auto it = state.waiters.begin();
  if (it->first.first > state.now) state.now = it->first.first;
  State::Waiter waiter = std::move(it->second);
  state.waiters.erase(it);
  complete(std::move(waiter), boost::system::error_code{});
}

}  // namespace

VirtualClock::VirtualClock(std::int64_t start_ns) : state_(std::make_shared<State>()) {
  state_->now = start_ns;
}

// Pending handlers may own the objects that own their timers; dropping them unrun breaks
// those cycles (the io_contexts they would have run on are gone or going too).
VirtualClock::~VirtualClock() {
  std::map<State::Key, State::Waiter> orphans;
  orphans.swap(state_->waiters);
}

std::int64_t VirtualClock::now_ns() const {
  return state_->now;
}

std::unique_ptr<ClockTimer> VirtualClock::make_timer(boost::asio::io_context& io) const {
  return std::make_unique<VirtualTimer>(state_, io);
}

std::size_t VirtualClock::run_one(boost::asio::io_context& io) const {
  State& state = *state_;
  // A timer already due goes first, as the reactor would fire it alongside ready I/O.
  if (!state.waiters.empty() && state.waiters.begin()->first.first <= state.now) fire_first(state);
  if (io.stopped()) io.restart();
  if (std::size_t n = io.poll_one(); n > 0) return n;
  if (state.waiters.empty()) return 0;  // nothing ready and nothing due: nothing can happen
  fire_first(state);                    // every party is waiting: jump to the next event
  if (io.stopped()) io.restart();
  return std::max<std::size_t>(io.poll_one(), 1);
}

void VirtualClock::advance_ns(std::int64_t delta) {
  state_->now = saturating_add(state_->now, delta);
}

void VirtualClock::set_ns(std::int64_t value) {
  state_->now = value;
}

std::size_t VirtualClock::pending_timers() const {
  return state_->waiters.size();
}

}  // namespace stimbench
