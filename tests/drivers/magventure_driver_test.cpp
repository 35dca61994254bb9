// MagPro driver against a scripted transport: what goes on the wire, how replies, silence,
// unsolicited messages and damaged frames map to Reply / Error.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "tests/drivers/magventure_bench.hpp"
#include "tests/support/test_permits.hpp"

namespace stimbench::test {
namespace {

using namespace std::chrono_literals;

TEST_F(MagventureDriverTest, SetPowerSendsAmplitudeAndChecksMessage1) {
  wire.reply_chunks({frame("01 3C 00 04")});
  auto r = driver->set(Parameter::power, 60);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->accepted);
  EXPECT_FALSE(r->refusal);
  EXPECT_EQ(r->value, 60);
  EXPECT_EQ(sent(0), "FE 02 01 3C D9 FF");
  EXPECT_GT(r->received_ns, r->sent_ns);
  EXPECT_EQ(seen.count(FrameDirection::tx, "01 set amplitude A 60"), 1);
  EXPECT_EQ(seen.count(FrameDirection::rx, "message 1 amplitude: A 60"), 1);
}

TEST_F(MagventureDriverTest, AmplitudeKeptIsARefusalWithTheKeptValue) {
  wire.reply_chunks({frame("01 3C 00 04")});  // asked 101, device kept 60
  auto r = driver->set(Parameter::power, 101);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(sent(0), to_hex(frame("01 65")));  // sent as asked: the device must refuse it
  EXPECT_FALSE(r->accepted);
  ASSERT_TRUE(r->refusal);
  EXPECT_EQ(r->refusal->code, 1);
  EXPECT_EQ(r->refusal->text, "device kept/clamped amplitude at 60 (requested 101)");
  EXPECT_EQ(r->value, 60);
}

TEST_F(MagventureDriverTest, PowerTheWireCannotCarryIsUnsupportedAndNothingIsSent) {
  for (double bad : {50.5, -1.0, 256.0, std::nan("")}) {
    auto r = driver->set(Parameter::power, bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::unsupported) << bad;
  }
  EXPECT_FALSE(driver->set_text(Parameter::power, "50").ok());
  EXPECT_EQ(driver->get(Parameter::train_duration).error().code, ErrorCode::unsupported);
  EXPECT_EQ(driver->set(Parameter::burst_pulses, 3).error().code, ErrorCode::unsupported);
  EXPECT_EQ(driver->set(Parameter::frequency, 10.05).error().code, ErrorCode::unsupported);
  EXPECT_EQ(driver->set(Parameter::pulses, 70000).error().code, ErrorCode::unsupported);
  EXPECT_TRUE(wire.writes.empty());
}

TEST_F(MagventureDriverTest, BadCrcReplyIsAViolationWithExactlyOneCommandWritten) {
  Bytes damaged = frame("01 3C 00 04");
  damaged[damaged.size() - 2] ^= 0x01;
  wire.reply_chunks({damaged});
  wire.reply_chunks({frame("01 3C 00 04")});  // a retry would get a good answer: there must be none
  auto r = driver->set(Parameter::power, 60);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::protocol_violation);
  EXPECT_EQ(wire.writes.size(), 1u);
  EXPECT_EQ(seen.count(FrameDirection::rx, "garbage"), 1);
}

TEST_F(MagventureDriverTest, WrongLengthAndBadTerminatorAreViolations) {
  wire.reply_chunks({frame("01 3C 00 04 00")});  // message 1 with LEN 5
  auto r = driver->set(Parameter::power, 60);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::protocol_violation);
  EXPECT_EQ(seen.count(FrameDirection::rx, "unreadable"), 1);

  Bytes bad_end = frame("01 3C 00 04");
  bad_end.back() = 0x00;
  wire.reply_chunks({bad_end});
  EXPECT_EQ(driver->set(Parameter::power, 60).error().code, ErrorCode::protocol_violation);
  EXPECT_EQ(wire.writes.size(), 2u);
}

