#include "devices/core/virtual_clock.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

namespace stimbench {
namespace {

using namespace std::chrono_literals;
using boost::system::error_code;

TEST(VirtualClock, NamesItselfVirtualAndStartsWhereTold) {
  VirtualClock clock(5);
  EXPECT_EQ(clock.name(), "virtual");
  EXPECT_TRUE(clock.is_virtual());
  EXPECT_EQ(clock.now_ns(), 5);
  EXPECT_EQ(FakeClock().name(), "FAKE");
  EXPECT_FALSE(monotonic_clock().is_virtual());
  EXPECT_EQ(monotonic_clock().name(), "CLOCK_MONOTONIC");
}

TEST(VirtualClock, JumpsToTheNextTimerWhenNothingElseIsReady) {
  boost::asio::io_context io;
  VirtualClock clock;
  auto timer = clock.make_timer(io);
  std::int64_t fired_at = -1;
  timer->expires_after(2224s);
  timer->async_wait([&](const error_code& ec) {
    if (!ec) fired_at = clock.now_ns();
  });
  while (fired_at < 0 && clock.run_one(io) > 0) {
  }
  EXPECT_EQ(fired_at, 2224'000'000'000);
  EXPECT_EQ(clock.run_one(io), 0u);  // nothing left that could ever happen
}

TEST(VirtualClock, ReadyHandlersRunBeforeTimeMoves) {
  boost::asio::io_context io;
  VirtualClock clock;
  auto timer = clock.make_timer(io);
  std::vector<std::string> order;
  timer->expires_after(1ms);
  timer->async_wait(
      [&](const error_code&) { order.push_back("timer@" + std::to_string(clock.now_ns())); });
  boost::asio::post(io, [&] { order.push_back("posted@" + std::to_string(clock.now_ns())); });
  while (clock.run_one(io) > 0) {
  }
  EXPECT_EQ(order, (std::vector<std::string>{"posted@0", "timer@1000000"}));
}

TEST(VirtualClock, EqualDeadlinesFireInArmingOrder) {
  boost::asio::io_context io;
  VirtualClock clock;
  std::vector<std::unique_ptr<ClockTimer>> timers;
  std::vector<int> order;
  for (int i = 0; i < 5; ++i) {
    timers.push_back(clock.make_timer(io));
    timers.back()->expires_at_ns(1000);
    timers.back()->async_wait([&order, i](const error_code&) { order.push_back(i); });
  }
  while (clock.run_one(io) > 0) {
  }
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(VirtualClock, CancelAndReArmAbortThePendingWait) {
  boost::asio::io_context io;
  VirtualClock clock;
  auto timer = clock.make_timer(io);
  std::vector<bool> aborted;
  timer->expires_after(10ms);
  timer->async_wait([&](const error_code& ec) {
    aborted.push_back(ec == boost::asio::error::operation_aborted);
  });
  timer->expires_after(20ms);  // aborts the first wait
  timer->async_wait([&](const error_code& ec) {
    aborted.push_back(ec == boost::asio::error::operation_aborted);
  });
  while (clock.run_one(io) > 0) {
  }
  EXPECT_EQ(aborted, (std::vector<bool>{true, false}));
  EXPECT_EQ(clock.now_ns(), 20'000'000);
}

TEST(VirtualClock, DestroyingATimerAbortsItsWait) {
  boost::asio::io_context io;
  VirtualClock clock;
  bool aborted = false;
  {
    auto timer = clock.make_timer(io);
    timer->expires_after(1s);
    timer->async_wait(
        [&](const error_code& ec) { aborted = ec == boost::asio::error::operation_aborted; });
  }
  EXPECT_EQ(clock.pending_timers(), 0u);
  while (clock.run_one(io) > 0) {
  }
  EXPECT_TRUE(aborted);
  EXPECT_EQ(clock.now_ns(), 0);  // an aborted wait does not move time
}

TEST(VirtualClock, AdvanceMakesTimersDueWithoutRunningThem) {
  boost::asio::io_context io;
  FakeClock clock;
  auto timer = clock.make_timer(io);
  bool fired = false;
  timer->expires_after(5ms);
  timer->async_wait([&](const error_code& ec) { fired = !ec; });
  clock.advance_ns(10'000'000);
  EXPECT_FALSE(fired);
  EXPECT_EQ(clock.pending_timers(), 1u);
  clock.run_one(io);
  EXPECT_TRUE(fired);
  EXPECT_EQ(clock.now_ns(), 10'000'000);  // a late timer never moves time backwards
}

TEST(VirtualClock, SaturatesInsteadOfOverflowing) {
  boost::asio::io_context io;
  VirtualClock clock(1);
  auto timer = clock.make_timer(io);
  timer->expires_after(std::chrono::nanoseconds::max());
  bool fired = false;
  timer->async_wait([&](const error_code& ec) { fired = !ec; });
  while (!fired && clock.run_one(io) > 0) {
  }
  EXPECT_TRUE(fired);
  EXPECT_EQ(clock.now_ns(), std::numeric_limits<std::int64_t>::max());
}

TEST(VirtualClock, PendingHandlersThatOwnTheirTimerDoNotLeak) {
  auto io = std::make_unique<boost::asio::io_context>();
  auto clock = std::make_unique<VirtualClock>();
  auto timer = std::shared_ptr<ClockTimer>(clock->make_timer(*io));
  timer->expires_after(1s);
  timer->async_wait([timer](const error_code&) {});  // a cycle: handler owns the timer
  std::weak_ptr<ClockTimer> watch = timer;
  timer.reset();
  clock.reset();  // drops the unrun handler, and with it the timer
  EXPECT_TRUE(watch.expired());
}

}  // namespace
}  // namespace stimbench
