#include "harness/runner/pulse_timing_check.hpp"

#include <cstdio>

#include "harness/runner/judge.hpp"
#include "harness/scenario/duration.hpp"

namespace stimbench {
namespace {

std::string pulse_us_text(std::int64_t ns) {
  char text[48];
  std::snprintf(text, sizeof text, "%.3f us", static_cast<double>(ns) / 1e3);
  return text;
}

std::string pulse_pct_text(double pct) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f %%", pct);
  return text;
}

std::string pulse_bound_text(const TimingBound& b) {
  if (b.absolute) return format_duration(*b.absolute);
  char text[32];
  std::snprintf(text, sizeof text, "%g%%", b.percent.value_or(0));
  return text;
}

struct PulseBound {
  const char* key;  // as the scenario writes it
  const std::optional<TimingBound>& limit;
  const std::optional<IntervalErrors>& errors;
  std::int64_t IntervalErrors::*statistic;
  const char* what;  // for messages
};

std::int64_t pulse_limit_ns(const TimingBound& b, std::int64_t nominal_ns) {
  if (b.absolute) return b.absolute->count();
  return static_cast<std::int64_t>(b.percent.value_or(0) / 100.0 * static_cast<double>(nominal_ns));
}

}  // namespace

StepRecord judge_pulse_timing(const PulseTimingLimits& limits, const Step& step,
                              const std::string& phase, const std::string& name,
                              const PulseTimingInput& input, std::int64_t start_ns,
                              std::int64_t now_ns) {
  StepRecord record = check_record(step, phase, name, "pulse timing", start_ns, now_ns);
  nlohmann::json wanted = nlohmann::json::object();
  const std::optional<IntervalErrors> none;
  const PulseTiming* t = input.timing ? &*input.timing : nullptr;
  const PulseBound bounds[] = {
      {"ipi_error_p50", limits.ipi_p50, t ? t->ipi : none, &IntervalErrors::abs_p50_ns,
       "inter-pulse interval error p50"},
      {"ipi_error_p99", limits.ipi_p99, t ? t->ipi : none, &IntervalErrors::abs_p99_ns,
       "inter-pulse interval error p99"},
      {"ipi_error_max", limits.ipi_max, t ? t->ipi : none, &IntervalErrors::abs_max_ns,
       "inter-pulse interval error max"},
      {"burst_onset_error_p99", limits.burst_onset_p99, t ? t->burst_onset : none,
       &IntervalErrors::abs_p99_ns, "burst onset interval error p99"},
      {"burst_onset_error_max", limits.burst_onset_max, t ? t->burst_onset : none,
       &IntervalErrors::abs_max_ns, "burst onset interval error max"},
      {"duration_error", limits.duration, t ? t->duration : none, &IntervalErrors::abs_max_ns,
       "train duration error"}};
  for (const PulseBound& b : bounds) {
    if (b.limit) wanted[b.key] = pulse_bound_text(*b.limit);
  }
  record.detail["expected"] = {{"pulse_timing", wanted}};
  if (!t) {
    record.verdict = input.unsupported ? Verdict::skipped : Verdict::fail;
    record.message = input.why;
    return record;
  }
  nlohmann::json observed = to_json(*t);
  observed["source"] = input.source;
  record.detail["observed"] = {{"pulse_timing", observed}};
  auto fail = [&](const std::string& why) {
    if (record.verdict != Verdict::pass) return;
    record.verdict = Verdict::fail;
    record.message = why;
  };
  if (!t->anomaly.empty()) fail(t->anomaly);
  const std::uint64_t want = t->pattern.total_pulses();
  record.measurements.push_back({"pulses_seen", static_cast<double>(t->pulses_seen), "pulses",
                                 static_cast<double>(want), static_cast<double>(want)});
  if (t->pulses_seen != want) {
    fail("the device reported " + std::to_string(t->pulses_seen) + " pulses, " +
         std::to_string(want) + " were commanded (" + std::to_string(t->pattern.train_count) +
         " x " + std::to_string(t->pattern.pulses_per_train) + ")");
  }
  for (const TrainTiming& train : t->trains) {
    if (train.pulses != t->pattern.pulses_per_train) {
      fail("a train had " + std::to_string(train.pulses) + " pulses, " +
           std::to_string(t->pattern.pulses_per_train) + " were commanded");
      break;
    }
  }
  nlohmann::json not_judged = nlohmann::json::object();
  for (const PulseBound& b : bounds) {
    if (!b.limit) continue;
    if (!b.errors) {
      std::string why = "not measured";
      if (std::string(b.key).rfind("ipi", 0) == 0 && !t->not_measured.empty())
        why = t->not_measured;
      if (std::string(b.key).rfind("burst", 0) == 0 && !t->pattern.bursts())
        why = "the train has no bursts";
      not_judged[b.key] = why;
      continue;
    }
    const IntervalErrors& e = *b.errors;
    const std::int64_t measured = e.*b.statistic;
    // A bound allows the method's resolution: a correct device must never fail on it.
    const std::int64_t allowed = pulse_limit_ns(*b.limit, e.nominal_ns) + e.resolution_ns;
    record.measurements.push_back({std::string("pulse_") + b.key, static_cast<double>(measured),
                                   "ns", std::nullopt, static_cast<double>(allowed)});
    if (measured > allowed) {
      fail(std::string(b.what) + " is " + pulse_us_text(measured) + " (" +
           pulse_pct_text(percent_of(measured, e.nominal_ns)) + " of " +
           pulse_us_text(e.nominal_ns) + ", " + std::to_string(e.count) +
           " samples), above the limit " + pulse_bound_text(*b.limit) + " plus the resolution " +
           pulse_us_text(e.resolution_ns));
    }
  }
  if (!not_judged.empty()) {
    record.detail["not_judged"] = not_judged;
    if (not_judged.size() == wanted.size() && record.verdict == Verdict::pass)
      record.message =
          "only the pulse count was judged: " + not_judged.begin().value().get<std::string>();
  }
  return record;
}

}  // namespace stimbench
