// Fail safe on every path: an exception thrown mid-scenario (through the progress hook, a
// test-only seam) still ends with the closing disarm, confirmed by read-back, on a real
// in-process mock on virtual time.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "devices/drivers/reference_driver.hpp"
#include "devices/mock/mock_server.hpp"
#include "devices/transport/inprocess_transport.hpp"
#include "harness/config/profile_loader.hpp"
#include "harness/runner/scenario_runner.hpp"
#include "harness/scenario/loader.hpp"

namespace stimbench {
namespace {

class Events : public EventSink {
 public:
  void event(const std::string& type, nlohmann::json) override { types.push_back(type); }
  std::vector<std::string> types;
};

class Frames : public FrameObserver {
 public:
  void on_frame(const FrameEvent& frame) override {
    if (frame.direction == FrameDirection::tx) sent.push_back(frame.decoded);
  }
  std::vector<std::string> sent;
};

Scenario load_one(const std::string& yaml) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "stimbench-exception-safety.yaml").string();
  std::ofstream(path) << yaml;
  LoadResult loaded = load_scenarios({path});
  EXPECT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].to_string());
  return loaded.scenarios.empty() ? Scenario{} : loaded.scenarios[0];
}

TEST(ExceptionSafety, ThrowMidScenarioStillDisarmsAndConfirms) {
  auto profile =
      load_profile_file(std::string(STIMBENCH_SOURCE_DIR) + "/fixtures/profiles/reference.yaml");
  ASSERT_TRUE(profile.ok()) << profile.error().message;
  boost::asio::io_context io;
  VirtualClock clock;
  auto device = MockStimulator::create(*profile, {});
  ASSERT_TRUE(device.ok());
  MockServer server(io, clock, std::move(device).value(), {});
  InprocessPair pair = make_inprocess_pair(io, clock, nullptr);
  ASSERT_TRUE(server.serve_stream(std::move(pair.device)).ok());
  auto driver = make_reference_driver(*pair.host, clock);
  Frames frames;
  driver->set_observer(&frames);
  SafetyOracle oracle(*profile, std::nullopt);
  Events events;
  RunContext ctx{*driver, io, clock, &oracle, events, nullptr, RunOptions{}, ProgressHooks{}};
  ctx.progress.step_started = [](const std::string& step) {
    if (step.find("#3") != std::string::npos) throw std::runtime_error("injected fault");
  };
  Scenario s = load_one(
      "scenario: throws-while-armed\n"
      "steps:\n"
      "  - remote: on\n"
      "  - arm\n"
      "  - status: {}\n");

  ScenarioRunner runner(ctx);
  ScenarioResult result = runner.run(s);

  EXPECT_EQ(result.outcome, Outcome::device_error);
  EXPECT_EQ(result.record.verdict, Verdict::error);
  EXPECT_NE(result.record.message.find("injected fault"), std::string::npos)
      << result.record.message;
  ASSERT_TRUE(result.record.disarm_confirmed.has_value());
  EXPECT_TRUE(*result.record.disarm_confirmed);
  EXPECT_EQ(server.device().state(), MockState::standby);
  // The device was armed when the exception came; the disarm and its read-back followed.
  auto arm = std::find(frames.sent.begin(), frames.sent.end(), "OUTP:ARM");
  ASSERT_NE(arm, frames.sent.end());
  auto disarm = std::find(arm, frames.sent.end(), "OUTP:DIS");
  ASSERT_NE(disarm, frames.sent.end());
  EXPECT_NE(std::find(disarm, frames.sent.end(), "STAT?"), frames.sent.end());
  EXPECT_NE(std::find(events.types.begin(), events.types.end(), "internal_error"),
            events.types.end());
}

}  // namespace
}  // namespace stimbench
