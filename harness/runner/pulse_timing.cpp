#include "harness/runner/pulse_timing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "harness/evidence/latency_stats.hpp"

namespace stimbench {
namespace {

std::int64_t pulse_ns_of(double seconds) {
  return static_cast<std::int64_t>(std::llround(seconds * 1e9));
}

// Collects (error, resolution) samples of one interval kind.
class PulseErrorSet {
 public:
  explicit PulseErrorSet(std::int64_t nominal_ns) : nominal_ns_(nominal_ns) {}
  void add(std::int64_t error_ns, std::int64_t resolution_ns) {
    errors_.push_back(error_ns);
    resolution_ns_ = std::max(resolution_ns_, resolution_ns);
  }
  std::optional<IntervalErrors> summary() {
    if (errors_.empty()) return std::nullopt;
    IntervalErrors out;
    out.count = errors_.size();
    out.nominal_ns = nominal_ns_;
    out.resolution_ns = resolution_ns_;
    std::vector<std::int64_t> abs;
    for (std::int64_t e : errors_) abs.push_back(std::llabs(e));
    std::sort(errors_.begin(), errors_.end());
    std::sort(abs.begin(), abs.end());
    out.min_ns = errors_.front();
    out.max_ns = errors_.back();
    out.p50_ns = nearest_rank(errors_, 50);
    out.p99_ns = nearest_rank(errors_, 99);
    out.abs_p50_ns = nearest_rank(abs, 50);
    out.abs_p99_ns = nearest_rank(abs, 99);
    out.abs_max_ns = abs.back();
    return out;
  }

 private:
  std::int64_t nominal_ns_;
  std::int64_t resolution_ns_ = 0;
  std::vector<std::int64_t> errors_;
};

struct PulseErrorSets {
  PulseErrorSet ipi, onset, duration;
  explicit PulseErrorSets(const TrainPattern& p)
      : ipi(p.ipi_ns()), onset(p.burst_onset_ns()), duration(p.span_ns()) {}
};

// Splits reports into trains at the pauses between them; by count where there is no pause.
std::vector<std::vector<std::int64_t>> split_pulse_trains(
    const TrainPattern& p, const std::vector<std::int64_t>& device_ns) {
  std::vector<std::vector<std::int64_t>> trains(1);
  const std::int64_t longest_inside =
      p.bursts() ? p.burst_onset_ns() - (p.burst_pulses - 1) * p.ipi_ns() : p.ipi_ns();
  const bool by_gap = p.train_count > 1 && p.train_iti_s > 0;
  const std::int64_t gap = longest_inside + pulse_ns_of(p.train_iti_s) / 2;
  for (std::size_t i = 0; i < device_ns.size(); ++i) {
    const bool next = by_gap ? i > 0 && device_ns[i] - device_ns[i - 1] > gap
                             : trains.back().size() == p.pulses_per_train;
    if (next) trains.emplace_back();
    trains.back().push_back(device_ns[i]);
  }
  if (trains.back().empty()) trains.clear();
  return trains;
}

void from_pulse_reports(const TrainPattern& p, const PulseObservations& seen, PulseTiming& out,
                        PulseErrorSets& sets) {
  std::vector<std::int64_t> device_ns;
  for (std::int64_t t : seen.pulse_ns) {
    device_ns.push_back(
        static_cast<std::int64_t>(std::llround((t - seen.train_sent_ns) * seen.time_scale)));
  }
  out.pulses_seen = device_ns.size();
  const std::int64_t res =
      static_cast<std::int64_t>(std::ceil(seen.clock_resolution_ns * seen.time_scale));
  const std::uint64_t b = p.burst_pulses;
  for (const std::vector<std::int64_t>& t : split_pulse_trains(p, device_ns)) {
    TrainTiming train;
    train.pulses = t.size();
    train.complete = t.size() == p.pulses_per_train;
    train.resolution_ns = res;
    for (std::size_t i = 0; i + 1 < t.size(); ++i) {
      // Inside a burst (every interval of a plain train) the pulse rate applies.
      if (b == 1 || (i % b) + 1 < b) sets.ipi.add(t[i + 1] - t[i] - p.ipi_ns(), res);
    }
    for (std::size_t i = b; b > 1 && i < t.size(); i += b) {
      sets.onset.add(t[i] - t[i - b] - p.burst_onset_ns(), res);
    }
    if (train.complete) {
      train.span_ns = t.back() - t.front();
      train.error_ns = train.span_ns - p.span_ns();
      sets.duration.add(train.error_ns, res);
    }
    out.trains.push_back(train);
  }
}

// Where pulse k (1-based since the start) happened, in run ns: between the last poll that
// still counted fewer and the first that counted it.
struct PulseWindow {
  double mid = 0;
  double half = 0;
};

class PulseCounterWindows {
 public:
  PulseCounterWindows(const PulseObservations& seen, std::string& anomaly) : seen_(seen) {
    std::uint64_t last = seen.counter_before;
    for (const CounterSample& s : seen.samples) {
      if (s.count < last) {
        anomaly = "the pulse counter went back from " + std::to_string(last) + " to " +
                  std::to_string(s.count) + " during the train";
        break;
      }
      last = s.count;
      usable_.push_back(s);
    }
    seen_count_ = last - seen.counter_before;
  }
  std::uint64_t seen() const { return seen_count_; }
  PulseWindow at(std::uint64_t k) const {
    std::int64_t lo = seen_.train_sent_ns;
    for (const CounterSample& s : usable_) {
      if (s.count - seen_.counter_before >= k) {
        const double scale = seen_.time_scale;
        double a = (lo - seen_.train_sent_ns) * scale,
               z = (s.received_ns - seen_.train_sent_ns) * scale;
        return PulseWindow{(a + z) / 2, (z - a) / 2};
      }
      lo = s.sent_ns;
    }
    return PulseWindow{};
  }

