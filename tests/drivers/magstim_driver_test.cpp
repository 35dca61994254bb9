// The Magstim driver against a scripted device: exact frames out, violations never retried,
// refusal mapping, the unlock code kept out of every record, and fire() refusing train mode.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "devices/drivers/magstim_driver.hpp"
#include "devices/protocols/magstim/codec.hpp"
#include "tests/drivers/magstim_test_profiles.hpp"
#include "tests/support/scripted_transport.hpp"
#include "tests/support/test_permits.hpp"

namespace stimbench::test {
namespace {

using magstim::frame;

class Recorder final : public FrameObserver {
 public:
  void on_frame(const FrameEvent& frame) override { frames.push_back(frame); }
  std::vector<FrameEvent> frames;
};

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}
bool contains(const Bytes& haystack, const std::string& needle) {
  return contains(to_text(haystack), needle);
}

class MagstimDriverTest : public ::testing::Test {
 protected:
  void make(DeviceProfile profile, MagstimDriverOptions options = {}) {
    driver = make_magstim_driver(transport, clock, profile, std::move(options));
    ASSERT_NE(driver, nullptr);
    driver->set_observer(&recorder);
  }
  FakeClock clock{1'000'000'000};
  ScriptedTransport transport{clock};
  Recorder recorder;
  std::unique_ptr<StimulatorDriver> driver;
};

TEST_F(MagstimDriverTest, RemoteOnReadsTheVersionAndAdoptsItsWidths) {
  make(rapid_profile("9.0.0"));
  transport.reply(frame("Q\x89"));
  transport.reply(frame(std::string("NV8.0\0", 6)));
  auto reply = driver->set_remote(true);
  ASSERT_TRUE(reply.ok()) << reply.error().message;
  EXPECT_TRUE(reply->accepted);
  ASSERT_EQ(transport.writes.size(), 2u);
  EXPECT_EQ(transport.writes[0], to_bytes("Q@n"));
  EXPECT_EQ(transport.writes[1], to_bytes("NDm"));
  EXPECT_TRUE(contains(reply->text, "8.0")) << reply->text;
  EXPECT_TRUE(contains(reply->text, "profile says 9.0.0")) << reply->text;
  EXPECT_GT(reply->received_ns, reply->sent_ns);

  transport.reply(frame("D\x89\x30"));
  ASSERT_TRUE(driver->set(Parameter::pulses, 100).ok());
  EXPECT_EQ(transport.writes.back(), frame("D0100"));  // 4 digits: the device's V8
}

TEST_F(MagstimDriverTest, WrongChecksumIsAViolationAndNotRetried) {
  make(rapid_profile());
  transport.reply(Bytes{'Q', 0x89, 0x26});
  auto reply = driver->set_remote(true);
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, ErrorCode::protocol_violation);
  EXPECT_TRUE(contains(reply.error().message, "51 89 26")) << reply.error().message;
  EXPECT_EQ(transport.writes.size(), 1u);
}

TEST_F(MagstimDriverTest, WrongEchoIsAViolationAndNotRetried) {
  make(rapid_profile());
  transport.reply(frame("@\x89"));
  auto reply = driver->arm(test_permit(Stimulation::arm));
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, ErrorCode::protocol_violation);
  EXPECT_TRUE(contains(reply.error().message, "40 89 36")) << reply.error().message;
  EXPECT_EQ(transport.writes.size(), 1u);
}

TEST_F(MagstimDriverTest, ShortReplyIsAViolationAndNotRetried) {
  make(rapid_profile());
  transport.reply_chunks({Bytes{'x', 0x89}, Bytes{0x38}});  // 3 of 6 bytes, split
  auto reply = driver->status();
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, ErrorCode::protocol_violation);
  EXPECT_TRUE(contains(reply.error().message, "truncated")) << reply.error().message;
  EXPECT_EQ(transport.writes.size(), 1u);
}

TEST_F(MagstimDriverTest, OverLongReplyIsAViolation) {
  make(rapid_profile());
  Bytes bytes = frame("E\x8A");
  bytes.push_back('?');
  transport.reply(bytes);
  auto reply = driver->arm(test_permit(Stimulation::arm));
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, ErrorCode::protocol_violation);
  EXPECT_EQ(transport.writes.size(), 1u);
}