TEST_F(MagventureDriverTest, UnsolicitedMessagesBeforeTheReplyAreReportedAndSkipped) {
  wire.reply_chunks({frame("02 54 00 14"), frame("F0 01 02"),
                     // split and concatenated: temperature, then page, then the real reply
                     [] {
                       Bytes b = frame("03 1C 3C 04");
                       Bytes p = frame("08 01 00 04");
                       b.insert(b.end(), p.begin(), p.begin() + 3);
                       return b;
                     }(),
                     [] {
                       Bytes p = frame("08 01 00 04");
                       Bytes b(p.begin() + 3, p.end());
                       Bytes reply = frame("01 28 00 04");
                       b.insert(b.end(), reply.begin(), reply.end());
                       return b;
                     }()});
  auto r = driver->set(Parameter::power, 40);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->accepted);
  EXPECT_EQ(r->value, 40);
  EXPECT_EQ(seen.count(FrameDirection::rx, "unsolicited "), 4);
  EXPECT_EQ(seen.count(FrameDirection::rx, "unsolicited message 240"), 1);
  EXPECT_EQ(seen.count(FrameDirection::rx, "unsolicited message 2 di/dt"), 1);
}

TEST_F(MagventureDriverTest, StrayBytesBeforeACommand) {
  // Whole messages waiting are the device speaking unasked: reported, not an error.
  wire.incoming.push_back(frame("08 02 00 04"));
  wire.reply_chunks({frame("00 04 01 E2 40 18 3C 1E 00")});
  auto ok = driver->temperature();
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->value, 24);
  EXPECT_EQ(seen.count(FrameDirection::rx, "unsolicited message 8"), 1);
  // Garbage waiting is a violation, and the command is not sent.
  wire.incoming.push_back(hex("00 11 22"));
  auto bad = driver->temperature();
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::protocol_violation);
  EXPECT_EQ(wire.writes.size(), 1u);
}

TEST_F(MagventureDriverTest, DisableGoesOutDespiteStrayGarbageAndStillReportsIt) {
  // The closing disarm must reach a misbehaving device; the garbage still fails it.
  wire.incoming.push_back(hex("00 11 22"));
  wire.reply_chunks({frame("01 3C 00 04")});  // disabled
  auto disarmed = driver->disarm();
  ASSERT_EQ(wire.writes.size(), 1u);
  EXPECT_EQ(sent(0), "FE 02 02 00 91 FF");
  ASSERT_FALSE(disarmed.ok());
  EXPECT_EQ(disarmed.error().code, ErrorCode::protocol_violation);
  EXPECT_NE(disarmed.error().message.find("sent all the same"), std::string::npos)
      << disarmed.error().message;
}

TEST_F(MagventureDriverTest, NoReplyIsATimeout) {
  driver->set_reply_timeout(200ms);
  auto r = driver->status();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::timeout);
  EXPECT_NE(r.error().message.find("200 ms"), std::string::npos);
}

TEST_F(MagventureDriverTest, TooManyUnsolicitedMessagesIsAViolation) {
  Bytes flood;  // coil events; di/dt messages do not count (one per pulse of a train)
  for (int i = 0; i < 600; ++i) {
    Bytes one = frame("03 1C 3C 04");
    flood.insert(flood.end(), one.begin(), one.end());
  }
  wire.reply_chunks({flood});
  auto r = driver->set(Parameter::power, 60);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::protocol_violation);
}

TEST_F(MagventureDriverTest, FireWithDidtIsAcceptedSilenceIsARefusal) {
  wire.reply_chunks({frame("02 54 00 14")});
  auto fired = driver->fire(test_permit(Stimulation::fire));
#include "tests/support/test_permits.hpp"
  ASSERT_TRUE(fired.ok()) << fired.error().message;
  EXPECT_TRUE(fired->accepted);
  EXPECT_EQ(sent(0), "FE 02 03 01 0B FF");
  EXPECT_NE(fired->text.find("di/dt: A 84"), std::string::npos);

  driver->set_reply_timeout(300ms);
  wire.reply_chunks({});
  auto silent = driver->fire(test_permit(Stimulation::fire));
#include "tests/support/test_permits.hpp"
  ASSERT_TRUE(silent.ok()) << silent.error().message;
  EXPECT_FALSE(silent->accepted);
  ASSERT_TRUE(silent->refusal);
  EXPECT_EQ(silent->refusal->code, 2);
  EXPECT_EQ(silent->refusal->text, "no pulse: no di/dt message within 300 ms");
}

