// Ctrl-C at the very start of a run (issue 14, defect 10): the handler is in place from the
// first line of main, so even a SIGINT in the first milliseconds ends with exit 130.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <string>

#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

// True once the process catches SIGINT (bit 2 of SigCgt in /proc/PID/status).
bool catches_sigint(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("SigCgt:", 0) != 0) continue;
    unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
    return (mask & (1ull << (SIGINT - 1))) != 0;
  }
  return false;
}

TEST(EarlySignal, SigintAsSoonAsMainRunsExits130) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    std::string out = fresh_path("early-sigint");
    Child child({binary_path(), "run", scenario_dir("smoke"), "--out", out});
    // Spin until main has installed its handler (well inside the first 10 ms), then strike.
    for (int i = 0; i < 2'000'000 && !catches_sigint(child.pid()); ++i) {
    }
    child.signal(SIGINT);
    int code = child.wait(std::chrono::seconds(60));
    EXPECT_EQ(code, 130) << "attempt " << attempt << ": "
                         << child.drain_stdout(std::chrono::seconds(1));
  }
}

TEST(EarlySignal, SigtermDuringValidateNeverKillsBySignal) {
  Child child({binary_path(), "validate", scenario_dir("smoke")});
  for (int i = 0; i < 2'000'000 && !catches_sigint(child.pid()); ++i) {
  }
  child.signal(SIGTERM);
  int code = child.wait(std::chrono::seconds(60));
  // validate may finish first (exit 0); it must never die by the signal.
  EXPECT_TRUE(code == 130 || code == 0) << code;
}

}  // namespace
}  // namespace stimbench::test
