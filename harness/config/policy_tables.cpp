#include "harness/config/policy_tables.hpp"

#include <algorithm>
#include <cmath>

#include "harness/config/table_reader.hpp"

namespace stimbench {

namespace {

const KeyList kTableKeys = {"source", "verified", "domain", "percent_mt", "rows"};
const KeyList kDomainKeys = {"min_hz", "max_hz", "min_percent_mt", "max_percent_mt"};
const KeyList kRowKeys = {"hz", "max_s"};
const KeyList kPauseKeys = {"min_iti_s", "applies_from_hz", "applies_above_percent_mt", "source",
                            "verified"};
const KeyList kPatternKeys = {
    "name",         "pulses_per_burst", "burst_frequency_hz", "burst_rate_hz", "train_s", "iti_s",
    "total_pulses", "max_percent_mt",   "tolerance",          "source",        "verified"};

// The plausible range of a theta-burst number other than the counts, iti_s and tolerance.
input_limits::Range pattern_range(const std::string& name) {
  if (name == "train_s") return input_limits::Range{0, input_limits::kProfileSeconds.high, true};
  if (name == "max_percent_mt") return input_limits::kPercentMt;
  return input_limits::kFrequencyCapHz;  // burst_frequency_hz, burst_rate_hz
}

bool ascending(const std::vector<double>& keys) {
  for (std::size_t i = 1; i < keys.size(); ++i) {
    if (!(keys[i] > keys[i - 1])) return false;
  }
  return true;
}

void read_domain(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                 TrainDurationTable& table) {
  if (!in.expect_map(node, "train_duration.domain", key)) return;
  int seen = 0;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
    const bool hz = name == "min_hz" || name == "max_hz";
    input_limits::Range range = hz ? input_limits::kFrequencyHz : input_limits::kPercentMt;
    range.low_open = true;
    auto v = read_in_range(in, value, "train_duration.domain." + name, k, range);
    ++seen;
    if (!v) return;
    (name == "min_hz"           ? table.domain_min_hz
     : name == "max_hz"         ? table.domain_max_hz
     : name == "min_percent_mt" ? table.domain_min_mt
                                : table.domain_max_mt) = *v;
  };
  in.for_each_entry(node, kDomainKeys, visit);
  if (seen != 4)
    in.error(key,
             "'train_duration.domain' needs min_hz, max_hz, min_percent_mt, "
             "max_percent_mt");
}

// One table row: {hz: 10, max_s: [...]} with a cell per %MT column.
void read_row(YamlReader& in, const YAML::Node& item, TrainDurationTable& table) {
  if (!in.expect_map(item, "train_duration.rows item")) return;
  std::optional<double> hz;
  std::optional<std::vector<double>> cells;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
    if (name == "hz") {
      hz = read_in_range(in, value, "train_duration.rows.hz", k, input_limits::kFrequencyCapHz);
      return;
    }
    cells = read_number_list(in, value, "train_duration.rows.max_s", k);
    if (!cells) return;
    for (std::size_t i = 0; i < cells->size(); ++i) {
      if ((*cells)[i] <= 0) in.error(value[i], "a train duration must be above 0 s");
      if ((*cells)[i] > input_limits::kProfileSeconds.high) {
        in.error(value[i], "a train duration must be at most " +
                               format_number(input_limits::kProfileSeconds.high) + " s");
      }
    }
    if (cells->size() != table.mt_percent.size()) {
      in.error(value, "row has " + std::to_string(cells->size()) + " cells but 'percent_mt' has " +
                          std::to_string(table.mt_percent.size()) + " columns");
    }
  };
  in.for_each_entry(item, kRowKeys, visit);
  if (!hz || !cells) {
    if (!hz) in.error(item, "a train_duration row needs 'hz'");
    if (!cells) in.error(item, "a train_duration row needs 'max_s'");
    return;
  }
  table.frequencies_hz.push_back(*hz);
  table.max_duration_s.push_back(*cells);
}

// The stricter-neighbour lookup needs a grid key at or above every point of the domain.
void check_table(YamlReader& in, const YAML::Node& key, const TrainDurationTable& t) {
  if (!ascending(t.mt_percent)) in.error(key, "'train_duration.percent_mt' must ascend");
  if (!ascending(t.frequencies_hz)) in.error(key, "'train_duration.rows' must ascend by 'hz'");
  if (t.frequencies_hz.empty() || t.mt_percent.empty()) {
    in.error(key, "'train_duration' needs at least one row and one column");
    return;
  }
  if (t.domain_min_hz > t.domain_max_hz || t.domain_min_mt > t.domain_max_mt) {
    in.error(key, "'train_duration.domain' minimum above its maximum");
  }
  if (t.domain_max_hz > t.frequencies_hz.back()) {
    in.error(key, "'train_duration.domain' reaches " + format_number(t.domain_max_hz) +
                      " Hz, beyond the last row (" + format_number(t.frequencies_hz.back()) + ")");
  }
  if (t.domain_max_mt > t.mt_percent.back()) {
    in.error(key, "'train_duration.domain' reaches " + format_number(t.domain_max_mt) +
                      " %MT, beyond the last column (" + format_number(t.mt_percent.back()) + ")");
  }
}

}  // namespace

