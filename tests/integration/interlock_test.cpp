// Host-enforced timing limits end to end on virtual time: the interlock tracks train ends
// itself and fills the oracle's time since the last train.
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

int count_tx_frames_starting(const std::string& transcript, const std::string& hex_prefix) {
  std::istringstream lines(transcript);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || j["type"] != "frame" || j["dir"] != "tx") continue;
    if (j["hex"].get<std::string>().rfind(hex_prefix, 0) == 0) ++n;
  }
  return n;
}

// Two 4 s trains of 40 pulses at 10 Hz and 100 % on a Rapid², `wait` apart from the first
// start (the train itself lasts 4 s); returns the scenario file.
std::string rapid2_two_trains(const std::string& wait, const std::string& second_expect = "") {
  std::string yaml =
      "scenario: rapid2-two-trains\n"
      "profile: magstim-rapid2-v9-240v\n"
      "steps:\n"
      "  - remote: on\n"
      "  - set: {power: 100, frequency: 10, pulses: 40}\n"
      "  - set: {train_duration: 4}\n"
      "  - arm\n"
      "  - wait_until: {state: ready, timeout: 3s, poll: 0.1s}\n"
      "  - train: {}\n";
  yaml += "  - wait: " + wait + "\n";
  yaml += "  - train: {}\n";
  if (!second_expect.empty()) yaml += "    expect: " + second_expect + "\n";
  yaml +=
      "  - wait: 5s\n"
      "teardown:\n"
      "  - disarm\n"
      "  - set: {train_duration: 0}\n"
      "  - remote: off\n";
  return write_scenario("two-trains.yaml", yaml);
}

// design.md §1 gives the Rapid² minimum wait to the host: 40 pulses at 10 Hz and 100 % need
// 5.6 s (protocols.md §1.8), so a second train 0.7 s after the first is refused.
TEST(Interlock, Rapid2SecondTrainTooSoonIsRefusedByTheHost) {
  std::string out = fresh_path("evidence");
  ProcessResult r = run_cli({"run", rapid2_two_trains("4.7s"), "--out", out});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("energy.min_wait"), std::string::npos) << r.out;
  // "EH": the Rapid² trigger frame; exactly the first train went out.
  EXPECT_EQ(count_tx_frames_starting(read_file(out + "/transcript.jsonl"), "45 48"), 1);
}

// A scenario that demonstrates the host refusal expects it: the step passes, nothing is sent.
TEST(Interlock, ExpectedInterlockRefusalPassesAndSendsNothing) {
  std::string out = fresh_path("evidence");
  ProcessResult r =
      run_cli({"run", rapid2_two_trains("4.7s", "{refused_by: interlock}"), "--out", out});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(count_tx_frames_starting(read_file(out + "/transcript.jsonl"), "45 48"), 1);
}

// Expecting a refusal the interlock does not give fails, and the trigger still stays unsent.
TEST(Interlock, ExpectedInterlockRefusalThatDoesNotComeFailsWithoutFiring) {
  std::string out = fresh_path("evidence");
  ProcessResult r =
      run_cli({"run", rapid2_two_trains("10s", "{refused_by: interlock}"), "--out", out});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("expected the interlock to refuse"), std::string::npos) << r.out;
  EXPECT_EQ(count_tx_frames_starting(read_file(out + "/transcript.jsonl"), "45 48"), 1);
}

// The same train after the minimum wait is allowed: the rule is timing, not a blanket ban.
TEST(Interlock, Rapid2SecondTrainAfterTheMinimumWaitFires) {
  std::string out = fresh_path("evidence");
  ProcessResult r = run_cli({"run", rapid2_two_trains("10s"), "--out", out});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(count_tx_frames_starting(read_file(out + "/transcript.jsonl"), "45 48"), 2);
}

