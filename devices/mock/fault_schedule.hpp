// A seeded fault schedule (`stimbench mock --fault SPEC --seed N`, `stimbench proxy --fault`,
// a scenario's `faults:`). Link faults act on frames in the server or proxy layer, never on
// the device model: the device has executed the command; only its answer is delayed, lost or
// damaged. Device faults (overtemp, coil_removed, power_fault) put the mock's device model in
// FAULT right after the frame that triggers them.
//
// SPEC grammar (docs/mock.md), rules separated by ',', spaces around rules ignored:
//   RULE     := KIND [":" DURATION ["~" DURATION]] "@" WHEN ("/" MODIFIER)*
//   KIND     := delay | drop | corrupt | truncate | duplicate | stall | disconnect
//             | overtemp | coil_removed | power_fault
//   DURATION := digits ("us" | "ms" | "s")   required for delay (~ jitter optional), else none
//   WHEN     := N          the Nth frame of the rule's direction (1-based), once
//             | every:N    every Nth frame (N, 2N, 3N, ...)
//             | p=P        each frame with probability P (0..1), drawn from the seed
//   MODIFIER := "to=host" | "to=device"   direction (default to=host: device-to-host replies)
//             | "first=" N                the rule acts on at most N frames
// e.g. "delay:50ms~5ms@3,drop@5/to=device,corrupt@p=0.05/first=2".
// When several rules match one frame, the first in SPEC order wins. The p= rules of a
// direction draw from one seeded stream in SPEC order, each once per frame of that direction
// whether or not another rule matched, so @N and every: rules never shift which frames a p=
// rule hits. Jitter draws from a second stream, so it never shifts the p= hits either.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "devices/core/bytes.hpp"
#include "devices/core/result.hpp"

namespace stimbench {

enum class FaultKind {
  delay,         // the frame is sent late (not scaled); later frames queue behind
  drop,          // the frame is not sent
  corrupt,       // the frame's first byte gets its top bit flipped (never valid ASCII)
  truncate,      // only the first half of the frame (size / 2 bytes) is sent
  duplicate,     // the frame is sent twice, back to back
  stall,         // this and every later frame on the connection are not sent; input ignored
  disconnect,    // the connection is closed instead of sending this frame (PTY: as stall)
  overtemp,      // device fault: coil over temperature (built-in mock only)
  coil_removed,  // device fault: the coil is unplugged (built-in mock only)
  power_fault,   // device fault: the power stage fails (built-in mock only)
};
const char* to_string(FaultKind kind);
// overtemp, coil_removed and power_fault: they act on the device model, not on bytes.
bool is_device_fault(FaultKind kind);

enum class FaultDirection { device_to_host, host_to_device };
const char* to_string(FaultDirection direction);  // "device_to_host" / "host_to_device"

enum class FaultTrigger { at, every, probability };

struct FaultRule {
  FaultKind kind = FaultKind::drop;
  FaultTrigger trigger = FaultTrigger::at;
  std::uint64_t n = 0;                  // at / every
  double probability = 0;               // probability
  std::chrono::microseconds delay{0};   // delay only
  std::chrono::microseconds jitter{0};  // delay only: +- uniformly, drawn from the seed
  FaultDirection direction = FaultDirection::device_to_host;
  std::uint64_t first = 0;  // at most this many hits; 0: no limit
};
// The rule in SPEC form, e.g. "delay:50ms@3"; parses back to the same rule.
std::string to_string(const FaultRule& rule);

struct FaultSchedule {
  std::vector<FaultRule> rules;
  bool empty() const { return rules.empty(); }
  bool has_device_faults() const;
  bool has_direction(FaultDirection direction) const;
};

// ErrorCode::invalid_input with the offending rule and what was expected.
Result<FaultSchedule> parse_fault_spec(std::string_view spec);
// Every SPEC in turn, rules appended in order; the first bad one's error.
Result<FaultSchedule> parse_fault_specs(const std::vector<std::string>& specs);

// What the injector decided for one frame.
struct FaultDecision {
  FaultRule rule;
  std::uint64_t frame = 0;             // 1-based count of frames in the rule's direction
  std::chrono::microseconds delay{0};  // delay: the duration drawn (jitter applied)
};

// Decides the fate of each frame in turn. Deterministic for a given schedule and seed.
class FaultInjector {
 public:
  explicit FaultInjector(FaultSchedule schedule = {}, std::uint64_t seed = 0);
  // Counts one more frame in `direction`; the rule that applies to it, or nullopt.
  std::optional<FaultDecision> decide(FaultDirection direction);
  // decide(device_to_host), the rule only.
  std::optional<FaultRule> next();
  std::uint64_t replies_seen() const { return counts_[0]; }
  std::uint64_t seed() const { return seed_; }
  const FaultSchedule& schedule() const { return schedule_; }

 private:
  FaultSchedule schedule_;
  std::uint64_t seed_ = 0;
  std::mt19937_64 rng_;     // p= draws; fully specified by the standard: same stream everywhere
  std::mt19937_64 jitter_;  // delay jitter draws
  std::uint64_t counts_[2] = {0, 0};
  std::vector<std::uint64_t> hits_;  // per rule, for first=
};

// One injected fault as it goes into a transcript (`"type":"fault"`, docs/mock.md).
struct FaultEvent {
  std::int64_t t_ns = 0;
  FaultDecision decision;
  std::uint64_t seed = 0;
};

Bytes corrupt_reply(Bytes reply);
Bytes truncate_reply(Bytes reply);

}  // namespace stimbench
