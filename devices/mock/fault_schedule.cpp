#include "devices/mock/fault_schedule.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace stimbench {

namespace {

constexpr std::array<FaultKind, 10> kKinds{
    FaultKind::delay,        FaultKind::drop,       FaultKind::corrupt,    FaultKind::truncate,
    FaultKind::duplicate,    FaultKind::stall,      FaultKind::disconnect, FaultKind::overtemp,
    FaultKind::coil_removed, FaultKind::power_fault};
constexpr std::int64_t kMaxDelayUs = 600'000'000;  // a longer "delay" is a stall in disguise
// Bounds on what a SPEC may ask for (every input bounded, docs/robustness.md).
constexpr std::size_t kMaxSpecBytes = 8192;
constexpr std::size_t kMaxRules = 256;

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

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::optional<std::chrono::microseconds> duration(std::string_view s) {
  std::int64_t scale = 0;
  if (ends_with(s, "us")) {
    scale = 1;
    s.remove_suffix(2);
  } else if (ends_with(s, "ms")) {
    scale = 1000;
    s.remove_suffix(2);
  } else if (ends_with(s, "s")) {
    scale = 1'000'000;
    s.remove_suffix(1);
  } else {
    return std::nullopt;
  }
  std::optional<std::uint64_t> n = whole_number(s);
  if (!n || *n > static_cast<std::uint64_t>(kMaxDelayUs / scale)) return std::nullopt;
  return std::chrono::microseconds(static_cast<std::int64_t>(*n) * scale);
}

std::string duration_text(std::chrono::microseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + "ms";
  return std::to_string(d.count()) + "us";
}

// The part after '@': WHEN, then "/"-separated modifiers.
Status parse_when(std::string_view when, FaultRule& rule, const std::string& context) {
  auto bad = [&](const std::string& why) {
    return make_error(ErrorCode::invalid_input, "fault rule \"" + context + "\": " + why);
  };
  std::size_t slash = when.find('/');
  std::string_view modifiers = slash == std::string_view::npos ? "" : when.substr(slash);
  when = when.substr(0, slash);
  if (when.substr(0, 6) == "every:") {
    rule.trigger = FaultTrigger::every;
    when.remove_prefix(6);
  } else if (when.substr(0, 2) == "p=") {
    std::optional<double> p = probability(when.substr(2));
    if (!p) return bad("p= needs a probability from 0 to 1");
    rule.trigger = FaultTrigger::probability;
    rule.probability = *p;
  }
  if (rule.trigger != FaultTrigger::probability) {
    std::optional<std::uint64_t> n = whole_number(when);
    if (!n || *n == 0) return bad("expected @N, @every:N (N >= 1) or @p=P after the kind");
    rule.n = *n;
  }
  bool has_direction = false;
  bool has_first = false;
  while (!modifiers.empty()) {
    modifiers.remove_prefix(1);  // the '/'
    std::size_t next = modifiers.find('/');
    std::string_view item = modifiers.substr(0, next);
    modifiers = next == std::string_view::npos ? "" : modifiers.substr(next);
    if (item == "to=host" || item == "to=device") {
      if (has_direction) return bad("direction given twice");
      has_direction = true;
      rule.direction =
          item == "to=host" ? FaultDirection::device_to_host : FaultDirection::host_to_device;
    } else if (item.substr(0, 6) == "first=") {
      std::optional<std::uint64_t> n = whole_number(item.substr(6));
      if (has_first) return bad("first= given twice");
      if (!n || *n == 0) return bad("first= needs a whole number >= 1");
      has_first = true;
      rule.first = *n;
    } else {
      return bad("unknown modifier \"" + std::string(item) +
                 "\"; expected /to=host, /to=device or /first=N");
    }
  }
  if (is_device_fault(rule.kind) && rule.direction != FaultDirection::device_to_host)
    return bad("a device fault counts replies; it takes no /to=device");
  return Status{};
}

Result<FaultRule> parse_rule(std::string_view text) {
  const std::string context(text);
  auto bad = [&](const std::string& why) -> Error {
    return make_error(ErrorCode::invalid_input, "fault rule \"" + context + "\": " + why);
  };
  std::size_t at = text.find('@');
  if (at == std::string_view::npos) return bad("expected KIND[:DURATION]@WHEN");
  std::string_view head = text.substr(0, at);
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
  if (!known) {
    return bad(
        "unknown kind; expected delay, drop, corrupt, truncate, duplicate, stall, disconnect, "
        "overtemp, coil_removed or power_fault");
  }
  if (rule.kind == FaultKind::delay) {
    if (colon == std::string_view::npos) return bad("delay needs a duration, e.g. delay:50ms@3");
    std::string_view arg = head.substr(colon + 1);
    std::size_t tilde = arg.find('~');
    std::optional<std::chrono::microseconds> d = duration(arg.substr(0, tilde));
    if (!d) return bad("duration must be whole us, ms or s, at most 600s, e.g. 50ms or 2s");
    rule.delay = *d;
    if (tilde != std::string_view::npos) {
      std::optional<std::chrono::microseconds> j = duration(arg.substr(tilde + 1));
      if (!j || *j > *d) return bad("jitter (after ~) must be a duration no longer than the delay");
      rule.jitter = *j;
    }
  } else if (colon != std::string_view::npos) {
    return bad(std::string(kind_name) + " takes no argument");
  }
  if (Status s = parse_when(text.substr(at + 1), rule, context); !s) return s.error();
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
    case FaultKind::duplicate:
      return "duplicate";
    case FaultKind::stall:
      return "stall";
    case FaultKind::disconnect:
      return "disconnect";
    case FaultKind::overtemp:
      return "overtemp";
    case FaultKind::coil_removed:
      return "coil_removed";
    case FaultKind::power_fault:
      return "power_fault";
  }
  return "drop";
}

