#include "devices/mock/fault_schedule.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace stimbench {

namespace {

constexpr std::array<FaultKind, 6> kKinds{FaultKind::delay,   FaultKind::drop,
                                          FaultKind::corrupt, FaultKind::truncate,
                                          FaultKind::stall,   FaultKind::disconnect};
constexpr std::int64_t kMaxDelayMs = 600'000;  // a longer "delay" is a stall in disguise

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::uint64_t> whole_number(std::string_view s) {
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

std::optional<double> probability(std::string_view s) {
  double p = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), p);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  if (!std::isfinite(p) || p < 0 || p > 1) return std::nullopt;
  return p;
}

std::optional<std::chrono::milliseconds> duration(std::string_view s) {
  std::int64_t scale = 0;
  if (s.size() > 2 && s.substr(s.size() - 2) == "ms") {
    scale = 1;
    s.remove_suffix(2);
  } else if (s.size() > 1 && s.back() == 's') {
    scale = 1000;
    s.remove_suffix(1);
  } else {
    return std::nullopt;
  }
  std::optional<std::uint64_t> n = whole_number(s);
  if (!n || *n > static_cast<std::uint64_t>(kMaxDelayMs)) return std::nullopt;
  std::int64_t ms = static_cast<std::int64_t>(*n) * scale;
  if (ms > kMaxDelayMs) return std::nullopt;
  return std::chrono::milliseconds(ms);
}

Result<FaultRule> parse_rule(std::string_view text) {
  auto bad = [&](const std::string& why) -> Error {
    return make_error(ErrorCode::invalid_input, "fault rule \"" + std::string(text) + "\": " + why);
  };
  std::size_t at = text.find('@');
  if (at == std::string_view::npos) return bad("expected KIND[:DURATION]@WHEN");
  std::string_view head = text.substr(0, at);
  std::string_view when = text.substr(at + 1);
  std::size_t colon = head.find(':');
  std::string_view kind_name = head.substr(0, colon);
  FaultRule rule;
  bool known = false;
  for (FaultKind k : kKinds) {
    if (kind_name == to_string(k)) {
      rule.kind = k;
      known = true;
    }
  }
  if (!known)
    return bad("unknown kind; expected delay, drop, corrupt, truncate, stall or disconnect");
  if (rule.kind == FaultKind::delay) {
    if (colon == std::string_view::npos) return bad("delay needs a duration, e.g. delay:50ms@3");
    std::optional<std::chrono::milliseconds> d = duration(head.substr(colon + 1));
    if (!d) return bad("duration must be whole ms or s, at most 600s, e.g. 50ms or 2s");
    rule.delay = *d;
  } else if (colon != std::string_view::npos) {
    return bad(std::string(kind_name) + " takes no argument");
  }
  if (when.substr(0, 6) == "every:") {
    rule.trigger = FaultTrigger::every;
    when.remove_prefix(6);
  } else if (when.substr(0, 2) == "p=") {
    std::optional<double> p = probability(when.substr(2));
    if (!p) return bad("p= needs a probability from 0 to 1");
    rule.trigger = FaultTrigger::probability;
    rule.probability = *p;
    return rule;
  }
  std::optional<std::uint64_t> n = whole_number(when);
  if (!n || *n == 0) return bad("expected @N, @every:N (N >= 1) or @p=P after the kind");
  rule.n = *n;
  return rule;
}

}  // namespace

const char* to_string(FaultKind kind) {
  switch (kind) {
    case FaultKind::delay:
      return "delay";
    case FaultKind::drop:
      return "drop";
    case FaultKind::corrupt:
      return "corrupt";
    case FaultKind::truncate:
      return "truncate";
    case FaultKind::stall:
      return "stall";
    case FaultKind::disconnect:
      return "disconnect";
  }
  return "drop";
}

std::string to_string(const FaultRule& rule) {
  std::string out = to_string(rule.kind);
  if (rule.kind == FaultKind::delay) out += ":" + std::to_string(rule.delay.count()) + "ms";
  out += "@";
  switch (rule.trigger) {
    case FaultTrigger::at:
      return out + std::to_string(rule.n);
    case FaultTrigger::every:
      return out + "every:" + std::to_string(rule.n);
    case FaultTrigger::probability: {
      char buffer[32];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, rule.probability);
      return out + "p=" + (ec == std::errc() ? std::string(buffer, end) : "0");
    }
  }
  return out;
}

Result<FaultSchedule> parse_fault_spec(std::string_view spec) {
  FaultSchedule schedule;
  if (trim(spec).empty()) return make_error(ErrorCode::invalid_input, "empty fault spec");
  while (true) {
    std::size_t comma = spec.find(',');
    std::string_view item = trim(spec.substr(0, comma));
    if (item.empty()) return make_error(ErrorCode::invalid_input, "empty rule in fault spec");
    Result<FaultRule> rule = parse_rule(item);
    if (!rule) return rule.error();
    schedule.rules.push_back(*rule);
    if (comma == std::string_view::npos) break;
    spec.remove_prefix(comma + 1);
  }
  return schedule;
}

FaultInjector::FaultInjector(FaultSchedule schedule, std::uint64_t seed)
    : schedule_(std::move(schedule)), rng_(seed) {}

std::optional<FaultRule> FaultInjector::next() {
  ++count_;
  std::optional<FaultRule> chosen;
  for (const FaultRule& rule : schedule_.rules) {
    bool hit = false;
    switch (rule.trigger) {
      case FaultTrigger::at:
        hit = count_ == rule.n;
        break;
      case FaultTrigger::every:
        hit = count_ % rule.n == 0;
        break;
      case FaultTrigger::probability:
        // 53 random bits as a double in [0, 1): the same on every platform, unlike
        // std::uniform_real_distribution.
        hit = static_cast<double>(rng_() >> 11) * 0x1.0p-53 < rule.probability;
        break;
    }
    if (hit && !chosen) chosen = rule;
  }
  return chosen;
}

Bytes corrupt_reply(Bytes reply) {
  if (!reply.empty()) reply.front() ^= 0x80;
  return reply;
}

Bytes truncate_reply(Bytes reply) {
  reply.resize(reply.size() / 2);
  return reply;
}

}  // namespace stimbench
