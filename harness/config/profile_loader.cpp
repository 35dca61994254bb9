#include "harness/config/profile_loader.hpp"

#include <algorithm>

#include "harness/config/input_limits.hpp"
#include "harness/config/profile_safety.hpp"
#include "harness/config/table_reader.hpp"
#include "harness/config/yaml_reader.hpp"

namespace stimbench {

namespace {

const KeyList kProfileKeys = {"profile",
                              "family",
                              "model",
                              "identity",
                              "serial",
                              "refusal_style",
                              "capabilities",
                              "limits",
                              "variant",
                              "keepalive_timeout_s",
                              "keepalive_poll_s",
                              "keepalive_leaves_remote",
                              "standby_keepalive_timeout_s",
                              "single_pulse_interval_s",
                              "single_pulse_interval_above_max_s",
                              "ready_delay_s",
                              "reply_latency_s",
                              "coil_temperature_c",
                              "source",
                              "verified",
                              "frequency_cap",
                              "energy_model",
                              "lockout",
                              "coil_temperature_limit"};
const KeyList kIdentityKeys = {"maker", "model", "serial", "firmware"};
const KeyList kSerialKeys = {"baud", "data_bits", "parity", "stop_bits", "flow_control"};
const KeyList kLimitKeys = {"min", "max", "step", "unit", "enforced_by", "default", "in_mode"};
const KeyList kModeLimitKeys = {"mode", "max", "step"};
const KeyList kFamilies = {"reference", "magstim", "magventure"};
const KeyList kParameterNames = {"power",     "frequency",   "pulses",         "train_duration",
                                 "train_iti", "train_count", "burst_pulses",   "burst_frequency",
                                 "power_b",   "interval",    "enhanced_power", "high_resolution"};

void read_identity(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                   DeviceIdentity& out) {
  if (!in.expect_map(node, "identity", key)) return;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
    auto text = in.text(value, name, k);
    if (!text) return;
    (name == "maker"    ? out.maker
     : name == "model"  ? out.model
     : name == "serial" ? out.serial
                        : out.firmware) = *text;
  };
  in.for_each_entry(node, kIdentityKeys, visit);
}

void read_serial(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                 SerialSettings& out) {
  if (!in.expect_map(node, "serial", key)) return;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
    if (name == "parity") {
      if (auto p = in.choice(value, name, {"none", "odd", "even"}, k)) {
        out.parity = *p == "odd" ? Parity::odd : *p == "even" ? Parity::even : Parity::none;
      }
      return;
    }
    if (name == "flow_control") {
      if (auto f = in.choice(value, name, {"none", "xonxoff", "rtscts"}, k)) {
        out.flow_control = *f == "xonxoff"  ? FlowControl::xonxoff
                           : *f == "rtscts" ? FlowControl::rtscts
                                            : FlowControl::none;
      }
      return;
    }
    auto number = in.integer(value, name, k);
    if (!number) return;
    const long long n = *number;
    const bool baud = name == "baud", data_bits = name == "data_bits";
    const bool fits = baud        ? n > 0 && n <= 10'000'000
                      : data_bits ? n >= 5 && n <= 8
                                  : n == 1 || n == 2;
    if (!fits) {
      const char* range = baud ? "a positive rate" : data_bits ? "5 to 8" : "1 or 2";
      in.error(value, "'" + name + "' must be " + range + ", not " + std::to_string(n));
      return;
    }
    (baud ? out.baud : data_bits ? out.data_bits : out.stop_bits) = static_cast<int>(n);
  };
  in.for_each_entry(node, kSerialKeys, visit);
}

// A limit's number; a step must be above 0 (a zero step would make every value on-grid).
std::optional<double> limit_number(YamlReader& in, const YAML::Node& value, const std::string& what,
                                   const YAML::Node& key, bool is_step) {
  auto number = in.number(value, what, key);
  if (number && is_step && *number <= 0) {
    in.error(value, "'" + what + "' must be above 0");
    return std::nullopt;
  }
  return number;
}