 private:
  const PulseObservations& seen_;
  std::vector<CounterSample> usable_;
  std::uint64_t seen_count_ = 0;
};

void pulses_from_counter(const TrainPattern& p, const PulseObservations& seen, PulseTiming& out,
                         PulseErrorSets& sets) {
  PulseCounterWindows windows(seen, out.anomaly);
  out.pulses_seen = windows.seen();
  const std::uint64_t n = p.pulses_per_train;
  const std::uint64_t b = p.burst_pulses;
  if (p.bursts())
    out.not_measured =
        "the interval inside a burst (a polled counter cannot place pulses that close)";
  for (std::uint64_t j = 0; j < p.train_count && j * n < out.pulses_seen; ++j) {
    TrainTiming train;
    train.pulses = std::min<std::uint64_t>(n, out.pulses_seen - j * n);
    train.complete = train.pulses == n;
    const PulseWindow first = windows.at(j * n + 1);
    if (train.complete) {
      const PulseWindow last = windows.at((j + 1) * n);
      const double span = last.mid - first.mid, res = last.half + first.half;
      train.span_ns = std::llround(span);
      train.error_ns = train.span_ns - p.span_ns();
      train.resolution_ns = static_cast<std::int64_t>(std::ceil(res));
      sets.duration.add(train.error_ns, train.resolution_ns);
      // The mean interval of the train: its span over the intervals it holds.
      if (!p.bursts() && n > 1) {
        sets.ipi.add(std::llround(span / (n - 1)) - p.ipi_ns(),
                     static_cast<std::int64_t>(std::ceil(res / (n - 1))));
      }
      const std::uint64_t bursts = p.bursts_per_train();
      if (p.bursts() && bursts > 1) {
        const PulseWindow onset = windows.at(j * n + (bursts - 1) * b + 1);
        const double mean = (onset.mid - first.mid) / (bursts - 1);
        sets.onset.add(
            std::llround(mean) - p.burst_onset_ns(),
            static_cast<std::int64_t>(std::ceil((onset.half + first.half) / (bursts - 1))));
      }
    }
    out.trains.push_back(train);
  }
}

nlohmann::json pulse_errors_json(const IntervalErrors& e) {
  auto pct = [&](std::int64_t ns) { return percent_of(ns, e.nominal_ns); };
  return {{"count", e.count},
          {"nominal_ns", e.nominal_ns},
          {"resolution_ns", e.resolution_ns},
          {"min_ns", e.min_ns},
          {"p50_ns", e.p50_ns},
          {"p99_ns", e.p99_ns},
          {"max_ns", e.max_ns},
          {"abs_p50_ns", e.abs_p50_ns},
          {"abs_p99_ns", e.abs_p99_ns},
          {"abs_max_ns", e.abs_max_ns},
          {"min_pct", pct(e.min_ns)},
          {"p50_pct", pct(e.p50_ns)},
          {"p99_pct", pct(e.p99_ns)},
          {"max_pct", pct(e.max_ns)},
          {"abs_p99_pct", pct(e.abs_p99_ns)},
          {"abs_max_pct", pct(e.abs_max_ns)}};
}

}  // namespace

std::int64_t TrainPattern::ipi_ns() const {
  const double rate = bursts() ? burst_frequency_hz : frequency_hz;
  return rate > 0 ? pulse_ns_of(1.0 / rate) : 0;
}

std::int64_t TrainPattern::burst_onset_ns() const {
  return bursts() && frequency_hz > 0 ? pulse_ns_of(1.0 / frequency_hz) : 0;
}

std::int64_t TrainPattern::span_ns() const {
  if (pulses_per_train == 0) return 0;
  if (!bursts()) return static_cast<std::int64_t>(pulses_per_train - 1) * ipi_ns();
  return static_cast<std::int64_t>(bursts_per_train() - 1) * burst_onset_ns() +
         static_cast<std::int64_t>(burst_pulses - 1) * ipi_ns();
}

std::optional<TrainPattern> train_pattern_from(const ParameterValues& values) {
  auto get = [&](Parameter p) -> std::optional<double> {
    auto it = values.find(p);
    if (it == values.end() || !std::isfinite(it->second)) return std::nullopt;
    return it->second;
  };
  TrainPattern p;
  p.frequency_hz = get(Parameter::frequency).value_or(0);
  const double pulses = std::round(get(Parameter::pulses).value_or(0));
  if (p.frequency_hz <= 0 || pulses < 1 || pulses > 1e7) return std::nullopt;
  p.pulses_per_train = static_cast<std::uint64_t>(pulses);
  const double burst = std::round(get(Parameter::burst_pulses).value_or(1));
  p.burst_frequency_hz = get(Parameter::burst_frequency).value_or(0);
  if (burst > 1 && burst <= 1e3 && p.burst_frequency_hz > 0 &&
      p.pulses_per_train % static_cast<std::uint64_t>(burst) == 0) {
    p.burst_pulses = static_cast<std::uint64_t>(burst);
  }
  const double count = std::round(get(Parameter::train_count).value_or(1));
  p.train_count = count >= 1 && count <= 1e6 ? static_cast<std::uint64_t>(count) : 1;
  p.train_iti_s = std::max(0.0, get(Parameter::train_iti).value_or(0));
  p.train_duration_s = get(Parameter::train_duration);
  return p;
}

double percent_of(std::int64_t error_ns, std::int64_t nominal_ns) {
  return nominal_ns == 0 ? 0.0
                         : 100.0 * static_cast<double>(error_ns) / static_cast<double>(nominal_ns);
}

PulseTiming analyze_pulse_timing(const TrainPattern& pattern, const PulseObservations& seen) {
  PulseTiming out;
  out.method = seen.method;
  out.pattern = pattern;
  PulseErrorSets sets(pattern);
  if (seen.method == PulseObservations::Method::per_pulse) {
    from_pulse_reports(pattern, seen, out, sets);
  } else {
    pulses_from_counter(pattern, seen, out, sets);
  }
  out.ipi = sets.ipi.summary();
  out.burst_onset = sets.onset.summary();
  out.duration = sets.duration.summary();
  return out;
}

nlohmann::json to_json(const PulseTiming& t) {
  const TrainPattern& p = t.pattern;
  const bool each = t.method == PulseObservations::Method::per_pulse;
  nlohmann::json commanded = {
      {"frequency_hz", p.frequency_hz}, {"pulses_per_train", p.pulses_per_train},
      {"train_count", p.train_count},   {"train_iti_s", p.train_iti_s},
      {"ipi_ns", p.ipi_ns()},           {"span_ns", p.span_ns()}};
  if (p.bursts()) {
    commanded["burst_pulses"] = p.burst_pulses;
    commanded["burst_frequency_hz"] = p.burst_frequency_hz;
    commanded["burst_onset_ns"] = p.burst_onset_ns();
  }
  if (p.train_duration_s) commanded["train_duration_s"] = *p.train_duration_s;
  nlohmann::json out = {{"method", each ? "per_pulse" : "counter"},
                        {"commanded", commanded},
                        {"pulses", {{"seen", t.pulses_seen}, {"commanded", p.total_pulses()}}}};
  out["ipi"] = t.ipi ? pulse_errors_json(*t.ipi) : nlohmann::json(nullptr);
  if (p.bursts())
    out["burst_onset"] =
        t.burst_onset ? pulse_errors_json(*t.burst_onset) : nlohmann::json(nullptr);
  out["duration"] = t.duration ? pulse_errors_json(*t.duration) : nlohmann::json(nullptr);
  nlohmann::json trains = nlohmann::json::array();
  constexpr std::size_t kMaxListed = 100;  // a long sequence keeps its summary, not every train
  for (std::size_t i = 0; i < t.trains.size() && i < kMaxListed; ++i) {
    const TrainTiming& r = t.trains[i];
    nlohmann::json row = {{"pulses", r.pulses}, {"complete", r.complete}};
    if (r.complete) {
      row["span_ns"] = r.span_ns;
      row["error_ns"] = r.error_ns;
      row["error_pct"] = percent_of(r.error_ns, p.span_ns());
      row["resolution_ns"] = r.resolution_ns;
    }
    trains.push_back(row);
  }
  out["trains"] = trains;
  out["trains_seen"] = t.trains.size();
  if (!t.not_measured.empty()) out["not_measured"] = t.not_measured;
  if (!t.anomaly.empty()) out["anomaly"] = t.anomaly;
  return out;
}

}  // namespace stimbench
