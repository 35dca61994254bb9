// Issue 14 through the real binary: bad command-line numbers, unbounded and hostile input
// files, and validate checking what run checks (profiles, envelopes) before any device.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/integration/cli_fixture.hpp"
#include "tests/support/wall_time.hpp"

namespace stimbench::test {
namespace {

std::string bad_input_file(const std::string& name) {
  return source_dir() + "/fixtures/bad/" + name;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

const char* const kPercentMt = "scenario: mt\nsteps:\n  - set: {power: {percent_mt: 120}}\n";

TEST(HostileCli, NonFiniteOrOutOfRangeNumbersAreUsageErrorsBeforeAnyDevice) {
  const std::string scenario = write_scenario("mt.yaml", kPercentMt);
  for (const char* value : {"nan", "NaN", "inf", "-inf", "-5", "0", "1000", "1e400", "0x10"}) {
    SCOPED_TRACE(value);
    const std::string out = fresh_path("mt-out");
    ProcessResult r = run_cli({"run", scenario, "--motor-threshold", value, "--out", out});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("--motor-threshold"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));  // refused before the evidence folder exists
  }
  for (const char* value : {"nan", "inf", "0", "-1", "1e9"}) {
    SCOPED_TRACE(value);
    ProcessResult r = run_cli({"run", scenario, "--time-scale", value, "--device",
                               "tcp://127.0.0.1:9", "--motor-threshold", "50"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("--time-scale"), std::string::npos) << r.err;
  }
  ProcessResult mock = run_cli({"mock", "--pty", "--coil-temperature", "nan"});
  EXPECT_EQ(mock.exit_code, 2) << mock.err;
}

TEST(HostileCli, NegativeSeedAndEmptyOutAreRefused) {
  const std::string scenario = write_scenario("ok.yaml", "scenario: ok\nsteps: [status]\n");
  ProcessResult seed = run_cli({"run", scenario, "--seed", "-1"});
  EXPECT_EQ(seed.exit_code, 2);
  EXPECT_NE(seed.err.find("--seed: '-1' must be a whole number from 0 to"), std::string::npos)
      << seed.err;
  ProcessResult out = run_cli({"run", scenario, "--out", ""});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.err.find("--out: needs a value, not ''"), std::string::npos) << out.err;
}

TEST(HostileFiles, ValidateDevZeroStopsAtTheFileBound) {
  const auto start = wall_now();
  ProcessResult r = run_cli({"validate", "/dev/zero"}, std::chrono::seconds(60));
  EXPECT_LT(wall_now() - start, std::chrono::seconds(20));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/dev/zero: error: larger than 1024 KiB"), std::string::npos) << r.err;
}

TEST(HostileFiles, AliasBombExitsTwoWithItsPositionQuickly) {
  const std::string file = bad_input_file("alias_bomb.yaml");
  const auto start = wall_now();
  ProcessResult r = run_cli({"validate", file}, std::chrono::seconds(60));
  EXPECT_LT(wall_now() - start, std::chrono::seconds(20));  // 0.05 s measured
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(file + ":6:26: error: the YAML expands to more than 250000 nodes"),
            std::string::npos)
      << r.err;
  ProcessResult run = run_cli({"run", file}, std::chrono::seconds(60));
  EXPECT_EQ(run.exit_code, 2);
}

TEST(ValidateLikeRun, SetWithoutValuesIsRefusedByValidateAndRun) {
  const std::string file = bad_input_file("set_power_empty.yaml");
  ProcessResult v = run_cli({"validate", file});
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_NE(v.err.find(file + ":4:18: error: 'power' as a mapping needs {percent_mt: N}"),
            std::string::npos)
      << v.err;
  ProcessResult r = run_cli({"run", file, "--motor-threshold", "50"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

TEST(ValidateLikeRun, ScenarioProfileAndEnvelopeAreResolvedAndLoaded) {
  const std::string unknown = bad_input_file("profile_unknown.yaml");
  ProcessResult p = run_cli({"validate", unknown});
  EXPECT_EQ(p.exit_code, 2);
  EXPECT_NE(p.err.find(unknown + ":3:10: error: unknown profile 'no-such-profile'"),
            std::string::npos)
      << p.err;
  EXPECT_EQ(run_cli({"run", unknown}).exit_code, 2);
  const std::string envelope = bad_input_file("envelope_unknown.yaml");
  ProcessResult e = run_cli({"validate", envelope});
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_NE(e.err.find(envelope + ":3:11: error: unknown policy 'no-such-envelope'"),
            std::string::npos)
      << e.err;
  EXPECT_EQ(run_cli({"run", envelope}).exit_code, 2);
}

TEST(ValidateLikeRun, BrokenProfileBesideTheScenarioIsReportedWithErrorPrefix) {
  const std::string scenario =
      write_scenario("s.yaml", "scenario: s\nprofile: mine.yaml\nsteps: [status]\n");
  const std::string profile = std::filesystem::path(scenario).parent_path() / "mine.yaml";
  std::filesystem::copy_file(bad_input_file("profile_nonsense.yaml"), profile);
  ProcessResult r = run_cli({"validate", scenario});
  EXPECT_EQ(r.exit_code, 2);
  const std::vector<std::string> lines = lines_of(r.err);
  ASSERT_GE(lines.size(), 6u) << r.err;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    EXPECT_EQ(lines[i].rfind(profile + ":", 0), 0u) << lines[i];
    EXPECT_NE(lines[i].find(": error: "), std::string::npos) << lines[i];
  }
  // The count comes last and counts every line above it.
  EXPECT_EQ(lines.back(), "validate: " + std::to_string(lines.size() - 1) + " problem(s)");
}

TEST(ValidateLikeRun, PasswdIsNeverEchoed) {
  const std::string file = bad_input_file("profile_passwd.yaml");
  for (const auto& args :
       {std::vector<std::string>{"validate", file}, std::vector<std::string>{"run", file},
        std::vector<std::string>{"validate", file, "--profile", "/etc/passwd"},
        std::vector<std::string>{"run", bad_input_file("profile_unknown.yaml"), "--profile",
                                 "/etc/passwd"}}) {
    ProcessResult r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err.find("root:"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("root:"), std::string::npos) << r.out;
  }
  ProcessResult v =
      run_cli({"validate", bad_input_file("set_power_empty.yaml"), "--profile", "/etc/passwd"});
  EXPECT_NE(v.err.find("/etc/passwd:1:1: error: not a profile"), std::string::npos) << v.err;
}

TEST(ValidateLikeRun, ProfileBesideTheScenarioIsWhatRunUses) {
  const std::string dir = fresh_path("beside");
  std::filesystem::create_directories(dir + "/.fixtures");
  std::filesystem::copy_file(source_dir() + "/fixtures/profiles/magstim-200.yaml",
                             dir + "/.fixtures/mine.yaml");
  {
    std::ofstream(dir + "/s.yaml") << "scenario: beside\nprofile: .fixtures/mine.yaml\n"
                                      "steps: [status]\n";
  }
  ProcessResult v = run_cli({"validate", dir});
  EXPECT_EQ(v.exit_code, 0) << v.err;
  const std::string out = fresh_path("beside-out");
  ProcessResult r = run_cli({"run", dir, "--out", out, "--quiet"});
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(read_file(out + "/record.json").find("magstim-200"), std::string::npos);
}

TEST(ValidateLikeRun, ShippedScenariosStillValidate) {
  ProcessResult r = run_cli({"validate", source_dir() + "/scenarios"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(ValidateLikeRun, DiagnosticsNeverWriteControlBytesToTheTerminal) {
  // YAML's "\e" is ESC: the id is refused, and its quote must reach stderr escaped.
  const std::string scenario =
      write_scenario("esc.yaml", "scenario: \"bad\\e[2J\\a\"\nsteps: [status]\n");
  ProcessResult r = run_cli({"validate", scenario});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\a'), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\\x1b[2J"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("esc.yaml:1:"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace stimbench::test