// `in_mode: {mode: enhanced_power, max: 110}`: the range while a mode switch is on.
std::optional<ModeLimit> read_mode_limit(YamlReader& in, const std::string& pname,
                                         const YAML::Node& node, const YAML::Node& key,
                                         double base_step) {
  const std::string what = pname + ".in_mode";
  if (!in.expect_map(node, what, key)) return std::nullopt;
  ModeLimit mode;
  mode.step = base_step;
  bool has_mode = false, has_max = false, good = true;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
    if (name == "mode") {
      has_mode = true;
      auto text = in.text(value, what + ".mode", k);
      auto parameter = text ? parameter_from_string(*text) : std::nullopt;
      if (parameter && is_switch(*parameter)) {
        mode.mode = *parameter;
      } else {
        if (text)
          in.error(value, "'" + what + ".mode' must be a mode switch (enhanced_power, " +
                              "high_resolution), not '" + *text + "'");
        good = false;
      }
      return;
    }
    auto number = limit_number(in, value, what + "." + name, k, name == "step");
    if (!number) {
      good = false;
      return;
    }
    (name == "max" ? mode.max : mode.step) = *number;
    has_max = has_max || name == "max";
  };
  in.for_each_entry(node, kModeLimitKeys, visit);
  for (auto [present, name] : {std::pair{has_mode, "mode"}, {has_max, "max"}}) {
    if (!present) {
      in.error(key, "'" + what + "' needs '" + name + "'");
      good = false;
    }
  }
  return good ? std::optional<ModeLimit>(mode) : std::nullopt;
}

// Limits no device has: a negative minimum, a frequency beyond 1000 Hz, a default outside
// the range. Each is a transcription error that would mislead every check built on it.
bool plausible_limit(YamlReader& in, const YAML::Node& key, const ParameterLimit& limit) {
  const std::string pname = to_string(limit.parameter);
  const bool hz =
      limit.parameter == Parameter::frequency || limit.parameter == Parameter::burst_frequency;
  bool good = true;
  if (limit.min < 0) {
    in.error(key, "limit '" + pname + "' has a negative min " + format_number(limit.min));
    good = false;
  }
  const input_limits::Range range = input_limits::kFrequencyHz;
  if (hz && !(range.contains(limit.min) && range.contains(limit.max))) {
    in.error(key, "limit '" + pname + "' must stay " + range.describe() + " Hz");
    good = false;
  }
  if (good && limit.default_value &&
      (*limit.default_value < limit.min || *limit.default_value > limit.max)) {
    in.error(key, "limit '" + pname + "' has default " + format_number(*limit.default_value) +
                      " outside min " + format_number(limit.min) + " to max " +
                      format_number(limit.max));
    good = false;
  }
  return good;
}

void read_limit(YamlReader& in, Parameter parameter, const YAML::Node& node, const YAML::Node& key,
                std::vector<ParameterLimit>& out) {
  const std::string pname = to_string(parameter);
  if (!in.expect_map(node, pname, key)) return;
  ParameterLimit limit;
  limit.parameter = parameter;
  bool has_min = false, has_max = false, has_step = false, good = true;
  std::optional<std::pair<YAML::Node, YAML::Node>> mode;  // key, value: read after `step`
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
    const std::string what = pname + "." + name;
    if (name == "unit") {
      if (auto text = in.text(value, what, k)) limit.unit = *text;
      return;
    }
    if (name == "enforced_by") {
      if (auto who = in.choice(value, what, {"device", "host"}, k)) {
        limit.enforced_by = *who == "host" ? EnforcedBy::host : EnforcedBy::device;
      }
      return;
    }
    if (name == "default") {
      if (auto number = in.number(value, what, k)) limit.default_value = *number;
      return;
    }
    if (name == "in_mode") {
      mode.emplace(k, value);
      return;
    }
    // Present even when malformed, so a bad value is not also reported as missing.
    (name == "min" ? has_min : name == "max" ? has_max : has_step) = true;
    auto number = limit_number(in, value, what, k, name == "step");
    if (!number) {
      good = false;
      return;
    }
    (name == "min" ? limit.min : name == "max" ? limit.max : limit.step) = *number;
  };
  in.for_each_entry(node, kLimitKeys, visit);
  for (auto [present, name] : {std::pair{has_min, "min"}, {has_max, "max"}, {has_step, "step"}}) {
    if (!present) {
      in.error(key, "limit '" + pname + "' needs '" + name + "'");
      good = false;
    }
  }
  if (good) good = plausible_limit(in, key, limit);
  if (good && limit.min > limit.max) {
    in.error(key, "limit '" + pname + "' has min " + format_number(limit.min) + " above max " +
                      format_number(limit.max));
    good = false;
  }
  if (mode) {
    limit.in_mode = read_mode_limit(in, pname, mode->second, mode->first, limit.step);
    if (!limit.in_mode) good = false;
  }
  if (good && limit.in_mode && limit.in_mode->max < limit.min) {
    in.error(mode->first, "'" + pname + ".in_mode.max' " + format_number(limit.in_mode->max) +
                              " is below min " + format_number(limit.min));
    good = false;
  }
  if (good) out.push_back(limit);
}