bool is_device_fault(FaultKind kind) {
  return kind == FaultKind::overtemp || kind == FaultKind::coil_removed ||
         kind == FaultKind::power_fault;
}

const char* to_string(FaultDirection direction) {
  return direction == FaultDirection::device_to_host ? "device_to_host" : "host_to_device";
}

std::string to_string(const FaultRule& rule) {
  std::string out = to_string(rule.kind);
  if (rule.kind == FaultKind::delay) {
    out += ":" + duration_text(rule.delay);
    if (rule.jitter.count() > 0) out += "~" + duration_text(rule.jitter);
  }
  out += "@";
  switch (rule.trigger) {
    case FaultTrigger::at:
      out += std::to_string(rule.n);
      break;
    case FaultTrigger::every:
      out += "every:" + std::to_string(rule.n);
      break;
    case FaultTrigger::probability: {
      char buffer[32];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, rule.probability);
      out += "p=" + (ec == std::errc() ? std::string(buffer, end) : "0");
      break;
    }
  }
  if (rule.direction == FaultDirection::host_to_device) out += "/to=device";
  if (rule.first > 0) out += "/first=" + std::to_string(rule.first);
  return out;
}

bool FaultSchedule::has_device_faults() const {
  for (const FaultRule& rule : rules)
    if (is_device_fault(rule.kind)) return true;
  return false;
}

bool FaultSchedule::has_direction(FaultDirection direction) const {
  for (const FaultRule& rule : rules)
    if (rule.direction == direction) return true;
  return false;
}

Result<FaultSchedule> parse_fault_spec(std::string_view spec) {
  FaultSchedule schedule;
  if (trim(spec).empty()) return make_error(ErrorCode::invalid_input, "empty fault spec");
  if (spec.size() > kMaxSpecBytes) {
    return make_error(ErrorCode::invalid_input,
                      "fault spec longer than " + std::to_string(kMaxSpecBytes) + " bytes");
  }
  while (true) {
    std::size_t comma = spec.find(',');
    std::string_view item = trim(spec.substr(0, comma));
    if (item.empty()) return make_error(ErrorCode::invalid_input, "empty rule in fault spec");
    if (schedule.rules.size() == kMaxRules) {
      return make_error(ErrorCode::invalid_input,
                        "more than " + std::to_string(kMaxRules) + " rules in fault spec");
    }
    Result<FaultRule> rule = parse_rule(item);
    if (!rule) return rule.error();
    schedule.rules.push_back(*rule);
    if (comma == std::string_view::npos) break;
    spec.remove_prefix(comma + 1);
  }
  return schedule;
}

Result<FaultSchedule> parse_fault_specs(const std::vector<std::string>& specs) {
  FaultSchedule all;
  for (const std::string& text : specs) {
    Result<FaultSchedule> one = parse_fault_spec(text);
    if (!one) return one.error();
    if (all.rules.size() + one->rules.size() > kMaxRules) {
      return make_error(ErrorCode::invalid_input,
                        "more than " + std::to_string(kMaxRules) + " fault rules in all");
    }
    all.rules.insert(all.rules.end(), one->rules.begin(), one->rules.end());
  }
  return all;
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