TEST_F(MagventureDriverTest, ALateDidtAfterASilentFireIsAViolation) {
  driver->set_reply_timeout(300ms);
  wire.reply_chunks({});
  ASSERT_FALSE(driver->fire(test_permit(Stimulation::fire))->accepted);
  wire.incoming.push_back(frame("02 54 00 04"));  // the pulse after all
  wire.reply_chunks({frame("00 04 01 E2 40 18 3C 1E 00")});
#include "tests/support/test_permits.hpp"
  auto r = driver->status();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::protocol_violation);
  EXPECT_NE(r.error().message.find("fired late"), std::string::npos);
  // Only the exchange right after the fire watches for it.
  wire.incoming.clear();
  wire.incoming.push_back(frame("02 54 00 04"));
  wire.reply_chunks({frame("00 04 01 E2 40 18 3C 1E 00")});
  EXPECT_TRUE(driver->temperature().ok());
}

TEST_F(MagventureDriverTest, FireSilenceWithGarbageIsStillAViolation) {
  driver->set_reply_timeout(300ms);
  wire.reply_chunks({hex("FE 04 02 54")});  // a frame that never completes
  auto r = driver->fire(test_permit(Stimulation::fire));
#include "tests/support/test_permits.hpp"
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::protocol_violation);
}

TEST_F(MagventureDriverTest, ArmAndDisarmCheckTheEnabledBit) {
  wire.reply_chunks({frame("01 3C 00 14")});  // enabled
  auto armed = driver->arm(test_permit(Stimulation::arm));
#include "tests/support/test_permits.hpp"
  ASSERT_TRUE(armed.ok());
  EXPECT_TRUE(armed->accepted);
  EXPECT_EQ(sent(0), "FE 02 02 01 CF FF");

  wire.reply_chunks({frame("01 3C 00 14")});  // acknowledges the disable, still enabled
  auto disarmed = driver->disarm();
  ASSERT_TRUE(disarmed.ok());
  EXPECT_EQ(sent(1), "FE 02 02 00 91 FF");
  EXPECT_FALSE(disarmed->accepted);
  ASSERT_TRUE(disarmed->refusal);
  EXPECT_EQ(disarmed->refusal->code, 3);
  EXPECT_EQ(disarmed->refusal->text.rfind("device still enabled", 0), 0u);

  wire.reply_chunks({frame("01 3C 00 04")});  // enable ignored
  auto not_armed = driver->arm(test_permit(Stimulation::arm));
#include "tests/support/test_permits.hpp"
  ASSERT_TRUE(not_armed.ok());
  EXPECT_FALSE(not_armed->accepted);
  EXPECT_EQ(not_armed->refusal->text.rfind("not enabled", 0), 0u);

  wire.reply_chunks({frame("01 3C 00 04")});
  auto aborted = driver->abort();
  ASSERT_TRUE(aborted.ok());
  EXPECT_TRUE(aborted->accepted);
  EXPECT_EQ(sent(3), "FE 02 02 00 91 FF");
}

TEST_F(MagventureDriverTest, SetTimingReadsModifiesShowsPageWritesAndReadsBack) {
  wire.reply_chunks({frame(timing(100, 10, 1, 50))});  // 0B 00
  wire.reply_chunks({frame("08 02 00 04")});           // 07 02 00
  wire.reply_chunks({frame("08 02 00 04")});           // 06 ...
  wire.reply_chunks({frame(timing(205, 10, 1, 50))});  // 0B 00
  auto r = driver->set(Parameter::frequency, 20.5);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->accepted);
  EXPECT_DOUBLE_EQ(*r->value, 20.5);
  ASSERT_EQ(wire.writes.size(), 4u);
  EXPECT_EQ(sent(0), to_hex(frame("0B 00")));
  EXPECT_EQ(sent(1), to_hex(frame("07 02 00")));
  EXPECT_EQ(sent(2), to_hex(frame("06 00 CD 00 0A 00 01 00 32")));
  EXPECT_EQ(sent(3), to_hex(frame("0B 00")));

  // The page is cached: no second 07. ITI 2.5 s -> 25; the device clamps pulses 0 to 1.
  wire.reply_chunks({frame(timing(205, 10, 1, 50))});
  wire.reply_chunks({frame("08 02 00 04")});
  wire.reply_chunks({frame(timing(205, 1, 1, 50))});
  auto clamped = driver->set(Parameter::pulses, 0);
  ASSERT_TRUE(clamped.ok()) << clamped.error().message;
  ASSERT_EQ(wire.writes.size(), 7u);
  EXPECT_EQ(sent(5), to_hex(frame("06 00 CD 00 00 00 01 00 32")));
  EXPECT_FALSE(clamped->accepted);
  ASSERT_TRUE(clamped->refusal);
  EXPECT_EQ(clamped->refusal->code, 1);
  EXPECT_EQ(clamped->refusal->text, "device kept/clamped pulses at 1 (requested 0)");
  EXPECT_EQ(clamped->value, 1);
}

