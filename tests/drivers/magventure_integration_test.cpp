// The MagPro driver against the mock's MagPro dialect over a real pseudo-terminal, opened
// as a serial port at 38400 8N1: the whole stack a bench run uses, minus the hardware.
#include <gtest/gtest.h>

#include <thread>

#include "devices/core/clock.hpp"
#include "devices/drivers/magventure_driver.hpp"
#include "devices/mock/mock_server.hpp"
#include "devices/transport/serial_transport.hpp"
#include "tests/mock/mock_test_io.hpp"
#include "tests/support/test_permits.hpp"

namespace stimbench {
namespace {

using namespace std::chrono_literals;

// Mirrors fixtures/profiles/magventure-magpro-r30.yaml (the loader lives above the devices).
ParameterLimit limit(Parameter p, double min, double max, double step, std::string unit) {
  ParameterLimit l;
  l.parameter = p;
  l.min = min;
  l.max = max;
  l.step = step;
  l.unit = std::move(unit);
  return l;
}

DeviceProfile magpro_r30() {
  DeviceProfile p;
  p.name = "magventure-magpro-r30";
  p.family = "magventure";
  p.variant = "r30";
  p.identity = {"MagVenture", "MagPro R30", "123456", ""};
  p.serial = SerialSettings{38400, 8, Parity::none, 1, FlowControl::none};
  p.refusal_style = RefusalStyle::readback;
  p.limits = {limit(Parameter::power, 0, 100, 1, "%"),
              limit(Parameter::frequency, 0.1, 30, 0.1, "Hz"),
              limit(Parameter::pulses, 1, 1000, 1, "pulses"),
              limit(Parameter::train_count, 1, 500, 1, "trains"),
              limit(Parameter::train_iti, 0.1, 120, 0.1, "s")};
  p.keepalive_timeout_s = 0;
  p.ready_delay_s = 0;
  return p;
}

struct Recorder final : FrameObserver {
  void on_frame(const FrameEvent& f) override { events.push_back(f); }
  int count(std::string_view prefix) const {
    int n = 0;
    for (const FrameEvent& e : events) n += e.decoded.rfind(prefix, 0) == 0;
    return n;
  }
  std::vector<FrameEvent> events;
};

class MagventureOverPty : public ::testing::Test {
 protected:
  void SetUp() override {
    MockServerOptions options;
    options.line_rate_baud = 38400;
    server = std::make_unique<MockServer>(server_io, monotonic_clock(),
                                          MockStimulator::create(magpro_r30()).value(), options);
    Result<std::string> uri = server->open_pty();
    ASSERT_TRUE(uri.ok()) << uri.error().message;
    runner.start();
    auto port = open_serial(client_io, monotonic_clock(), nullptr,
                            uri->substr(std::string("serial://").size()), magpro_r30().serial);
    ASSERT_TRUE(port.ok()) << port.error().message;
    transport = std::move(port).value();
    driver = make_magventure_driver(*transport, monotonic_clock(), magpro_r30());
    ASSERT_NE(driver, nullptr);
    driver->set_observer(&seen);
    driver->set_reply_timeout(500ms);
  }
  void TearDown() override {
    driver.reset();
    if (transport) transport->close();
    runner.stop();
    server.reset();
  }

  double value_of(Parameter p) {
    auto r = driver->get(p);
    EXPECT_TRUE(r.ok()) << to_string(p) << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() && r->value ? *r->value : -1;
  }
  DeviceState state() {
    auto r = driver->status();
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->status->state : DeviceState::unknown;
  }

