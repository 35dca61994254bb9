// The scenario `pulse_timing:` check: the last train's pulses against the step's bounds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/evidence/run_record.hpp"
#include "harness/runner/pulse_timing.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench {

// What the executor knows about the last train when the check runs.
struct PulseTimingInput {
  std::optional<PulseTiming> timing;  // nullopt: nothing to judge, `why` says so
  std::string why;
  bool unsupported = false;  // the device reports pulses in no form: skipped, not failed
  std::string source;        // e.g. "MagVenture di/dt messages, stamped on arrival"
};

// One record of its own ("<name> pulse timing"). It fails when the pulses seen differ from
// the commanded count, and when an error is above its bound plus the measurement's
// resolution; a bound the method cannot measure is listed as not judged.
StepRecord judge_pulse_timing(const PulseTimingLimits& limits, const Step& step,
                              const std::string& phase, const std::string& name,
                              const PulseTimingInput& input, std::int64_t start_ns,
                              std::int64_t now_ns);

}  // namespace stimbench
