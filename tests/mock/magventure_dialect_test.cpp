// The mock's MagPro dialect byte for byte: golden frames of protocols.md §2.2, framing
// robustness, and the device's keep/clamp/silence behaviour.
#include <gtest/gtest.h>

#include "devices/core/clock.hpp"
#include "devices/mock/magventure_dialect.hpp"
#include "devices/protocols/magventure/codec.hpp"

namespace stimbench {
namespace {

namespace mv = magventure;

Bytes hex(std::string_view text) {
  return parse_hex(text).value();
}

Bytes frame(std::string_view payload) {
  return mv::encode_frame(hex(payload)).value();
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Mirrors fixtures/profiles/magventure-magpro-r30.yaml (the loader lives above the mock).
ParameterLimit limit(Parameter p, double min, double max, double step, std::string unit) {
  ParameterLimit l;
  l.parameter = p;
  l.min = min;
  l.max = max;
  l.step = step;
  l.unit = std::move(unit);
  return l;
}

DeviceProfile magpro(std::string variant = "r30") {
  DeviceProfile p;
  p.name = "magventure-magpro-" + variant;
  p.family = "magventure";
  p.variant = variant;
  p.identity = {"MagVenture", variant == "r30" ? "MagPro R30" : "MagPro X100", "123456", ""};
  p.serial = SerialSettings{38400, 8, Parity::none, 1, FlowControl::none};
  p.refusal_style = RefusalStyle::readback;
  p.capabilities = {"single_pulse", "train", "train_sequence",
                    "temperature",  "raw",   "magventure_frames"};
  p.limits = {limit(Parameter::power, 0, 100, 1, "%"),
              limit(Parameter::frequency, 0.1, variant == "r30" ? 30.0 : 100.0, 0.1, "Hz"),
              limit(Parameter::pulses, 1, 1000, 1, "pulses"),
              limit(Parameter::train_count, 1, 500, 1, "trains"),
              limit(Parameter::train_iti, 0.1, 120, 0.1, "s")};
  p.keepalive_timeout_s = 0;
  p.ready_delay_s = 0;
  return p;
}

class MagventureDialectTest : public ::testing::Test {
 protected:
  explicit MagventureDialectTest(DeviceProfile profile = magpro(), MockOptions options = {})
      : device(MockStimulator::create(std::move(profile), std::move(options)).value()),
        dialect(make_magventure_dialect(device)) {}

  // Every reply parsed; a frame that does not parse fails the test.
  std::vector<mv::Message> send(const Bytes& bytes) {
    std::vector<mv::Message> out;
    for (const Bytes& f : dialect->on_bytes(bytes, clock.now_ns())) {
      auto payload = mv::decode_frame(f);
      EXPECT_TRUE(payload.ok()) << to_hex(f);
      if (!payload) continue;
      auto m = mv::parse_message(*payload);
      EXPECT_TRUE(m.ok()) << to_hex(f);
      if (m) out.push_back(*m);
    }
    return out;
  }
  template <class T>
  T only(const std::vector<mv::Message>& replies) {
    EXPECT_EQ(replies.size(), 1u);
    if (replies.size() != 1 || !std::holds_alternative<T>(replies[0])) {
      ADD_FAILURE() << "expected one message of the right type";
      return T{};
    }
    return std::get<T>(replies[0]);
  }
  void wait_s(double s) { clock.advance_ns(static_cast<std::int64_t>(s * 1e9)); }
  void show_timing_page() { ASSERT_EQ(only<mv::PageMessage>(send(frame("07 02 00"))).page, 2); }

  FakeClock clock{1'000'000'000};
  MockStimulator device;
  std::unique_ptr<MockDialect> dialect;
};

TEST(MagventureGolden, CrcCheckValueAndWorkedExample) {
  EXPECT_EQ(mv::crc8(to_bytes("123456789")), 0xA1);
  EXPECT_EQ(mv::crc8(hex("01")), 0x5E);
  EXPECT_EQ(to_hex(frame("01 3C")), "FE 02 01 3C D9 FF");
}

TEST_F(MagventureDialectTest, GoldenFramesOfTheSheet) {
  auto amp = only<mv::AmplitudeMessage>(send(hex("FE 02 01 3C D9 FF")));
  EXPECT_EQ(amp.a, 60);
  EXPECT_EQ(device.parameter(Parameter::power), 60);

  auto st = only<mv::StatusMessage>(send(hex("FE 01 00 00 FF")));
  EXPECT_EQ(st.serial, 123456u);
  EXPECT_EQ(st.amplitude_a, 60);
  EXPECT_EQ(st.coil_type, 60);
  EXPECT_EQ(st.coil_temperature_c, 24);
  EXPECT_EQ(st.status,
            (mv::StatusByte{mv::Mode::standard, mv::Waveform::biphasic, false, mv::Model::r30}));

  EXPECT_TRUE(only<mv::AmplitudeMessage>(send(hex("FE 02 02 01 CF FF"))).status.enabled);
  EXPECT_EQ(device.state(), MockState::ready);

  auto didt = only<mv::DidtMessage>(send(hex("FE 02 03 01 0B FF")));
  EXPECT_EQ(didt.a, 84);  // invented model: 1.4 A/µs per % at 60 %
  wait_s(0.1);
  EXPECT_EQ(only<mv::DidtMessage>(send(hex("FE 01 03 E2 FF"))).a, 84);
  EXPECT_EQ(device.pulses_delivered(), 2u);

  auto long_status = only<mv::LongStatusMessage>(send(hex("FE 01 05 3F FF")));
  EXPECT_EQ(long_status.page, 1);
  EXPECT_FALSE(long_status.train_running);
  EXPECT_EQ(long_status.amplitude_factor_a, 100);

  auto wave = only<mv::WaveformMessage>(send(hex("FE 02 09 00 B2 FF")));
  EXPECT_EQ(wave.model, mv::Model::r30);
  EXPECT_EQ(wave.waveform, mv::Waveform::biphasic);

  show_timing_page();
  auto started = send(hex("FE 01 04 61 FF"));
  ASSERT_GE(started.size(), 2u);  // message 8, then the first pulse's di/dt
  EXPECT_TRUE(std::get<mv::PageMessage>(started[0]).train_running);
  EXPECT_TRUE(std::holds_alternative<mv::DidtMessage>(started[1]));

  EXPECT_FALSE(only<mv::AmplitudeMessage>(send(hex("FE 02 02 00 91 FF"))).status.enabled);
  EXPECT_EQ(device.state(), MockState::standby);
  EXPECT_FALSE(device.train_running());
}

TEST_F(MagventureDialectTest, SplitAndConcatenatedCommands) {
  Bytes both = concat({frame("01 28"), frame("00")});
  EXPECT_TRUE(send(Bytes(both.begin(), both.begin() + 3)).empty());
  auto replies = send(Bytes(both.begin() + 3, both.end()));
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(std::get<mv::AmplitudeMessage>(replies[0]).a, 40);
  EXPECT_EQ(std::get<mv::StatusMessage>(replies[1]).amplitude_a, 40);
  for (std::uint8_t b : frame("05")) {
    auto r = send(Bytes{b});
    EXPECT_EQ(r.size(), b == 0xFF ? 1u : 0u);
  }
}

TEST_F(MagventureDialectTest, BadCrcTerminatorGarbageAndUnknownIdsAreIgnored) {
  Bytes bad_crc = frame("01 50");
  bad_crc[3] ^= 0x01;
  EXPECT_TRUE(send(bad_crc).empty());
  Bytes bad_end = frame("01 50");
  bad_end.back() = 0x00;
  EXPECT_TRUE(send(bad_end).empty());
  EXPECT_TRUE(send(frame("7E 01")).empty());  // unknown command ID
  EXPECT_EQ(device.parameter(Parameter::power), 30);
  // Garbage (with a stray FE and an FF) right before a good frame: the frame still counts.
  auto r = send(concat({hex("00 FE FF 13 37"), frame("01 50")}));
  EXPECT_EQ(only<mv::AmplitudeMessage>(r).a, 80);
}

TEST_F(MagventureDialectTest, OutOfRangeAmplitudeIsKept) {
  send(frame("01 3C"));
  for (std::uint8_t bad : {101, 200, 255}) {
    EXPECT_EQ(only<mv::AmplitudeMessage>(send(frame(to_hex(Bytes{0x01, bad})))).a, 60);
  }
  EXPECT_EQ(device.parameter(Parameter::power), 60);
  EXPECT_EQ(only<mv::AmplitudeMessage>(send(frame("01 64"))).a, 100);
}

TEST_F(MagventureDialectTest, TimingIsClampedToTheLimits) {
  show_timing_page();
  // 35.0 pps (R30 max 30), 0 pulses, 600 trains, ITI 0.
  auto ack = only<mv::PageMessage>(send(frame("06 01 5E 00 00 02 58 00 00")));
  EXPECT_EQ(ack.page, 2);
  EXPECT_DOUBLE_EQ(*device.parameter(Parameter::frequency), 30);
  EXPECT_DOUBLE_EQ(*device.parameter(Parameter::pulses), 1);
  EXPECT_DOUBLE_EQ(*device.parameter(Parameter::train_count), 500);
  EXPECT_DOUBLE_EQ(*device.parameter(Parameter::train_iti), 0.1);
  auto t = only<mv::TimingMessage>(send(frame("0B 00")));
  EXPECT_EQ(t.train, (mv::TrainSettings{300, 1, 500, 1}));
  EXPECT_EQ(t.ramp_up_hundredths, 100);
  // In range: stored exactly.
  only<mv::PageMessage>(send(frame("06 00 CD 03 E8 00 02 04 B0")));
  EXPECT_EQ(only<mv::TimingMessage>(send(frame("0B 00"))).train,
            (mv::TrainSettings{205, 1000, 2, 1200}));
}

TEST(MagventureDialectX100, ModelAndRateLimitFollowTheVariant) {
  FakeClock clock{1};
  MockStimulator device = MockStimulator::create(magpro("x100")).value();
  auto dialect = make_magventure_dialect(device);
  auto on = [&](std::string_view payload) {
    auto replies = dialect->on_bytes(frame(payload), clock.now_ns());
    EXPECT_EQ(replies.size(), 1u) << payload;
    return replies.empty() ? Bytes{} : mv::decode_frame(replies[0]).value();
  };
  EXPECT_EQ(mv::decode_status_byte(on("00")[1]).model, mv::Model::x100);
  on("07 02 00");
  on("06 03 E8 00 0A 00 01 00 32");  // 100 pps: inside the X100's limit
  EXPECT_DOUBLE_EQ(*device.parameter(Parameter::frequency), 100);
}

TEST_F(MagventureDialectTest, FireWhileDisabledIsSilent) {
  EXPECT_TRUE(send(frame("03 01")).empty());
  EXPECT_TRUE(send(frame("03")).empty());
  EXPECT_EQ(device.pulses_delivered(), 0u);
}

TEST_F(MagventureDialectTest, TrainAndPageTwoRule) {
  // Off the Timing page, 06 and 04 are ignored: no reply, nothing changes.
  EXPECT_TRUE(send(frame("06 00 64 00 05 00 01 00 0A")).empty());
  EXPECT_DOUBLE_EQ(*device.parameter(Parameter::frequency), 10);
  EXPECT_DOUBLE_EQ(*device.parameter(Parameter::pulses), 10);
  send(frame("02 01"));
  EXPECT_TRUE(send(frame("04")).empty());
  EXPECT_FALSE(device.train_running());

  show_timing_page();
  only<mv::PageMessage>(send(frame("06 00 64 00 05 00 01 00 0A")));  // 10 pps, 5 pulses
  auto started = send(frame("04"));
  ASSERT_EQ(started.size(), 2u);
  EXPECT_TRUE(std::get<mv::PageMessage>(started[0]).train_running);
  EXPECT_EQ(device.state(), MockState::firing);

  wait_s(1.0);  // the other 4 pulses; their di/dt messages precede the next reply
  auto later = send(frame("05"));
  ASSERT_EQ(later.size(), 5u);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(std::holds_alternative<mv::DidtMessage>(later[i]));
  auto st = std::get<mv::LongStatusMessage>(later[4]);
  EXPECT_FALSE(st.train_running);
  EXPECT_TRUE(st.base.status.enabled);
  EXPECT_EQ(device.pulses_delivered(), 5u);
}

TEST_F(MagventureDialectTest, StartWhileDisabledReportsNoTrain) {
  show_timing_page();
  auto r = only<mv::PageMessage>(send(frame("04")));
  EXPECT_FALSE(r.train_running);
  EXPECT_FALSE(r.status.enabled);
}

class MagventureDefectTest : public MagventureDialectTest {
 protected:
  MagventureDefectTest() : MagventureDialectTest(magpro(), options()) {}
  static MockOptions options() {
    MockOptions o;
    o.defects = {MockDefect::disarm_ack_stays_armed, MockDefect::power_above_max};
    return o;
  }
};

TEST_F(MagventureDefectTest, FaultyBuildsShowOnTheWire) {
  send(frame("02 01"));
  EXPECT_TRUE(only<mv::AmplitudeMessage>(send(frame("02 00"))).status.enabled);
  EXPECT_EQ(only<mv::AmplitudeMessage>(send(frame("01 65"))).a, 101);
}

TEST_F(MagventureDialectTest, EveryTrainPulseGetsItsDidtOnTheTickNoneIsDropped) {
  send(frame("02 01"));
  show_timing_page();
  only<mv::PageMessage>(send(frame("06 00 C8 00 C8 00 01 00 0A")));  // 20 pps, 200 pulses
  EXPECT_EQ(send(frame("04")).size(), 2u);                           // message 8, pulse 1
  wait_s(0.5);  // pulses 2..11 are due; the device says so unasked
  auto ticked = dialect->on_tick(clock.now_ns());
  EXPECT_EQ(ticked.size(), 10u);
  EXPECT_TRUE(dialect->on_tick(clock.now_ns()).empty());
  wait_s(20);  // the other 189 at once: 64 per call, the rest wait their turn
  std::size_t reported = 11;
  for (int call = 0; call < 4; ++call) {
    auto burst = dialect->on_tick(clock.now_ns());
    EXPECT_LE(burst.size(), 64u);
    reported += burst.size();
  }
  EXPECT_EQ(reported, 200u);
  EXPECT_EQ(device.pulses_delivered(), 200u);
}

class MagventureMinimalTest : public MagventureDialectTest {
 protected:
  MagventureMinimalTest() : MagventureDialectTest(magpro(), options()) {}
  static MockOptions options() {
    MockOptions o;
    o.minimal_replies = true;
    return o;
  }
};

TEST_F(MagventureMinimalTest, TrainStartGetsOnlyItsDidtAndARefusedAmplitudeNothing) {
  EXPECT_EQ(only<mv::AmplitudeMessage>(send(frame("01 3C"))).a, 60);  // accepted: message 1
  EXPECT_TRUE(send(frame("01 65")).empty());                          // 101 refused: silence
  EXPECT_EQ(only<mv::StatusMessage>(send(frame("00"))).amplitude_a, 60);
  show_timing_page();
  EXPECT_TRUE(send(frame("04")).empty());  // disabled: no train, no pulse, nothing
  send(frame("02 01"));
  only<mv::DidtMessage>(send(frame("04")));
  EXPECT_TRUE(only<mv::LongStatusMessage>(send(frame("05"))).train_running);
}

TEST(MagventureMinimal, OnlyForTheMagventureFamily) {
  DeviceProfile p = magpro();
  p.family = "reference";
  MockOptions o;
  o.minimal_replies = true;
  auto m = MockStimulator::create(p, o);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::invalid_input);
  EXPECT_NE(m.error().message.find("minimal_replies"), std::string::npos);
}

class MagventureTrainDefectTest : public MagventureDialectTest {
 protected:
  MagventureTrainDefectTest() : MagventureDialectTest(magpro(), options()) {}
  static MockOptions options() {
    MockOptions o;
    o.defects = {MockDefect::train_continues_after_disable};
    return o;
  }
};

TEST_F(MagventureTrainDefectTest, ADisableAnswersDisabledButTheTrainRunsOn) {
  send(frame("02 01"));
  show_timing_page();
  only<mv::PageMessage>(send(frame("06 00 64 00 14 00 01 00 0A")));  // 10 pps, 20 pulses
  send(frame("04"));
  wait_s(0.45);
  auto off = send(frame("02 00"));
  ASSERT_EQ(off.size(), 5u);  // pulses 2..5, then the acknowledgement
  EXPECT_FALSE(std::get<mv::AmplitudeMessage>(off[4]).status.enabled);
  EXPECT_EQ(device.state(), MockState::standby);
  wait_s(0.3);
  auto later = send(frame("05"));
  ASSERT_EQ(later.size(), 4u);
  EXPECT_FALSE(std::get<mv::DidtMessage>(later[0]).status.enabled);  // a pulse, "disabled"
  auto st = std::get<mv::LongStatusMessage>(later[3]);
  EXPECT_TRUE(st.train_running);
  EXPECT_FALSE(st.base.status.enabled);
  wait_s(2);
  send(frame("00"));
  EXPECT_EQ(device.pulses_delivered(), 20u);
  EXPECT_FALSE(device.train_running());
  EXPECT_EQ(device.state(), MockState::standby);  // the ended train does not make it ready
}

TEST_F(MagventureTrainDefectTest, ADisableWithoutATrainStillDisables) {
  send(frame("02 01"));
  EXPECT_FALSE(only<mv::AmplitudeMessage>(send(frame("02 00"))).status.enabled);
  EXPECT_EQ(device.state(), MockState::standby);
}

}  // namespace
}  // namespace stimbench
