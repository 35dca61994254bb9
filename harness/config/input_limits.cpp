#include "harness/config/input_limits.hpp"

#include "harness/config/table_reader.hpp"

namespace stimbench::input_limits {

std::string Range::describe() const {
  return (low_open ? "above " : "from ") + format_number(low) +
         (low_open ? " and at most " : " to ") + format_number(high);
}

}  // namespace stimbench::input_limits
