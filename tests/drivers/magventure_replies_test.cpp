// MagPro driver: it waits only for replies protocols.md documents, judges silent refusals
// by read-back (never a timeout), counts every di/dt message as a pulse, and reads back
// "firing" while a train runs or pulses arrive after an acknowledged disable.
#include <gtest/gtest.h>

#include "tests/drivers/magventure_bench.hpp"
#include "tests/support/test_permits.hpp"

namespace stimbench::test {
namespace {

using namespace std::chrono_literals;

// Long status: enabled/disabled R30 biphasic at 30 %, page 2, train running 0/1.
const char* kRunningEnabled = "05 14 01 E2 40 18 3C 1E 00 1E 00 64 64 02 01";
const char* kIdleEnabled = "05 14 01 E2 40 18 3C 1E 00 1E 00 64 64 02 00";
const char* kRunningDisabled = "05 04 01 E2 40 18 3C 1E 00 1E 00 64 64 02 01";
const char* kIdleDisabled = "05 04 01 E2 40 18 3C 1E 00 1E 00 64 64 02 00";
const char* kDidtEnabled = "02 2A 00 14";
const char* kDidtDisabled = "02 2A 00 04";

class MagventureReplies : public MagventureDriverTest {
 protected:
  void SetUp() override {
    MagventureDriverTest::SetUp();
    driver->set_reply_timeout(300ms);
  }
  void arm_and_show_timing_page() {
    wire.reply_chunks({frame("01 1E 00 14")});  // 02 01: enabled
    ASSERT_TRUE(driver->arm(test_permit(Stimulation::arm))->accepted);
    wire.reply_chunks({frame("08 02 00 14")});  // 07 02 00 (asked for before the first 04)
  }
  DeviceStatus status_after(std::vector<Bytes> replies) {
    wire.reply_chunks(std::move(replies));
    auto r = driver->status();
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() && r->status ? *r->status : DeviceStatus{};
  }
};

TEST_F(MagventureReplies, TrainStartAnsweredOnlyByItsDidtIsConfirmedByMessage5) {
  arm_and_show_timing_page();
  wire.reply_chunks({frame(kDidtEnabled)});     // 04: no page message, the first pulse's di/dt
  wire.reply_chunks({frame(kRunningEnabled)});  // 05
  auto r = driver->start_train(test_permit(Stimulation::train));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->accepted) << r->text;
  EXPECT_EQ(sent(1), to_hex(frame("07 02 00")));
  EXPECT_EQ(sent(2), "FE 01 04 61 FF");
  EXPECT_EQ(sent(3), "FE 01 05 3F FF");
  EXPECT_NE(r->text.find("1 di/dt since 04"), std::string::npos) << r->text;
  EXPECT_LT(r->latency_ns(), 100'000'000);  // the di/dt answered, no timeout was waited out
  DeviceStatus st = status_after({frame(kDidtEnabled), frame(kRunningEnabled)});
  EXPECT_EQ(st.state, DeviceState::firing);
  EXPECT_EQ(st.pulses, 2u);
}

TEST_F(MagventureReplies, ASilentTrainStartIsJudgedByMessage5NeverATimeout) {
  arm_and_show_timing_page();
  wire.reply_chunks({});                     // 04: nothing at all
  wire.reply_chunks({frame(kIdleEnabled)});  // 05: no train
  auto refused = driver->start_train(test_permit(Stimulation::train));
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_FALSE(refused->accepted);
  ASSERT_TRUE(refused->refusal);
  EXPECT_EQ(refused->refusal->code, 4);
  EXPECT_NE(refused->text.find("no reply to 04 within 300 ms"), std::string::npos);
  // A pulse after all, right after the refusal: the train started late.
  wire.incoming.push_back(frame(kDidtEnabled));
  wire.reply_chunks({frame(kRunningEnabled)});
  auto late = driver->status();
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::protocol_violation);
  EXPECT_NE(late.error().message.find("started late"), std::string::npos);
  wire.script.clear();  // the 05 answer never went out: the status was not sent

  wire.reply_chunks({});  // silent again, but message 5 shows the train running
  wire.reply_chunks({frame(kRunningEnabled)});
  auto running = driver->start_train(test_permit(Stimulation::train));
  ASSERT_TRUE(running.ok()) << running.error().message;
  EXPECT_TRUE(running->accepted);
}

TEST_F(MagventureReplies, ASilentRefusedAmplitudeIsJudgedByReadingItBack) {
  wire.reply_chunks({});                                     // 01 65: silently ignored
  wire.reply_chunks({frame("00 04 01 E2 40 18 3C 3C 00")});  // 00: amplitude A still 60
  auto r = driver->set(Parameter::power, 101);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->accepted);
  ASSERT_TRUE(r->refusal);
  EXPECT_EQ(r->refusal->text, "device kept/clamped amplitude at 60 (requested 101)");
  EXPECT_EQ(r->value, 60);
  ASSERT_EQ(wire.writes.size(), 2u);
  EXPECT_EQ(sent(1), "FE 01 00 00 FF");
  EXPECT_NE(r->text.find("read back: message 0"), std::string::npos) << r->text;

  // No message 1 for an unchanged value is fine too: the read-back shows it applied.
  wire.reply_chunks({});
  wire.reply_chunks({frame("00 04 01 E2 40 18 3C 3C 00")});
  auto same = driver->set(Parameter::power, 60);
  ASSERT_TRUE(same.ok()) << same.error().message;
  EXPECT_TRUE(same->accepted);
}

