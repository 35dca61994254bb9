// Status bits and the data of query replies.
#include <gtest/gtest.h>

#include <string>

#include "devices/protocols/magstim/codec.hpp"

namespace stimbench::magstim {
namespace {

Reply ok_reply(char command, const std::string& body, Version version = {}) {
  return parse_reply(command, frame(body), version).value();
}

TEST(MagstimStatus, InstrumentBits) {
  InstrumentStatus s = decode_instrument_status(0x89);
  EXPECT_TRUE(s.remote && s.coil_present && s.standby);
  EXPECT_FALSE(s.armed || s.ready || s.replace_coil || s.error_present || s.error_fatal);
  for (int b = 0; b < 256; ++b) {
    EXPECT_EQ(encode_instrument_status(decode_instrument_status(b)), b);
    EXPECT_EQ(encode_rapid_status(decode_rapid_status(b)), b);
  }
  EXPECT_TRUE(decode_instrument_status(0x40).error_fatal);
}

TEST(MagstimStatus, RapidBits) {
  RapidStatus r = decode_rapid_status(0x26);
  EXPECT_TRUE(r.train && r.wait && r.coil_ready);
  EXPECT_FALSE(r.enhanced_power || r.single_pulse || r.hv_psu || r.theta_psu ||
               r.modified_coil_algorithm);
  EXPECT_TRUE(decode_rapid_status(0x80).modified_coil_algorithm);
}

TEST(MagstimStatus, ExtendedFlagsLiveInTheLsb) {
  ExtendedStatus e = decode_extended_status(0x00, 0x07);
  EXPECT_EQ(e.word, 0x0007);
  EXPECT_TRUE(e.plus1_module() && e.special_trigger() && e.charge_delay_set());
  ExtendedStatus msb_only = decode_extended_status(0x03, 0x00);
  EXPECT_EQ(msb_only.word, 0x0300);
  EXPECT_FALSE(msb_only.plus1_module() || msb_only.special_trigger());
}

TEST(MagstimValues, StatusOnlyReplies) {
  Result<StatusReply> q = parse_status_reply(ok_reply('Q', "Q\x89"));
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->instrument.remote);
  EXPECT_FALSE(q->rapid.has_value());
  Result<StatusReply> b = parse_status_reply(ok_reply('B', "B\x8A\x08"));
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(b->rapid.has_value());
  EXPECT_TRUE(b->rapid->single_pulse);
  EXPECT_FALSE(parse_status_reply(ok_reply('J',
                                           "J\x89"
                                           "050000000"))
                   .ok());
  Reply refused = parse_reply('@', frame("@S")).value();
  EXPECT_EQ(parse_status_reply(refused).error().code, ErrorCode::invalid_input);
}

TEST(MagstimValues, RapidParametersPerVersion) {
  const std::string head = std::string("\\\x89\x08") + "065" + "0105";
  Result<RapidParameters> v6 =
      parse_rapid_parameters(ok_reply('\\', head + "0250" + "100" + "200"), Version{6, 0, 0, 2});
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_EQ(v6->power, 65);
  EXPECT_EQ(v6->frequency_tenths, 105);
  EXPECT_EQ(v6->pulses, 250);
  EXPECT_EQ(v6->duration_tenths, 100);
  EXPECT_EQ(v6->wait_tenths, 200);
  EXPECT_TRUE(v6->rapid.single_pulse);

  Version v7{7, 2, 0, 2};
  Result<RapidParameters> p7 =
      parse_rapid_parameters(ok_reply('\\', head + "0250" + "100" + "1200", v7), v7);
  ASSERT_TRUE(p7.ok());
  EXPECT_EQ(p7->wait_tenths, 1200);

  Version v9{9, 0, 0, 3};
  Result<RapidParameters> p9 =
      parse_rapid_parameters(ok_reply('\\', head + "06000" + "1000" + "0005", v9), v9);
  ASSERT_TRUE(p9.ok());
  EXPECT_EQ(p9->pulses, 6000);
  EXPECT_EQ(p9->duration_tenths, 1000);
  EXPECT_EQ(p9->wait_tenths, 5);
  // The same reply read with the wrong version is a length violation.
  Reply long_reply = ok_reply('\\', head + "06000" + "1000" + "0005", v9);
  EXPECT_EQ(parse_rapid_parameters(long_reply, v7).error().code, ErrorCode::protocol_violation);
}

TEST(MagstimValues, NonDigitsAreViolations) {
  Result<Parameters> j = parse_parameters(ok_reply('J',
                                                   "J\x89"
                                                   "05x000000"));
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.error().code, ErrorCode::protocol_violation);
  EXPECT_NE(j.error().message.find("non-digit at data byte 3"), std::string::npos);
}

