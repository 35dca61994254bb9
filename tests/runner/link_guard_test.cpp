// LinkGuard (harness/runner/link_guard.hpp) over the reference driver and a scripted line:
// what is retried, what never is, and what counts as "no reply at all".
#include "harness/runner/link_guard.hpp"

#include "harness/runner/scenario_runner.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "devices/core/virtual_clock.hpp"
#include "devices/drivers/reference_driver.hpp"
#include "tests/support/scripted_transport.hpp"
#include "tests/support/test_permits.hpp"

namespace stimbench {
namespace {

using test::ScriptedTransport;

class GuardEvents final : public EventSink {
 public:
  void event(const std::string& type, nlohmann::json) override { types.push_back(type); }
  int count(const std::string& type) const {
    return static_cast<int>(std::count(types.begin(), types.end(), type));
  }
  std::vector<std::string> types;
};

Bytes line_bytes(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

struct GuardBench {
  FakeClock clock;
  ScriptedTransport line{clock};
  std::unique_ptr<StimulatorDriver> driver = make_reference_driver(line, clock);
  boost::asio::io_context io;
  GuardEvents events;
  int reopens = 0;
  LinkGuard guard{DeviceLink{driver.get(), &line},
                  [this]() -> Result<DeviceLink> {
                    ++reopens;
                    return DeviceLink{driver.get(), &line};
                  },
                  io,
                  clock,
                  events,
                  nullptr,
                  options()};

  static LinkGuardOptions options() {
    LinkGuardOptions o;
    o.reopen_backoff = std::chrono::nanoseconds(0);
    return o;
  }
  void silence() { line.script.push_back({}); }
};

const std::string kStandbyLine = "STANDBY,REMOTE=1,FAULT=0,PULSES=0\n";

TEST(LinkGuard, AQueryWithNoReplyAtAllIsRetriedOnce) {
  GuardBench b;
  b.silence();
  b.line.reply(line_bytes(kStandbyLine));
  Result<Reply> status = b.guard.status();
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(b.line.writes.size(), 2u);
  EXPECT_EQ(b.guard.last_note().attempts, 2);
  EXPECT_EQ(b.guard.last_note().deadline_ns, 1'000'000'000);
  EXPECT_EQ(b.events.count("retry"), 1);
  EXPECT_EQ(b.reopens, 0);
}

TEST(LinkGuard, AQuerySilentToEveryTryFailsAndTheNextCommandReopensTheLink) {
  GuardBench b;
  for (int i = 0; i < 3; ++i) b.silence();
  Result<Reply> silent = b.guard.status();
  ASSERT_FALSE(silent.ok());
  EXPECT_EQ(silent.error().code, ErrorCode::timeout);  // never a pass after a reopen
  EXPECT_EQ(b.guard.last_note().attempts, 3);
  EXPECT_EQ(b.reopens, 0);
  b.line.reply(line_bytes(kStandbyLine));
  ASSERT_TRUE(b.guard.status().ok());
  EXPECT_EQ(b.reopens, 1);
  EXPECT_EQ(b.events.count("reconnect"), 1);
}

TEST(LinkGuard, ArmFireTrainAndSetAreNeverSentTwice) {
  GuardBench b;
  for (int i = 0; i < 4; ++i) b.silence();
  StimulatorDriver& d = b.guard;  // the permit forms are the base class's
  EXPECT_EQ(d.arm(test_permit(Stimulation::arm)).error().code, ErrorCode::timeout);
  EXPECT_EQ(d.fire(test_permit(Stimulation::fire)).error().code, ErrorCode::timeout);
  EXPECT_EQ(d.start_train(test_permit(Stimulation::train)).error().code, ErrorCode::timeout);
  EXPECT_EQ(d.set(Parameter::power, 20).error().code, ErrorCode::timeout);
  EXPECT_EQ(b.line.writes.size(), 4u);
  EXPECT_EQ(b.events.count("retry"), 0);
}

TEST(LinkGuard, AnIncompleteReplyIsAViolationAndNeverRetried) {
  GuardBench b;
  b.line.reply(line_bytes("STANDBY,REM"));  // no line end: partial at the deadline
  b.line.reply(line_bytes(kStandbyLine));
  Result<Reply> status = b.guard.status();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::protocol_violation);
  EXPECT_EQ(b.line.writes.size(), 1u);
  EXPECT_EQ(b.events.count("retry"), 0);
}

TEST(LinkGuard, AGarbledReplyIsNeverRetriedAndTheNextCommandIsResyncedFirst) {
  GuardBench b;
  b.line.reply(line_bytes("\xC5K\n"));
  Result<Reply> disarm = b.guard.disarm();
  ASSERT_FALSE(disarm.ok());
  EXPECT_EQ(disarm.error().code, ErrorCode::protocol_violation);
  EXPECT_EQ(b.line.writes.size(), 1u);
  b.line.reply(line_bytes(kStandbyLine));
  ASSERT_TRUE(b.guard.status().ok());
  EXPECT_EQ(b.events.count("resync"), 1);
}

// Nothing within the deadline, then "OK" during the silence the guard waits for before a retry.
class LateLine final : public Transport {
 public:
  explicit LateLine(FakeClock& c) : clock(c) {}
  Status write(std::span<const std::uint8_t>, std::chrono::nanoseconds) override {
    ++writes;
    return Status::success();
  }
  Result<Chunk> read_some(std::chrono::nanoseconds timeout) override {
    // Read 0: the stray-input check before the command; 1: the reply (none); 2: the wait.
    if (reads++ == 2) return Chunk{Bytes{'O', 'K', '\n'}, clock.now_ns()};
    clock.advance_ns(timeout.count());
    return make_error(ErrorCode::timeout, "nothing");
  }
  void discard_input() override {}
  void close() override {}
  std::string describe() const override { return "late:"; }
  FakeClock& clock;
  int writes = 0;
  int reads = 0;
};

TEST(LinkGuard, AReplyThatIsOnlyLateIsDiscardedNotTakenForTheRetrys) {
  FakeClock clock;
  LateLine line(clock);
  auto driver = make_reference_driver(line, clock);
  boost::asio::io_context io;
  GuardEvents events;
  LinkGuard guard(
      DeviceLink{driver.get(), &line},
      [] { return Result<DeviceLink>(make_error(ErrorCode::closed, "no")); }, io, clock, events,
      nullptr, GuardBench::options());
  Result<Reply> disarm = guard.disarm();
  ASSERT_FALSE(disarm.ok());
  EXPECT_EQ(disarm.error().code, ErrorCode::timeout);
  EXPECT_EQ(line.writes, 1);  // the late "OK" was discarded, never answered a second disarm
  EXPECT_EQ(events.count("retry"), 0);
  EXPECT_EQ(events.count("resync"), 1);
}

TEST(ClosingDisarm, EveryNotArmedStateConfirmsAndNothingElse) {
  auto with = [](DeviceState state, std::optional<bool> armed_flags) {
    DeviceStatus s;
    s.state = state;
    s.armed_flags = armed_flags;
    return reads_disarmed(s);
  };
  EXPECT_TRUE(with(DeviceState::standby, std::nullopt));
  EXPECT_TRUE(with(DeviceState::fault, false));
  // A Magstim reports fault over an armed unit: its flags decide, and unknown flags fail.
  EXPECT_FALSE(with(DeviceState::fault, true));
  EXPECT_FALSE(with(DeviceState::fault, std::nullopt));
  for (DeviceState s :
       {DeviceState::armed, DeviceState::ready, DeviceState::firing, DeviceState::unknown}) {
    EXPECT_FALSE(with(s, false)) << to_string(s);
    EXPECT_FALSE(with(s, std::nullopt)) << to_string(s);
  }
}

}  // namespace
}  // namespace stimbench
