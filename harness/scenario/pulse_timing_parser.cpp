// `pulse_timing:` on a step: bounds on the timing errors of the last train's pulses.
#include "harness/scenario/duration.hpp"
#include "harness/scenario/parse_detail.hpp"

namespace stimbench::scenario_detail {
namespace {

// Above this a relative bound can no longer catch anything a pulse report shows.
constexpr double kMaxPercent = 100.0;

// "2%" (of the nominal interval or span) or a duration ("500us").
std::optional<TimingBound> read_bound(YamlReader& in, const YAML::Node& value,
                                      const std::string& what, const YAML::Node& key) {
  auto text = in.text(value, what, key);
  if (!text) return std::nullopt;
  TimingBound bound;
  if (!text->empty() && text->back() == '%') {
    auto number = parse_number(std::string_view(*text).substr(0, text->size() - 1));
    if (!number || *number < 0 || *number > kMaxPercent) {
      in.error(value, "'" + what + "' must be a percentage from 0% to 100% (e.g. 2%), not '" +
                          *text + "'");
      return std::nullopt;
    }
    bound.percent = *number;
    return bound;
  }
  auto d = parse_duration(*text);
  if (!d) {
    in.error(value, "'" + what + "' must be a percentage (e.g. 2%) or a duration (e.g. 500us): " +
                        d.error().message);
    return std::nullopt;
  }
  bound.absolute = *d;
  return bound;
}

}  // namespace

std::optional<PulseTimingLimits> parse_pulse_timing(YamlReader& in, const YAML::Node& key,
                                                    const YAML::Node& value) {
  if (!in.expect_map(value, "pulse_timing", key)) return std::nullopt;
  static const KeyList keys = {"ipi_error_p50",         "ipi_error_p99",         "ipi_error_max",
                               "burst_onset_error_p99", "burst_onset_error_max", "duration_error"};
  PulseTimingLimits limits;
  bool any = false;
  const std::size_t before = in.issue_count();
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& v) {
    auto bound = read_bound(in, v, "pulse_timing." + name, k);
    if (!bound) return;
    any = true;
    (name == "ipi_error_p50"           ? limits.ipi_p50
     : name == "ipi_error_p99"         ? limits.ipi_p99
     : name == "ipi_error_max"         ? limits.ipi_max
     : name == "burst_onset_error_p99" ? limits.burst_onset_p99
     : name == "burst_onset_error_max" ? limits.burst_onset_max
                                       : limits.duration) = bound;
  };
  in.for_each_entry(value, keys, visit);
  if (in.issue_count() != before) return std::nullopt;
  if (!any) {
    in.error(value,
             "'pulse_timing' needs at least one of ipi_error_p50, ipi_error_p99, ipi_error_max, "
             "burst_onset_error_p99, burst_onset_error_max, duration_error (e.g. "
             "{ipi_error_p99: 2%})");
    return std::nullopt;
  }
  return limits;
}

}  // namespace stimbench::scenario_detail
