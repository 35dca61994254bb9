// The Magstim driver against the mock's Magstim dialect through a MockServer: in-process
// socket pair for most flows, a real pseudo-terminal opened as a serial port for one.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <thread>

#include "devices/core/clock.hpp"
#include "devices/drivers/magstim_driver.hpp"
#include "devices/mock/magstim_dialect.hpp"
#include "devices/mock/mock_server.hpp"
#include "devices/transport/inprocess_transport.hpp"
#include "devices/transport/serial_transport.hpp"
#include "tests/drivers/magstim_test_profiles.hpp"
#include "tests/mock/mock_test_io.hpp"
#include "tests/support/test_permits.hpp"
#include "tests/support/wall_time.hpp"

namespace stimbench::test {
namespace {

using namespace std::chrono_literals;

// Device time runs 5x faster: keep-alive 200 ms, ready 60 ms, single-pulse gap 200 ms.
constexpr double kTimeScale = 5.0;

MockServerOptions magstim_server() {
  MockServerOptions options;
  options.make_dialect = [](MockStimulator& device) { return make_magstim_dialect(device); };
  return options;
}

class Bench {
 public:
  explicit Bench(const DeviceProfile& profile, MockOptions mock = {},
                 MagstimDriverOptions options = {}, double time_scale = kTimeScale) {
    mock.time_scale = time_scale;
    server_ = std::make_unique<MockServer>(
        io_, monotonic_clock(), MockStimulator::create(profile, mock).value(), magstim_server());
    InprocessPair pair = make_inprocess_pair(io_, monotonic_clock(), nullptr);
    host_ = std::move(pair.host);
    EXPECT_TRUE(server_->serve_stream(std::move(pair.device)).ok());
    driver_ = make_magstim_driver(*host_, monotonic_clock(), profile, std::move(options));
  }
  StimulatorDriver& driver() { return *driver_; }
  // In-process: the server only runs inside driver calls, so reading it here is safe.
  MockStimulator& device() { return server_->device(); }

  void accepted(Result<Reply> reply, const char* what) {
    ASSERT_TRUE(reply.ok()) << what << ": " << reply.error().message;
    EXPECT_TRUE(reply->accepted) << what << ": " << reply->text;
  }
  DeviceState state() {
    auto reply = driver_->status();
    EXPECT_TRUE(reply.ok()) << reply.error().message;
    return reply.ok() && reply->status ? reply->status->state : DeviceState::unknown;
  }
  bool wait_for(DeviceState wanted, std::chrono::milliseconds limit = 2s) {
    auto end = wall_now() + limit;
    while (wall_now() < end) {
      if (state() == wanted) return true;
      real_sleep(10ms);
    }
    return false;
  }
  double get(Parameter parameter) {
    auto reply = driver_->get(parameter);
    EXPECT_TRUE(reply.ok()) << reply.error().message;
    return reply.ok() && reply->value ? *reply->value : -1;
  }

 private:
  boost::asio::io_context io_;
  std::unique_ptr<MockServer> server_;
  std::unique_ptr<Transport> host_;
  std::unique_ptr<StimulatorDriver> driver_;
};

TEST(MagstimIntegration, RapidRemoteSetGetArmFire) {
  Bench bench(rapid_profile("9.0.0"));
  auto& d = bench.driver();
  auto remote = d.set_remote(true);
  bench.accepted(remote, "remote");
  EXPECT_NE(remote->text.find("device reports version 9.0.0"), std::string::npos) << remote->text;
  auto id = d.identify();
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->identity->firmware, "9.0.0");

  bench.accepted(d.set(Parameter::power, 40), "power");
  bench.accepted(d.set(Parameter::frequency, 12.5), "frequency");
  bench.accepted(d.set(Parameter::pulses, 250), "pulses");
  bench.accepted(d.set(Parameter::train_duration, 20), "duration");
  EXPECT_DOUBLE_EQ(bench.get(Parameter::power), 40);
  EXPECT_DOUBLE_EQ(bench.get(Parameter::frequency), 12.5);
  EXPECT_DOUBLE_EQ(bench.get(Parameter::pulses), 250);
  EXPECT_DOUBLE_EQ(bench.get(Parameter::train_duration), 20);
  auto temperature = d.temperature();
  ASSERT_TRUE(temperature.ok());
  EXPECT_DOUBLE_EQ(*temperature->value, 24.0);

  // In train mode the driver refuses a single pulse and the device fires nothing.
  bench.accepted(d.arm(test_permit(Stimulation::arm)), "arm");
  ASSERT_TRUE(bench.wait_for(DeviceState::ready));
  auto refused = d.fire(test_permit(Stimulation::fire));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(bench.device().pulses_delivered(), 0u);

