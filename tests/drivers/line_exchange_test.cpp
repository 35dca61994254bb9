// The reference line reader's bounds (issue 14, defects 3 and 6): an overlong line is dropped
// and counted but every byte still reaches the observer; a reply cut off by a close becomes
// a partial frame; a flood of unasked input cannot stall a command.
#include <gtest/gtest.h>

#include <deque>

#include "devices/core/virtual_clock.hpp"
#include "devices/drivers/line_exchange.hpp"

namespace stimbench {
namespace {

// Reads come from a queue (chunks or errors); an endless flood can stand behind it.
class FeedTransport final : public Transport {
 public:
  explicit FeedTransport(FakeClock& clock) : clock_(clock) {}
  Status write(std::span<const std::uint8_t> data, std::chrono::nanoseconds) override {
    writes.emplace_back(data.begin(), data.end());
    // What was queued is the device's answer: it becomes readable once a command went out.
    for (auto& next : answer) incoming.push_back(std::move(next));
    answer.clear();
    return Status::success();
  }
  Result<Chunk> read_some(std::chrono::nanoseconds timeout) override {
    if (!incoming.empty()) {
      Result<Chunk> next = std::move(incoming.front());
      incoming.pop_front();
      if (next) flooded += next->data.size();
      return next;
    }
    if (flood) {
      flooded += 4096;
      return Chunk{Bytes(4096, 'A'), clock_.now_ns()};
    }
    clock_.advance_ns(timeout.count());
    return make_error(ErrorCode::timeout, "nothing");
  }
  void discard_input() override {}
  void close() override {}
  std::string describe() const override { return "feed:"; }

  void queue(const std::string& text) { answer.push_back(Chunk{to_bytes(text), clock_.now_ns()}); }

  std::deque<Result<Chunk>> answer;    // readable after the next write
  std::deque<Result<Chunk>> incoming;  // readable now
  std::vector<Bytes> writes;
  bool flood = false;
  std::size_t flooded = 0;

 private:
  FakeClock& clock_;
};

struct Frames final : FrameObserver {
  void on_frame(const FrameEvent& frame) override { frames.push_back(frame); }
  std::string rx() const {
    std::string out;
    for (const FrameEvent& f : frames)
      if (f.direction == FrameDirection::rx) out.append(f.bytes.begin(), f.bytes.end());
    return out;
  }
  std::vector<FrameEvent> frames;
};

struct LineExchangeTest : testing::Test {
  FakeClock clock;
  FeedTransport transport{clock};
  LineExchange link{transport, clock};
  Frames observer;
  void SetUp() override { link.set_observer(&observer); }
};

TEST_F(LineExchangeTest, OverlongLineIsDroppedCountedAndEveryByteReported) {
  std::string sent;
  for (int i = 0; i < 10; ++i) {
    transport.queue(std::string(4096, 'A'));
    sent += std::string(4096, 'A');
  }
  transport.queue("A\nOK\n");
  sent += "A\nOK\n";
  auto first = link.exchange("*IDN?\n");
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code, ErrorCode::protocol_violation);
  EXPECT_NE(first.error().message.find("reply line longer than 4096 bytes"), std::string::npos);
  EXPECT_LT(first.error().message.size(), 300u) << "the message quotes, it does not copy";
  // The rest of the long line is dropped before the next command; the "OK" after it is
  // unasked input, reported as such.
  auto second = link.exchange("STAT?\n");
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().message.find("nobody asked for: \"OK\\n\""), std::string::npos)
      << second.error().message;
  EXPECT_EQ(link.dropped_bytes(), 10u * 4096 + 2);
  EXPECT_EQ(observer.rx(), sent);
  std::uint64_t marked = 0;
  for (const FrameEvent& f : observer.frames) marked += f.dropped_bytes;
  EXPECT_EQ(marked, link.dropped_bytes());
}

TEST_F(LineExchangeTest, LineOfExactlyTheLimitIsAReply) {
  transport.queue(std::string(4096, 'x') + "\r\n");
  auto reply = link.exchange("*IDN?\n");
  ASSERT_TRUE(reply.ok()) << reply.error().message;
  EXPECT_EQ(reply->text.size(), 4096u);
  EXPECT_EQ(link.dropped_bytes(), 0u);
}

TEST_F(LineExchangeTest, ReplyCutOffByACloseIsAPartialFrame) {
  transport.queue("ARMED,REMOTE=1,FAULT=");
  transport.answer.push_back(make_error(ErrorCode::closed, "connection closed by peer"));
  auto reply = link.exchange("STAT?\n");
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, ErrorCode::closed);
  EXPECT_NE(reply.error().message.find("(partial: \"ARMED,REMOTE=1,FAULT=\")"), std::string::npos)
      << reply.error().message;
  ASSERT_FALSE(observer.frames.empty());
  const FrameEvent& last = observer.frames.back();
  EXPECT_EQ(last.direction, FrameDirection::rx);
  EXPECT_TRUE(last.partial);
  EXPECT_EQ(to_text(last.bytes), "ARMED,REMOTE=1,FAULT=");
}

TEST_F(LineExchangeTest, ReplyCutOffByTheTimeoutIsAPartialFrame) {
  transport.queue("ARMED,REM");
  auto reply = link.exchange("STAT?\n");
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, ErrorCode::timeout);
  EXPECT_TRUE(observer.frames.back().partial);
  EXPECT_EQ(observer.rx(), "ARMED,REM");
}

TEST_F(LineExchangeTest, FloodOfUnaskedInputIsBoundedAndStopsTheCommand) {
  transport.flood = true;
  auto reply = link.exchange("SOUR:AMPL 50\n");
  ASSERT_FALSE(reply.ok());
  EXPECT_NE(reply.error().message.find("device keeps sending unasked"), std::string::npos);
  EXPECT_TRUE(transport.writes.empty()) << "a setting must not go out into a flood";
  EXPECT_LE(transport.flooded, LineExchange::kMaxStrayBytes + 4096);
  EXPECT_EQ(observer.rx().size(), transport.flooded) << "every byte read is reported";
}

TEST_F(LineExchangeTest, DisarmGoesOutDespiteStrayInputAndStillFails) {
  transport.incoming.push_back(Chunk{to_bytes("late reply\n"), 0});
  transport.queue("OK\n");
  auto reply = link.exchange("OUTP:DIS\n", /*despite_stray_input=*/true);
  ASSERT_EQ(transport.writes.size(), 1u);
  EXPECT_EQ(to_text(transport.writes[0]), "OUTP:DIS\n");
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, ErrorCode::protocol_violation);
}

TEST_F(LineExchangeTest, DoubleReplyInOneChunkIsReportedAsUnasked) {
  transport.queue("OK\nOK\n");
  ASSERT_TRUE(link.exchange("*CLS\n").ok());
  auto next = link.exchange("*CLS\n");
  ASSERT_FALSE(next.ok());
  EXPECT_NE(next.error().message.find("nobody asked for"), std::string::npos);
  EXPECT_EQ(observer.rx(), "OK\nOK\n");
}

}  // namespace
}  // namespace stimbench
