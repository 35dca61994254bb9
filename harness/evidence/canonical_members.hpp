// Transcript members written straight into canonical JSON text (docs/evidence-format.md,
// "What is hashed"), so the per-frame path builds no JSON DOM and, reusing its buffer,
// allocates nothing once warm. The bytes are the ones canonical_json() would give.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace stimbench {

class CanonicalMembers {
 public:
  // Members must be added in canonical order: keys ascending by their bytes.
  void add_string(std::string_view key, std::string_view value);
  void add_int(std::string_view key, std::int64_t value);
  void add_uint(std::string_view key, std::uint64_t value);
  void add_true(std::string_view key);
  // `bytes` as upper-case hex pairs separated by spaces (to_hex in devices/core/bytes.hpp).
  void add_hex(std::string_view key, std::span<const std::uint8_t> bytes);
  // `json` must already be canonical text (e.g. canonical_json() of a value).
  void add_raw(std::string_view key, std::string_view json);

  // `"k":v,"k":v` without braces; empty when nothing was added.
  std::string_view text() const { return text_; }
  void clear() { text_.clear(); }

 private:
  void begin(std::string_view key);
  std::string text_;
};

// Appends `value` as a canonical JSON string literal, quotes included.
void append_canonical_string(std::string& out, std::string_view value);

}  // namespace stimbench
