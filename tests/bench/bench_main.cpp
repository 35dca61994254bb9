// Micro-benchmarks measured side by side in one run; ci/bench prints them as ratios.
//  - transcript append: background fdatasync (the default) vs a disk flush per line, which
//    is why the default exists: per-line flushes would distort the latencies being measured.
//  - the interlock's oracle decision vs one reference-protocol command parse, to show the
//    safety check costs little next to the I/O it guards.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "devices/protocols/reference/codec.hpp"
#include "harness/config/envelope_loader.hpp"
#include "harness/config/profile_loader.hpp"
#include "harness/evidence/transcript.hpp"
#include "harness/safety/oracle.hpp"

namespace {

using namespace stimbench;

void append_lines(benchmark::State& state, TranscriptSync sync) {
  std::string path = "/tmp/stimbench-bench-" + std::to_string(getpid()) + "-" +
                     std::to_string(static_cast<int>(sync)) + ".jsonl";
  std::remove(path.c_str());
  auto writer = TranscriptWriter::create(path, sync);
  if (!writer) {
    state.SkipWithError(writer.error().message.c_str());
    return;
  }
  std::int64_t t = 0;
  for (auto _ : state) {
    Status s = (*writer)->append({{"type", "frame"},
                                  {"t_ns", ++t},
                                  {"dir", "tx"},
                                  {"hex", "53 4F 55 52 3A 41 4D 50 4C 20 35 30 0A"},
                                  {"decoded", "SOUR:AMPL 50"}});
    if (!s) state.SkipWithError(s.error().message.c_str());
  }
  (void)(*writer)->close();
  std::remove(path.c_str());
}

void BM_TranscriptAppendBackgroundSync(benchmark::State& state) {
  append_lines(state, TranscriptSync::background);
}
void BM_TranscriptAppendSyncEveryLine(benchmark::State& state) {
  append_lines(state, TranscriptSync::every_line);
}

void BM_OracleJudgeTrigger(benchmark::State& state) {
  auto profile = load_profile_file(STIMBENCH_SOURCE_DIR "/fixtures/profiles/reference.yaml");
  auto policy = load_policy_file(STIMBENCH_SOURCE_DIR "/fixtures/envelopes/wassermann-1998.yaml");
  if (!profile || !policy) {
    state.SkipWithError("fixtures did not load");
    return;
  }
  SafetyOracle oracle(*profile, *policy);
  OracleRequest request;
  request.values = {{Parameter::power, 60},     {Parameter::frequency, 10},
                    {Parameter::pulses, 40},    {Parameter::train_duration, 4},
                    {Parameter::train_iti, 26}, {Parameter::train_count, 75}};
  request.motor_threshold = 50;
  request.coil_temperature_c = 25;
  for (auto _ : state) benchmark::DoNotOptimize(oracle.judge_trigger(request));
}

void BM_ReferenceParseCommand(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(reference::parse_command("SOUR:AMPL 50"));
}

BENCHMARK(BM_TranscriptAppendBackgroundSync)->Iterations(2000);
BENCHMARK(BM_TranscriptAppendSyncEveryLine)->Iterations(200);
BENCHMARK(BM_OracleJudgeTrigger);
BENCHMARK(BM_ReferenceParseCommand);

}  // namespace

BENCHMARK_MAIN();
