// Bad input, failed checks, a dying device and Ctrl-C: exit codes and what is left behind.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "devices/core/clock.hpp"
#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

// One request line to a standalone mock over TCP; returns the reply line.
std::string tcp_query(const std::string& uri, const std::string& line) {
  auto colon = uri.rfind(':');
  int port = std::stoi(uri.substr(colon + 1));
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "connect failed";
  }
  std::string request = line + "\n";
  (void)!write(fd, request.data(), request.size());
  std::string reply;
  char c = 0;
  while (read(fd, &c, 1) == 1 && c != '\n') reply.push_back(c);
  close(fd);
  return reply;
}

// A reference profile whose watchdog cannot disarm the device during the test, so a
// standby state afterwards proves the harness disarmed it.
std::string long_watchdog_profile() {
  std::string text = read_file(source_dir() + "/fixtures/profiles/reference.yaml");
  auto pos = text.find("keepalive_timeout_s:");
  EXPECT_NE(pos, std::string::npos);
  auto end = text.find('\n', pos);
  text.replace(pos, end - pos, "keepalive_timeout_s: 60");
  std::string path = fresh_path("profile") + ".yaml";
  FILE* f = std::fopen(path.c_str(), "w");
  std::fputs(text.c_str(), f);
  std::fclose(f);
  return path;
}

TEST(RunFailures, MisspeltKeyExits2WithLocation) {
  std::string path = write_scenario("misspelt.yaml",
                                    "scenario: misspelt\n"
                                    "steps:\n"
                                    "  - set: {power: 20}\n"
                                    "    expcet: accepted\n");
  ProcessResult r = run_cli({"run", path, "--out", fresh_path("evidence")});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find(path + ":4:5"), std::string::npos) << r.err;
  ProcessResult v = run_cli({"validate", path});
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_NE(v.err.find(path + ":4:5"), std::string::npos) << v.err;
}

TEST(RunFailures, MissingRefusalExits1AndJunitNamesTheStep) {
  std::string path = write_scenario("accepts.yaml",
                                    "scenario: expects-a-refusal\n"
                                    "setup:\n"
                                    "  - remote: on\n"
                                    "steps:\n"
                                    "  - set: {power: 50}\n"
                                    "    name: power 50 is wrongly expected to be refused\n"
                                    "    expect: {refused: true}\n");
  std::string out = fresh_path("evidence");
  ProcessResult r = run_cli({"run", path, "--out", out});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  std::string junit = read_file(out + "/junit.xml");
  auto failure = junit.find("<failure");
  ASSERT_NE(failure, std::string::npos) << junit;
  EXPECT_NE(junit.find("power 50 is wrongly expected to be refused"), std::string::npos);
  EXPECT_NE(junit.find("expected a refusal", failure), std::string::npos) << junit;
}

TEST(RunFailures, ScenarioFailingMidwayLeavesDeviceDisarmed) {
  std::string profile = long_watchdog_profile();
  StandaloneMock mock = start_mock({"--listen", "tcp://127.0.0.1:0", "--profile", profile});
  ASSERT_FALSE(mock.uri.empty());
  std::string path = write_scenario("midway.yaml",
                                    "scenario: fails-while-armed\n"
                                    "setup:\n"
                                    "  - remote: on\n"
                                    "  - set: {power: 20}\n"
                                    "steps:\n"
                                    "  - arm\n"
                                    "  - set: {frequency: 5}\n"
                                    "    expect: {refused: true}\n"
                                    "  - status: {}\n");
  std::string out = fresh_path("evidence");
  ProcessResult r =
      run_cli({"run", path, "--device", mock.uri, "--profile", profile, "--out", out});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(tcp_query(mock.uri, "STAT?").rfind("STANDBY", 0), 0u);
  auto record = nlohmann::json::parse(read_file(out + "/record.json"), nullptr, false);
  ASSERT_FALSE(record.is_discarded());
  EXPECT_EQ(record["scenarios"][0]["disarm_confirmed"], true) << record.dump(2);
}