TEST_F(MagstimDriverTest, NoReplyIsATimeout) {
  make(rapid_profile());
  driver->set_reply_timeout(std::chrono::milliseconds(300));
  auto reply = driver->arm(test_permit(Stimulation::arm));
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, ErrorCode::timeout);
  EXPECT_EQ(transport.writes.size(), 1u);
}

TEST_F(MagstimDriverTest, BytesBeforeTheCommandAreAViolationAndNothingIsSent) {
  make(rapid_profile());
  transport.incoming.push_back(frame("E\x8A"));
  auto reply = driver->arm(test_permit(Stimulation::arm));
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, ErrorCode::protocol_violation);
  EXPECT_TRUE(contains(reply.error().message, "45 8A 30")) << reply.error().message;
  EXPECT_TRUE(transport.writes.empty());
}

TEST_F(MagstimDriverTest, RefusalsAreAnswers) {
  make(rapid_profile());
  transport.reply(to_bytes("?"));
  transport.reply(frame("@?"));
  transport.reply(frame("@S"));
  auto unknown = driver->set(Parameter::power, 50);
  auto bad = driver->set(Parameter::power, 50);
  auto conflict = driver->set(Parameter::power, 50);
  for (auto* r : {&unknown, &bad, &conflict}) {
    ASSERT_TRUE(r->ok()) << r->error().message;
    EXPECT_FALSE((*r)->accepted);
    ASSERT_TRUE((*r)->refusal.has_value());
  }
  EXPECT_EQ(unknown->refusal->code, 3);
  EXPECT_EQ(unknown->refusal->text, "unknown command");
  EXPECT_EQ(bad->refusal->code, 4);
  EXPECT_EQ(bad->refusal->text, "invalid data");
  EXPECT_EQ(conflict->refusal->code, 5);
  EXPECT_EQ(conflict->refusal->text, "conflicts with the current state");
  EXPECT_EQ(transport.writes[0], to_bytes("@050*"));
}

TEST_F(MagstimDriverTest, UnlockCodeNeverReachesTheRecords) {
  const std::string code = "ABCD-12345678-EF";
  make(rapid_profile("9.0.0"), MagstimDriverOptions{code});
  transport.reply(frame("Q\x89"));
  transport.reply(frame(std::string("NV9.0.0\0", 8)));
  auto reply = driver->set_remote(true);
  ASSERT_TRUE(reply.ok()) << reply.error().message;
  ASSERT_FALSE(transport.writes.empty());
  EXPECT_EQ(transport.writes[0], frame("Q" + code));  // the device gets the real code
  ASSERT_FALSE(recorder.frames.empty());
  EXPECT_EQ(recorder.frames[0].bytes, to_bytes("Q*****************"));
  EXPECT_EQ(recorder.frames[0].decoded, "enable remote control (unlock code masked)");
  // A timed-out attempt and a raw send of the same frame stay masked too.
  auto failed = driver->set_remote(true);
  ASSERT_FALSE(failed.ok());
  ASSERT_TRUE(driver->send_raw(frame("Q" + code), test_raw_permit(frame("Q" + code))).ok());
  for (const FrameEvent& f : recorder.frames) {
    EXPECT_FALSE(contains(f.bytes, "12345678")) << f.decoded;
    EXPECT_FALSE(contains(f.decoded, "12345678")) << f.decoded;
    if (f.direction == FrameDirection::tx && !f.bytes.empty() && f.bytes[0] == 'Q') {
      EXPECT_EQ(f.bytes, to_bytes("Q*****************"));  // checksum byte masked as well
    }
  }
  EXPECT_FALSE(contains(reply->text, "12345678"));
  EXPECT_FALSE(contains(failed.error().message, "12345678")) << failed.error().message;
  EXPECT_EQ(recorder.frames.back().bytes, to_bytes("Q*****************"));
}

TEST_F(MagstimDriverTest, FireInTrainModeSendsNoTrigger) {
  make(rapid_profile());
  transport.reply(frame(std::string("x\x8E\x30\0\0", 5)));  // ready, train mode
  auto reply = driver->fire(test_permit(Stimulation::fire));
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, ErrorCode::invalid_input);
  EXPECT_TRUE(contains(reply.error().message, "train mode")) << reply.error().message;
  ASSERT_EQ(transport.writes.size(), 1u);
  EXPECT_EQ(transport.writes[0], to_bytes("x@G"));
}

