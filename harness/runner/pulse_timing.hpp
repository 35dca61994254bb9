// Pulse timing of one train sequence: when the device said its pulses came, against the
// pattern the harness commanded (inter-pulse interval, burst onset, train duration, pulse
// count). Two sources: a report per pulse (MagVenture di/dt messages, stamped on arrival), or
// a pulse counter in polled status replies (reference protocol), which places each pulse only
// between two polls. Pure computation: the executor collects, this judges nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/runner/readback.hpp"

namespace stimbench {

// The stored train as the interlock read it back just before the start (device seconds).
struct TrainPattern {
  double frequency_hz = 0;  // pulse rate; with bursts, the burst onset rate
  std::uint64_t pulses_per_train = 0;
  std::uint64_t burst_pulses = 1;
  double burst_frequency_hz = 0;  // pulse rate inside a burst
  std::uint64_t train_count = 1;
  double train_iti_s = 0;
  std::optional<double> train_duration_s;  // the setting, where the device stores one

  bool bursts() const { return burst_pulses > 1; }
  std::uint64_t bursts_per_train() const { return pulses_per_train / burst_pulses; }
  std::uint64_t total_pulses() const { return pulses_per_train * train_count; }
  std::int64_t ipi_ns() const;          // consecutive pulses (inside a burst)
  std::int64_t burst_onset_ns() const;  // first pulse of one burst to the next; 0 without
  // First to last pulse of one train: the length a pulse report can show.
  std::int64_t span_ns() const;
};

// nullopt when the read-back lacks a positive frequency or pulse count (nothing to time).
std::optional<TrainPattern> train_pattern_from(const ParameterValues& values);

struct CounterSample {
  std::int64_t sent_ns = 0;      // the status query went out
  std::int64_t received_ns = 0;  // its reply arrived
  std::uint64_t count = 0;       // the device's pulse counter in that reply
};

struct PulseObservations {
  enum class Method { per_pulse, counter };
  Method method = Method::per_pulse;
  std::int64_t train_sent_ns = 0;      // the train command went out (run's clock)
  std::vector<std::int64_t> pulse_ns;  // per_pulse: arrival of each report, in order
  std::uint64_t counter_before = 0;    // counter: the count just before the start
  std::vector<CounterSample> samples;  // counter: every status read since, in order
  double time_scale = 1.0;             // run ns times this is device ns
  std::int64_t clock_resolution_ns = 1;
};

// Errors of one kind of interval, device ns (measured minus nominal), and in % of nominal.
struct IntervalErrors {
  std::size_t count = 0;
  std::int64_t nominal_ns = 0;
  std::int64_t min_ns = 0, p50_ns = 0, p99_ns = 0, max_ns = 0;  // signed
  std::int64_t abs_p50_ns = 0, abs_p99_ns = 0, abs_max_ns = 0;  // of |error|
  std::int64_t resolution_ns = 0;  // the largest uncertainty of one sample
};

struct TrainTiming {
  std::uint64_t pulses = 0;   // pulses seen in this train
  bool complete = false;      // its last commanded pulse was seen
  std::int64_t span_ns = 0;   // first to last pulse, device ns (complete trains)
  std::int64_t error_ns = 0;  // span minus the commanded span
  std::int64_t resolution_ns = 0;
};

struct PulseTiming {
  PulseObservations::Method method = PulseObservations::Method::per_pulse;
  TrainPattern pattern;
  std::uint64_t pulses_seen = 0;
  std::vector<TrainTiming> trains;
  std::optional<IntervalErrors> ipi;          // plain: every interval; counter: train means
  std::optional<IntervalErrors> burst_onset;  // bursts only
  std::optional<IntervalErrors> duration;     // over complete trains
  std::string not_measured;  // what the method cannot show, e.g. the intra-burst interval
  std::string anomaly;       // e.g. a counter that went backwards; empty normally
};

PulseTiming analyze_pulse_timing(const TrainPattern& pattern, const PulseObservations& seen);

// % of `nominal_ns`; 0 when the nominal is 0.
double percent_of(std::int64_t error_ns, std::int64_t nominal_ns);

nlohmann::json to_json(const PulseTiming& timing);

}  // namespace stimbench