// A raw trigger meets the typed trigger's interlock, judged on a read-back taken after the
// raw change: on a device that accepts 150 %, no TRIG goes out.
TEST(Interlock, RawTriggerAfterARawChangeIsJudgedOnAFreshReadBack) {
  StandaloneMock mock =
      start_mock({"--listen", "tcp://127.0.0.1:0", "--defect", "power-above-max"});
  ASSERT_FALSE(mock.uri.empty());
  std::string path = write_scenario("bypass.yaml",
                                    "scenario: raw-bypass\n"
                                    "steps:\n"
                                    "  - remote: on\n"
                                    "  - set: {power: 30}\n"
                                    "  - arm\n"
                                    "  - wait_until: {state: ready, timeout: 2s, poll: 0.1s}\n"
                                    "  - send: {text: \"SOUR:AMPL 150\\n\"}\n"
                                    "  - expect_bytes: {text: \"OK\\n\"}\n"
                                    "  - send: {text: \"TRIG\\n\"}\n"
                                    "teardown:\n"
                                    "  - disarm\n");
  std::string out = fresh_path("evidence");
  ProcessResult r =
      run_cli({"run", path, "--device", mock.uri, "--allow-stimulation", "--out", out});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("interlock refused"), std::string::npos) << r.out;
  EXPECT_EQ(count_tx_frames_starting(read_file(out + "/transcript.jsonl"), "54 52 49 47"), 0);
}

// The same raw bypass in the Magstim and MagPro wire formats (protocols.md §1.2, §2.2 frames):
// the device accepts 150 %, the interlock reads it back and no trigger frame goes out.
TEST(Interlock, RawMagstimEhAfterARawPowerChangeIsRefused) {
  std::string path = write_scenario("bypass-magstim.yaml",
                                    "scenario: raw-bypass-magstim\n"
                                    "steps:\n"
                                    "  - remote: on\n"
                                    "  - set: {train_duration: 0}\n"
                                    "  - set: {power: 30}\n"
                                    "  - arm\n"
                                    "  - wait_until: {state: ready, timeout: 2s, poll: 0.1s}\n"
                                    "  - send: \"40 31 35 30 29\"\n"
                                    "  - expect_bytes: \"40 ?? ??\"\n"
                                    "  - send: \"45 48 72\"\n"
                                    "teardown:\n"
                                    "  - disarm\n");
  std::string out = fresh_path("evidence");
  ProcessResult r = run_cli({"run", path, "--profile", "magstim-rapid2-v9-240v", "--device",
                             "mock:?defect=power-above-max", "--out", out});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("interlock refused: fire"), std::string::npos) << r.out;
  EXPECT_EQ(count_tx_frames_starting(read_file(out + "/transcript.jsonl"), "45 48"), 0);
}

TEST(Interlock, RawMagproFireAfterARawAmplitudeChangeIsRefused) {
  std::string path = write_scenario("bypass-magpro.yaml",
                                    "scenario: raw-bypass-magpro\n"
                                    "steps:\n"
                                    "  - set: {power: 30}\n"
                                    "  - arm\n"
                                    "  - send: \"FE 02 01 96 08 FF\"\n"
                                    "  - send: \"FE 02 03 01 0B FF\"\n"
                                    "teardown:\n"
                                    "  - disarm\n");
  std::string out = fresh_path("evidence");
  ProcessResult r = run_cli({"run", path, "--profile", "magventure-magpro-r30", "--device",
                             "mock:?defect=power-above-max", "--out", out});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("interlock refused: fire"), std::string::npos) << r.out;
  EXPECT_EQ(count_tx_frames_starting(read_file(out + "/transcript.jsonl"), "FE 02 03"), 0);
}

// A change and a trigger in one send cannot be judged on a fresh read-back: refused whole.
TEST(Interlock, ChangeAndTriggerInOneRawSendAreRefused) {
  std::string path = write_scenario("combined.yaml",
                                    "scenario: raw-combined\n"
                                    "steps:\n"
                                    "  - remote: on\n"
                                    "  - arm\n"
                                    "  - wait_until: {state: ready, timeout: 2s, poll: 0.1s}\n"
                                    "  - send: {text: \"SOUR:AMPL 20\\nTRIG\\n\"}\n"
                                    "teardown:\n"
                                    "  - disarm\n");
  std::string out = fresh_path("evidence");
  ProcessResult r = run_cli({"run", path, "--out", out});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("separate steps"), std::string::npos) << r.out;
  EXPECT_EQ(count_tx_frames_starting(read_file(out + "/transcript.jsonl"),
                                     "53 4F 55 52 3A 41 4D 50 4C 20"),
            0);
}

}  // namespace
}  // namespace stimbench::test
