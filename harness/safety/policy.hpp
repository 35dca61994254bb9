// Clinical safety policy (fixtures/envelopes/*.yaml): limits in terms of the patient's motor
// threshold, from the literature in safety-limits.md §1. Plain values; YAML lives in
// harness/config.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "devices/core/profile.hpp"

namespace stimbench {

// Wassermann 1998 Table 4 style: maximum single-train duration (s) by frequency x %MT.
// Cells are verbatim (">x" stored as x); between grid points the stricter neighbour applies
// (the next higher %MT column and the next higher frequency row).
struct TrainDurationTable {
  std::vector<double> frequencies_hz;               // ascending row keys
  std::vector<double> mt_percent;                   // ascending column keys
  std::vector<std::vector<double>> max_duration_s;  // [row][column]
  // Domain: requests outside it are "not covered", never "allowed".
  double domain_min_hz = 0, domain_max_hz = 0;
  double domain_min_mt = 0, domain_max_mt = 0;
  Provenance provenance;

  // nullopt outside the domain.
  std::optional<double> max_duration_at(double frequency_hz, double percent_mt) const;
};

// Minimum pause between trains (Chen 1997), applying at or above a frequency and intensity.
struct PauseRule {
  double min_iti_s = 0;
  double applies_from_hz = 0;
  double applies_above_mt = 0;
  Provenance provenance;
};

// A published theta-burst pattern (safety-limits.md §1.4), judged as a whole.
struct ThetaBurstPattern {
  std::string name;  // "iTBS", "cTBS"
  int pulses_per_burst = 3;
  double burst_frequency_hz = 50;  // within a burst
  double burst_rate_hz = 5;        // bursts per second (onset to onset)
  double train_s = 2;              // on time per train (continuous for cTBS)
  double iti_s = 8;                // off time between trains (0 for cTBS)
  int total_pulses = 600;
  double max_percent_mt = 120;  // the highest intensity the policy accepts for it
  double tolerance = 0.01;      // relative slack when matching rates and times
  Provenance provenance;
};

struct ClinicalPolicy {
  std::string name;
  std::optional<TrainDurationTable> train_duration;
  std::vector<PauseRule> pauses;
  std::vector<ThetaBurstPattern> theta_burst;
  double max_percent_mt = 0;  // above this no request is covered (0: no such limit)
  Provenance provenance;
};

}  // namespace stimbench
