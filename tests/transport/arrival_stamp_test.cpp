// Bytes are stamped when they arrive, by the read the transport always keeps pending, not when
// the caller next asks: frames sent while the harness waits keep their own times.
#include <gtest/gtest.h>

#include <boost/asio/write.hpp>

#include "devices/core/virtual_clock.hpp"
#include "devices/transport/inprocess_transport.hpp"
#include "devices/transport/io_wait.hpp"

namespace stimbench {
namespace {

using namespace std::chrono_literals;

TEST(ArrivalStamps, FramesSentDuringAWaitKeepTheirArrivalTimes) {
  boost::asio::io_context io;
  VirtualClock clock;
  auto pair = make_inprocess_pair(io, clock, nullptr);
  // Four unsolicited frames 100 ms apart, as a MagPro sends di/dt messages during a train.
  std::vector<std::unique_ptr<ClockTimer>> timers;
  for (int i = 1; i <= 4; ++i) {
    timers.push_back(clock.make_timer(io));
    timers.back()->expires_after(std::chrono::milliseconds(100 * i));
    timers.back()->async_wait([&pair, i](const boost::system::error_code& ec) {
      if (!ec) boost::asio::write(pair.device, boost::asio::buffer(std::string(1, char('0' + i))));
    });
  }
  // Nobody reads while the harness waits; the reads come 0.6 s after the first frame.
  ASSERT_TRUE(run_for(io, clock, 700ms, nullptr).ok());
  for (int i = 1; i <= 4; ++i) {
    auto chunk = pair.host->read_some(1ms);
    ASSERT_TRUE(chunk.ok()) << chunk.error().message;
    EXPECT_EQ(to_text(chunk->data), std::string(1, char('0' + i)));
    EXPECT_EQ(chunk->t_ns, 100'000'000LL * i) << "frame " << i;
  }
  auto none = pair.host->read_some(1ms);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::timeout);
}

TEST(ArrivalStamps, DiscardDropsQueuedBytesAndListeningGoesOn) {
  boost::asio::io_context io;
  VirtualClock clock;
  auto pair = make_inprocess_pair(io, clock, nullptr);
  boost::asio::write(pair.device, boost::asio::buffer(std::string("stale")));
  ASSERT_TRUE(run_for(io, clock, 10ms, nullptr).ok());
  pair.host->discard_input();
  auto none = pair.host->read_some(5ms);
  EXPECT_FALSE(none.ok());
  boost::asio::write(pair.device, boost::asio::buffer(std::string("fresh")));
  auto chunk = pair.host->read_some(5ms);
  ASSERT_TRUE(chunk.ok()) << chunk.error().message;
  EXPECT_EQ(to_text(chunk->data), "fresh");
}

TEST(ArrivalStamps, EndOfStreamComesAfterTheQueuedBytes) {
  boost::asio::io_context io;
  VirtualClock clock;
  auto pair = make_inprocess_pair(io, clock, nullptr);
  boost::asio::write(pair.device, boost::asio::buffer(std::string("last words")));
  pair.device.close();
  ASSERT_TRUE(run_for(io, clock, 10ms, nullptr).ok());
  auto chunk = pair.host->read_some(5ms);
  ASSERT_TRUE(chunk.ok()) << chunk.error().message;
  EXPECT_EQ(to_text(chunk->data), "last words");
  for (int i = 0; i < 2; ++i) {
    auto closed = pair.host->read_some(5ms);
    ASSERT_FALSE(closed.ok());
    EXPECT_EQ(closed.error().code, ErrorCode::closed) << closed.error().message;
  }
}

}  // namespace
}  // namespace stimbench