TEST_F(MagstimDriverTest, FireInSinglePulseModeTriggers) {
  make(rapid_profile());
  transport.reply(frame(std::string("x\x8E\x38\0\0", 5)));
  transport.reply(frame("E\x8E"));
  auto reply = driver->fire(test_permit(Stimulation::fire));
  ASSERT_TRUE(reply.ok()) << reply.error().message;
  EXPECT_TRUE(reply->accepted);
  ASSERT_EQ(transport.writes.size(), 2u);
  EXPECT_EQ(transport.writes[1], to_bytes("EHr"));
}

TEST_F(MagstimDriverTest, OlderRapidChecksTheModeWithRapidParameters) {
  make(rapid_profile("8.0"));
  transport.reply(
      frame("\\\x8E\x30"
            "030"
            "0100"
            "0010"
            "010"
            "0005"));  // 22 bytes
  EXPECT_FALSE(driver->fire(test_permit(Stimulation::fire)).ok());
  EXPECT_EQ(transport.writes, std::vector<Bytes>{to_bytes("\\@c")});
  transport.reply(
      frame("\\\x8E\x30"
            "030"
            "0100"
            "0010"
            "010"
            "0005"));
  transport.reply(frame("E\x8E"));
  auto train = driver->start_train(test_permit(Stimulation::train));
  ASSERT_TRUE(train.ok()) << train.error().message;
  EXPECT_EQ(transport.writes.back(), to_bytes("EHr"));
}

TEST_F(MagstimDriverTest, ValuesTheFieldCannotCarryAreUnsupported) {
  make(rapid_profile("9.0.0"));
  for (auto [parameter, value] :
       std::vector<std::pair<Parameter, double>>{{Parameter::power, 50.5},
                                                 {Parameter::power, -1},
                                                 {Parameter::power, 1000},
                                                 {Parameter::frequency, 12.34},
                                                 {Parameter::pulses, 100000},
                                                 {Parameter::train_duration, 1000},
                                                 {Parameter::power_b, 10},
                                                 {Parameter::train_iti, 1}}) {
    auto reply = driver->set(parameter, value);
    ASSERT_FALSE(reply.ok()) << to_string(parameter) << " " << value;
    EXPECT_EQ(reply.error().code, ErrorCode::unsupported) << reply.error().message;
  }
  EXPECT_EQ(driver->set_text(Parameter::power, "50").error().code, ErrorCode::unsupported);
  EXPECT_TRUE(transport.writes.empty());

  transport.reply(frame("B\x89\x30"));
  transport.reply(frame("[\x89\x30"));
  transport.reply(frame("@\x89"));
  ASSERT_TRUE(driver->set(Parameter::frequency, 12.3).ok());
  ASSERT_TRUE(driver->set(Parameter::train_duration, 0.3).ok());
  ASSERT_TRUE(driver->set(Parameter::power, 100).ok());
  EXPECT_EQ(transport.writes[0], frame("B0123"));
  EXPECT_EQ(transport.writes[1], frame("[0003"));
  EXPECT_EQ(transport.writes[2], frame("@100"));
}

TEST_F(MagstimDriverTest, GetStatusAndTemperatureDecodeRapidReplies) {
  make(rapid_profile("9.0.0"));
  const std::string params =
      "\\\x8E\x32"
      "065"
      "0123"
      "00100"
      "0015"
      "0005";
  transport.reply(frame(params));
  transport.reply(frame(params));
  auto frequency = driver->get(Parameter::frequency);
  ASSERT_TRUE(frequency.ok()) << frequency.error().message;
  EXPECT_DOUBLE_EQ(*frequency->value, 12.3);
  auto duration = driver->get(Parameter::train_duration);
  ASSERT_TRUE(duration.ok());
  EXPECT_DOUBLE_EQ(*duration->value, 1.5);

  transport.reply(frame(std::string("x\x8E\x32\0\0", 5)));  // train running
  auto status = driver->status();
  ASSERT_TRUE(status.ok()) << status.error().message;
  ASSERT_TRUE(status->status.has_value());
  EXPECT_EQ(status->status->state, DeviceState::firing);
  EXPECT_TRUE(status->status->remote);
  EXPECT_TRUE(contains(status->status->raw, "train-running")) << status->status->raw;

  transport.reply(
      frame("F\x89"
            "245251"));
  auto temperature = driver->temperature();
  ASSERT_TRUE(temperature.ok());
  EXPECT_DOUBLE_EQ(*temperature->value, 25.1);
  EXPECT_TRUE(contains(temperature->text, "24.5")) << temperature->text;
}

