#include "harness/config/yaml_reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include <yaml-cpp/eventhandler.h>

#include "harness/config/input_limits.hpp"

namespace stimbench {

namespace {

// Optimal string alignment distance: like Levenshtein, but a swap of neighbours ("expcet")
// counts as one edit, which is the typo people actually make.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

YAML::Mark mark_at(const std::string& text, std::size_t index) {
  YAML::Mark mark;
  mark.pos = static_cast<int>(index);
  mark.line = static_cast<int>(std::count(text.begin(), text.begin() + index, '\n'));
  std::size_t line_start = text.rfind('\n', index == 0 ? 0 : index - 1);
  line_start = (line_start == std::string::npos || index == 0) ? 0 : line_start + 1;
  mark.column = static_cast<int>(index - line_start);
  return mark;
}

// Where each document starts. yaml-cpp's LoadAll loops forever on a token it cannot place
// (a stray ',' say): the parser keeps reporting empty documents at the same position.
// It also counts the nodes as written (before alias expansion), so that a file with too many
// is refused before yaml-cpp builds a tree for it (about 1 KB of memory per node).
class DocumentStarts final : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;
  std::optional<YAML::Mark> over_budget;  // the first node past kMaxYamlNodes

  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { count(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { count(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    count(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    count(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    count(mark);
  }
  void OnMapEnd() override {}

 private:
  void count(const YAML::Mark& mark) {
    if (++nodes_ > input_limits::kMaxYamlNodes && !over_budget) over_budget = mark;
  }
  std::size_t nodes_ = 0;
};

std::string node_budget_message() {
  return "the YAML expands to more than " + std::to_string(input_limits::kMaxYamlNodes) +
         " nodes (an alias counts its target each time it is used)";
}

// A NUL byte or an overlong line: reported once, at its position, before YAML sees the text.
std::optional<std::pair<YAML::Mark, std::string>> text_problem(const std::string& text) {
  const std::size_t nul = text.find('\0');
  if (nul != std::string::npos) {
    return std::pair{mark_at(text, nul), std::string("the file holds a NUL byte: not a text file")};
  }
  std::size_t line_start = 0;
  while (line_start <= text.size()) {
    std::size_t end = text.find('\n', line_start);
    if (end == std::string::npos) end = text.size();
    if (end - line_start > input_limits::kMaxLineBytes) {
      return std::pair{mark_at(text, line_start + input_limits::kMaxLineBytes),
                       "line longer than " + std::to_string(input_limits::kMaxLineBytes) +
                           " bytes (input lines are bounded)"};
    }
    line_start = end + 1;
  }
  return std::nullopt;
}

// Walks the loaded tree once with a budget. Aliases share nodes in yaml-cpp, so the tree is
// small, but every loader walks it as if expanded: counting each visit, an alias re-visit
// included, bounds all later work.
class TreeBudget {
 public:
  std::optional<std::pair<YAML::Mark, std::string>> problem;

  void walk(const YAML::Node& node, int depth) {
    if (problem) return;
    if (++visited_ > input_limits::kMaxYamlNodes) {
      problem.emplace(node.Mark(), node_budget_message());
      return;
    }
    if (depth > input_limits::kMaxYamlDepth) {
      problem.emplace(node.Mark(), "mappings and lists nested deeper than " +
                                       std::to_string(input_limits::kMaxYamlDepth));
      return;
    }
    if (node.IsScalar()) {
      if (node.Scalar().size() > input_limits::kMaxScalarBytes) {
        problem.emplace(node.Mark(), "a value longer than " +
                                         std::to_string(input_limits::kMaxScalarBytes) +
                                         " bytes (values are bounded)");
      }
      return;
    }
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) walk(item, depth + 1);
    } else if (node.IsMap()) {
      for (const auto& entry : node) {
        walk(entry.first, depth + 1);
        walk(entry.second, depth + 1);
      }
    }
  }

 private:
  std::size_t visited_ = 0;
};

}  // namespace

std::string closest_match(std::string_view word, const KeyList& candidates) {
  const std::size_t allowed = std::max<std::size_t>(1, (word.size() + 1) / 3);
  std::string best;
  std::size_t best_distance = allowed + 1;
  for (std::string_view candidate : candidates) {
    std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const KeyList& candidates) {
  std::string best = closest_match(word, candidates);
  return best.empty() ? std::string() : " (did you mean '" + best + "'?)";
}

bool has_any_key(const YAML::Node& map, const KeyList& keys) {
  if (!map.IsMap()) return false;
  for (const auto& entry : map) {
    if (!entry.first.IsScalar()) continue;
    if (std::find(keys.begin(), keys.end(), entry.first.Scalar()) != keys.end()) return true;
  }
  return false;
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  std::string text = node.Scalar();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return "'" + text + "'";
}

std::optional<double> parse_number(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '+') return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> read_text_file(const std::string& path, std::string& why) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    why = "no such file";
    return std::nullopt;
  }
  if (std::filesystem::is_directory(status)) {
    why = "is a directory";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = "cannot read the file";
    return std::nullopt;
  }
  // Read one byte past the bound and no further: /dev/zero or a huge file ends here.
  constexpr std::size_t kBound = input_limits::kMaxFileBytes;
  std::string text(kBound + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) {
    why = "cannot read the file";
    return std::nullopt;
  }
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kBound) {
    why = "larger than " + std::to_string(kBound / 1024) +
          " KiB: input files are bounded (docs/robustness.md)";
    return std::nullopt;
  }
  return text;
}

namespace {

bool name_characters_only(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

}  // namespace

bool is_valid_name(std::string_view name) {
  return name.size() <= input_limits::kMaxNameBytes && name_characters_only(name);
}

std::string name_problem(std::string_view name) {
  if (name.size() > input_limits::kMaxNameBytes) {
    return "'" + std::string(name.substr(0, 20)) + "...' is longer than " +
           std::to_string(input_limits::kMaxNameBytes) + " characters";
  }
  return "'" + std::string(name) + "' may only use letters, digits, '_', '.', '-'";
}

std::vector<YamlIssue> YamlReader::sorted_issues() const {
  std::vector<YamlIssue> sorted = issues_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const YamlIssue& a, const YamlIssue& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  return sorted;
}

void YamlReader::error(const YAML::Mark& at, std::string message) {
  issues_.push_back(YamlIssue{at.line + 1, at.column + 1, std::move(message)});
}

void YamlReader::error(const YAML::Node& at, std::string message) {
  error(position(at), std::move(message));
}

YAML::Mark YamlReader::position(const YAML::Node& node, const YAML::Node& key) const {
  if (node.IsDefined() && !node.IsNull()) return node.Mark();
  if (key.IsDefined() && !key.Mark().is_null()) return key.Mark();
  YAML::Mark mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
  if (mark.is_null() || source_.empty()) return mark;
  // An empty list item carries the position of the next token; walk back to its '-'.
  std::size_t index = std::min<std::size_t>(static_cast<std::size_t>(mark.pos), source_.size());
  while (index > 0 && std::isspace(static_cast<unsigned char>(source_[index - 1]))) --index;
  if (index > 0 && source_[index - 1] == '-') return mark_at(source_, index - 1);
  return mark;
}

std::optional<YAML::Node> YamlReader::parse_single_document() {
  if (auto problem = text_problem(source_)) {
    error(problem->first, problem->second);
    return std::nullopt;
  }
  DocumentStarts documents;
  try {
    std::istringstream stream(source_);
    YAML::Parser parser(stream);
    // Three looks tell a second document from a token the parser is stuck on.
    for (int i = 0; i < 3 && parser.HandleNextDocument(documents); ++i) {
    }
    const std::vector<YAML::Mark>& starts = documents.starts;
    if (starts.empty()) {
      error(YAML::Mark::null_mark(), "the file is empty");
      return std::nullopt;
    }
    for (std::size_t i = 0; i + 1 < starts.size(); ++i) {
      if (starts[i + 1].pos != starts[i].pos) continue;
      const std::size_t at = static_cast<std::size_t>(starts[i].pos);
      error(starts[i], "YAML syntax: unexpected '" + source_.substr(at, 1) + "'");
      return std::nullopt;
    }
    if (starts.size() > 1) {
      error(starts[1], "one document per file; this is a second one");
      return std::nullopt;
    }
    if (documents.over_budget) {
      error(*documents.over_budget, node_budget_message());
      return std::nullopt;
    }
    YAML::Node root = YAML::Load(source_);
    TreeBudget budget;
    budget.walk(root, 0);
    if (budget.problem) {
      error(budget.problem->first, budget.problem->second);
      return std::nullopt;
    }
    return root;
  } catch (const YAML::Exception& e) {
    error(e.mark, "YAML syntax: " + e.msg);
  } catch (const std::exception& e) {
    error(YAML::Mark::null_mark(), std::string("cannot parse: ") + e.what());
  }
  return std::nullopt;
}

std::optional<std::string> YamlReader::text(const YAML::Node& node, std::string_view what,
                                            const YAML::Node& key) {
  if (node.IsDefined() && node.IsScalar()) return node.Scalar();
  if (!node.IsDefined() || node.IsNull()) {
    error(position(node, key), "'" + std::string(what) + "' has no value");
  } else {
    error(node, "'" + std::string(what) + "' must be text, not " + describe(node));
  }
  return std::nullopt;
}

std::optional<double> YamlReader::number(const YAML::Node& node, std::string_view what,
                                         const YAML::Node& key) {
  if (node.IsDefined() && node.IsScalar()) {
    auto value = parse_number(node.Scalar());
    if (value && std::fabs(*value) <= input_limits::kMaxMagnitude) return value;
    if (value) {
      error(node, "'" + std::string(what) + "' is out of range: " + describe(node) +
                      " (numbers are at most 1e9 in magnitude)");
      return std::nullopt;
    }
  } else if (!node.IsDefined() || node.IsNull()) {
    error(position(node, key), "'" + std::string(what) + "' has no value");
    return std::nullopt;
  }
  error(node, "'" + std::string(what) + "' must be a number, not " + describe(node));
  return std::nullopt;
}

std::optional<long long> YamlReader::integer(const YAML::Node& node, std::string_view what,
                                             const YAML::Node& key) {
  if (node.IsDefined() && node.IsScalar()) {
    std::string_view text = node.Scalar();
    bool plus = !text.empty() && text.front() == '+';
    if (plus) text.remove_prefix(1);
    long long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!text.empty() && !(plus && text.front() == '-') && ec == std::errc() &&
        end == text.data() + text.size()) {
      return value;
    }
  }
  auto value = number(node, what, key);  // reports non-numbers and empties
  if (value) {
    error(node, "'" + std::string(what) + "' must be a whole number, not " + describe(node));
  }
  return std::nullopt;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& node, std::string_view what,
                                        const YAML::Node& key) {
  bool value = false;
  // A quoted scalar is text (yaml-cpp tags it "!"): `verified: "yes"` is not a boolean.
  const bool quoted = node.IsDefined() && node.IsScalar() && node.Tag() == "!";
  if (quoted && YAML::convert<bool>::decode(node, value)) {
    error(node, "'" + std::string(what) + "' must be a boolean, not the quoted text \"" +
                    node.Scalar() + "\" (remove the quotes)");
    return std::nullopt;
  }
  if (node.IsDefined() && node.IsScalar() && YAML::convert<bool>::decode(node, value)) {
    return value;
  }
  if (!node.IsDefined() || node.IsNull()) {
    error(position(node, key), "'" + std::string(what) + "' has no value");
  } else {
    error(node,
          "'" + std::string(what) + "' must be true or false (or on/off), not " + describe(node));
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> YamlReader::text_list(const YAML::Node& node,
                                                              std::string_view what,
                                                              const YAML::Node& key) {
  if (!expect_list(node, what, key)) return std::nullopt;
  std::vector<std::string> out;
  bool good = true;
  for (const YAML::Node& item : node) {
    if (item.IsScalar()) {
      out.push_back(item.Scalar());
    } else {
      error(item, "'" + std::string(what) + "' items must be text, not " + describe(item));
      good = false;
    }
  }
  if (!good) return std::nullopt;
  return out;
}

std::optional<std::string> YamlReader::choice(const YAML::Node& node, std::string_view what,
                                              const KeyList& options, const YAML::Node& key) {
  auto value = text(node, what, key);
  if (!value) return std::nullopt;
  if (std::find(options.begin(), options.end(), *value) != options.end()) return value;
  std::string list;
  for (std::string_view option : options) list += (list.empty() ? "" : ", ") + std::string(option);
  error(node, "'" + std::string(what) + "' must be one of " + list + ", not '" + *value + "'" +
                  did_you_mean(*value, options));
  return std::nullopt;
}

bool YamlReader::expect_map(const YAML::Node& node, std::string_view what, const YAML::Node& key) {
  if (node.IsDefined() && node.IsMap()) return true;
  error(position(node, key),
        "'" + std::string(what) + "' must be a mapping, not " + describe(node));
  return false;
}

bool YamlReader::expect_list(const YAML::Node& node, std::string_view what, const YAML::Node& key) {
  if (node.IsDefined() && node.IsSequence()) return true;
  std::string hint;
  if (node.IsDefined() && node.IsScalar()) hint = " (write [" + node.Scalar() + "])";
  error(position(node, key),
        "'" + std::string(what) + "' must be a list, not " + describe(node) + hint);
  return false;
}

void YamlReader::for_each_entry(const YAML::Node& map, const KeyList& known, const Visitor& visit) {
  if (!map.IsDefined() || !map.IsMap()) return;
  std::map<std::string, int> seen;  // key -> 1-based line of its first use
  // Snapshot first: a visitor that indexes a node with non-const operator[] inserts into
  // the map, which would invalidate a live iterator (a crash seen in yaml-cpp 0.7).
  std::vector<std::pair<YAML::Node, YAML::Node>> entries;
  for (const auto& entry : map) entries.emplace_back(entry.first, entry.second);
  for (const auto& entry : entries) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) {
      error(key, "a key must be text, not " + describe(key));
      continue;
    }
    const std::string& name = key.Scalar();
    auto [it, inserted] = seen.emplace(name, key.Mark().line + 1);
    if (!inserted) {
      error(key, "duplicate key '" + name + "' (first on line " + std::to_string(it->second) + ")");
      continue;
    }
    if (!known.empty() && std::find(known.begin(), known.end(), name) == known.end()) {
      error(key, "unknown key '" + name + "'" + did_you_mean(name, known));
      continue;
    }
    visit(name, key, entry.second);
  }
}

}  // namespace stimbench
