// Choosing which scenarios a run executes: --tags and --shard.
#pragma once

#include <string>
#include <vector>

#include "devices/core/result.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench::cli {

struct TagFilter {
  std::vector<std::string> include;  // any of these (empty: all)
  std::vector<std::string> exclude;  // none of these
  bool matches(const std::vector<std::string>& tags) const;
};

Result<TagFilter> parse_tag_filter(const std::string& expression);

struct Shard {
  int index = 1;  // 1-based
  int count = 1;
};
Result<Shard> parse_shard(const std::string& text);

std::vector<Scenario> select_scenarios(std::vector<Scenario> all, const TagFilter& tags,
                                       const Shard& shard);

}  // namespace stimbench::cli