// A Magstim reads as fault whenever its error bit is set, armed or not: the armed, ready and
// train bits say which, for the closing disarm (runner/scenario_runner.hpp, reads_disarmed).
TEST_F(MagstimDriverTest, FaultKeepsTheArmedBitsForTheClosingDisarm) {
  make(rapid_profile("9.0.0"));
  transport.reply(frame(std::string("x\xAA\x30\0\0", 5)));  // error + armed (+ coil, remote)
  auto armed = driver->status();
  ASSERT_TRUE(armed.ok()) << armed.error().message;
  EXPECT_EQ(armed->status->state, DeviceState::fault);
  EXPECT_EQ(armed->status->armed_flags, std::optional<bool>(true));
  transport.reply(frame(std::string("x\xA9\x30\0\0", 5)));  // error + standby
  auto standby = driver->status();
  ASSERT_TRUE(standby.ok()) << standby.error().message;
  EXPECT_EQ(standby->status->state, DeviceState::fault);
  EXPECT_EQ(standby->status->armed_flags, std::optional<bool>(false));
  transport.reply(frame(std::string("x\xA9\x32\0\0", 5)));  // error + standby, train bit
  auto train = driver->status();
  ASSERT_TRUE(train.ok()) << train.error().message;
  EXPECT_EQ(train->status->armed_flags, std::optional<bool>(true));
}

TEST_F(MagstimDriverTest, BiStimParametersAndNoTrains) {
  make(magstim_profile("bistim"));
  transport.reply(frame("A\x89"));
  transport.reply(
      frame("X\x89"
            "2"));  // low-resolution timing: whole ms
  transport.reply(frame("C\x89"));
  ASSERT_TRUE(driver->set(Parameter::power_b, 45).ok());
  ASSERT_TRUE(driver->set(Parameter::interval, 20).ok());
  EXPECT_EQ(transport.writes[0], frame("A045"));
  EXPECT_EQ(transport.writes[1], to_bytes("X@g"));
  EXPECT_EQ(transport.writes[2], frame("C020"));
  transport.reply(
      frame("X\x89"
            "2"));
  transport.reply(
      frame("J\x89"
            "030045020"));
  auto interval = driver->get(Parameter::interval);
  ASSERT_TRUE(interval.ok());
  EXPECT_DOUBLE_EQ(*interval->value, 20);
  EXPECT_EQ(driver->start_train(test_permit(Stimulation::train)).error().code,
            ErrorCode::unsupported);
  EXPECT_EQ(driver->set(Parameter::frequency, 1).error().code, ErrorCode::unsupported);

  transport.reply(frame("E\x8E"));
  ASSERT_TRUE(
      driver->fire(test_permit(Stimulation::fire)).ok());  // no mode check: a BiStim has no trains
  EXPECT_EQ(transport.writes.back(), to_bytes("EHr"));
}

TEST_F(MagstimDriverTest, IdentifyKeepAliveAndOverride) {
  make(magstim_profile("200"));
  transport.reply(
      frame("J\x09"
            "030000000"));
  auto id = driver->identify();
  ASSERT_TRUE(id.ok()) << id.error().message;
  ASSERT_TRUE(id->identity.has_value());
  // Nothing the device did not report: no maker, model or serial from the profile.
  EXPECT_EQ(id->identity->maker, "");
  EXPECT_EQ(id->identity->model, "");
  EXPECT_EQ(id->identity->serial, "");
  EXPECT_EQ(id->identity->firmware, "");
  EXPECT_TRUE(contains(id->text, "no model, serial-number or version")) << id->text;
  transport.reply(frame("Q\x89"));
  ASSERT_TRUE(driver->keepalive().ok());
  EXPECT_EQ(transport.writes.back(), to_bytes("Q@n"));
  EXPECT_TRUE(driver->safety_override(to_bytes("b@]")).has_value());
  EXPECT_FALSE(driver->safety_override(to_bytes("EHr")).has_value());

  make(rapid_profile("10.0.0"));
  transport.reply(frame(std::string("NV10.0.0\0", 9)));
  auto rapid_id = driver->identify();
  ASSERT_TRUE(rapid_id.ok()) << rapid_id.error().message;
  EXPECT_EQ(rapid_id->identity->firmware, "10.0.0");
  transport.reply(frame(std::string("x\x89\x30\0\0", 5)));
  ASSERT_TRUE(driver->keepalive().ok());
  EXPECT_EQ(transport.writes.back(), to_bytes("x@G"));
}

