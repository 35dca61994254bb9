#include "harness/config/table_reader.hpp"

#include <sstream>

namespace stimbench {

bool ProvenanceReader::visit(YamlReader& in, const std::string& key, const YAML::Node& key_node,
                             const YAML::Node& value, Provenance& out) {
  const std::string what = what_ + "." + key;
  if (key == "source") {
    has_source_ = true;
    auto text = in.text(value, what, key_node);
    if (text && text->empty()) in.error(value, "'" + what + "' must not be empty");
    if (text) out.source = *text;
    return true;
  }
  if (key == "verified") {
    has_verified_ = true;
    if (auto flag = in.boolean(value, what, key_node)) out.verified = *flag;
    return true;
  }
  return false;
}

void ProvenanceReader::require(YamlReader& in, const YAML::Node& at) const {
  if (!has_source_) in.error(at, "'" + what_ + "' needs 'source' (where its numbers come from)");
  if (!has_verified_) {
    in.error(at,
             "'" + what_ + "' needs 'verified: true|false' (checked against a primary source?)");
  }
}

std::optional<EnforcedBy> read_enforced_by(YamlReader& in, const YAML::Node& value,
                                           const std::string& what, const YAML::Node& key) {
  auto who = in.choice(value, what, {"device", "host"}, key);
  if (!who) return std::nullopt;
  return *who == "host" ? EnforcedBy::host : EnforcedBy::device;
}

std::optional<std::vector<double>> read_number_list(YamlReader& in, const YAML::Node& node,
                                                    const std::string& what,
                                                    const YAML::Node& key) {
  if (!in.expect_list(node, what, key)) return std::nullopt;
  std::vector<double> out;
  bool good = true;
  for (const YAML::Node& item : node) {
    auto number = in.number(item, what + " item");
    if (number) out.push_back(*number);
    good = good && number.has_value();
  }
  if (!good) return std::nullopt;
  return out;
}

std::optional<double> read_bounded(YamlReader& in, const YAML::Node& value, const std::string& what,
                                   const YAML::Node& key, double low, bool strict) {
  auto number = in.number(value, what, key);
  if (!number) return std::nullopt;
  if (strict ? *number <= low : *number < low) {
    in.error(value, "'" + what + "' must be " + (strict ? "above " : "at least ") +
                        format_number(low) + ", not " + format_number(*number));
    return std::nullopt;
  }
  return number;
}

std::optional<double> read_in_range(YamlReader& in, const YAML::Node& value,
                                    const std::string& what, const YAML::Node& key,
                                    const input_limits::Range& range) {
  auto number = in.number(value, what, key);
  if (!number) return std::nullopt;
  if (!range.contains(*number)) {
    in.error(value,
             "'" + what + "' must be " + range.describe() + ", not " + format_number(*number));
    return std::nullopt;
  }
  return number;
}

std::string format_issues(const std::string& file, const std::vector<YamlIssue>& issues) {
  std::string message;
  for (const YamlIssue& issue : issues) {
    if (!message.empty()) message += '\n';
    message += file;
    if (issue.line > 0) {
      message += ":" + std::to_string(issue.line) + ":" + std::to_string(issue.column);
    }
    message += ": error: " + issue.message;
  }
  return message;
}

std::string format_number(double value) {
  std::ostringstream out;
  out.precision(12);
  out << value;
  return out.str();
}

}  // namespace stimbench
