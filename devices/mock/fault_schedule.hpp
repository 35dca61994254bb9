// A seeded fault schedule for the mock's replies (`stimbench mock --fault SPEC --seed N`).
// Faults act on reply bytes in the server layer, never on the device model: the device has
// executed the command; only its answer is delayed, lost or damaged.
//
// SPEC grammar (docs/mock.md), rules separated by ',', spaces around rules ignored:
//   RULE     := KIND [":" DURATION] "@" WHEN
//   KIND     := delay | drop | corrupt | truncate | stall | disconnect
//   DURATION := digits ("ms" | "s")   required for delay, not allowed for the others
//   WHEN     := N          the Nth reply (1-based, counted over the server's life), once
//             | every:N    every Nth reply (N, 2N, 3N, ...)
//             | p=P        each reply with probability P (0..1), drawn from the seed
// e.g. "delay:50ms@3,drop@5,corrupt@every:4,truncate@p=0.1".
// When several rules match one reply, the first in SPEC order wins. The p= rules draw from
// one seeded stream in SPEC order, each once per reply whether or not another rule matched,
// so @N and every: rules never shift which replies a p= rule hits.
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
  delay,       // the reply is sent late (real time, not scaled); later replies queue behind
  drop,        // the reply is not sent
  corrupt,     // the reply's first byte gets its top bit flipped (never valid ASCII)
  truncate,    // only the first half of the reply (size / 2 bytes) is sent
  stall,       // this and every later reply on the connection are not sent; input ignored
  disconnect,  // the connection is closed instead of sending this reply (PTY: as stall)
};
const char* to_string(FaultKind kind);

enum class FaultTrigger { at, every, probability };

struct FaultRule {
  FaultKind kind = FaultKind::drop;
  FaultTrigger trigger = FaultTrigger::at;
  std::uint64_t n = 0;                 // at / every
  double probability = 0;              // probability
  std::chrono::milliseconds delay{0};  // delay only
};
// The rule in SPEC form, e.g. "delay:50ms@3"; parses back to the same rule.
std::string to_string(const FaultRule& rule);

struct FaultSchedule {
  std::vector<FaultRule> rules;
  bool empty() const { return rules.empty(); }
};

// ErrorCode::invalid_input with the offending rule and what was expected.
Result<FaultSchedule> parse_fault_spec(std::string_view spec);

// Decides the fate of each reply in turn. Deterministic for a given schedule and seed.
class FaultInjector {
 public:
  explicit FaultInjector(FaultSchedule schedule = {}, std::uint64_t seed = 0);
  // Counts one more reply; the rule that applies to it, or nullopt (send as it is).
  std::optional<FaultRule> next();
  std::uint64_t replies_seen() const { return count_; }

 private:
  FaultSchedule schedule_;
  std::mt19937_64 rng_;  // fully specified by the standard: same stream everywhere
  std::uint64_t count_ = 0;
};

Bytes corrupt_reply(Bytes reply);
Bytes truncate_reply(Bytes reply);

}  // namespace stimbench
