// Waits inside spawn_waiting coroutines: several sessions share one io_context and clock.
#include "devices/transport/coroutine_waits.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>

#include "devices/transport/inprocess_transport.hpp"
#include "devices/transport/io_wait.hpp"

namespace stimbench {
namespace {

using namespace std::chrono_literals;

TEST(CoroutineWaits, SessionsWaitSideBySideOnVirtualTime) {
  boost::asio::io_context io;
  VirtualClock clock;
  std::vector<std::string> order;
  auto session = [&](const std::string& name, std::chrono::milliseconds step, int steps) {
    return [&, name, step, steps] {
      for (int i = 0; i < steps; ++i) {
        ASSERT_TRUE(run_for(io, clock, step, nullptr).ok());
        order.push_back(name + "@" + std::to_string(clock.now_ns() / 1'000'000));
      }
    };
  };
  SessionsOutcome outcome =
      run_waiting_sessions(io, clock, {session("a", 30ms, 2), session("b", 20ms, 3)}, nullptr);
  EXPECT_FALSE(outcome.handler_threw);
  EXPECT_EQ(outcome.stuck, 0u);
  // Interleaved on one time line, not one after the other: 20, 30, 40, 60, 60.
  EXPECT_EQ(order, (std::vector<std::string>{"b@20", "a@30", "b@40", "a@60", "b@60"}));
  EXPECT_EQ(clock.now_ns(), 60'000'000);
}

TEST(CoroutineWaits, CompletionResumesTheWaitAtOnce) {
  boost::asio::io_context io;
  VirtualClock clock;
  auto op = std::make_shared<detail::PendingOp>();
  auto completer = clock.make_timer(io);
  completer->expires_after(30ms);
  completer->async_wait([op](const boost::system::error_code& ec) {
    if (!ec) op->done = true;
  });
  int cancels = 0;
  std::int64_t resumed_ns = -1;
  bool inside = false;
  run_waiting_sessions(io, clock, {[&] {
                         inside = inside_waiting_coroutine();
                         detail::run_until_done(io, clock, op, 10s, nullptr, [&] { ++cancels; });
                         resumed_ns = clock.now_ns();
                       }},
                       nullptr);
  EXPECT_TRUE(inside);
  EXPECT_FALSE(inside_waiting_coroutine());
  EXPECT_EQ(resumed_ns, 30'000'000);
  EXPECT_EQ(op->stop, detail::StopReason::none);
  EXPECT_EQ(cancels, 0);
}

TEST(CoroutineWaits, DeadlineCancelsOnceAndWaitsForTheAbort) {
  boost::asio::io_context io;
  VirtualClock clock;
  auto op = std::make_shared<detail::PendingOp>();
  int cancels = 0;
  run_waiting_sessions(io, clock, {[&] {
                         detail::run_until_done(io, clock, op, 250ms, nullptr, [&] {
                           ++cancels;
                           op->done = true;  // the aborted operation completes
                         });
                       }},
                       nullptr);
  EXPECT_EQ(op->stop, detail::StopReason::deadline);
  EXPECT_EQ(cancels, 1);
  EXPECT_EQ(clock.now_ns(), 250'000'000);
}

// One session's token is requested by a handler (as a signal_set handler would); the run
// loop wakes the waits, so the session stops then, not at its 10 s deadline, while another
// session with its own token carries on.
TEST(CoroutineWaits, InterruptWakesASuspendedWait) {
  boost::asio::io_context io;
  VirtualClock clock;
  InterruptToken run_token;
  auto trigger = clock.make_timer(io);
  trigger->expires_after(30ms);
  trigger->async_wait([&](const boost::system::error_code& ec) {
    if (!ec) run_token.request();
  });
  Status interrupted;
  std::int64_t stopped_ns = -1;
  Status other;
  run_waiting_sessions(io, clock,
                       {[&] {
                          interrupted = run_for(io, clock, 10s, &run_token);
                          stopped_ns = clock.now_ns();
                        },
                        [&] { other = run_for(io, clock, 100ms, nullptr); }},
                       &run_token);
  ASSERT_FALSE(interrupted.ok());
  EXPECT_EQ(interrupted.error().code, ErrorCode::cancelled);
  EXPECT_EQ(stopped_ns, 30'000'000);
  EXPECT_TRUE(other.ok());
  EXPECT_EQ(clock.now_ns(), 100'000'000);
}

// Bytes through a transport: each session's read waits in its coroutine while the other
// session writes, on one context (the in-process pair is a real socketpair).
TEST(CoroutineWaits, TransportReadsAndWritesInterleave) {
  boost::asio::io_context io;
  VirtualClock clock;
  InprocessPair pair = make_inprocess_pair(io, clock, nullptr);
  std::string received;
  const std::uint8_t hello[] = {'h', 'i'};
  run_waiting_sessions(io, clock,
                       {[&] {
                          auto chunk = pair.host->read_some(1s);
                          ASSERT_TRUE(chunk.ok()) << chunk.error().message;
                          received.assign(chunk->data.begin(), chunk->data.end());
                        },
                        [&] {
                          ASSERT_TRUE(run_for(io, clock, 5ms, nullptr).ok());
                          boost::system::error_code ec;
                          boost::asio::write(pair.device, boost::asio::buffer(hello), ec);
                          ASSERT_FALSE(ec);
                        }},
                       nullptr);
  EXPECT_EQ(received, "hi");
  EXPECT_EQ(clock.now_ns(), 5'000'000);
}

// Sessions arriving at 10, 20 and 30 ms all pass the barrier at 30 ms; one that never waits
// (arrive) still counts.
TEST(SessionBarrier, ReleasesEveryoneWhenTheLastArrives) {
  boost::asio::io_context io;
  VirtualClock clock;
  SessionBarrier barrier(4);
  std::vector<std::int64_t> passed;
  auto party = [&](std::chrono::milliseconds arrive_at) {
    return [&, arrive_at] {
      ASSERT_TRUE(run_for(io, clock, arrive_at, nullptr).ok());
      barrier.arrive_and_wait(io, clock, nullptr);
      passed.push_back(clock.now_ns() / 1'000'000);
    };
  };
  SessionsOutcome outcome = run_waiting_sessions(
      io, clock, {party(10ms), party(30ms), party(20ms), [&] { barrier.arrive(); }}, nullptr);
  EXPECT_EQ(outcome.stuck, 0u);
  EXPECT_EQ(passed, (std::vector<std::int64_t>{30, 30, 30}));
}

// Real time: the shorter wait ends first although it started second.
TEST(CoroutineWaits, RealClockWaitsOverlap) {
  boost::asio::io_context io;
  const Clock& clock = monotonic_clock();
  std::vector<std::string> order;
  run_waiting_sessions(io, clock,
                       {[&] {
                          ASSERT_TRUE(run_for(io, clock, 300ms, nullptr).ok());
                          order.push_back("long");
                        },
                        [&] {
                          ASSERT_TRUE(run_for(io, clock, 10ms, nullptr).ok());
                          order.push_back("short");
                        }},
                       nullptr);
  EXPECT_EQ(order, (std::vector<std::string>{"short", "long"}));
}

}  // namespace
}  // namespace stimbench
