#include "harness/config/envelope_loader.hpp"

#include <algorithm>
#include <filesystem>

#include "harness/config/policy_tables.hpp"
#include "harness/config/profile_loader.hpp"
#include "harness/config/table_reader.hpp"
#include "harness/config/yaml_reader.hpp"

namespace stimbench {

namespace {

const KeyList kPolicyKeys = {"policy",         "title",          "source", "verified",
                             "max_percent_mt", "train_duration", "pauses", "theta_burst"};

void read_policy(YamlReader& in, const YAML::Node& root, ClinicalPolicy& policy) {
  ProvenanceReader provenance("policy");
  bool has_name = false;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
    if (provenance.visit(in, name, k, value, policy.provenance)) return;
    if (name == "policy") {
      has_name = true;
      auto text = in.text(value, name, k);
      if (text && !is_valid_name(*text)) {
        in.error(value, "policy name " + name_problem(*text));
      } else if (text) {
        policy.name = *text;
      }
    } else if (name == "title") {
      (void)in.text(value, name, k);  // for people; checked for type only
    } else if (name == "max_percent_mt") {
      if (auto v = read_in_range(in, value, name, k, input_limits::kPercentMt))
        policy.max_percent_mt = *v;
    } else if (name == "train_duration") {
      read_train_duration(in, value, k, policy);
    } else if (name == "pauses") {
      read_pauses(in, value, k, policy);
    } else {
      read_theta_burst(in, value, k, policy);
    }
  };
  in.for_each_entry(root, kPolicyKeys, visit);
  if (!has_name) in.error(root, "missing required key 'policy'");
  provenance.require(in, root);
}

}  // namespace

Result<ClinicalPolicy> load_policy_text(const std::string& text, const std::string& file) {
  YamlReader in(text);
  ClinicalPolicy policy;
  // yaml-cpp throws from its accessors on malformed trees; nothing may escape this module.
  try {
    if (auto root = in.parse_single_document()) {
      if (root->IsMap() && has_any_key(*root, kPolicyKeys)) {
        read_policy(in, *root, policy);
      } else {
        in.error(in.position(*root),
                 "not a policy: a policy file holds one mapping with policy:, source:, ...");
      }
    }
  } catch (const std::exception& e) {
    in.error(YAML::Mark::null_mark(), std::string("internal error while reading: ") + e.what());
  }
  if (in.issue_count() > 0) {
    return make_error(ErrorCode::invalid_input, format_issues(file, in.sorted_issues()));
  }
  return policy;
}

Result<ClinicalPolicy> load_policy_file(const std::string& path) {
  std::string why;
  auto text = read_text_file(path, why);
  if (!text) return make_error(ErrorCode::invalid_input, path + ": error: " + why);
  return load_policy_text(*text, path);
}

Result<std::string> resolve_policy_path(const std::string& name_or_file,
                                        const std::string& fixtures_dir) {
  return resolve_fixture_path(name_or_file, fixtures_dir, "envelopes", "policy");
}

}  // namespace stimbench