TEST_F(MagventureDriverTest, SetTimingWhenThePageDoesNotChangeIsAViolation) {
  wire.reply_chunks({frame(timing(100, 10, 1, 50))});
  wire.reply_chunks({frame("08 01 00 04")});  // still page 1
  auto r = driver->set(Parameter::train_iti, 2.5);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::protocol_violation);
  EXPECT_EQ(wire.writes.size(), 2u);
}

TEST_F(MagventureDriverTest, GetReadsMessage0AndMessage11) {
  wire.reply_chunks({frame("00 04 01 E2 40 18 3C 2D 00")});
  EXPECT_EQ(driver->get(Parameter::power)->value, 45);
  std::map<Parameter, double> want{{Parameter::frequency, 20.5},
                                   {Parameter::pulses, 300},
                                   {Parameter::train_count, 7},
                                   {Parameter::train_iti, 12.5}};
  for (auto [p, v] : want) {
    wire.reply_chunks({frame(timing(205, 300, 7, 125))});
    auto r = driver->get(p);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_DOUBLE_EQ(*r->value, v) << to_string(p);
  }
}

TEST_F(MagventureDriverTest, IdentifyStatusAndStartTrain) {
  wire.reply_chunks({frame("00 34 01 E2 40 18 3C 2D 00")});  // X100, enabled, biphasic
  auto id = driver->identify();
  ASSERT_TRUE(id.ok()) << id.error().message;
  ASSERT_TRUE(id->identity);
  EXPECT_EQ(id->identity->maker, "MagVenture");
  EXPECT_EQ(id->identity->model, "MagPro X100");
  EXPECT_EQ(id->identity->serial, "123456");
  EXPECT_EQ(id->identity->firmware, "");

  wire.reply_chunks({frame("05 34 01 E2 40 18 3C 2D 00 2D 00 64 64 02 01")});
  auto st = driver->status();
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(st->status->state, DeviceState::firing);
  EXPECT_FALSE(st->status->remote);
  EXPECT_EQ(st->status->pulses, 0u);  // di/dt messages seen so far
  EXPECT_EQ(st->status->raw,
            "mode Standard, waveform Biphasic, enabled, model X100, page 2, train running 1");

  // Page 2 known from the status: 04 goes out at once; message 5 then shows no train.
  wire.reply_chunks({frame("08 02 00 34")});
  wire.reply_chunks({frame("05 34 01 E2 40 18 3C 2D 00 2D 00 64 64 02 00")});
  auto train = driver->start_train(test_permit(Stimulation::train));
#include "tests/support/test_permits.hpp"
  ASSERT_TRUE(train.ok());
  EXPECT_FALSE(train->accepted);
  EXPECT_EQ(train->refusal->code, 4);
  EXPECT_EQ(sent(2), "FE 01 04 61 FF");
  EXPECT_EQ(sent(3), "FE 01 05 3F FF");

  wire.reply_chunks({frame("05 24 01 E2 40 18 3C 2D 00 2D 00 64 64 01 00")});
  EXPECT_EQ(driver->status()->status->state, DeviceState::standby);
}

TEST_F(MagventureDriverTest, SetRemoteSendsNothing) {
  auto r = driver->set_remote(true);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->accepted);
  EXPECT_EQ(r->sent_ns, clock.now_ns());
  EXPECT_EQ(r->received_ns, r->sent_ns);
  EXPECT_TRUE(wire.writes.empty());
}

}  // namespace
}  // namespace stimbench::test
