#include "harness/runner/pulse_recorder.hpp"

namespace stimbench {
namespace {

// One train sequence's reports kept for the analysis (8 bytes each); more is an anomaly.
constexpr std::size_t kMaxPulses = 1'000'000;

}  // namespace

void PulseRecorder::trigger(std::optional<TrainPattern> pattern, const std::string& why,
                            std::optional<std::uint64_t> counter_before, std::int64_t now_ns,
                            StimulatorDriver& driver) {
  collect(driver);  // reports so far are the previous train's
  triggered_ = true;
  pattern_ = std::move(pattern);
  why_not_ = why;
  counter_before_ = counter_before;
  seen_ = PulseObservations{};
  seen_.train_sent_ns = now_ns;
  seen_.time_scale = time_scale_;
  seen_.clock_resolution_ns = resolution_ns_;
  dropped_ = 0;
}

void PulseRecorder::collect(StimulatorDriver& driver) {
  std::optional<std::vector<std::int64_t>> reports = driver.take_pulse_reports();
  if (!reports) return;
  per_pulse_ = true;
  if (!pattern_) return;
  for (std::int64_t t : *reports) {
    if (seen_.pulse_ns.size() < kMaxPulses) {
      seen_.pulse_ns.push_back(t);
    } else {
      ++dropped_;
    }
  }
}

void PulseRecorder::status(const Reply& reply) {
  if (!pattern_ || !reply.status || !reply.status->pulses) return;
  if (seen_.samples.size() >= kMaxPulses) return;
  seen_.samples.push_back({reply.sent_ns, reply.received_ns, *reply.status->pulses});
}

PulseTimingInput PulseRecorder::input() const {
  PulseTimingInput in;
  if (!triggered_) {
    in.why = "no train was started in this scenario before this step";
    return in;
  }
  if (!pattern_) {
    in.why = why_not_;
    return in;
  }
  PulseObservations seen = seen_;
  if (per_pulse_) {
    seen.method = PulseObservations::Method::per_pulse;
    in.source = "a report per pulse from the device, stamped on arrival";
  } else if (counter_before_) {
    seen.method = PulseObservations::Method::counter;
    seen.counter_before = *counter_before_;
    in.source = "the pulse counter in polled status replies: each pulse lies between two polls";
  } else {
    in.unsupported = true;
    in.why = "the device reports no pulses (no per-pulse report, no pulse counter)";
    return in;
  }
  in.timing = analyze_pulse_timing(*pattern_, seen);
  if (dropped_ > 0 && in.timing->anomaly.empty())
    in.timing->anomaly = "more than " + std::to_string(kMaxPulses) + " pulse reports";
  return in;
}

}  // namespace stimbench
