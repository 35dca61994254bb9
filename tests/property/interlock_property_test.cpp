// Property test of the safety gate (issue 13): thousands of random scenarios on virtual time
// against every profile's built-in mock, clean and with each seeded defect. Judged on the
// transcript alone (transcript_checker.hpp). A failure prints the seed and the steps; replay
// one with STIMBENCH_PROPERTY_REPLAY="PROFILE DEFECT|clean SEED".
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "devices/core/virtual_clock.hpp"
#include "devices/mock/mock_defects.hpp"
#include "harness/cli/device_session.hpp"
#include "harness/config/profile_loader.hpp"
#include "harness/runner/step_executor.hpp"
#include "harness/scenario/loader.hpp"
#include "tests/property/scenario_generator.hpp"
#include "tests/property/transcript_checker.hpp"

namespace stimbench::property {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr int kTotal = 1000;  // asan-ubsan: the issue asks for 1,000 there
constexpr int kPerPairMin = 8;
#else
constexpr int kTotal = 10000;
constexpr int kPerPairMin = 100;
#endif
constexpr int kStepsPerScenario = 24;

struct Log : EventSink, FrameObserver {
  void event(const std::string& type, nlohmann::json detail) override {
    entries.push_back(LogEntry{false, {}, type, std::move(detail)});
  }
  void on_frame(const FrameEvent& frame) override {
    entries.push_back(LogEntry{true, frame, "", {}});
  }
  std::vector<LogEntry> entries;
};

struct Pair {
  DeviceProfile profile;
  std::string defect;  // "" = the correct mock
};

std::vector<Pair> all_pairs() {
  std::vector<Pair> out;
  const auto dir = std::filesystem::path(STIMBENCH_SOURCE_DIR) / "fixtures" / "profiles";
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::directory_iterator(dir))
    if (f.path().extension() == ".yaml") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto p = load_profile_file(f.string());
    if (!p) {
      ADD_FAILURE() << f << ": " << p.error().message;
      continue;
    }
    out.push_back({*p, ""});
    for (const DefectInfo& d : defects_for_profile(*p)) out.push_back({*p, d.name});
  }
  return out;
}

// Runs one generated scenario; "" when the transcript keeps the property.
std::string run_one(const Pair& pair, std::uint64_t seed, std::string* steps_out,
                    int* stimulating = nullptr) {
  const std::string steps = generate_steps(pair.profile, seed, kStepsPerScenario);
  if (steps_out != nullptr) *steps_out = steps;
  LoadResult loaded = load_scenario_text("scenario: generated\nsteps:\n" + steps, "generated.yaml");
  if (!loaded.ok()) return "generator wrote a bad scenario: " + loaded.diagnostics[0].to_string();
  boost::asio::io_context io;
  VirtualClock clock;
  auto uri = parse_device_uri(pair.defect.empty() ? "mock:" : "mock:?defect=" + pair.defect);
  if (!uri) return uri.error().message;
  cli::SessionOptions options;
  options.virtual_time = true;
  options.seed = seed;
  auto session = cli::open_device(*uri, pair.profile, io, clock, nullptr, options);
  if (!session) return "cannot open the mock: " + session.error().message;
  Log log;
  session->driver->set_observer(&log);
  SafetyOracle oracle(pair.profile, std::nullopt);
  RunOptions run;
  run.builtin_mock = true;
  RunContext ctx{*session->driver, io, clock, &oracle, log, nullptr, run, ProgressHooks{}};
  TrainTracker trains(clock, 1.0);
  StepExecutor executor(ctx, trains);
  std::vector<StepRecord> records;
  const Scenario& s = loaded.scenarios.at(0);
  // Failures do not stop the sequence: the property is about what goes out, not verdicts.
  for (std::size_t i = 0; i < s.steps.size(); ++i)
    executor.run(s.steps[i], "steps", "step " + std::to_string(i + 1), records);
  (void)session->driver->disarm();
  if (std::getenv("STIMBENCH_PROPERTY_DUMP") != nullptr) {  // replay aid: the whole log
    for (std::size_t i = 0; i < log.entries.size(); ++i) {
      const LogEntry& e = log.entries[i];
      std::cout << i << " "
                << (e.is_frame
                        ? std::string(e.frame.direction == FrameDirection::tx ? "tx " : "rx ") +
                              e.frame.decoded
                        : e.type + " " + e.detail.value("decision", "") + " " +
                              e.detail.value("step", ""))
                << "\n";
    }
  }
  return check_transcript(log.entries, *session->driver, oracle, stimulating);
}

std::uint64_t seed_for(std::size_t pair, int i) {
  return 0x5EED0000ULL + pair * 1'000'003ULL + static_cast<std::uint64_t>(i);
}

TEST(InterlockProperty, NoStimulatingFrameWithoutAFreshAllowedReadBack) {
  const std::vector<Pair> pairs = all_pairs();
  ASSERT_FALSE(pairs.empty());
  if (const char* replay = std::getenv("STIMBENCH_PROPERTY_REPLAY"); replay && *replay) {
    std::istringstream in(replay);
    std::string profile, defect;
    std::uint64_t seed = 0;
    in >> profile >> defect >> seed;
    for (const Pair& p : pairs) {
      if (p.profile.name != profile || (p.defect.empty() ? "clean" : p.defect) != defect) continue;
      std::string steps;
      std::string why = run_one(p, seed, &steps);
      EXPECT_EQ(why, "") << "steps:\n" << steps;
      return;
    }
    FAIL() << "no such profile/defect pair: " << replay;
  }
  const int per_pair = std::max(
      kPerPairMin, (kTotal + static_cast<int>(pairs.size()) - 1) / static_cast<int>(pairs.size()));
  int ran = 0, failures = 0, stimulating = 0;
  for (std::size_t k = 0; k < pairs.size() && failures < 3; ++k) {
    for (int i = 0; i < per_pair; ++i) {
      const std::uint64_t seed = seed_for(k, i);
      std::string steps;
      std::string why = run_one(pairs[k], seed, &steps, &stimulating);
      ++ran;
      if (!why.empty()) {
        ++failures;
        ADD_FAILURE() << why << "\nreplay: STIMBENCH_PROPERTY_REPLAY=\"" << pairs[k].profile.name
                      << " " << (pairs[k].defect.empty() ? "clean" : pairs[k].defect) << " " << seed
                      << "\"\nsteps:\n"
                      << steps;
        break;
      }
    }
  }
  std::cout << "property: " << ran << " generated scenarios over " << pairs.size()
            << " (profile, defect) pairs, " << per_pair << " each; " << stimulating
            << " arm/fire/train commands went out"
            << (failures == 0 ? ", each after a fresh allowed read-back\n" : "\n");
  EXPECT_GE(ran, failures == 0 ? kTotal : 0);
  // The generator must reach the gate's open side too, or the property says nothing.
  EXPECT_GT(stimulating, ran);
}

}  // namespace
}  // namespace stimbench::property
