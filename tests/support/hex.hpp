// Bytes written as hex in tests ("51 40 6E"); a malformed literal is a broken test.
#pragma once

#include <string_view>

#include "devices/core/bytes.hpp"

namespace stimbench {

inline Bytes hex(std::string_view text) {
  return parse_hex(text).value();
}

}  // namespace stimbench
