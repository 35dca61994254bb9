#include "harness/config/profile_safety.hpp"

#include <cmath>

#include "harness/config/table_reader.hpp"

namespace stimbench {

namespace {

const KeyList kCapKeys = {"enforced_by", "source", "verified", "rows"};
const KeyList kEnergyKeys = {
    "enforced_by",           "source",           "verified",       "sustainable_w",
    "dissipation_j_per_min", "min_wait_floor_s", "joules_by_power"};
const KeyList kLockoutKeys = {"post_train_s", "enforced_by", "source", "verified"};
const KeyList kThermalKeys = {"cutoff_c", "enforced_by", "source", "verified"};

// Room for decimal steps such as 0.1 that binary cannot hold exactly.
bool close(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b));
}

std::optional<FrequencyCapRow> read_cap_row(YamlReader& in, const YAML::Node& item) {
  auto numbers = read_number_list(in, item, "frequency_cap.rows", {});
  if (!numbers) return std::nullopt;
  if (numbers->size() != 3) {
    in.error(item, "a frequency_cap row is [power_from, power_to, max_hz], not " +
                       std::to_string(numbers->size()) + " numbers");
    return std::nullopt;
  }
  FrequencyCapRow row{(*numbers)[0], (*numbers)[1], (*numbers)[2]};
  if (row.power_from > row.power_to) {
    in.error(item, "frequency_cap row runs from " + format_number(row.power_from) + " down to " +
                       format_number(row.power_to));
    return std::nullopt;
  }
  if (row.max_hz <= 0) {
    in.error(item, "frequency_cap row cap must be above 0 Hz, not " + format_number(row.max_hz));
    return std::nullopt;
  }
  if (!input_limits::kFrequencyCapHz.contains(row.max_hz)) {
    in.error(item, "frequency_cap row cap must be " + input_limits::kFrequencyCapHz.describe() +
                       " Hz, not " + format_number(row.max_hz));
    return std::nullopt;
  }
  if (row.power_from < 0) {
    in.error(item, "frequency_cap row starts at a negative power " + format_number(row.power_from));
    return std::nullopt;
  }
  return row;
}

// Rows ascend, do not overlap, and leave no power level of the grid without a cap.
void check_cap_rows(YamlReader& in, const YAML::Node& rows, const YAML::Node& key,
                    const std::vector<FrequencyCapRow>& table, const ParameterLimit* power) {
  if (!power) {
    in.error(key, "'frequency_cap' needs a power limit in 'limits' (the cap depends on power)");
    return;
  }
  for (std::size_t i = 1; i < table.size(); ++i) {
    const FrequencyCapRow& prev = table[i - 1];
    const FrequencyCapRow& row = table[i];
    if (row.power_from <= prev.power_to) {
      in.error(rows[i], "frequency_cap row from " + format_number(row.power_from) +
                            " % overlaps or precedes the previous row (to " +
                            format_number(prev.power_to) + " %)");
    } else if (row.power_from > prev.power_to + power->step &&
               !close(row.power_from, prev.power_to + power->step)) {
      in.error(rows[i], "frequency_cap leaves a gap between " + format_number(prev.power_to) +
                            " % and " + format_number(row.power_from) + " % (power step " +
                            format_number(power->step) + ")");
    }
  }
  if (table.empty()) return;
  if (table.front().power_from > power->min && !close(table.front().power_from, power->min)) {
    in.error(rows[0], "frequency_cap starts at " + format_number(table.front().power_from) +
                          " % but power goes down to " + format_number(power->min) + " %");
  }
  if (table.back().power_to < power->max && !close(table.back().power_to, power->max)) {
    in.error(rows[table.size() - 1],
             "frequency_cap ends at " + format_number(table.back().power_to) +
                 " % but power goes up to " + format_number(power->max) + " %");
  }
}

}  // namespace

void read_frequency_cap(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                        const ParameterLimit* power, DeviceProfile& profile) {
  if (!in.expect_map(node, "frequency_cap", key)) return;
  FrequencyCapTable table;
  ProvenanceReader provenance("frequency_cap");
  YAML::Node rows_node;
  bool has_rows = false, good = true;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
    if (provenance.visit(in, name, k, value, table.provenance)) return;
    if (name == "enforced_by") {
      if (auto who = read_enforced_by(in, value, "frequency_cap.enforced_by", k)) {
        table.enforced_by = *who;
      }
      return;
    }
    has_rows = true;  // "rows"
    rows_node = value;
    if (!in.expect_list(value, "frequency_cap.rows", k)) {
      good = false;
      return;
    }
    if (value.size() == 0) in.error(k, "'frequency_cap.rows' must hold at least one row");
    for (const YAML::Node& item : value) {
      auto row = read_cap_row(in, item);
      if (row) table.rows.push_back(*row);
      good = good && row.has_value();
    }
  };
  const std::size_t before = in.issue_count();
  in.for_each_entry(node, kCapKeys, visit);
  provenance.require(in, key);
  if (!has_rows) in.error(key, "'frequency_cap' needs 'rows'");
  if (good && has_rows) check_cap_rows(in, rows_node, key, table.rows, power);
  if (in.issue_count() == before) profile.frequency_cap = std::move(table);
}