  bench.accepted(d.set(Parameter::train_duration, 0), "single-pulse mode");
  bench.accepted(d.fire(test_permit(Stimulation::fire)), "fire");
  EXPECT_EQ(bench.device().pulses_delivered(), 1u);
  EXPECT_EQ(bench.state(), DeviceState::ready);
  bench.accepted(d.disarm(), "disarm");
  EXPECT_EQ(bench.state(), DeviceState::standby);
  bench.accepted(d.set_remote(false), "remote off");
  auto status = d.status();
  ASSERT_TRUE(status.ok());
  EXPECT_FALSE(status->status->remote);
}

TEST(MagstimIntegration, RapidTrainRunsAndEnds) {
  Bench bench(rapid_profile("9.0.0"));
  auto& d = bench.driver();
  bench.accepted(d.set_remote(true), "remote");
  bench.accepted(d.set(Parameter::frequency, 10), "frequency");
  bench.accepted(d.set(Parameter::pulses, 5), "pulses");
  bench.accepted(d.set(Parameter::train_duration, 0.5), "duration");
  bench.accepted(d.arm(test_permit(Stimulation::arm)), "arm");
  ASSERT_TRUE(bench.wait_for(DeviceState::ready));
  bench.accepted(d.start_train(test_permit(Stimulation::train)), "train");
  EXPECT_EQ(bench.state(), DeviceState::firing);
  EXPECT_TRUE(bench.wait_for(DeviceState::ready));
  EXPECT_EQ(bench.device().pulses_delivered(), 5u);
  EXPECT_EQ(bench.device().trains_completed(), 1u);
  auto abort = d.abort();
  ASSERT_TRUE(abort.ok());
  EXPECT_EQ(bench.state(), DeviceState::standby);
}

// Real time at the device's own pace (1 s keep-alive window), so a loaded machine cannot make
// the 100 ms feeding late enough to miss it (5x time scale left 200 ms, and it failed once).
TEST(MagstimIntegration, KeepAliveLossDisarmsAndDropsRemote) {
  Bench bench(rapid_profile("9.0.0"), {}, {}, 1.0);
  auto& d = bench.driver();
  bench.accepted(d.set_remote(true), "remote");
  bench.accepted(d.arm(test_permit(Stimulation::arm)), "arm");
  for (int i = 0; i < 15; ++i) {  // fed every 100 ms: stays armed past the 1 s limit
    real_sleep(100ms);
    bench.accepted(d.keepalive(), "keep-alive");
  }
  EXPECT_EQ(bench.state(), DeviceState::ready);
  real_sleep(2s);  // twice the window unfed
  auto status = d.status();
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(status->status->state, DeviceState::standby);
  EXPECT_FALSE(status->status->remote);
  EXPECT_EQ(bench.device().watchdog_disarms(), 1u);
  auto arm = d.arm(test_permit(Stimulation::arm));  // remote control is gone: `ES`
  ASSERT_TRUE(arm.ok());
  ASSERT_TRUE(arm->refusal.has_value());
  EXPECT_EQ(arm->refusal->code, 5);
}

TEST(MagstimIntegration, FrequencyCapRefusals) {
  Bench bench(rapid_profile("9.0.0"));
  auto& d = bench.driver();
  bench.accepted(d.set_remote(true), "remote");
  bench.accepted(d.set(Parameter::power, 30), "power");
  bench.accepted(d.set(Parameter::frequency, 50), "frequency at the cap");
  auto power = d.set(Parameter::power, 60);  // 50 Hz above the 15 Hz cap at 60 %: `@S`
  ASSERT_TRUE(power.ok());
  ASSERT_TRUE(power->refusal.has_value()) << power->text;
  EXPECT_EQ(power->refusal->code, 5);
  EXPECT_DOUBLE_EQ(bench.get(Parameter::power), 30);

  bench.accepted(d.set(Parameter::frequency, 10), "frequency");
  bench.accepted(d.set(Parameter::power, 60), "power");
  auto frequency = d.set(Parameter::frequency, 20);  // `B?`
  ASSERT_TRUE(frequency.ok());
  ASSERT_TRUE(frequency->refusal.has_value()) << frequency->text;
  EXPECT_EQ(frequency->refusal->code, 4);
  EXPECT_DOUBLE_EQ(bench.get(Parameter::frequency), 10);
}

TEST(MagstimIntegration, OlderRapidUsesNarrowFields) {
  Bench bench(rapid_profile("8.0"));
  auto& d = bench.driver();
  bench.accepted(d.set_remote(true), "remote");
  bench.accepted(d.set(Parameter::pulses, 1000), "pulses");
  bench.accepted(d.set(Parameter::train_duration, 10), "duration");
  EXPECT_DOUBLE_EQ(bench.get(Parameter::pulses), 1000);
  EXPECT_DOUBLE_EQ(bench.get(Parameter::train_duration), 10);
  EXPECT_EQ(bench.state(), DeviceState::standby);  // `\@` as the status query
  bench.accepted(d.keepalive(), "keep-alive Q@");
}

TEST(MagstimIntegration, UnlockCode) {
  MockOptions mock;
  mock.unlock_code = "ABCD-12345678-EF";
  Bench right(rapid_profile(), mock, MagstimDriverOptions{"ABCD-12345678-EF"});
  right.accepted(right.driver().set_remote(true), "remote with the code");

  Bench wrong(rapid_profile(), mock, MagstimDriverOptions{"ABCD-12345678-00"});
  auto refused = wrong.driver().set_remote(true);
  ASSERT_TRUE(refused.ok());
  ASSERT_TRUE(refused->refusal.has_value());
  EXPECT_EQ(refused->refusal->code, 4);
  EXPECT_FALSE(wrong.device().remote());
}

TEST(MagstimIntegration, BiStimAnd200) {
  Bench bistim(magstim_profile("bistim"));
  auto& b = bistim.driver();
  bistim.accepted(b.set_remote(true), "remote");
  bistim.accepted(b.set(Parameter::power, 40), "power A");
  bistim.accepted(b.set(Parameter::power_b, 55), "power B");
  bistim.accepted(b.set(Parameter::interval, 25), "interval");
  EXPECT_DOUBLE_EQ(bistim.get(Parameter::power), 40);
  EXPECT_DOUBLE_EQ(bistim.get(Parameter::power_b), 55);
  EXPECT_DOUBLE_EQ(bistim.get(Parameter::interval), 25);
  bistim.accepted(b.arm(test_permit(Stimulation::arm)), "arm");
  ASSERT_TRUE(bistim.wait_for(DeviceState::ready));
  bistim.accepted(b.fire(test_permit(Stimulation::fire)), "fire");
  EXPECT_EQ(bistim.device().pulses_delivered(), 1u);

  Bench m200(magstim_profile("200"));
  auto& m = m200.driver();
  auto id = m.identify();
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(id->identity->firmware, "");
  m200.accepted(m.set_remote(true), "remote");
  m200.accepted(m.set(Parameter::power, 70), "power");
  EXPECT_DOUBLE_EQ(m200.get(Parameter::power), 70);
  EXPECT_EQ(m.get(Parameter::power_b).error().code, ErrorCode::unsupported);
  EXPECT_EQ(m.start_train(test_permit(Stimulation::train)).error().code, ErrorCode::unsupported);
}

TEST(MagstimIntegration, RapidOverARealPseudoTerminal) {
  const DeviceProfile profile = rapid_profile("9.0.0");
  boost::asio::io_context server_io;
  MockOptions mock;
  mock.time_scale = kTimeScale;
  MockServer server(server_io, monotonic_clock(), MockStimulator::create(profile, mock).value(),
                    magstim_server());
  Result<std::string> uri = server.open_pty();
  ASSERT_TRUE(uri.ok()) << uri.error().message;
  IoThread runner(server_io);
  runner.start();

  boost::asio::io_context io;
  auto port = open_serial(io, monotonic_clock(), nullptr,
                          uri->substr(std::string("serial://").size()), profile.serial);
  ASSERT_TRUE(port.ok()) << port.error().message;
  auto driver = make_magstim_driver(**port, monotonic_clock(), profile);
  auto remote = driver->set_remote(true);
  ASSERT_TRUE(remote.ok()) << remote.error().message;
  EXPECT_TRUE(remote->accepted);
  auto power = driver->set(Parameter::power, 45);
  ASSERT_TRUE(power.ok()) << power.error().message;
  EXPECT_TRUE(power->accepted);
  auto readback = driver->get(Parameter::power);
  ASSERT_TRUE(readback.ok()) << readback.error().message;
  EXPECT_DOUBLE_EQ(*readback->value, 45);
  ASSERT_TRUE(driver->arm(test_permit(Stimulation::arm)).ok());
  bool ready = false;
  for (int i = 0; i < 100 && !ready; ++i) {
    auto status = driver->status();
    ASSERT_TRUE(status.ok()) << status.error().message;
    ready = status->status->state == DeviceState::ready;
    real_sleep(10ms);
  }
  EXPECT_TRUE(ready);
  auto disarm = driver->disarm();
  ASSERT_TRUE(disarm.ok()) << disarm.error().message;
  EXPECT_TRUE(disarm->accepted);
  (*port)->close();
  runner.stop();
  EXPECT_EQ(server.last_error(), "");
}

}  // namespace
}  // namespace stimbench::test
