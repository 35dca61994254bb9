// The seeded decisions of a fault schedule, frame by frame (grammar in fault_schedule.hpp).
#include "devices/mock/fault_schedule.hpp"

namespace stimbench {

namespace {
// 53 random bits as a double in [0, 1): the same on every platform, unlike
// std::uniform_real_distribution.
double unit_draw(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// A second stream for jitter, derived from the seed so it never shifts the p= draws.
constexpr std::uint64_t kJitterStream = 0x9E3779B97F4A7C15ULL;
}  // namespace

FaultInjector::FaultInjector(FaultSchedule schedule, std::uint64_t seed)
    : schedule_(std::move(schedule)),
      seed_(seed),
      rng_(seed),
      jitter_(seed ^ kJitterStream),
      hits_(schedule_.rules.size(), 0) {}

std::optional<FaultDecision> FaultInjector::decide(FaultDirection direction) {
  std::uint64_t& count = counts_[direction == FaultDirection::device_to_host ? 0 : 1];
  ++count;
  std::optional<std::size_t> chosen;
  for (std::size_t i = 0; i < schedule_.rules.size(); ++i) {
    const FaultRule& rule = schedule_.rules[i];
    if (rule.direction != direction) continue;
    bool hit = false;
    switch (rule.trigger) {
      case FaultTrigger::at:
        hit = count == rule.n;
        break;
      case FaultTrigger::every:
        hit = count % rule.n == 0;
        break;
      case FaultTrigger::probability:
        hit = unit_draw(rng_) < rule.probability;  // drawn whether or not it can act
        break;
    }
    if (rule.first > 0 && hits_[i] >= rule.first) hit = false;
    if (hit && !chosen) chosen = i;
  }
  if (!chosen) return std::nullopt;
  ++hits_[*chosen];
  FaultDecision decision{schedule_.rules[*chosen], count, schedule_.rules[*chosen].delay};
  if (decision.rule.jitter.count() > 0) {
    std::int64_t span = 2 * decision.rule.jitter.count() + 1;
    std::int64_t offset = static_cast<std::int64_t>(jitter_() % static_cast<std::uint64_t>(span)) -
                          decision.rule.jitter.count();
    decision.delay += std::chrono::microseconds(offset);
  }
  return decision;
}

std::optional<FaultRule> FaultInjector::next() {
  std::optional<FaultDecision> d = decide(FaultDirection::device_to_host);
  if (!d) return std::nullopt;
  return d->rule;
}

}  // namespace stimbench
