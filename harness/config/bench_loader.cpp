#include "harness/config/bench_loader.hpp"

#include <set>

#include "devices/transport/uri.hpp"
#include "harness/config/input_limits.hpp"
#include "harness/config/table_reader.hpp"
#include "harness/config/yaml_reader.hpp"

namespace stimbench {
namespace {

const KeyList kBenchKeys = {"bench", "devices"};
const KeyList kBenchDeviceKeys = {"name", "uri", "profile", "serial", "host"};
const KeyList kBenchSerialKeys = {"baud", "data_bits", "parity", "stop_bits", "flow"};

std::string entry_position(const std::string& file, const YAML::Mark& mark) {
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// A name that becomes a folder name (or "" after reporting why it cannot).
std::string read_bench_name(YamlReader& in, const YAML::Node& value, const YAML::Node& key,
                            const std::string& field, const std::string& what) {
  auto text = in.text(value, field, key);
  if (!text) return {};
  if (is_valid_name(*text)) return *text;
  in.error(value, what + name_problem(*text));
  return {};
}

// The `serial:` mapping as URI query items, in the order written.
std::string bench_serial_query(YamlReader& in, const YAML::Node& map, const YAML::Node& key) {
  if (!in.expect_map(map, "serial", key)) return {};
  std::string query;
  in.for_each_entry(map, kBenchSerialKeys,
                    [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
                      std::optional<std::string> text;
                      if (name == "parity") {
                        text = in.choice(value, name, {"none", "odd", "even"}, k);
                      } else if (name == "flow") {
                        text = in.choice(value, name, {"none", "xonxoff", "rtscts"}, k);
                      } else if (auto n = in.integer(value, name, k)) {
                        text = std::to_string(*n);
                      }
                      if (text) query += (query.empty() ? "" : "&") + name + "=" + *text;
                    });
  return query;
}

// Checks the URI as a run would, so a bad one is found now, at its position.
void check_bench_uri(YamlReader& in, const YAML::Node& at, const std::string& uri) {
  auto parsed = parse_device_uri(uri);
  if (!parsed) {
    in.error(at, parsed.error().message);
    return;
  }
  if (parsed->scheme == "serial") {
    if (auto settings = apply_serial_query(*parsed, SerialSettings{}); !settings)
      in.error(at, settings.error().message);
  }
}

void read_bench_device(YamlReader& in, const YAML::Node& entry, const std::string& file,
                       Bench& bench) {
  if (!in.expect_map(entry, "device")) return;
  BenchDevice device;
  device.where = entry_position(file, in.position(entry));
  YAML::Node uri_node;  // a default Node counts as present in yaml-cpp: the flags say
  YAML::Node serial_node;
  bool has_uri = false;
  std::string query;
  in.for_each_entry(
      entry, kBenchDeviceKeys,
      [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
        if (name == "name") {
          device.name = read_bench_name(in, value, k, name, "device name ");
        } else if (name == "uri") {
          uri_node = value;
          has_uri = true;
          if (auto text = in.text(value, name, k)) device.uri = *text;
        } else if (name == "profile") {
          if (auto text = in.text(value, name, k)) device.profile = *text;
        } else if (name == "serial") {
          serial_node = value;
          query = bench_serial_query(in, value, k);
        } else if (auto host = in.text(value, name, k); host && *host != "local") {
          in.error(value, "host '" + *host +
                              "': benches shared across machines are not supported yet; only "
                              "'local' (this machine)");
        }
      });
  if (device.name.empty() && !entry["name"].IsDefined())
    in.error(entry, "missing required key 'name'");
  if (device.uri.empty()) {
    if (!has_uri) in.error(entry, "missing required key 'uri'");
    return;
  }
  if (!query.empty()) {
    if (device.uri.rfind("serial:", 0) != 0) {
      in.error(serial_node, "'serial' settings need a serial:// uri, not '" + device.uri + "'");
      return;
    }
    device.uri += (device.uri.find('?') == std::string::npos ? "?" : "&") + query;
  }
  check_bench_uri(in, query.empty() ? uri_node : serial_node, device.uri);
  if (!device.name.empty()) bench.devices.push_back(std::move(device));
}

void read_bench(YamlReader& in, const YAML::Node& root, const std::string& file, Bench& bench) {
  bool has_devices = false;
  in.for_each_entry(
      root, kBenchKeys, [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
        if (name == "bench") {
          bench.name = read_bench_name(in, value, k, name, "bench name ");
          return;
        }
        has_devices = true;
        if (!in.expect_list(value, name, k)) return;
        if (value.size() == 0) in.error(k, "'devices' lists no device");
        if (value.size() > input_limits::kMaxBenchDevices) {
          in.error(k, "more than " + std::to_string(input_limits::kMaxBenchDevices) +
                          " devices (a bench is bounded)");
          return;
        }
        std::set<std::string> seen;
        for (const YAML::Node& entry : value) {
          const std::size_t before = bench.devices.size();
          read_bench_device(in, entry, file, bench);
          if (bench.devices.size() > before && !seen.insert(bench.devices.back().name).second)
            in.error(entry["name"], "device name '" + bench.devices.back().name + "' repeats");
        }
      });
  if (!has_devices) in.error(root, "missing required key 'devices'");
}

}  // namespace

Result<Bench> load_bench_text(const std::string& text, const std::string& file) {
  YamlReader in(text);
  Bench bench;
  try {  // yaml-cpp throws from its accessors on malformed trees; nothing may escape
    if (auto root = in.parse_single_document()) {
      if (root->IsMap() && has_any_key(*root, kBenchKeys)) {
        read_bench(in, *root, file, bench);
      } else {
        in.error(in.position(*root), "not a bench file: it holds one mapping with devices:");
      }
    }
  } catch (const std::exception& e) {
    in.error(YAML::Mark::null_mark(), std::string("internal error while reading: ") + e.what());
  }
  if (in.issue_count() > 0)
    return make_error(ErrorCode::invalid_input, format_issues(file, in.sorted_issues()));
  return bench;
}

Result<Bench> load_bench_file(const std::string& path) {
  std::string why;
  auto text = read_text_file(path, why);
  if (!text) return make_error(ErrorCode::invalid_input, path + ": error: " + why);
  return load_bench_text(*text, path);
}

Result<Bench> bench_from_device_options(const std::vector<std::string>& options) {
  if (options.size() > input_limits::kMaxBenchDevices) {
    return make_error(
        ErrorCode::invalid_input,
        "--device: more than " + std::to_string(input_limits::kMaxBenchDevices) + " devices");
  }
  Bench bench;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < options.size(); ++i) {
    const std::string& option = options[i];
    BenchDevice device;
    // NAME=URI only when what precedes '=' cannot be part of a URI ("serial://x?baud=9600").
    const std::size_t eq = option.find('=');
    const std::size_t colon = option.find(':');
    if (eq != std::string::npos && (colon == std::string::npos || eq < colon)) {
      device.name = option.substr(0, eq);
      device.uri = option.substr(eq + 1);
      if (!is_valid_name(device.name))
        return make_error(ErrorCode::invalid_input,
                          "--device " + option + ": device name " + name_problem(device.name));
    } else {
      device.name = "dev" + std::to_string(i + 1);
      device.uri = option;
    }
    if (!seen.insert(device.name).second)
      return make_error(ErrorCode::invalid_input,
                        "--device " + option + ": device name '" + device.name + "' repeats");
    if (auto uri = parse_device_uri(device.uri); !uri)
      return make_error(ErrorCode::invalid_input,
                        "--device " + option + ": " + uri.error().message);
    device.where = "--device " + option;
    bench.devices.push_back(std::move(device));
  }
  return bench;
}

}  // namespace stimbench
