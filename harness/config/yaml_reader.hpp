// Typed reading of a yaml-cpp tree that collects every problem with its position instead of
// throwing. Shared by the profile and scenario loaders (harness/ only: nothing below the
// harness knows YAML).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace stimbench {

struct YamlIssue {
  int line = 0;    // 1-based; 0 when the problem has no position (e.g. unreadable file)
  int column = 0;  // 1-based
  std::string message;
};

using KeyList = std::vector<std::string_view>;

// The closest candidate by edit distance (adjacent swaps count as one edit), or "" when none
// is close enough to be a plausible typo.
std::string closest_match(std::string_view word, const KeyList& candidates);
// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const KeyList& candidates);

// Whether a mapping has at least one of `keys`: tells a file of the right kind with typos
// from a different file altogether, whose contents must not be echoed.
bool has_any_key(const YAML::Node& map, const KeyList& keys);

// "a mapping", "a list", "nothing", "'text'": what a node holds, for messages.
std::string describe(const YAML::Node& node);

class YamlReader {
 public:
  // `source` is the file's text; it lets empty list items be reported at their '-'.
  explicit YamlReader(std::string source = {}) : source_(std::move(source)) {}
  const std::string& source() const { return source_; }

  void error(const YAML::Mark& at, std::string message);
  void error(const YAML::Node& at, std::string message);
  const std::vector<YamlIssue>& issues() const { return issues_; }
  std::size_t issue_count() const { return issues_.size(); }
  // In file order, whatever order the checks found them in.
  std::vector<YamlIssue> sorted_issues() const;

  // Parses `source` as exactly one document. A syntax error, an empty file or a second
  // document is reported and yields nullopt.
  std::optional<YAML::Node> parse_single_document();

  // Each reader reports at the node (or at `key` when the value is empty, because yaml-cpp
  // gives an empty value the position of whatever follows it) and returns nullopt on failure.
  // `what` names the field in messages.
  std::optional<std::string> text(const YAML::Node& node, std::string_view what,
                                  const YAML::Node& key = {});
  std::optional<double> number(const YAML::Node& node, std::string_view what,
                               const YAML::Node& key = {});
  std::optional<long long> integer(const YAML::Node& node, std::string_view what,
                                   const YAML::Node& key = {});
  std::optional<bool> boolean(const YAML::Node& node, std::string_view what,
                              const YAML::Node& key = {});
  std::optional<std::vector<std::string>> text_list(const YAML::Node& node, std::string_view what,
                                                    const YAML::Node& key = {});
  // Text that must be one of `options`; otherwise reports the options and the closest one.
  std::optional<std::string> choice(const YAML::Node& node, std::string_view what,
                                    const KeyList& options, const YAML::Node& key = {});
  // Reports unless `node` is a mapping (or a list); true when it is.
  bool expect_map(const YAML::Node& node, std::string_view what, const YAML::Node& key = {});
  bool expect_list(const YAML::Node& node, std::string_view what, const YAML::Node& key = {});

  // Calls `visit` for each entry of a mapping whose key is in `known`. Keys that are unknown
  // (with a suggestion), duplicated or not text are reported and skipped. An empty `known`
  // accepts every key.
  using Visitor = std::function<void(const std::string& key, const YAML::Node& key_node,
                                     const YAML::Node& value)>;
  void for_each_entry(const YAML::Node& map, const KeyList& known, const Visitor& visit);

  // Where to report `node`: its own mark, or for an empty item the '-' that introduced it.
  YAML::Mark position(const YAML::Node& node, const YAML::Node& key = {}) const;

 private:
  std::string source_;
  std::vector<YamlIssue> issues_;
};

// The whole file, or nullopt with `why` set ("no such file", "is a directory", ...).
std::optional<std::string> read_text_file(const std::string& path, std::string& why);

// Scenario ids and profile names: [A-Za-z0-9_.-]+, at most input_limits::kMaxNameBytes
// (they become file and report names).
bool is_valid_name(std::string_view name);
// "'x y' may only use letters, ..." or "'...' is longer than 128 characters", for messages.
std::string name_problem(std::string_view name);

// Strict number parsing shared with duration parsing: optional sign, decimal or exponent
// form, nothing else (no "inf", "nan", hex or trailing text).
std::optional<double> parse_number(std::string_view text);

}  // namespace stimbench
