#include "devices/transport/io_wait.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include <boost/asio/steady_timer.hpp>

namespace stimbench {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

// Generous upper bound: loaded CI machines stall, but a wait that never ends must still fail.
constexpr auto kSlack = 2s;

TEST(RunFor, RunsOtherHandlersForTheWholeDuration) {
  boost::asio::io_context io;
  boost::asio::steady_timer timer(io);
  int fired = 0;
  timer.expires_after(20ms);
  timer.async_wait([&](const boost::system::error_code& ec) {
    if (!ec) ++fired;
  });
  auto start = Steady::now();
  Status status = run_for(io, 100ms, nullptr);
  auto elapsed = Steady::now() - start;
  EXPECT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(fired, 1);
  EXPECT_GE(elapsed, 95ms);
  EXPECT_LT(elapsed, 100ms + kSlack);
}

TEST(RunFor, RestartsAStoppedContext) {
  boost::asio::io_context io;
  io.stop();
  boost::asio::steady_timer timer(io);
  bool fired = false;
  timer.expires_after(10ms);
  timer.async_wait([&](const boost::system::error_code& ec) { fired = !ec; });
  EXPECT_TRUE(run_for(io, 50ms, nullptr).ok());
  EXPECT_TRUE(fired);
}

TEST(RunFor, TokenSetByAHandlerCancels) {
  boost::asio::io_context io;
  InterruptToken token;
  boost::asio::steady_timer timer(io);
  timer.expires_after(30ms);
  timer.async_wait([&](const boost::system::error_code& ec) {
    if (!ec) token.request();
  });
  auto start = Steady::now();
  Status status = run_for(io, 10s, &token);
  auto elapsed = Steady::now() - start;
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::cancelled);
  EXPECT_GE(elapsed, 25ms);
  EXPECT_LT(elapsed, kSlack);
}

TEST(RunFor, TokenSetFromAnotherThreadIsNoticedByPolling) {
  boost::asio::io_context io;
  InterruptToken token;
  std::thread requester([&] {
    std::this_thread::sleep_for(50ms);
    token.request();
  });
  auto start = Steady::now();
  Status status = run_for(io, 10s, &token);
  auto elapsed = Steady::now() - start;
  requester.join();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::cancelled);
  EXPECT_LT(elapsed, kSlack);
}

TEST(RunFor, AlreadyRequestedReturnsAtOnce) {
  boost::asio::io_context io;
  InterruptToken token;
  token.request();
  auto start = Steady::now();
  Status status = run_for(io, 10s, &token);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::cancelled);
  EXPECT_LT(Steady::now() - start, 1s);
}

TEST(RunFor, ShieldedTokenDoesNotCancel) {
  boost::asio::io_context io;
  InterruptToken token;
  token.request();
  token.shield();
  EXPECT_TRUE(run_for(io, 30ms, &token).ok());
}

TEST(RunFor, ThrowingHandlerBecomesInternalErrorAndContextStaysUsable) {
  boost::asio::io_context io;
  boost::asio::steady_timer timer(io);
  timer.expires_after(5ms);
  timer.async_wait([](const boost::system::error_code&) { throw std::runtime_error("boom"); });
  Status status = run_for(io, 10s, nullptr);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::internal);
  EXPECT_NE(status.error().message.find("boom"), std::string::npos);
  EXPECT_TRUE(run_for(io, 10ms, nullptr).ok());
}

}  // namespace
}  // namespace stimbench
