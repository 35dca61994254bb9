// Shared helpers for the mock's tests: the reference profile in code and a device driven
// by a fake clock.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

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
  p.capabilities = {"remote",
                    "keepalive",
                    "single_pulse",
                    "train",
                    "train_duration",
                    "train_sequence",
                    "temperature",
                    "raw",
                    "reference_protocol",
                    "theta_burst",
                    "coil_temperature_hook",
                    "frequency_cap",
                    "post_train_lockout",
                    "arming_state"};
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

// The reference profile plus the optional device data of issue #3: a small cap table
// (boundaries at 30/31 and 60/61 %), a 0.5 s post-train lockout, a 40 C cut-off and the
// burst parameters.
inline DeviceProfile capped_profile() {
  DeviceProfile p = reference_profile();
  p.limits.push_back({Parameter::burst_pulses, 1, 5, 1, "pulses"});
  p.limits.push_back({Parameter::burst_frequency, 1, 100, 0.1, "Hz"});
  FrequencyCapTable cap;
  cap.rows = {{0, 30, 50}, {31, 60, 25}, {61, 100, 15}};
  p.frequency_cap = cap;
  p.lockout = LockoutRule{0.5, EnforcedBy::device, {}};
  p.coil_temperature_limit = ThermalLimit{40.0, EnforcedBy::device, {}};
  return p;
}

inline MockOptions with_defects(std::vector<MockDefect> defects) {
  MockOptions o;
  o.defects = std::move(defects);
  return o;
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
  double number(std::string_view query) {
    std::optional<double> v = reference::parse_number(send(query));
    EXPECT_TRUE(v.has_value()) << query;
    return v.value_or(-1);
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
