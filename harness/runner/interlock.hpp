// The one gate in front of every command that can make the coil fire. It reads the device
// back (every limited parameter, the coil temperature where the profile has a cut-off, and
// the state), asks the safety oracle, and only for a complete read-back inside the envelope
// creates the StimulationPermit a driver needs to arm, fire, start a train or send raw bytes.
#pragma once

#include <optional>
#include <string>

#include "harness/evidence/run_record.hpp"
#include "harness/runner/pulse_timing.hpp"
#include "harness/runner/run_context.hpp"
#include "harness/runner/train_tracker.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench {

struct InterlockDecision {
  Outcome outcome = Outcome::failed;
  std::optional<StimulationPermit> permit;  // set exactly when outcome is passed
  bool refused = false;                     // the gate said no (not a read-back error)
  // From the fresh read-back, for pulse counting and train tracking.
  std::optional<std::uint64_t> pulses_before;
  double planned_train_length_s = 0;
  std::optional<TrainPattern> train_pattern;  // the read-back train, for pulse timing
  // Raw sends: what the bytes do.
  bool raw_arms = false;
  bool raw_fires = false;
};

class Interlock {
 public:
  Interlock(RunContext& context, TrainTracker& trains) : ctx_(context), trains_(trains) {}

  // An arm, fire or train start. `probe` names one device-enforced limit the step probes on
  // purpose: that rule alone may say no (the device must refuse); every other must allow.
  // Arming delivers nothing, so the timing rules (lockout, minimum wait) do not apply to it.
  InterlockDecision judge(Stimulation kind, const std::optional<std::string>& probe,
                          StepRecord& record);
  // A raw send: the family's codec splits the bytes into commands; a trigger or arm among
  // them is judged as the typed step would be. A change and a trigger in one send, and
  // unclassified bytes off the built-in mock (unless the step allows them), are refused.
  InterlockDecision judge_raw(const Step& step, StepRecord& record);

 private:
  InterlockDecision refuse(StepRecord& record, const std::string& why, nlohmann::json detail);
  // Why a timing-bound probe ("lockout", "arming") can no longer show the device's rule, or
  // "" while it still can.
  std::string probe_too_late(const std::string& probe, const OracleRequest& request,
                             const std::optional<DeviceStatus>& status) const;

  RunContext& ctx_;
  TrainTracker& trains_;
  std::optional<std::int64_t> arm_granted_ns_;  // when the last arm permit went out
};

}  // namespace stimbench