void read_train_duration(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                         ClinicalPolicy& policy) {
  if (!in.expect_map(node, "train_duration", key)) return;
  TrainDurationTable table;
  ProvenanceReader provenance("train_duration");
  bool has_domain = false, has_columns = false;
  YAML::Node rows, rows_key;
  bool has_rows = false;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
    if (provenance.visit(in, name, k, value, table.provenance)) return;
    if (name == "domain") {
      has_domain = true;
      read_domain(in, value, k, table);
    } else if (name == "percent_mt") {
      has_columns = true;
      if (auto keys = read_number_list(in, value, "train_duration.percent_mt", k)) {
        for (std::size_t i = 0; i < keys->size(); ++i) {
          if (!input_limits::kPercentMt.contains((*keys)[i])) {
            in.error(value[i], "'train_duration.percent_mt' columns must be " +
                                   input_limits::kPercentMt.describe() + ", not " +
                                   format_number((*keys)[i]));
          }
        }
        table.mt_percent = *keys;
      }
    } else {
      has_rows = true;
      rows = value;
      rows_key = k;
    }
  };
  const std::size_t before = in.issue_count();
  in.for_each_entry(node, kTableKeys, visit);
  provenance.require(in, key);
  if (!has_domain) in.error(key, "'train_duration' needs 'domain'");
  if (!has_columns) in.error(key, "'train_duration' needs 'percent_mt' (the column keys)");
  if (!has_rows) {
    in.error(key, "'train_duration' needs 'rows'");
  } else if (in.expect_list(rows, "train_duration.rows", rows_key)) {
    for (const YAML::Node& item : rows) read_row(in, item, table);  // after the columns
  }
  if (in.issue_count() == before) check_table(in, key, table);
  if (in.issue_count() == before) policy.train_duration = std::move(table);
}

void read_pauses(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                 ClinicalPolicy& policy) {
  if (!in.expect_list(node, "pauses", key)) return;
  for (const YAML::Node& item : node) {
    if (!in.expect_map(item, "pauses item")) continue;
    PauseRule rule;
    ProvenanceReader provenance("pauses item");
    int seen = 0;
    auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
      if (provenance.visit(in, name, k, value, rule.provenance)) return;
      ++seen;
      const input_limits::Range range = name == "min_iti_s"         ? input_limits::kProfileSeconds
                                        : name == "applies_from_hz" ? input_limits::kFrequencyHz
                                                                    : input_limits::Range{0, 1000};
      auto v = read_in_range(in, value, "pauses." + name, k, range);
      if (!v) return;
      (name == "min_iti_s"         ? rule.min_iti_s
       : name == "applies_from_hz" ? rule.applies_from_hz
                                   : rule.applies_above_mt) = *v;
    };
    const std::size_t before = in.issue_count();
    in.for_each_entry(item, kPauseKeys, visit);
    provenance.require(in, item);
    if (seen != 3) {
      in.error(item, "a pause rule needs min_iti_s, applies_from_hz, applies_above_percent_mt");
    }
    if (in.issue_count() == before) policy.pauses.push_back(rule);
  }
}

void read_theta_burst(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                      ClinicalPolicy& policy) {
  if (!in.expect_list(node, "theta_burst", key)) return;
  for (const YAML::Node& item : node) {
    if (!in.expect_map(item, "theta_burst item")) continue;
    ThetaBurstPattern p;
    ProvenanceReader provenance("theta_burst item");
    int seen = 0;
    auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
      if (provenance.visit(in, name, k, value, p.provenance)) return;
      const std::string what = "theta_burst." + name;
      if (name == "name") {
        if (auto text = in.text(value, what, k)) p.name = *text;
      } else if (name == "pulses_per_burst" || name == "total_pulses") {
        auto n = in.integer(value, what, k);
        if (n && *n < 1) in.error(value, "'" + what + "' must be 1 or more");
        if (n && *n >= 1)
          (name == "total_pulses" ? p.total_pulses : p.pulses_per_burst) =
              static_cast<int>(std::min<long long>(*n, 1'000'000));
      } else if (name == "iti_s" || name == "tolerance") {
        if (auto v = read_in_range(in, value, what, k, input_limits::kProfileSeconds)) {
          (name == "iti_s" ? p.iti_s : p.tolerance) = *v;
        }
      } else if (auto v = read_in_range(in, value, what, k, pattern_range(name))) {
        (name == "burst_frequency_hz" ? p.burst_frequency_hz
         : name == "burst_rate_hz"    ? p.burst_rate_hz
         : name == "train_s"          ? p.train_s
                                      : p.max_percent_mt) = *v;
      }
      if (name != "tolerance") ++seen;
    };
    const std::size_t before = in.issue_count();
    in.for_each_entry(item, kPatternKeys, visit);
    provenance.require(in, item);
    if (seen != 8) {
      in.error(item,
               "a theta_burst pattern needs name, pulses_per_burst, burst_frequency_hz, "
               "burst_rate_hz, train_s, iti_s, total_pulses, max_percent_mt");
    }
    for (const ThetaBurstPattern& other : policy.theta_burst) {
      if (other.name == p.name) in.error(item, "duplicate theta_burst pattern '" + p.name + "'");
    }
    if (in.issue_count() == before) policy.theta_burst.push_back(p);
  }
}

}  // namespace stimbench