TEST(MagstimValues, ParametersTemperaturesAndErrorCode) {
  Result<Parameters> j = parse_parameters(ok_reply('J',
                                                   "J\x89"
                                                   "065040100"));
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->power_a, 65);
  EXPECT_EQ(j->power_b, 40);
  EXPECT_EQ(j->ipi, 100);

  Result<Temperatures> f = parse_temperatures(ok_reply('F',
                                                       "F\x89"
                                                       "253401"));
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->coil1_tenths, 253);
  EXPECT_EQ(f->coil2_tenths, 401);

  Result<ErrorCodeReply> i = parse_error_code(ok_reply('I',
                                                       "I\xA9"
                                                       "C07"));
  ASSERT_TRUE(i.ok());
  EXPECT_EQ(i->source, 'C');
  EXPECT_EQ(i->code, 7);
  EXPECT_TRUE(i->instrument.error_present);
  EXPECT_FALSE(parse_error_code(ok_reply('I',
                                         "I\x89"
                                         "Z07"))
                   .ok());
}

TEST(MagstimValues, VersionText) {
  Result<Version> v = parse_version(ok_reply('N', std::string("NV9.0.0\0", 8)));
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(*v, (Version{9, 0, 0, 3}));
  EXPECT_EQ(to_string(*v), "9.0.0");
  EXPECT_EQ(parse_version_text("V10.2").value(), (Version{10, 2, 0, 2}));
  EXPECT_EQ(to_string(Version{10, 2, 0, 2}), "10.2");
  for (const char* bad : {"", "9.0", "V9", "V9.", "V.0", "V9.0.0.1", "V9,0", "V9.0 "}) {
    EXPECT_FALSE(parse_version_text(bad).ok()) << bad;
  }
  EXPECT_TRUE((Version{9, 0, 0, 2}).at_least(9));
  EXPECT_FALSE((Version{8, 9, 0, 2}).at_least(9));
}

TEST(MagstimValues, SystemStatusBiStimModeAndChargeDelay) {
  Result<SystemStatus> x = parse_system_status(ok_reply('x', std::string("x\x8A\x20\x00\x01", 5)));
  ASSERT_TRUE(x.ok());
  EXPECT_TRUE(x->instrument.armed);
  EXPECT_TRUE(x->rapid.coil_ready);
  EXPECT_TRUE(x->extended.plus1_module());

  Result<BiStimModeReply> master = parse_bistim_mode(ok_reply('X',
                                                              "X\x89"
                                                              "4"));
  ASSERT_TRUE(master.ok());
  EXPECT_EQ(master->mode, BiStimMode::high_resolution);
  EXPECT_FALSE(master->slave);
  Result<BiStimModeReply> slave = parse_bistim_mode(ok_reply('X',
                                                             "X\x89"
                                                             "R"));
  ASSERT_TRUE(slave.ok());
  EXPECT_EQ(slave->mode, BiStimMode::low_resolution);
  EXPECT_TRUE(slave->slave);
  EXPECT_FALSE(parse_bistim_mode(ok_reply('X',
                                          "X\x89"
                                          "9"))
                   .ok());

  Result<ChargeDelay> d9 = parse_charge_delay(ok_reply('o',
                                                       "o\x89"
                                                       "2000",
                                                       Version{9, 0, 0, 2}));
  ASSERT_TRUE(d9.ok());
  EXPECT_EQ(d9->ms, 2000);
  Result<ChargeDelay> d10 = parse_charge_delay(ok_reply('o',
                                                        "o\x89"
                                                        "10000",
                                                        Version{10, 0, 0, 2}));
  ASSERT_TRUE(d10.ok());
  EXPECT_EQ(d10->ms, 10000);
}

}  // namespace
}  // namespace stimbench::magstim
