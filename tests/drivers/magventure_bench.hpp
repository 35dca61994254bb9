// The MagPro driver's test bench: a scripted transport on a fake clock, a frame recorder
// and a fixture holding a driver for the R30 profile.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>

#include "devices/drivers/magventure_driver.hpp"
#include "devices/protocols/magventure/codec.hpp"
#include "tests/support/hex.hpp"
#include "tests/support/scripted_transport.hpp"

namespace stimbench::test {

namespace mv = magventure;

// A whole frame for a payload given in hex.
inline Bytes frame(std::string_view payload) {
  return mv::encode_frame(hex(payload)).value();
}

inline DeviceProfile magpro_profile() {
  DeviceProfile p;
  p.name = "magventure-magpro-r30";
  p.family = "magventure";
  p.variant = "r30";
  p.refusal_style = RefusalStyle::readback;
  return p;
}

struct Recorder final : FrameObserver {
  void on_frame(const FrameEvent& f) override { events.push_back(f); }
  int count(FrameDirection d, std::string_view prefix) const {
    int n = 0;
    for (const FrameEvent& e : events) n += e.direction == d && e.decoded.rfind(prefix, 0) == 0;
    return n;
  }
  std::vector<FrameEvent> events;
};

class MagventureDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    driver = make_magventure_driver(wire, clock, magpro_profile());
    ASSERT_NE(driver, nullptr);
    driver->set_observer(&seen);
  }
  std::string sent(std::size_t i) const {
    if (i >= wire.writes.size()) return "<nothing>";
    return to_hex(wire.writes[i]);
  }
  std::string timing(int rr, int pit, int not_, int iti) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "0B 00 00 %02X %02X %02X %02X %02X %02X %02X %02X 00 64 00",
                  rr >> 8, rr & 0xFF, pit >> 8, pit & 0xFF, not_ >> 8, not_ & 0xFF, iti >> 8,
                  iti & 0xFF);
    return buf;
  }

  FakeClock clock{1'000'000'000};
  ScriptedTransport wire{clock, 1'000'000, 2'000'000};  // 1 ms per write, 2 ms per read
  Recorder seen;
  std::unique_ptr<StimulatorDriver> driver;
};

}  // namespace stimbench::test