void read_energy_model(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                       DeviceProfile& profile) {
  if (!in.expect_map(node, "energy_model", key)) return;
  EnergyModel model;  // enforced_by defaults to host: the Rapid² leaves it to the host
  ProvenanceReader provenance("energy_model");
  bool has_joules = false;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
    if (provenance.visit(in, name, k, value, model.provenance)) return;
    const std::string what = "energy_model." + name;
    if (name == "enforced_by") {
      if (auto who = read_enforced_by(in, value, what, k)) model.enforced_by = *who;
    } else if (name == "sustainable_w") {
      if (auto v = read_bounded(in, value, what, k, 0, true)) model.sustainable_w = *v;
    } else if (name == "dissipation_j_per_min") {
      if (auto v = read_bounded(in, value, what, k, 0, true)) model.dissipation_j_per_min = *v;
    } else if (name == "min_wait_floor_s") {
      if (auto v = read_in_range(in, value, what, k, input_limits::kProfileSeconds))
        model.min_wait_floor_s = *v;
    } else {  // joules_by_power
      has_joules = true;
      auto joules = read_number_list(in, value, what, k);
      if (!joules) return;
      if (joules->empty()) in.error(k, "'" + what + "' must list the energy at 0 %, 1 %, ...");
      for (std::size_t i = 0; i < joules->size(); ++i) {
        // Energy grows with power; a dip is a transcription error, not physics.
        if ((*joules)[i] < 0 || (i > 0 && (*joules)[i] < (*joules)[i - 1])) {
          in.error(value[i], "'" + what + "' at " + std::to_string(i) + " % is " +
                                 format_number((*joules)[i]) +
                                 " J: values must be 0 or more and never fall as power rises");
        }
      }
      model.joules_by_power = *joules;
    }
  };
  const std::size_t before = in.issue_count();
  in.for_each_entry(node, kEnergyKeys, visit);
  provenance.require(in, key);
  if (!has_joules) in.error(key, "'energy_model' needs 'joules_by_power'");
  if (in.issue_count() == before) profile.energy = std::move(model);
}

void read_lockout(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                  DeviceProfile& profile) {
  if (!in.expect_map(node, "lockout", key)) return;
  LockoutRule rule;
  ProvenanceReader provenance("lockout");
  bool has_time = false;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
    if (provenance.visit(in, name, k, value, rule.provenance)) return;
    if (name == "enforced_by") {
      if (auto who = read_enforced_by(in, value, "lockout.enforced_by", k)) rule.enforced_by = *who;
      return;
    }
    has_time = true;
    if (auto v =
            read_in_range(in, value, "lockout.post_train_s", k, input_limits::kProfileSeconds)) {
      rule.post_train_s = *v;
    }
  };
  const std::size_t before = in.issue_count();
  in.for_each_entry(node, kLockoutKeys, visit);
  provenance.require(in, key);
  if (!has_time) in.error(key, "'lockout' needs 'post_train_s'");
  if (in.issue_count() == before) profile.lockout = std::move(rule);
}

void read_coil_temperature_limit(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                                 DeviceProfile& profile) {
  if (!in.expect_map(node, "coil_temperature_limit", key)) return;
  ThermalLimit limit;
  ProvenanceReader provenance("coil_temperature_limit");
  bool has_cutoff = false;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
    if (provenance.visit(in, name, k, value, limit.provenance)) return;
    const std::string what = "coil_temperature_limit." + name;
    if (name == "enforced_by") {
      if (auto who = read_enforced_by(in, value, what, k)) limit.enforced_by = *who;
      return;
    }
    has_cutoff = true;
    if (auto v = read_in_range(in, value, what, k, input_limits::kTemperatureC))
      limit.cutoff_c = *v;
  };
  const std::size_t before = in.issue_count();
  in.for_each_entry(node, kThermalKeys, visit);
  provenance.require(in, key);
  if (!has_cutoff) in.error(key, "'coil_temperature_limit' needs 'cutoff_c'");
  if (in.issue_count() == before) profile.coil_temperature_limit = std::move(limit);
}

}  // namespace stimbench
