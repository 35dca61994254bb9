#include "devices/core/bytes.hpp"

#include <cctype>

namespace stimbench {

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
const char kDigits[] = "0123456789ABCDEF";
}  // namespace

std::string to_hex(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size() * 3);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0) out.push_back(' ');
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0x0F]);
  }
  return out;
}

Result<Bytes> parse_hex(std::string_view text) {
  Bytes out;
  int high = -1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',') {
      if (high >= 0) return make_error(ErrorCode::invalid_input, "odd hex digit before separator");
      continue;
    }
    if (c == '0' && i + 1 < text.size() && (text[i + 1] == 'x' || text[i + 1] == 'X') && high < 0) {
      ++i;
      continue;
    }
    int v = hex_value(c);
    if (v < 0) {
      return make_error(ErrorCode::invalid_input,
                        std::string("not a hex digit: '") + c + "' at offset " + std::to_string(i));
    }
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(high * 16 + v));
      high = -1;
    }
  }
  if (high >= 0) return make_error(ErrorCode::invalid_input, "odd number of hex digits");
  return out;
}

Bytes to_bytes(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

std::string to_text(std::span<const std::uint8_t> bytes) {
  return std::string(bytes.begin(), bytes.end());
}

std::string escape_bytes(std::span<const std::uint8_t> bytes) {
  std::string out;
  append_escaped(out, bytes);
  return out;
}

void append_escaped(std::string& out, std::span<const std::uint8_t> bytes) {
  for (std::uint8_t b : bytes) {
    if (b == '\n') {
      out += "\\n";
    } else if (b == '\r') {
      out += "\\r";
    } else if (b == '\\') {
      out += "\\\\";
    } else if (b >= 0x20 && b < 0x7F) {
      out.push_back(static_cast<char>(b));
    } else {
      out += "\\x";
      out.push_back(kDigits[b >> 4]);
      out.push_back(kDigits[b & 0x0F]);
    }
  }
}

namespace {
std::string quoted(std::span<const std::uint8_t> bytes, std::size_t total, bool hex) {
  total = total > bytes.size() ? total : bytes.size();
  auto head = bytes.first(bytes.size() < kQuotedBytes ? bytes.size() : kQuotedBytes);
  std::string out = hex ? to_hex(head) : escape_bytes(head);
  if (total > head.size()) out += "... (" + std::to_string(total) + " bytes, see transcript)";
  return out;
}
}  // namespace

std::string quote_bytes(std::span<const std::uint8_t> bytes, std::size_t total) {
  return quoted(bytes, total, false);
}

std::string quote_hex(std::span<const std::uint8_t> bytes, std::size_t total) {
  return quoted(bytes, total, true);
}

}  // namespace stimbench
