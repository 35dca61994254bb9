// Shared helpers for the mock's tests: the reference profile in code and a device driven
// by a fake clock.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <string_view>

#include "devices/core/clock.hpp"
#include "devices/core/profile.hpp"
#include "devices/mock/mock_stimulator.hpp"
#include "devices/protocols/reference/codec.hpp"

namespace stimbench::test {

// Mirrors fixtures/profiles/reference.yaml (the loader lives above the mock).
inline DeviceProfile reference_profile() {
  DeviceProfile p;
  p.name = "reference";
  p.family = "reference";
  p.identity = DeviceIdentity{"stimbench", "REF-1", "SB-0001", "1.0.0"};
  p.limits = {
      {Parameter::power, 0, 100, 1, "%"},        {Parameter::frequency, 0.1, 100, 0.1, "Hz"},
      {Parameter::pulses, 1, 6000, 1, "pulses"}, {Parameter::train_duration, 0.1, 100, 0.1, "s"},
      {Parameter::train_iti, 1, 300, 0.1, "s"},  {Parameter::train_count, 1, 500, 1, "trains"},
  };
  p.keepalive_timeout_s = 1.0;
  p.ready_delay_s = 0.3;
  p.coil_temperature_c = 24.0;
  return p;
}

inline MockStimulator make_mock(DeviceProfile profile = reference_profile(),
                                MockOptions options = {}) {
  Result<MockStimulator> mock = MockStimulator::create(std::move(profile), options);
  if (!mock) ADD_FAILURE() << mock.error().message;
  return std::move(mock).value();
}

// The SCPI code of an ERR reply, 0 for anything else.
inline int err_code(const std::string& reply) {
  Result<reference::ReplyLine> parsed = reference::parse_reply(reply);
  if (!parsed || parsed->kind != reference::ReplyLine::Kind::error) return 0;
  return parsed->error_code;
}

// A mock at a fake time, spoken to line by line.
class Bench {
 public:
  explicit Bench(DeviceProfile profile = reference_profile(), MockOptions options = {})
      : clock(1'000'000'000), mock(make_mock(std::move(profile), options)) {
    mock.tick(clock.now_ns());
  }

  std::string send(std::string_view line) { return mock.handle_line(line, clock.now_ns()); }
  // Advances the fake clock and lets the device see the time pass.
  void wait_s(double seconds) {
    clock.advance_ns(std::llround(seconds * 1e9));
    mock.tick(clock.now_ns());
  }
  // Remote on and armed, then past the ready delay; ends with a STAT? so the watchdog
  // was fed at the moment the device became ready.
  void make_ready() {
    ASSERT_EQ(send("SYST:REM ON"), "OK");
    ASSERT_EQ(send("OUTP:ARM"), "OK");
    wait_s(mock.profile().ready_delay_s / mock.options().time_scale);
    ASSERT_EQ(mock.state(), MockState::ready);
    ASSERT_EQ(send("STAT?").rfind("READY", 0), 0u);
  }
  reference::StatusLine status() {
    Result<reference::StatusLine> s = reference::parse_status_line(send("STAT?"));
    EXPECT_TRUE(s.ok());
    return s ? *s : reference::StatusLine{};
  }

  FakeClock clock;
  MockStimulator mock;
};

}  // namespace stimbench::test
