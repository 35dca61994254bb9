// Argument values: numbers and booleans as SCPI writes them.
#include <cctype>
#include <charconv>
#include <cmath>

#include "devices/protocols/reference/codec.hpp"
#include "devices/protocols/reference/text.hpp"

namespace stimbench::reference {

namespace {

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// Length of a run of digits starting at `at`.
std::size_t digits_at(std::string_view s, std::size_t at) {
  std::size_t n = 0;
  while (at + n < s.size() && is_digit(s[at + n])) ++n;
  return n;
}

// SCPI decimal numeric program data; the grammar check keeps from_chars away from
// "inf", "nan" and hex forms it would otherwise accept.
bool is_decimal(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t whole = digits_at(s, i);
  i += whole;
  std::size_t fraction = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    fraction = digits_at(s, i);
    i += fraction;
  }
  if (whole + fraction == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exponent = digits_at(s, i);
    if (exponent == 0) return false;
    i += exponent;
  }
  return i == s.size();
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  std::string_view s = text::trim(text);
  if (!is_decimal(s)) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<bool> parse_boolean(std::string_view text) {
  std::string_view s = text::trim(text);
  if (text::iequals(s, "ON") || s == "1") return true;
  if (text::iequals(s, "OFF") || s == "0") return false;
  return std::nullopt;
}

std::string format_number(double value) {
  if (value == 0) value = 0;  // no "-0" on the wire
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return "0";
  return std::string(buffer, end);
}

std::string format_boolean(bool value) {
  return value ? "1" : "0";
}

}  // namespace stimbench::reference
