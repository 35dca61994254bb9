// The one policy for a device error mid-run (issue 14, defect 9; docs/robustness.md): a
// closing disarm that is not confirmed stops the run, and every scenario after it is listed
// as not run with the reason.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "devices/drivers/reference_driver.hpp"
#include "devices/mock/mock_server.hpp"
#include "devices/transport/inprocess_transport.hpp"
#include "harness/config/profile_loader.hpp"
#include "harness/runner/scenario_runner.hpp"
#include "harness/scenario/loader.hpp"

namespace stimbench {
namespace {

class PolicyEvents : public EventSink {
 public:
  void event(const std::string& type, nlohmann::json) override { types.push_back(type); }
  std::vector<std::string> types;
};

std::vector<Scenario> load_three() {
  // A folder of its own per call: tests of this binary run in parallel processes.
  std::string pattern = (std::filesystem::temp_directory_path() / "stimbench-run-policy-XXXXXX");
  const char* made = ::mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr);
  const std::filesystem::path dir = pattern;
  for (int i = 1; i <= 3; ++i) {
    std::ofstream(dir / ("s" + std::to_string(i) + ".yaml"))
        << "scenario: policy-" << i << "\nsetup:\n  - remote: on\nsteps:\n  - arm\n"
        << "  - status: {}\nteardown:\n  - disarm\n";
  }
  LoadResult loaded = load_scenarios({dir.string()});
  EXPECT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].to_string());
  return loaded.scenarios;
}

TEST(RunPolicy, UnconfirmedDisarmStopsTheRunAndListsTheRestAsNotRun) {
  auto profile =
      load_profile_file(std::string(STIMBENCH_SOURCE_DIR) + "/fixtures/profiles/reference.yaml");
  ASSERT_TRUE(profile.ok()) << profile.error().message;
  boost::asio::io_context io;
  VirtualClock clock;
  MockOptions options;
  options.defects = {MockDefect::disarm_ack_stays_armed};
  auto device = MockStimulator::create(*profile, options);
  ASSERT_TRUE(device.ok()) << device.error().message;
  MockServer server(io, clock, std::move(device).value(), {});
  InprocessPair pair = make_inprocess_pair(io, clock, nullptr);
  ASSERT_TRUE(server.serve_stream(std::move(pair.device)).ok());
  auto driver = make_reference_driver(*pair.host, clock);
  SafetyOracle oracle(*profile, std::nullopt);
  PolicyEvents events;
  RunContext ctx{*driver, io, clock, &oracle, events, nullptr, RunOptions{}, ProgressHooks{}};
  std::vector<Scenario> scenarios = load_three();
  ASSERT_EQ(scenarios.size(), 3u);

  std::vector<std::string> done;
  RunResult result =
      run_scenarios(ctx, scenarios, [&](const ScenarioRecord& r) { done.push_back(r.id); });

  EXPECT_TRUE(result.device_error);
  ASSERT_EQ(result.scenarios.size(), 3u) << "every selected scenario is listed";
  const ScenarioRecord& first = result.scenarios[0];
  EXPECT_FALSE(first.not_run);
  ASSERT_TRUE(first.disarm_confirmed.has_value());
  EXPECT_FALSE(*first.disarm_confirmed);
  EXPECT_EQ(first.steps.back().phase, "safety");
  for (std::size_t i = 1; i < 3; ++i) {
    const ScenarioRecord& r = result.scenarios[i];
    EXPECT_TRUE(r.not_run) << r.id;
    EXPECT_EQ(r.verdict, Verdict::skipped);
    EXPECT_TRUE(r.steps.empty());
    EXPECT_NE(r.message.find("not run: the closing disarm in 'policy-1' was not confirmed"),
              std::string::npos)
        << r.message;
  }
  EXPECT_NE(result.stop_reason.find("no further scenario starts"), std::string::npos);
  EXPECT_EQ(done.size(), 3u) << "the console hears of the scenarios not run too";
  EXPECT_EQ(std::count(events.types.begin(), events.types.end(), "scenario_not_run"), 2);
  EXPECT_EQ(std::count(events.types.begin(), events.types.end(), "scenario_start"), 1);
}

TEST(RunPolicy, NotRunRecordsCarryTheScenarioIdentity) {
  std::vector<Scenario> scenarios = load_three();
  auto records = not_run_records(scenarios, 1, "interrupted");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].id, scenarios[1].id);
  EXPECT_EQ(records[0].file, scenarios[1].file);
  EXPECT_EQ(records[0].message, "not run: interrupted");
  EXPECT_TRUE(records[1].not_run);
}

}  // namespace
}  // namespace stimbench
