// The codec's protocol-violation error: what was wrong, and the offending line, printable.
#pragma once

#include <string>
#include <string_view>

#include "devices/core/result.hpp"
#include "devices/protocols/reference/text.hpp"

namespace stimbench::reference {

inline Error violation(std::string_view what, std::string_view line) {
  return make_error(ErrorCode::protocol_violation,
                    std::string(what) + ": \"" + text::printable(line, 80) + "\"");
}

}  // namespace stimbench::reference
