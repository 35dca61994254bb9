#include "harness/cli/run_selection.hpp"

#include <algorithm>

namespace stimbench::cli {

bool TagFilter::matches(const std::vector<std::string>& tags) const {
  auto has = [&](const std::string& t) {
    return std::find(tags.begin(), tags.end(), t) != tags.end();
  };
  if (std::any_of(exclude.begin(), exclude.end(), has)) return false;
  return include.empty() || std::any_of(include.begin(), include.end(), has);
}

Result<TagFilter> parse_tag_filter(const std::string& expression) {
  TagFilter filter;
  std::string item;
  auto flush = [&]() -> Status {
    std::string t = item;
    item.clear();
    t.erase(0, t.find_first_not_of(' '));
    t.erase(t.find_last_not_of(' ') + 1);
    if (t.empty()) return Status::success();
    bool negated = t[0] == '!';
    std::string name = negated ? t.substr(1) : t;
    if (name.empty()) return make_error(ErrorCode::invalid_input, "--tags: '!' without a tag name");
    (negated ? filter.exclude : filter.include).push_back(name);
    return Status::success();
  };
  for (char c : expression) {
    if (c == ',') {
      if (Status s = flush(); !s) return s.error();
    } else {
      item.push_back(c);
    }
  }
  if (Status s = flush(); !s) return s.error();
  return filter;
}

Result<Shard> parse_shard(const std::string& text) {
  Shard shard;
  if (text.empty()) return shard;
  auto slash = text.find('/');
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    std::size_t used = 0;
    shard.index = std::stoi(text.substr(0, slash), &used);
    if (used != slash) throw std::invalid_argument("index");
    std::string rest = text.substr(slash + 1);
    shard.count = std::stoi(rest, &used);
    if (used != rest.size()) throw std::invalid_argument("count");
  } catch (const std::exception&) {
    return make_error(ErrorCode::invalid_input, "--shard takes I/N, e.g. 2/4; got '" + text + "'");
  }
  if (shard.count < 1 || shard.index < 1 || shard.index > shard.count) {
    return make_error(ErrorCode::invalid_input, "--shard " + text + ": need 1 <= I <= N (1-based)");
  }
  return shard;
}

std::vector<Scenario> select_scenarios(std::vector<Scenario> all, const TagFilter& tags,
                                       const Shard& shard) {
  std::vector<Scenario> tagged;
  for (Scenario& s : all) {
    if (tags.matches(s.tags)) tagged.push_back(std::move(s));
  }
  std::vector<Scenario> out;
  for (std::size_t i = 0; i < tagged.size(); ++i) {
    if (static_cast<int>(i % static_cast<std::size_t>(shard.count)) == shard.index - 1) {
      out.push_back(std::move(tagged[i]));
    }
  }
  return out;
}

}  // namespace stimbench::cli
