#include "harness/evidence/canonical_members.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

namespace stimbench {
namespace {

constexpr char kLowerHex[] = "0123456789abcdef";
constexpr char kUpperHex[] = "0123456789ABCDEF";

}  // namespace

void append_canonical_string(std::string& out, std::string_view value) {
  for (char c : value) {
    if (static_cast<unsigned char>(c) >= 0x7F) {
      // Non-ASCII, DEL or invalid UTF-8: leave the exact rules to the serialiser that
      // canonical_json() uses. Frames' `decoded` text is escaped ASCII, so this is rare.
      out += nlohmann::json(std::string(value))
                 .dump(-1, ' ', /*ensure_ascii=*/true, nlohmann::json::error_handler_t::replace);
      return;
    }
  }
  out.push_back('"');
  for (char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out.push_back(kLowerHex[(c >> 4) & 0x0F]);
          out.push_back(kLowerHex[c & 0x0F]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void CanonicalMembers::begin(std::string_view key) {
  if (!text_.empty()) text_.push_back(',');
  append_canonical_string(text_, key);
  text_.push_back(':');
}

void CanonicalMembers::add_string(std::string_view key, std::string_view value) {
  begin(key);
  append_canonical_string(text_, value);
}

void CanonicalMembers::add_int(std::string_view key, std::int64_t value) {
  begin(key);
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  text_.append(digits, end);
}

void CanonicalMembers::add_uint(std::string_view key, std::uint64_t value) {
  begin(key);
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  text_.append(digits, end);
}

void CanonicalMembers::add_true(std::string_view key) {
  begin(key);
  text_ += "true";
}

void CanonicalMembers::add_hex(std::string_view key, std::span<const std::uint8_t> bytes) {
  begin(key);
  text_.push_back('"');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0) text_.push_back(' ');
    text_.push_back(kUpperHex[bytes[i] >> 4]);
    text_.push_back(kUpperHex[bytes[i] & 0x0F]);
  }
  text_.push_back('"');
}

void CanonicalMembers::add_raw(std::string_view key, std::string_view json) {
  begin(key);
  text_.append(json);
}

}  // namespace stimbench