void read_limits(YamlReader& in, const YAML::Node& node, const YAML::Node& key,
                 std::vector<ParameterLimit>& out) {
  if (!in.expect_map(node, "limits", key)) return;
  if (node.size() == 0) in.error(key, "'limits' must name at least one parameter");
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
    auto parameter = parameter_from_string(name);
    if (!parameter) {
      in.error(k, "unknown parameter '" + name + "'" + did_you_mean(name, kParameterNames));
      return;
    }
    read_limit(in, *parameter, value, k, out);
  };
  in.for_each_entry(node, {}, visit);
}

void check_capabilities(YamlReader& in, const YAML::Node& list,
                        const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (is_known_capability(names[i])) continue;
    in.error(list[i], "unknown capability '" + names[i] + "'" +
                          did_you_mean(names[i], known_capabilities()));
  }
}

// The wire format depends on the model within a family (field widths, commands).
void check_variant(YamlReader& in, const YAML::Node& root, const DeviceProfile& profile) {
  KeyList allowed;
  if (profile.family == "magstim") allowed = {"200", "bistim", "rapid"};
  if (profile.family == "magventure") allowed = {"r30", "x100"};
  if (allowed.empty()) return;
  if (std::find(allowed.begin(), allowed.end(), profile.variant) != allowed.end()) return;
  std::string list;
  for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  in.error(root, "family " + profile.family + " needs 'variant:' one of " + list +
                     (profile.variant.empty() ? "" : " (got '" + profile.variant + "')"));
}

