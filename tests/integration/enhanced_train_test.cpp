// safety-enhanced-power against the three safe Rapid² answers to a train duration while
// enhanced power is on (refuse / drop / keep) and the enhanced-power-in-train defect, and
// the option's errors. Whatever a unit accepts, no EH follows a read-back showing train mode
// above 100 %.
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

const char* kProfile = "magstim-rapid2-v9-240v";

std::string enhanced_scenario() {
  return scenario_dir("safety") + "/enhanced_power.yaml";
}

// Walks the transcript: every EH is checked against the last `\@` read-back before it.
// Returns the number of EH frames sent.
int triggers_checked(const std::string& transcript) {
  std::istringstream lines(transcript);
  std::string line;
  const std::regex readback(R"(power (\d+) %.*duration ([0-9.]+) s)");
  double power = -1, duration = -1;
  int triggers = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || j["type"] != "frame") continue;
    const std::string hex = j["hex"];
    if (j["dir"] == "rx" && hex.rfind("5C ", 0) == 0) {
      std::smatch m;
      const std::string decoded = j["decoded"].is_string() ? j["decoded"].get<std::string>() : "";
      if (std::regex_search(decoded, m, readback)) {
        power = std::stod(m[1]);
        duration = std::stod(m[2]);
      }
    } else if (j["dir"] == "tx" && hex.rfind("45 48", 0) == 0) {
      ++triggers;
      EXPECT_FALSE(duration > 0 && power > 100)
          << "EH after a read-back of train mode at " << power << " %";
    }
  }
  return triggers;
}

// The any_of steps' messages, in order.
std::vector<std::string> matched(const std::string& out) {
  auto record = nlohmann::json::parse(read_file(out + "/record.json"), nullptr, false);
  std::vector<std::string> found;
  if (record.is_discarded()) return found;
  for (const auto& step : record["scenarios"][0]["steps"]) {
    if (step["detail"].contains("any_of")) found.push_back(step["message"]);
  }
  return found;
}

class EnhancedTrain : public testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(EnhancedTrain, EverySafeAnswerPassesAndNoTrainAbove100Follows) {
  const auto [mode, train_outcome] = GetParam();
  std::string out = fresh_path("evidence");
  ProcessResult r = run_cli({"run", enhanced_scenario(), "--profile", kProfile, "--device",
                             std::string("mock:?enhanced_train=") + mode, "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::vector<std::string> messages = matched(out);
  ASSERT_EQ(messages.size(), 2u);
  const bool refused = std::string(mode) == "refuse";
  EXPECT_EQ(messages[0].rfind(refused ? "alternative 1 of 2" : "alternative 2 of 2", 0), 0u)
      << messages[0];
  EXPECT_NE(messages[1].find(train_outcome), std::string::npos) << messages[1];
  // Three single-pulse EH (the second refused by the unit), plus the 100 % train only where
  // the unit left enhanced power.
  EXPECT_EQ(triggers_checked(read_file(out + "/transcript.jsonl")),
            std::string(mode) == "drop" ? 4 : 3);
}

INSTANTIATE_TEST_SUITE_P(Modes, EnhancedTrain,
                         testing::Values(std::pair{"refuse", "refused by the interlock"},
                                         std::pair{"drop", "(accepted)"},
                                         std::pair{"keep", "refused by the interlock"}),
                         [](const auto& info) { return std::string(info.param.first); });

TEST(EnhancedTrain, TheDefectThatRunsTrainsAt110IsCaught) {
  std::string out = fresh_path("evidence");
  ProcessResult r = run_cli({"run", enhanced_scenario(), "--profile", kProfile, "--device",
                             "mock:?defect=enhanced-power-in-train", "--out", out});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("enhanced power is refused in train mode"), std::string::npos) << r.out;
  triggers_checked(read_file(out + "/transcript.jsonl"));
}

TEST(EnhancedTrain, TheStandaloneMockTakesTheFlag) {
  StandaloneMock mock =
      start_mock({"--pty", "--profile", kProfile, "--time-scale", "5", "--enhanced-train", "keep"});
  ASSERT_EQ(mock.uri.rfind("serial:///dev/pts/", 0), 0u) << mock.uri;
  ProcessResult r =
      run_cli({"run", enhanced_scenario(), "--device", mock.uri, "--profile", kProfile,
               "--allow-stimulation", "--time-scale", "5", "--out", fresh_path("evidence")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(EnhancedTrain, OptionErrorsAreUsageErrors) {
  ProcessResult bad = run_cli({"run", enhanced_scenario(), "--profile", kProfile, "--device",
                               "mock:?enhanced_train=maybe", "--out", fresh_path("evidence")});
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("'maybe' is not one of refuse, drop, keep"), std::string::npos) << bad.err;
  ProcessResult other = run_cli({"run", scenario_dir("smoke") + "/identify.yaml", "--device",
                                 "mock:?enhanced_train=keep", "--out", fresh_path("evidence")});
  EXPECT_EQ(other.exit_code, 2) << other.out << other.err;
  EXPECT_NE(other.err.find("only to profiles with the enhanced_power capability"),
            std::string::npos)
      << other.err;
  ProcessResult flag = run_cli({"mock", "--pty", "--enhanced-train", "keep"});
  EXPECT_EQ(flag.exit_code, 2) << flag.out << flag.err;
  EXPECT_NE(flag.err.find("enhanced_power"), std::string::npos) << flag.err;
}

}  // namespace
}  // namespace stimbench::test
