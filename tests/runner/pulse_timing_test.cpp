// Pulse timing from synthetic reports: exact trains measure 0, and an extra or missing pulse,
// a late pulse or a wrong nominal interval (a wrong divisor) shows where it should.
#include "harness/runner/pulse_timing.hpp"

#include <gtest/gtest.h>

#include "harness/runner/pulse_timing_check.hpp"

namespace stimbench {
namespace {

constexpr std::int64_t kMs = 1'000'000;

TrainPattern plain(double hz, std::uint64_t pulses, std::uint64_t trains = 1, double iti = 0) {
  TrainPattern p;
  p.frequency_hz = hz;
  p.pulses_per_train = pulses;
  p.train_count = trains;
  p.train_iti_s = iti;
  return p;
}

TrainPattern itbs() {  // safety-limits.md §1.4: 3 at 50 Hz every 200 ms, 2 s on / 8 s off
  TrainPattern p = plain(5, 30, 20, 8);
  p.burst_pulses = 3;
  p.burst_frequency_hz = 50;
  return p;
}

// Exact pulse times the way a correct device fires them, starting `t0` after the command.
std::vector<std::int64_t> exact_times(const TrainPattern& p, std::int64_t t0 = 3 * kMs) {
  std::vector<std::int64_t> out;
  const std::int64_t cycle = static_cast<std::int64_t>(p.bursts_per_train()) *
                                 (p.bursts() ? p.burst_onset_ns() : p.ipi_ns()) +
                             static_cast<std::int64_t>(p.train_iti_s * 1e9);
  for (std::uint64_t j = 0; j < p.train_count; ++j) {
    for (std::uint64_t k = 0; k < p.pulses_per_train; ++k) {
      const std::uint64_t burst = k / p.burst_pulses, in_burst = k % p.burst_pulses;
      out.push_back(t0 + static_cast<std::int64_t>(j) * cycle +
                    static_cast<std::int64_t>(burst) *
                        (p.bursts() ? p.burst_onset_ns() : p.ipi_ns()) +
                    static_cast<std::int64_t>(in_burst) * (p.bursts() ? p.ipi_ns() : 0));
    }
  }
  return out;
}

PulseTiming per_pulse(const TrainPattern& p, std::vector<std::int64_t> times, double scale = 1) {
  PulseObservations seen;
  seen.pulse_ns = std::move(times);
  seen.time_scale = scale;
  return analyze_pulse_timing(p, seen);
}

StepRecord judge(const PulseTimingLimits& limits, const PulseTiming& timing) {
  PulseTimingInput in;
  in.timing = timing;
  Step step;
  return judge_pulse_timing(limits, step, "steps", "check", in, 0, 1);
}

TimingBound pct(double value) {
  TimingBound b;
  b.percent = value;
  return b;
}

TEST(PulseTiming, NominalsComeFromTheRightRates) {
  const TrainPattern ten = plain(10, 40);
  EXPECT_EQ(ten.ipi_ns(), 100 * kMs);
  EXPECT_EQ(ten.span_ns(), 39 * 100 * kMs);  // first to last pulse: 39 intervals
  const TrainPattern tbs = itbs();
  EXPECT_EQ(tbs.ipi_ns(), 20 * kMs);           // inside a burst: 1 / burst_frequency
  EXPECT_EQ(tbs.burst_onset_ns(), 200 * kMs);  // burst to burst: 1 / frequency
  EXPECT_EQ(tbs.span_ns(), 9 * 200 * kMs + 2 * 20 * kMs);
  EXPECT_EQ(tbs.total_pulses(), 600u);
}

TEST(PulseTiming, ExactPlainTrainsMeasureZero) {
  const TrainPattern p = plain(10, 40, 3, 26);
  PulseTiming t = per_pulse(p, exact_times(p));
  EXPECT_EQ(t.pulses_seen, 120u);
  ASSERT_EQ(t.trains.size(), 3u);
  for (const TrainTiming& train : t.trains) {
    EXPECT_EQ(train.pulses, 40u);
    EXPECT_TRUE(train.complete);
    EXPECT_EQ(train.error_ns, 0);
  }
  ASSERT_TRUE(t.ipi && t.duration);
  EXPECT_EQ(t.ipi->count, 3u * 39u);  // the pauses between trains are no inter-pulse interval
  EXPECT_EQ(t.ipi->abs_max_ns, 0);
  EXPECT_EQ(t.duration->abs_max_ns, 0);
  EXPECT_FALSE(t.burst_onset);
  EXPECT_EQ(judge({pct(0), pct(0), pct(0), {}, {}, pct(0)}, t).verdict, Verdict::pass);
}

TEST(PulseTiming, ExactThetaBurstMeasuresZeroOnEveryInterval) {
  const TrainPattern p = itbs();
  PulseTiming t = per_pulse(p, exact_times(p));
  ASSERT_EQ(t.trains.size(), 20u);
  ASSERT_TRUE(t.ipi && t.burst_onset && t.duration);
  EXPECT_EQ(t.ipi->count, 20u * 10u * 2u);    // two intervals inside each burst
  EXPECT_EQ(t.burst_onset->count, 20u * 9u);  // nine onsets after the first burst
  EXPECT_EQ(t.ipi->nominal_ns, 20 * kMs);
  EXPECT_EQ(t.burst_onset->nominal_ns, 200 * kMs);
  EXPECT_EQ(t.ipi->abs_max_ns, 0);
  EXPECT_EQ(t.burst_onset->abs_max_ns, 0);
  EXPECT_EQ(t.duration->abs_max_ns, 0);
}

TEST(PulseTiming, ThetaBurstJudgedAgainstThePlainRateWouldFail) {
  // The same pulses with the burst rate missing (a wrong divisor for the interval): the
  // intervals are then judged against 1 / 5 Hz and are far off.
  TrainPattern wrong = itbs();
  wrong.burst_pulses = 1;
  PulseTiming t = per_pulse(wrong, exact_times(itbs()));
  ASSERT_TRUE(t.ipi);
  EXPECT_GT(t.ipi->abs_max_ns, 100 * kMs);
  EXPECT_EQ(judge({{}, pct(2), {}, {}, {}, {}}, t).verdict, Verdict::fail);
}

TEST(PulseTiming, AnExtraOrMissingPulseFailsTheCount) {
  const TrainPattern p = plain(10, 5);
  std::vector<std::int64_t> times = exact_times(p);
  times.push_back(times.back() + p.ipi_ns());
  StepRecord extra = judge({{}, {}, {}, {}, {}, pct(100)}, per_pulse(p, times));
  EXPECT_EQ(extra.verdict, Verdict::fail);
  EXPECT_NE(extra.message.find("reported 6 pulses, 5 were commanded"), std::string::npos)
      << extra.message;
  times.resize(4);
  StepRecord missing = judge({{}, {}, {}, {}, {}, pct(100)}, per_pulse(p, times));
  EXPECT_EQ(missing.verdict, Verdict::fail);
  EXPECT_NE(missing.message.find("reported 4 pulses"), std::string::npos) << missing.message;
}

TEST(PulseTiming, AnExtraPulseInOneTrainOfASequenceIsPinned) {
  const TrainPattern p = plain(10, 4, 3, 1);
  std::vector<std::int64_t> times = exact_times(p);
  times.insert(times.begin() + 8, times[7] + p.ipi_ns());  // a fifth pulse in the second train
  PulseTiming t = per_pulse(p, times);
  ASSERT_EQ(t.trains.size(), 3u);
  EXPECT_EQ(t.trains[0].pulses, 4u);
  EXPECT_EQ(t.trains[1].pulses, 5u);
  EXPECT_EQ(t.trains[2].pulses, 4u);
  StepRecord r = judge({{}, {}, {}, {}, {}, pct(100)}, t);
  EXPECT_EQ(r.verdict, Verdict::fail);
}

TEST(PulseTiming, ALatePulseShowsInMicrosecondsAndPercent) {
  const TrainPattern p = plain(10, 40);
  std::vector<std::int64_t> times = exact_times(p);
  times[10] += 1 * kMs;  // one pulse 1 ms late: one interval +1 ms, the next -1 ms
  PulseTiming t = per_pulse(p, times);
  ASSERT_TRUE(t.ipi);
  EXPECT_EQ(t.ipi->min_ns, -kMs);
  EXPECT_EQ(t.ipi->max_ns, kMs);
  EXPECT_EQ(t.ipi->abs_max_ns, kMs);
  EXPECT_EQ(t.ipi->abs_p50_ns, 0);
  EXPECT_DOUBLE_EQ(percent_of(t.ipi->abs_max_ns, t.ipi->nominal_ns), 1.0);
  EXPECT_EQ(t.duration->abs_max_ns, 0);  // the ends are on time
  EXPECT_EQ(judge({{}, {}, pct(2), {}, {}, {}}, t).verdict, Verdict::pass);
  StepRecord tight = judge({{}, {}, pct(0.5), {}, {}, {}}, t);
  EXPECT_EQ(tight.verdict, Verdict::fail);
  EXPECT_NE(tight.message.find("inter-pulse interval error max is 1000.000 us (1.000 %"),
            std::string::npos)
      << tight.message;
  TimingBound abs;
  abs.absolute = std::chrono::microseconds(999);
  EXPECT_EQ(judge({{}, {}, abs, {}, {}, {}}, t).verdict, Verdict::fail);
}

TEST(PulseTiming, RunTimeIsScaledToDeviceTime) {
  const TrainPattern p = plain(10, 5);
  std::vector<std::int64_t> device = exact_times(p), run;
  for (std::int64_t t : device) run.push_back(t / 5);  // the mock ran 5 times faster
  PulseTiming t = per_pulse(p, run, 5);
  ASSERT_TRUE(t.ipi);
  EXPECT_EQ(t.ipi->abs_max_ns, 0);
  EXPECT_EQ(t.trains.at(0).span_ns, 400 * kMs);
}

// Polls every `poll` ns from `from` to `to`: the counter each would read from `times`.
PulseObservations polled(const std::vector<std::int64_t>& times, std::int64_t poll, std::int64_t to,
                         std::int64_t latency = kMs) {
  PulseObservations seen;
  seen.method = PulseObservations::Method::counter;
  seen.counter_before = 100;  // a counter since power-on
  for (std::int64_t at = poll; at <= to; at += poll) {
    std::uint64_t n = 0;
    for (std::int64_t t : times) n += t <= at ? 1 : 0;
    seen.samples.push_back({at - latency, at + latency, 100 + n});
  }
  return seen;
}

TEST(PulseTiming, CounterPlacesPulsesBetweenPollsWithinTheResolution) {
  const TrainPattern p = plain(10, 40, 3, 26);
  PulseTiming t = analyze_pulse_timing(p, polled(exact_times(p), 250 * kMs, 100'000 * kMs));
  EXPECT_EQ(t.pulses_seen, 120u);
  ASSERT_EQ(t.trains.size(), 3u);
  ASSERT_TRUE(t.duration && t.ipi);
  EXPECT_EQ(t.ipi->count, 3u);  // one mean interval per train
  EXPECT_GT(t.duration->resolution_ns, 0);
  EXPECT_LE(t.duration->abs_max_ns, t.duration->resolution_ns);
  EXPECT_LE(t.ipi->abs_max_ns, t.ipi->resolution_ns);
  // A 0 % bound still passes: the bound allows the resolution of polling.
  EXPECT_EQ(judge({{}, pct(0), {}, {}, {}, pct(0)}, t).verdict, Verdict::pass);
}

TEST(PulseTiming, CounterCatchesAMissingPulseAndASlowTrain) {
  const TrainPattern p = plain(10, 40);
  std::vector<std::int64_t> times = exact_times(p);
  times.pop_back();
  EXPECT_EQ(judge({{}, {}, {}, {}, {}, pct(5)},
                  analyze_pulse_timing(p, polled(times, 100 * kMs, 10'000 * kMs)))
                .verdict,
            Verdict::fail);
  // At 8 Hz instead of 10 the train lasts 4.875 s, not 3.9 s: far beyond a 100 ms poll.
  std::vector<std::int64_t> slow = exact_times(plain(8, 40));
  PulseTiming t = analyze_pulse_timing(p, polled(slow, 100 * kMs, 10'000 * kMs));
  StepRecord r = judge({{}, {}, {}, {}, {}, pct(5)}, t);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_NE(r.message.find("train duration error"), std::string::npos) << r.message;
}

TEST(PulseTiming, CounterCannotPlaceBurstPulsesAndSaysSo) {
  const TrainPattern p = itbs();
  PulseTiming t = analyze_pulse_timing(p, polled(exact_times(p), 250 * kMs, 200'000 * kMs));
  EXPECT_FALSE(t.ipi);
  ASSERT_TRUE(t.burst_onset);
  EXPECT_LE(t.burst_onset->abs_max_ns, t.burst_onset->resolution_ns);
  StepRecord r = judge({{}, pct(2), {}, pct(2), {}, pct(1)}, t);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.message;
  ASSERT_TRUE(r.detail.contains("not_judged"));
  EXPECT_TRUE(r.detail["not_judged"].contains("ipi_error_p99"));
}

TEST(PulseTiming, ACounterThatGoesBackFails) {
  const TrainPattern p = plain(10, 5);
  PulseObservations seen = polled(exact_times(p), 100 * kMs, 1000 * kMs);
  seen.samples[3].count = 50;
  StepRecord r = judge({{}, {}, {}, {}, {}, pct(5)}, analyze_pulse_timing(p, seen));
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_NE(r.message.find("went back"), std::string::npos) << r.message;
}

TEST(PulseTiming, NothingToJudgeFailsUnlessTheDeviceCannotReport) {
  PulseTimingInput none;
  none.why = "no train was started";
  Step step;
  EXPECT_EQ(
      judge_pulse_timing({{}, pct(1), {}, {}, {}, {}}, step, "steps", "c", none, 0, 1).verdict,
      Verdict::fail);
  none.unsupported = true;
  EXPECT_EQ(
      judge_pulse_timing({{}, pct(1), {}, {}, {}, {}}, step, "steps", "c", none, 0, 1).verdict,
      Verdict::skipped);
}

TEST(PulseTiming, PatternFromReadBack) {
  ParameterValues v{{Parameter::frequency, 5},     {Parameter::pulses, 30},
                    {Parameter::burst_pulses, 3},  {Parameter::burst_frequency, 50},
                    {Parameter::train_count, 20},  {Parameter::train_iti, 8},
                    {Parameter::train_duration, 2}};
  auto p = train_pattern_from(v);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->burst_pulses, 3u);
  EXPECT_EQ(p->train_count, 20u);
  EXPECT_EQ(p->ipi_ns(), 20 * kMs);
  v[Parameter::frequency] = 0;
  EXPECT_FALSE(train_pattern_from(v));
}

}  // namespace
}  // namespace stimbench