void read_top_level(YamlReader& in, const YAML::Node& root, DeviceProfile& profile) {
  bool has_name = false, has_family = false, has_limits = false;
  std::string model;
  // The cap table is checked against the power limit, so it is read after every limit.
  YAML::Node cap_key, cap_value;
  bool has_cap = false;
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
    auto seconds = [&](double& field, bool allow_zero) {
      input_limits::Range range = input_limits::kProfileSeconds;
      range.low_open = !allow_zero;
      if (auto number = read_in_range(in, value, name, k, range)) field = *number;
    };
    if (name == "profile") {
      has_name = true;
      auto text = in.text(value, name, k);
      if (text && !is_valid_name(*text)) {
        in.error(value, "profile name " + name_problem(*text));
      } else if (text) {
        profile.name = *text;
      }
    } else if (name == "family") {
      has_family = true;
      if (auto family = in.choice(value, name, kFamilies, k)) profile.family = *family;
    } else if (name == "model") {
      if (auto text = in.text(value, name, k)) model = *text;
    } else if (name == "identity") {
      read_identity(in, value, k, profile.identity);
    } else if (name == "serial") {
      read_serial(in, value, k, profile.serial);
    } else if (name == "refusal_style") {
      if (auto style = in.choice(value, name, {"reply", "readback"}, k)) {
        profile.refusal_style = *style == "readback" ? RefusalStyle::readback : RefusalStyle::reply;
      }
    } else if (name == "capabilities") {
      if (auto list = in.text_list(value, name, k)) {
        profile.capabilities = *list;
        check_capabilities(in, value, *list);
      }
    } else if (name == "limits") {
      has_limits = true;
      read_limits(in, value, k, profile.limits);
    } else if (name == "keepalive_timeout_s") {
      seconds(profile.keepalive_timeout_s, true);  // 0: the device has no watchdog
    } else if (name == "variant") {
      if (auto text = in.text(value, name, k)) profile.variant = *text;
    } else if (name == "keepalive_poll_s" || name == "single_pulse_interval_s" ||
               name == "single_pulse_interval_above_max_s" ||
               name == "standby_keepalive_timeout_s" || name == "reply_latency_s") {
      double given = 0;
      seconds(given, false);
      if (given > 0) {
        (name == "keepalive_poll_s"                    ? profile.keepalive_poll_s
         : name == "single_pulse_interval_s"           ? profile.single_pulse_interval_s
         : name == "single_pulse_interval_above_max_s" ? profile.single_pulse_interval_above_max_s
         : name == "reply_latency_s"                   ? profile.reply_latency_s
                                     : profile.standby_keepalive_timeout_s) = given;
      }
    } else if (name == "keepalive_leaves_remote") {
      if (auto flag = in.boolean(value, name, k)) profile.keepalive_leaves_remote = *flag;
    } else if (name == "ready_delay_s") {
      seconds(profile.ready_delay_s, true);
    } else if (name == "coil_temperature_c") {
      if (auto number = read_in_range(in, value, name, k, input_limits::kTemperatureC))
        profile.coil_temperature_c = *number;
    } else if (name == "source") {
      if (auto text = in.text(value, name, k)) profile.source = *text;
    } else if (name == "verified") {
      if (auto flag = in.boolean(value, name, k)) profile.verified = *flag;
    } else if (name == "frequency_cap") {
      has_cap = true;
      cap_key = k;
      cap_value = value;
    } else if (name == "energy_model") {
      read_energy_model(in, value, k, profile);
    } else if (name == "lockout") {
      read_lockout(in, value, k, profile);
    } else if (name == "coil_temperature_limit") {
      read_coil_temperature_limit(in, value, k, profile);
    }
  };
  in.for_each_entry(root, kProfileKeys, visit);
  if (has_cap) {
    read_frequency_cap(in, cap_value, cap_key, profile.limit(Parameter::power), profile);
  }
  // DeviceProfile has no model field of its own: the top-level model is what the device
  // reports unless identity says otherwise.
  if (profile.identity.model.empty()) profile.identity.model = model;
  check_variant(in, root, profile);
  for (auto [present, name] :
       {std::pair{has_name, "profile"}, {has_family, "family"}, {has_limits, "limits"}}) {
    if (!present) in.error(root, std::string("missing required key '") + name + "'");
  }
}

}  // namespace

Result<DeviceProfile> load_profile_text(const std::string& text, const std::string& file) {
  YamlReader in(text);
  DeviceProfile profile;
  // yaml-cpp throws from its accessors on malformed trees; nothing may escape this module.
  try {
    if (auto root = in.parse_single_document()) {
      // Some other file named as a profile (/etc/passwd, say): say so and never echo it.
      if (!root->IsMap() || !has_any_key(*root, kProfileKeys)) {
        in.error(in.position(*root),
                 "not a profile: a profile file holds one mapping with profile:, family:, "
                 "limits:, ...");
      } else {
        read_top_level(in, *root, profile);
      }
    }
  } catch (const std::exception& e) {
    in.error(YAML::Mark::null_mark(), std::string("internal error while reading: ") + e.what());
  }
  if (in.issue_count() > 0) {
    return make_error(ErrorCode::invalid_input, format_issues(file, in.sorted_issues()));
  }
  return profile;
}

Result<DeviceProfile> load_profile_file(const std::string& path) {
  std::string why;
  auto text = read_text_file(path, why);
  if (!text) return make_error(ErrorCode::invalid_input, path + ": error: " + why);
  return load_profile_text(*text, path);
}

}  // namespace stimbench