  boost::asio::io_context server_io;
  boost::asio::io_context client_io;
  std::unique_ptr<MockServer> server;
  test::IoThread runner{server_io};
  std::unique_ptr<Transport> transport;
  std::unique_ptr<StimulatorDriver> driver;
  Recorder seen;
};

TEST_F(MagventureOverPty, IdentifySetGetRefuseFireTrainDisable) {
  auto id = driver->identify();
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(id->identity->maker, "MagVenture");
  EXPECT_EQ(id->identity->model, "MagPro R30");
  EXPECT_EQ(id->identity->serial, "123456");
  EXPECT_TRUE(driver->set_remote(true)->accepted);

  struct Case {
    Parameter p;
    double v;
  };
  for (Case c :
       {Case{Parameter::power, 60}, Case{Parameter::frequency, 20.5}, Case{Parameter::pulses, 100},
        Case{Parameter::train_count, 3}, Case{Parameter::train_iti, 2.5}}) {
    auto r = driver->set(c.p, c.v);
    ASSERT_TRUE(r.ok()) << to_string(c.p) << ": " << r.error().message;
    EXPECT_TRUE(r->accepted) << to_string(c.p) << ": " << r->text;
    EXPECT_DOUBLE_EQ(value_of(c.p), c.v) << to_string(c.p);
  }

  // Refused by read-back: the amplitude is kept, the rate clamped to the R30's 30 pps.
  auto amp = driver->set(Parameter::power, 101);
  ASSERT_TRUE(amp.ok()) << amp.error().message;
  EXPECT_FALSE(amp->accepted);
  EXPECT_EQ(amp->refusal->text, "device kept/clamped amplitude at 60 (requested 101)");
  EXPECT_DOUBLE_EQ(value_of(Parameter::power), 60);
  auto rate = driver->set(Parameter::frequency, 31);
  ASSERT_TRUE(rate.ok()) << rate.error().message;
  EXPECT_FALSE(rate->accepted);
  EXPECT_DOUBLE_EQ(*rate->value, 30);

  // Disabled: a fire gets silence, which is a refusal.
  EXPECT_EQ(state(), DeviceState::standby);
  auto dry = driver->fire(test_permit(Stimulation::fire));
  ASSERT_TRUE(dry.ok()) << dry.error().message;
  EXPECT_FALSE(dry->accepted);
  EXPECT_EQ(dry->refusal->code, 2);

  auto armed = driver->arm(test_permit(Stimulation::arm));
  ASSERT_TRUE(armed.ok()) << armed.error().message;
  EXPECT_TRUE(armed->accepted);
  EXPECT_EQ(state(), DeviceState::ready);
  auto fired = driver->fire(test_permit(Stimulation::fire));
  ASSERT_TRUE(fired.ok()) << fired.error().message;
  EXPECT_TRUE(fired->accepted);
  EXPECT_NE(fired->text.find("di/dt: A 84"), std::string::npos) << fired->text;

  // 10 pulses at 20 pps, one train: about half a second.
  ASSERT_TRUE(driver->set(Parameter::frequency, 20)->accepted);
  ASSERT_TRUE(driver->set(Parameter::pulses, 10)->accepted);
  ASSERT_TRUE(driver->set(Parameter::train_count, 1)->accepted);
  auto train = driver->start_train(test_permit(Stimulation::train));
  ASSERT_TRUE(train.ok()) << train.error().message;
  EXPECT_TRUE(train->accepted) << train->text;
  EXPECT_EQ(state(), DeviceState::firing);
  DeviceState now = DeviceState::firing;
  for (int i = 0; i < 40 && now == DeviceState::firing; ++i) {
    real_sleep(100ms);
    now = state();
  }
  EXPECT_EQ(now, DeviceState::ready);
  ASSERT_TRUE(driver->keepalive().ok());
  EXPECT_EQ(seen.count("unsolicited message 2 di/dt"), 10);  // one per train pulse

  auto off = driver->disarm();
  ASSERT_TRUE(off.ok()) << off.error().message;
  EXPECT_TRUE(off->accepted);
  EXPECT_EQ(state(), DeviceState::standby);
  EXPECT_EQ(seen.count("garbage"), 0);
}

}  // namespace
}  // namespace stimbench
