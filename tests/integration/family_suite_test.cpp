// Each device profile's standalone mock, served on a real pseudo-terminal, passes
// scenarios/smoke and scenarios/safety (issue #4's acceptance, sped up 5x: a 1 s keep-alive window
// stays 200 ms of real time), and the harness refuses to send a Magstim "ignore coil interlock"
// unless the scenario asks for it, and keeps polling a Magstim in standby under remote control
// (T087 §5.4).
#include <nlohmann/json.hpp>

#include "tests/integration/cli_fixture.hpp"

namespace stimbench::test {
namespace {

class FamilySuite : public testing::TestWithParam<const char*> {};

TEST_P(FamilySuite, SmokeAndSafetyPassOverAPty) {
  const std::string profile = GetParam();
  StandaloneMock mock = start_mock({"--pty", "--profile", profile, "--time-scale", "5"});
  ASSERT_EQ(mock.uri.rfind("serial:///dev/pts/", 0), 0u) << mock.uri;
  std::string out = fresh_path("evidence");
  ProcessResult r =
      run_cli({"run", scenario_dir("smoke"), scenario_dir("safety"), "--device", mock.uri,
               "--profile", profile, "--allow-stimulation", "--time-scale", "5", "--out", out});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(count_substr(r.out, "FAIL "), 0) << r.out;
  // Skips name their reason; a profile never skips everything.
  EXPECT_NE(r.out.find("scenario(s) passed"), std::string::npos);
  EXPECT_EQ(run_cli({"verify", out}).exit_code, 0);
}

INSTANTIATE_TEST_SUITE_P(Profiles, FamilySuite,
                         testing::Values("magstim-200", "magstim-bistim2", "magstim-rapid2-v8-240v",
                                         "magstim-rapid2-v9-240v", "magstim-rapid2-v10-240v",
                                         "magstim-rapid2-v9-115v", "magstim-rapid2-super-v9-240v",
                                         "magstim-rapid2-superplus-v9-240v",
                                         "magventure-magpro-r30", "magventure-magpro-x100"),
                         [](const testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

const char* kUnasked = R"(scenario: ignore-interlock-unasked
title: b@ without asking is refused by the harness
steps:
  - send: "62 40 5D"
)";

const char* kAsked = R"(scenario: ignore-interlock-asked
title: b@ goes out when the step asks for it
steps:
  - send: {hex: "62 40 5D", allow_safety_override: true}
  - expect_bytes: "62 ?? ??"
)";

TEST(FamilySafetyOverride, IgnoreCoilInterlockIsRefusedUnlessAskedAndAlwaysRecorded) {
  StandaloneMock mock = start_mock({"--pty", "--profile", "magstim-rapid2-v9-240v"});
  std::string out = fresh_path("evidence");
  ProcessResult r =
      run_cli({"run", write_scenario("unasked.yaml", kUnasked),
               write_scenario("asked.yaml", kAsked), "--device", mock.uri, "--profile",
               "magstim-rapid2-v9-240v", "--allow-stimulation", "--out", out});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("refused by the harness"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PASS  ignore-interlock-asked"), std::string::npos) << r.out;
  std::string transcript = read_file(out + "/transcript.jsonl");
  EXPECT_EQ(count_substr(transcript, "\"event\":\"safety_event\""), 2) << transcript;
  // Only the step that asked put b@ on the wire.
  EXPECT_EQ(count_substr(transcript, "\"dir\":\"tx\",\"hex\":\"62 40 5D\""), 1) << transcript;
}

// T087 §5.4: under remote control a Magstim wants a command every 10 s even in standby.
const char* kStandbyWait = R"(scenario: standby-wait
title: a 25 s wait in standby under remote control keeps remote control
steps:
  - remote: on
  - wait: 25s
  - set: {power: 30}
)";

const char* kStandbySilent = R"(scenario: standby-silent
title: the same wait without polls loses remote control (so the check above can fail)
steps:
  - remote: on
  - wait: {duration: 25s, keepalive: false}
  - set: {power: 30}
    expect: {refused: true}
)";

TEST(FamilyStandbyKeepAlive, WaitsInStandbyPollUnderRemoteControl) {
  const std::string profile = "magstim-200";
  StandaloneMock mock = start_mock({"--pty", "--profile", profile, "--time-scale", "5"});
  std::string out = fresh_path("evidence");
  ProcessResult r =
      run_cli({"run", write_scenario("standby-wait.yaml", kStandbyWait),
               write_scenario("standby-silent.yaml", kStandbySilent), "--device", mock.uri,
               "--profile", profile, "--allow-stimulation", "--time-scale", "5", "--out", out});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("PASS  standby-wait"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PASS  standby-silent"), std::string::npos) << r.out;
  // 25 s at a 5 s period: the wait polled (Q@ before V9) four times.
  std::string record = read_file(out + "/record.json");
  EXPECT_EQ(count_substr(record, R"("keepalive_polls": 4)"), 1) << record;
}

}  // namespace
}  // namespace stimbench::test
