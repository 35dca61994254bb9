// Issue 16 item 2: `stimbench run` killed with SIGKILL at 20 random moments. Every folder it
// leaves verifies as INCOMPLETE (exit 4) with its transcript intact to its last line, or OK
// when the kill came after the manifest; never tampered, never a pass over a broken folder.
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>
#include <regex>

#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

// Complete lines of a transcript (a last line without '\n' is the one the kill cut).
std::size_t complete_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(KillRun, EveryKilledRunVerifiesIncompleteAndIntact) {
  const unsigned seed = std::random_device{}();
  std::mt19937 random(seed);
  // Even kills: the smoke suite on virtual time, 0-300 ms after its transcript appears (it
  // takes about 100-300 ms of wall time from there), so kills land in the scenarios, in
  // finish() and after the end. Odd kills: the same on real time at 10x (about 1 s), 0-1200 ms,
  // mostly mid-run. Any spread of outcomes is valid; each must verify as below.
  std::uniform_int_distribution<int> virtual_delay_ms(0, 300);
  std::uniform_int_distribution<int> real_delay_ms(0, 1200);
  int incomplete = 0;
  for (int i = 0; i < 20; ++i) {
    std::string out = fresh_path("killed");
    const bool real_time = i % 2 == 1;
    int delay = real_time ? real_delay_ms(random) : virtual_delay_ms(random);
    SCOPED_TRACE("seed " + std::to_string(seed) + ", kill " + std::to_string(i) + " after " +
                 std::to_string(delay) + " ms, " + out);
    std::vector<std::string> argv = {binary_path(), "run", scenario_dir("smoke"),
                                     "--out",       out,   "--quiet"};
    if (real_time) argv.insert(argv.end(), {"--clock", "real", "--time-scale", "10"});
    Child run(argv);
    // Child::wait doubles as the pause: wait for the folder's transcript, then for the delay.
    int code = -1;
    for (int polls = 0; polls < 10000 && code == -1; ++polls) {
      if (std::filesystem::exists(out + "/transcript.jsonl")) break;
      code = run.wait(std::chrono::milliseconds(1));
    }
    ASSERT_EQ(code, -1) << "the run ended before its transcript appeared";
    code = run.wait(std::chrono::milliseconds(delay));
    if (code == -1) {
      run.signal(SIGKILL);
      code = run.wait(std::chrono::seconds(30));
      ASSERT_EQ(code, 128 + SIGKILL);
    }
    ProcessResult verify = run_cli({"verify", out});
    const std::string first = verify.out.substr(0, verify.out.find('\n'));
    if (std::filesystem::exists(out + "/manifest.json")) {  // killed after the seal, or finished
      EXPECT_EQ(verify.exit_code, 0) << verify.out;
      EXPECT_EQ(first, "OK");
      continue;
    }
    ++incomplete;
    EXPECT_EQ(verify.exit_code, 4) << verify.out;
    std::smatch m;
    ASSERT_TRUE(std::regex_match(
        first, m,
        std::regex(R"(INCOMPLETE: transcript intact, lines 1-(\d+) \(run did not finish\))")))
        << verify.out;
    // Intact up to its last line: every complete line written before the kill is counted.
    EXPECT_EQ(std::stoul(m[1].str()), complete_lines(read_file(out + "/transcript.jsonl")))
        << verify.out;
  }
  // Not asserted (it depends on machine speed), but shown: how many kills hit a running run.
  std::printf("kill_run: seed %u, %d of 20 folders INCOMPLETE, the rest finished\n", seed,
              incomplete);
}

}  // namespace
}  // namespace stimbench::test