TEST_F(MagventureReplies, SetTrainTakesAnyEightByteMessageOrSilence) {
  wire.reply_chunks({frame(timing(100, 10, 1, 50))});  // 0B 00
  wire.reply_chunks({frame("08 02 00 04")});           // 07 02 00
  wire.reply_chunks({});                               // 06: silence
  wire.reply_chunks({frame(timing(100, 20, 1, 50))});  // 0B 00: applied
  auto silent = driver->set(Parameter::pulses, 20);
  ASSERT_TRUE(silent.ok()) << silent.error().message;
  EXPECT_TRUE(silent->accepted);
  EXPECT_NE(silent->text.find("no reply to 06"), std::string::npos) << silent->text;

  wire.reply_chunks({frame(timing(100, 20, 1, 50))});
  wire.reply_chunks({frame("01 1E 00 04")});  // 06 answered by a message 1
  wire.reply_chunks({frame(timing(100, 20, 3, 50))});
  auto other = driver->set(Parameter::train_count, 3);
  ASSERT_TRUE(other.ok()) << other.error().message;
  EXPECT_TRUE(other->accepted);
  EXPECT_EQ(wire.writes.size(), 7u);  // the page stayed known: no second 07
}

TEST_F(MagventureReplies, ADisarmWithTheTrainStillRunningReadsBackFiring) {
  arm_and_show_timing_page();
  wire.reply_chunks({frame("08 02 01 14"), frame(kDidtEnabled)});
  wire.reply_chunks({frame(kRunningEnabled)});
  ASSERT_TRUE(driver->start_train(test_permit(Stimulation::train))->accepted);
  wire.reply_chunks({frame("01 1E 00 04")});  // 02 00: "disabled"
  auto off = driver->disarm();
  ASSERT_TRUE(off.ok()) << off.error().message;
  EXPECT_TRUE(off->accepted);
  DeviceStatus st = status_after({frame(kRunningDisabled)});
  EXPECT_EQ(st.state, DeviceState::firing);
  EXPECT_NE(st.raw.find("disabled"), std::string::npos);
  EXPECT_NE(st.raw.find("train running 1"), std::string::npos);
}

TEST_F(MagventureReplies, APulseAfterTheDisableReadsBackFiringUntilTheNextEnable) {
  arm_and_show_timing_page();
  wire.script.clear();                        // no train here: drop the 07 answer
  wire.reply_chunks({frame("01 1E 00 04")});  // disabled
  ASSERT_TRUE(driver->disarm()->accepted);
  EXPECT_EQ(status_after({frame(kIdleDisabled)}).state, DeviceState::standby);

  // The train "stopped", yet a pulse arrives (its di/dt still says enabled).
  DeviceStatus st = status_after({frame(kDidtEnabled), frame(kIdleDisabled)});
  EXPECT_EQ(st.state, DeviceState::firing);
  EXPECT_NE(st.raw.find("1 di/dt while disabled"), std::string::npos) << st.raw;
  // A second disable does not wipe the record.
  wire.reply_chunks({frame("01 1E 00 04")});
  ASSERT_TRUE(driver->disarm()->accepted);
  EXPECT_EQ(status_after({frame(kIdleDisabled)}).state, DeviceState::firing);
  // A fresh enable starts a new record.
  wire.reply_chunks({frame("01 1E 00 14")});
  ASSERT_TRUE(driver->arm(test_permit(Stimulation::arm))->accepted);
  EXPECT_EQ(status_after({frame(kIdleEnabled)}).state, DeviceState::ready);
}

TEST_F(MagventureReplies, ADidtThatSaysDisabledReadsBackFiringWithoutADisable) {
  DeviceStatus st = status_after({frame(kDidtDisabled), frame(kIdleDisabled)});
  EXPECT_EQ(st.state, DeviceState::firing);
  EXPECT_EQ(st.pulses, 1u);
}

TEST_F(MagventureReplies, EveryDidtCountsAsAPulseAskedForOrNot) {
  wire.reply_chunks({frame("01 1E 00 14")});
  ASSERT_TRUE(driver->arm(test_permit(Stimulation::arm))->accepted);
  wire.reply_chunks({frame(kDidtEnabled)});
  ASSERT_TRUE(driver->fire(test_permit(Stimulation::fire))->accepted);  // solicited: 1
  Bytes train;  // a long train between two commands: 1500
  for (int i = 0; i < 1500; ++i) {
    Bytes one = frame(kDidtEnabled);
    train.insert(train.end(), one.begin(), one.end());
  }
  wire.incoming.push_back(train);
  DeviceStatus st = status_after({frame(kDidtEnabled), frame(kIdleEnabled)});  // and 1 more
  EXPECT_EQ(st.pulses, 1502u);
  EXPECT_EQ(st.state, DeviceState::ready);
}

TEST_F(MagventureReplies, ASilentEnableIsJudgedByTheStatusByteReadBack) {
  wire.reply_chunks({});
  wire.reply_chunks({frame("00 14 01 E2 40 18 3C 1E 00")});  // enabled after all
  auto on = driver->arm(test_permit(Stimulation::arm));
  ASSERT_TRUE(on.ok()) << on.error().message;
  EXPECT_TRUE(on->accepted);
  wire.reply_chunks({});
  wire.reply_chunks({frame("00 14 01 E2 40 18 3C 1E 00")});  // the disable did nothing
  auto off = driver->disarm();
  ASSERT_TRUE(off.ok()) << off.error().message;
  EXPECT_FALSE(off->accepted);
  EXPECT_EQ(off->refusal->code, 3);
}

}  // namespace
}  // namespace stimbench::test
