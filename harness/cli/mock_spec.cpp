#include "harness/cli/mock_spec.hpp"

#include <cmath>
#include <cstdlib>
#include <set>

#include "devices/mock/fault_schedule.hpp"
#include "devices/mock/mock_defects.hpp"
#include "harness/config/input_limits.hpp"
#include "harness/scenario/duration.hpp"

namespace stimbench::cli {
namespace {

Error bad(const std::string& message) {
  return make_error(ErrorCode::invalid_input, "mock: URI: " + message);
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::optional<double> finite_number(const std::string& text) {
  if (text.empty() || text.size() > 32) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace

std::chrono::microseconds default_reply_latency(const DeviceProfile& profile) {
  if (profile.reply_latency_s)
    return std::chrono::microseconds(std::llround(*profile.reply_latency_s * 1e6));
  // MagPro: "usually answers in 20-80 ms" (protocols.md §2); Magstim documents no reply time
  // (protocols.md §1): 5 ms is an assumption; the reference mock answers at once: 1 ms.
  if (profile.family == "magventure") return std::chrono::milliseconds(20);
  if (profile.family == "magstim") return std::chrono::milliseconds(5);
  return std::chrono::milliseconds(1);
}

Result<EnhancedTrainMode> parse_enhanced_train(const std::string& text) {
  for (EnhancedTrainMode mode : {EnhancedTrainMode::refuse, EnhancedTrainMode::drop_enhanced,
                                 EnhancedTrainMode::keep_power}) {
    if (text == to_string(mode)) return mode;
  }
  return make_error(ErrorCode::invalid_input,
                    "enhanced_train '" + text + "' is not one of refuse, drop, keep");
}

Result<MockSetup> build_mock_setup(const DeviceProfile& profile, const MockSpec& spec) {
  MockSetup setup;
  if (spec.enhanced_train) {
    // Only a unit with enhanced power has a `[` rule to vary.
    if (!profile.has_capability("enhanced_power")) {
      return make_error(ErrorCode::invalid_input,
                        "enhanced_train applies only to profiles with the enhanced_power "
                        "capability (Rapid²), not " +
                            profile.name);
    }
    setup.device.enhanced_train = *spec.enhanced_train;
  }
  setup.device.time_scale = spec.time_scale;
  setup.device.initial_coil_temperature_c = spec.coil_temperature_c;
  setup.device.strict_grid = spec.strict_grid;
  setup.device.minimal_replies = spec.minimal_replies;
  if (spec.minimal_replies && profile.family != "magventure") {  // bad usage, said early
    return make_error(ErrorCode::invalid_input,
                      "minimal replies are MagPro behaviour (family magventure) only; profile " +
                          profile.name + " is family " + profile.family);
  }
  for (const std::string& name : spec.defects) {
    auto defect = parse_defect(name);
    if (!defect) return defect.error();
    setup.device.defects.push_back(*defect);
  }
  // A Rapid² V9+ unit configured with an unlock code accepts only that one; the code is a
  // credential, so it comes from the environment rather than the command line.
  if (const char* code = std::getenv("STIMBENCH_MOCK_UNLOCK_CODE"); code && *code) {
    setup.device.unlock_code = code;
  }
  setup.server.seed = spec.seed;
  if (spec.line_rate) setup.server.line_rate_baud = profile.serial.baud;
  if (spec.reply_latency) setup.server.reply_latency = *spec.reply_latency;
  auto schedule = parse_fault_specs(spec.faults);
  if (!schedule) return schedule.error();
  // The mock acts on its replies; faults on what the host sends need `stimbench proxy`.
  if (schedule->has_direction(FaultDirection::host_to_device)) {
    return make_error(ErrorCode::invalid_input,
                      "the mock's faults act on its replies; /to=device needs stimbench proxy");
  }
  setup.server.faults = std::move(schedule).value();
  return setup;
}

Result<MockSpec> mock_spec_from_uri(const DeviceUri& uri, const DeviceProfile& profile,
                                    std::uint64_t run_seed, bool virtual_time) {
  MockSpec spec;
  spec.seed = run_seed;
  spec.line_rate = virtual_time;
  if (virtual_time) spec.reply_latency = default_reply_latency(profile);
  static const std::set<std::string> kKeys = {
      "defect",      "fault",           "seed",          "coil_temperature", "line_rate", "latency",
      "strict_grid", "minimal_replies", "enhanced_train"};
  for (const auto& [key, value] : uri.query) {
    if (!kKeys.count(key)) {
      return bad("unknown option '" + key +
                 "' (known: defect, fault, seed, coil_temperature, line_rate, latency, "
                 "strict_grid, minimal_replies, enhanced_train)");
    }
    if (key == "defect") {
      spec.defects = split_commas(value);
    } else if (key == "fault") {
      spec.faults.push_back(value);
    } else if (key == "seed") {
      auto n = finite_number(value);
      if (!n || *n < 0 || *n > 9.0e15 || std::floor(*n) != *n)
        return bad("seed '" + value + "' is not a whole number from 0 to 9e15");
      spec.seed = static_cast<std::uint64_t>(*n);
    } else if (key == "coil_temperature") {
      auto n = finite_number(value);
      if (!n || !input_limits::kTemperatureC.contains(*n))
        return bad("coil_temperature '" + value + "' is not a number " +
                   input_limits::kTemperatureC.describe() + " (°C)");
      spec.coil_temperature_c = *n;
    } else if (key == "line_rate") {
      if (value != "on" && value != "off") return bad("line_rate must be on or off");
      spec.line_rate = value == "on";
    } else if (key == "strict_grid" || key == "minimal_replies") {
      if (value != "on" && value != "off") return bad(key + " must be on or off");
      (key == "strict_grid" ? spec.strict_grid : spec.minimal_replies) = value == "on";
    } else if (key == "enhanced_train") {
      auto mode = parse_enhanced_train(value);
      if (!mode) return bad(mode.error().message);
      spec.enhanced_train = *mode;
    } else if (key == "latency") {
      auto d = parse_duration(value);
      if (!d || d->count() < 0 || *d > std::chrono::seconds(10))
        return bad("latency '" + value + "' is not a duration from 0 to 10s (e.g. 5ms)");
      spec.reply_latency = std::chrono::duration_cast<std::chrono::microseconds>(*d);
    }
  }
  return spec;
}

}  // namespace stimbench::cli
