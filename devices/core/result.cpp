#include "devices/core/result.hpp"

namespace stimbench {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_input:
      return "invalid_input";
    case ErrorCode::io:
      return "io";
    case ErrorCode::timeout:
      return "timeout";
    case ErrorCode::closed:
      return "closed";
    case ErrorCode::protocol_violation:
      return "protocol_violation";
    case ErrorCode::unsupported:
      return "unsupported";
    case ErrorCode::busy:
      return "busy";
    case ErrorCode::cancelled:
      return "cancelled";
    case ErrorCode::interlock:
      return "interlock";
    case ErrorCode::internal:
      return "internal";
  }
  return "unknown";
}

}  // namespace stimbench
