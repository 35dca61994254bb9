#include "harness/scenario/duration.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace stimbench {

namespace {

struct Unit {
  std::string_view name;
  std::int64_t ns;
};

// Largest first, for formatting.
constexpr Unit kUnits[] = {
    {"min", 60'000'000'000}, {"s", 1'000'000'000}, {"ms", 1'000'000},
    {"us", 1'000},           {"µs", 1'000},        {"ns", 1},
};

// About 31 years: far beyond any test, and well inside int64 nanoseconds.
constexpr double kMaxNs = 1e18;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

Error bad(std::string_view text, const std::string& why) {
  return make_error(ErrorCode::invalid_input, "bad duration '" + std::string(text) + "': " + why);
}

}  // namespace

Result<std::chrono::nanoseconds> parse_duration(std::string_view text) {
  const std::string_view all = trim(text);
  if (all.empty()) return bad(text, "empty");
  // Digits and a decimal point only: an exponent would make "1e3s" ambiguous to a reader.
  std::size_t split = 0;
  if (all[0] == '-' || all[0] == '+') split = 1;
  while (split < all.size() && ((all[split] >= '0' && all[split] <= '9') || all[split] == '.')) {
    ++split;
  }
  std::string_view number = all.substr(0, split);
  const std::string_view unit = trim(all.substr(split));
  if (!number.empty() && number.front() == '+') number.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size()) {
    return bad(text, "expected a number with a unit such as 50ms, 1.5s or 1min");
  }
  if (value < 0) return bad(text, "must not be negative");
  double factor = 1e9;  // a bare number is seconds
  if (!unit.empty()) {
    factor = 0;
    for (const Unit& u : kUnits) {
      if (unit == u.name) factor = static_cast<double>(u.ns);
    }
    if (factor == 0) {
      return bad(text, "unknown unit '" + std::string(unit) + "' (use ns, us, ms, s or min)");
    }
  }
  const double ns = value * factor;
  if (!(ns <= kMaxNs)) return bad(text, "too long");
  return std::chrono::nanoseconds(std::llround(ns));
}

std::string format_duration(std::chrono::nanoseconds duration) {
  const std::int64_t ns = duration.count();
  if (ns == 0) return "0s";
  std::string sign = ns < 0 ? "-" : "";
  const std::int64_t magnitude = ns < 0 ? -ns : ns;
  for (const Unit& u : kUnits) {
    if (u.name == "µs") continue;  // ASCII output
    // Minutes only when whole; "90s" reads better than "1.5min".
    if (u.name == "min" && magnitude % u.ns != 0) continue;
    if (magnitude < u.ns && u.ns != 1) continue;
    std::string out = sign + std::to_string(magnitude / u.ns);
    std::int64_t fraction = magnitude % u.ns;
    if (fraction != 0) {
      std::string digits = std::to_string(fraction);
      digits.insert(0, std::to_string(u.ns).size() - 1 - digits.size(), '0');
      while (!digits.empty() && digits.back() == '0') digits.pop_back();
      out += "." + digits;
    }
    return out + std::string(u.name);
  }
  return sign + std::to_string(magnitude) + "ns";
}

}  // namespace stimbench
