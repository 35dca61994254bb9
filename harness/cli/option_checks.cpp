#include "harness/cli/option_checks.hpp"

#include <charconv>
#include <cstdint>

#include "harness/config/table_reader.hpp"
#include "harness/config/yaml_reader.hpp"

namespace stimbench::cli {

CLI::Validator finite_number(const input_limits::Range& range) {
  return CLI::Validator(
      [range](std::string& text) -> std::string {
        auto value = parse_number(text);
        if (!value) return "'" + text + "' is not a finite decimal number";
        if (!range.contains(*value)) return "must be " + range.describe() + ", not " + text;
        return {};
      },
      "NUMBER " + range.describe());
}

CLI::Validator unsigned_decimal() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::uint64_t value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        const bool digits_only =
            !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        if (!digits_only || ec != std::errc() || end != text.data() + text.size()) {
          return "'" + text + "' must be a whole number from 0 to 18446744073709551615";
        }
        return {};
      },
      "UINT64");
}

CLI::Validator non_empty() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        return text.empty() ? "needs a value, not ''" : std::string();
      },
      "");
}

}  // namespace stimbench::cli
