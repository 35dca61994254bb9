// Helpers shared by the profile and policy loaders for the safety tables: provenance
// (source + verified), who enforces a limit, number lists, and the final error message.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "devices/core/profile.hpp"
#include "harness/config/input_limits.hpp"
#include "harness/config/yaml_reader.hpp"

namespace stimbench {

// Tracks the two provenance keys of one table. Both are required: a table that does not say
// where its numbers come from, or whether they were checked, must not load.
class ProvenanceReader {
 public:
  explicit ProvenanceReader(std::string what) : what_(std::move(what)) {}
  // Handles `source` / `verified`; false for any other key.
  bool visit(YamlReader& in, const std::string& key, const YAML::Node& key_node,
             const YAML::Node& value, Provenance& out);
  // Reports a missing `source` or `verified` at `at` (the table's key).
  void require(YamlReader& in, const YAML::Node& at) const;

 private:
  std::string what_;
  bool has_source_ = false;
  bool has_verified_ = false;
};

// `device` | `host`.
std::optional<EnforcedBy> read_enforced_by(YamlReader& in, const YAML::Node& value,
                                           const std::string& what, const YAML::Node& key);

// A list of numbers; every bad item is reported.
std::optional<std::vector<double>> read_number_list(YamlReader& in, const YAML::Node& node,
                                                    const std::string& what, const YAML::Node& key);

// A number that must be >= `low` (or > `low` when `strict`); reports otherwise.
std::optional<double> read_bounded(YamlReader& in, const YAML::Node& value, const std::string& what,
                                   const YAML::Node& key, double low, bool strict);

// A number within `range` (input_limits.hpp); reports otherwise.
std::optional<double> read_in_range(YamlReader& in, const YAML::Node& value,
                                    const std::string& what, const YAML::Node& key,
                                    const input_limits::Range& range);

// "file:line:column: error: message" lines, in file order.
std::string format_issues(const std::string& file, const std::vector<YamlIssue>& issues);

// Shortest round-trip text of a number, for messages ("0.1", "1800").
std::string format_number(double value);

}  // namespace stimbench
