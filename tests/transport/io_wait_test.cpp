#include "devices/transport/io_wait.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include <boost/asio/io_context.hpp>

namespace stimbench {
namespace {

using namespace std::chrono_literals;

TEST(RunFor, RunsOtherHandlersForTheWholeDurationOnVirtualTime) {
  boost::asio::io_context io;
  VirtualClock clock;
  auto timer = clock.make_timer(io);
  int fired = 0;
  timer->expires_after(20ms);
  timer->async_wait([&](const boost::system::error_code& ec) {
    if (!ec) ++fired;
  });
  Status status = run_for(io, clock, 100ms, nullptr);
  EXPECT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(clock.now_ns(), 100'000'000);  // exactly: time jumps, it never drifts
}

TEST(RunFor, RestartsAStoppedContext) {
  boost::asio::io_context io;
  VirtualClock clock;
  io.stop();
  auto timer = clock.make_timer(io);
  bool fired = false;
  timer->expires_after(10ms);
  timer->async_wait([&](const boost::system::error_code& ec) { fired = !ec; });
  EXPECT_TRUE(run_for(io, clock, 50ms, nullptr).ok());
  EXPECT_TRUE(fired);
}

TEST(RunFor, TokenSetByAHandlerCancelsAtThatMoment) {
  boost::asio::io_context io;
  VirtualClock clock;
  InterruptToken token;
  auto timer = clock.make_timer(io);
  timer->expires_after(30ms);
  timer->async_wait([&](const boost::system::error_code& ec) {
    if (!ec) token.request();
  });
  Status status = run_for(io, clock, 10s, &token);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::cancelled);
  EXPECT_EQ(clock.now_ns(), 30'000'000);
}

// Real time: a token set from another thread (a signal) is seen by the interrupt poll.
TEST(RunFor, TokenSetFromAnotherThreadIsNoticedByPolling) {
  boost::asio::io_context io;
  const Clock& clock = monotonic_clock();
  InterruptToken token;
  std::thread requester([&] {
    real_sleep(50ms);
    token.request();
  });
  const std::int64_t start = clock.now_ns();
  Status status = run_for(io, clock, 60s, &token);
  const std::int64_t elapsed = clock.now_ns() - start;
  requester.join();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::cancelled);
  EXPECT_LT(elapsed, std::chrono::nanoseconds(30s).count());  // generous: a loaded machine
}

TEST(RunFor, AlreadyRequestedReturnsAtOnce) {
  boost::asio::io_context io;
  VirtualClock clock;
  InterruptToken token;
  token.request();
  Status status = run_for(io, clock, 10s, &token);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::cancelled);
  EXPECT_EQ(clock.now_ns(), 0);
}

TEST(RunFor, ShieldedTokenDoesNotCancel) {
  boost::asio::io_context io;
  VirtualClock clock;
  InterruptToken token;
  token.request();
  token.shield();
  EXPECT_TRUE(run_for(io, clock, 30ms, &token).ok());
  EXPECT_EQ(clock.now_ns(), 30'000'000);
}

TEST(RunFor, ThrowingHandlerBecomesInternalErrorAndContextStaysUsable) {
  boost::asio::io_context io;
  VirtualClock clock;
  auto timer = clock.make_timer(io);
  timer->expires_after(5ms);
  timer->async_wait([](const boost::system::error_code&) { throw std::runtime_error("boom"); });
  Status status = run_for(io, clock, 10s, nullptr);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::internal);
  EXPECT_NE(status.error().message.find("boom"), std::string::npos);
  EXPECT_TRUE(run_for(io, clock, 10ms, nullptr).ok());
}

TEST(RunFor, RealClockWaitsAtLeastTheDuration) {
  boost::asio::io_context io;
  const Clock& clock = monotonic_clock();
  const std::int64_t start = clock.now_ns();
  EXPECT_TRUE(run_for(io, clock, 30ms, nullptr).ok());
  EXPECT_GE(clock.now_ns() - start, 29'000'000);
}

}  // namespace
}  // namespace stimbench