TEST_F(MagstimDriverTest, AbortDisarmsAndSaysSo) {
  make(rapid_profile());
  transport.reply(frame("E\x89"));
  auto reply = driver->abort();
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(transport.writes[0], to_bytes("EAy"));
  EXPECT_TRUE(contains(reply->text, "disarm")) << reply->text;
}

}  // namespace
}  // namespace stimbench::test

namespace stimbench::test {
namespace {

TEST_F(MagstimDriverTest, EnhancedPowerUsesTheReadyMadeFramesAndReadsStatusBit0) {
  make(rapid_profile("9.0.0"));
  transport.reply(frame("^\x89\x09"));  // Rapid status: enhanced power + single-pulse mode
  transport.reply(frame("_\x89\x08"));
  ASSERT_TRUE(driver->set(Parameter::enhanced_power, 1).ok());
  ASSERT_TRUE(driver->set(Parameter::enhanced_power, 0).ok());
  EXPECT_EQ(transport.writes[0], to_bytes("^@a"));
  EXPECT_EQ(transport.writes[1], (Bytes{'_', '@', 0x60}));
  transport.reply(
      frame("\\\x89\x09"
            "110"
            "0010"
            "00001"
            "0000"
            "0005"));
  auto on = driver->get(Parameter::enhanced_power);
  ASSERT_TRUE(on.ok()) << on.error().message;
  EXPECT_EQ(on->value, 1);
  // A switch is 0 or 1: nothing else goes on the wire.
  EXPECT_EQ(driver->set(Parameter::enhanced_power, 2).error().code, ErrorCode::unsupported);
  EXPECT_EQ(transport.writes.size(), 3u);
  make(magstim_profile("bistim"));
  EXPECT_EQ(driver->set(Parameter::enhanced_power, 1).error().code, ErrorCode::unsupported);
}

TEST_F(MagstimDriverTest, BiStimHighResolutionSendsTenthsOfMilliseconds) {
  make(magstim_profile("bistim"));
  transport.reply(frame("Y\x89"));
  ASSERT_TRUE(driver->set(Parameter::high_resolution, 1).ok());
  EXPECT_EQ(transport.writes.back(), to_bytes("Y@f"));
  transport.reply(
      frame("X\x89"
            "4"));
  transport.reply(frame("C\x89"));
  ASSERT_TRUE(driver->set(Parameter::interval, 2.5).ok());
  EXPECT_EQ(transport.writes.back(), frame("C025"));
  transport.reply(
      frame("X\x89"
            "4"));
  transport.reply(
      frame("J\x89"
            "030030025"));
  auto interval = driver->get(Parameter::interval);
  ASSERT_TRUE(interval.ok()) << interval.error().message;
  EXPECT_DOUBLE_EQ(*interval->value, 2.5);
  // Simultaneous discharge (mode 1) does not name the timing: the mode last set holds.
  transport.reply(
      frame("X\x89"
            "1"));
  auto high = driver->get(Parameter::high_resolution);
  ASSERT_TRUE(high.ok());
  EXPECT_EQ(high->value, 1);
  // Low resolution cannot carry 2.5 ms: nothing is sent.
  transport.reply(
      frame("X\x89"
            "2"));
  const std::size_t before = transport.writes.size();
  EXPECT_EQ(driver->set(Parameter::interval, 2.5).error().code, ErrorCode::unsupported);
  EXPECT_EQ(transport.writes.size(), before + 1);  // only the X@ query
  make(rapid_profile());
  EXPECT_EQ(driver->get(Parameter::high_resolution).error().code, ErrorCode::unsupported);
}

}  // namespace
}  // namespace stimbench::test