TEST(RunFailures, SigintDisarmsAndExits130) {
  std::string profile = long_watchdog_profile();
  StandaloneMock mock = start_mock({"--listen", "tcp://127.0.0.1:0", "--profile", profile});
  ASSERT_FALSE(mock.uri.empty());
  std::string path = write_scenario("long.yaml",
                                    "scenario: armed-for-a-long-time\n"
                                    "setup:\n"
                                    "  - remote: on\n"
                                    "  - set: {power: 20}\n"
                                    "steps:\n"
                                    "  - arm\n"
                                    "  - wait: 30s\n");
  std::string out = fresh_path("evidence");
  Child run({binary_path(), "run", path, "--device", mock.uri, "--profile", profile, "--out", out});
  ASSERT_TRUE(run.read_line(std::chrono::seconds(10)).has_value());  // the header line
  // The mock serves one connection at a time, so watch the transcript for the wait step.
  bool waiting = false;
  for (int i = 0; i < 200 && !waiting; ++i) {
    real_sleep(std::chrono::milliseconds(50));
    waiting = read_file(out + "/transcript.jsonl").find("#2 wait") != std::string::npos;
  }
  ASSERT_TRUE(waiting);
  run.signal(SIGINT);
  EXPECT_EQ(run.wait(std::chrono::seconds(20)), 130);
  EXPECT_EQ(tcp_query(mock.uri, "STAT?").rfind("STANDBY", 0), 0u);
  auto record = nlohmann::json::parse(read_file(out + "/record.json"), nullptr, false);
  ASSERT_FALSE(record.is_discarded());
  EXPECT_EQ(record["scenarios"][0]["disarm_confirmed"], true);
}

TEST(RunFailures, KillingTheMockGivesExit3AndKeepsTheTranscript) {
  StandaloneMock mock = start_mock({"--listen", "tcp://127.0.0.1:0"});
  ASSERT_FALSE(mock.uri.empty());
  std::string path = write_scenario("chatty.yaml",
                                    "scenario: chatty\n"
                                    "steps:\n"
                                    "  - repeat:\n"
                                    "      count: 100000\n"
                                    "      steps:\n"
                                    "        - status: {}\n");
  std::string out = fresh_path("evidence");
  Child run({binary_path(), "run", path, "--device", mock.uri, "--out", out});
  ASSERT_TRUE(run.read_line(std::chrono::seconds(10)).has_value());
  real_sleep(std::chrono::milliseconds(500));
  mock.child->signal(SIGKILL);
  EXPECT_EQ(run.wait(std::chrono::seconds(20)), 3);
  std::string transcript = read_file(out + "/transcript.jsonl");
  std::istringstream lines(transcript);
  std::string line;
  int frames = 0;
  int rx = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << line;
    if (j["type"] == "frame") {
      ++frames;
      if (j["dir"] == "rx") ++rx;
    }
  }
  EXPECT_GT(rx, 10);
  EXPECT_GT(frames, rx);
  ProcessResult verify = run_cli({"verify", out});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

// A disk that fills up mid-run (here a 4 KiB file-size limit) must never end in a PASS: the
// exit code, the summary line and whatever record survives all say why, and the run stops.
TEST(RunFailures, EvidenceThatCannotBeWrittenIsNeverAPass) {
  std::string out = fresh_path("evidence");
  std::string script = "trap '' XFSZ; ulimit -f 8; exec \"$0\" run \"$1\" --out \"$2\"";
  ProcessResult r =
      run_process({"/bin/sh", "-c", script, binary_path(), scenario_dir("smoke"), out},
                  std::chrono::seconds(120));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("exit 1 (the transcript could not be written"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("exit 0"), std::string::npos) << r.out;
  // No further scenario starts once evidence is being lost (smoke has six that would pass).
  EXPECT_NE(r.out.find("the run stopped after that scenario"), std::string::npos) << r.out;
  EXPECT_LT(count_substr(r.out, "\nPASS  "), 6) << r.out;
}

}  // namespace
}  // namespace stimbench::test
