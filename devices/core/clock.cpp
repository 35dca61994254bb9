#include "devices/core/clock.hpp"

#include <time.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace stimbench {
namespace {

std::int64_t to_ns(const timespec& ts) {
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::int64_t read_ns(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return to_ns(ts);
}

// libstdc++'s steady_clock is CLOCK_MONOTONIC, so now_ns() values convert directly.
class SteadyTimer final : public ClockTimer {
 public:
  explicit SteadyTimer(boost::asio::io_context& io) : timer_(io) {}
  void expires_at_ns(std::int64_t t_ns) override {
    timer_.expires_at(std::chrono::steady_clock::time_point(std::chrono::nanoseconds(t_ns)));
  }
  void expires_after(std::chrono::nanoseconds duration) override { timer_.expires_after(duration); }
  void async_wait(TimerHandler handler) override { timer_.async_wait(std::move(handler)); }
  void cancel() override { timer_.cancel(); }

 private:
  boost::asio::steady_timer timer_;
};

}  // namespace

std::int64_t MonotonicClock::now_ns() const {
  return read_ns(CLOCK_MONOTONIC);
}

std::int64_t MonotonicClock::resolution_ns() const {
  timespec ts{};
  clock_getres(CLOCK_MONOTONIC, &ts);
  return to_ns(ts);
}

std::unique_ptr<ClockTimer> MonotonicClock::make_timer(boost::asio::io_context& io) const {
  return std::make_unique<SteadyTimer>(io);
}

std::size_t MonotonicClock::run_one(boost::asio::io_context& io) const {
  if (io.stopped()) io.restart();
  return io.run_one();
}

const Clock& monotonic_clock() {
  static const MonotonicClock clock;
  return clock;
}

std::int64_t wall_clock_unix_ns() {
  return read_ns(CLOCK_REALTIME);
}

void real_sleep(std::chrono::nanoseconds duration) {
  if (duration.count() <= 0) return;
  timespec ts{static_cast<time_t>(duration.count() / 1'000'000'000),
              static_cast<long>(duration.count() % 1'000'000'000)};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

}  // namespace stimbench
