#include "harness/evidence/record_writer.hpp"

#include <cmath>

#include "harness/evidence/file_io.hpp"
#include "harness/evidence/latency_stats.hpp"

namespace stimbench {
namespace {

using nlohmann::json;

// JSON has no NaN/inf; keep them visible as text rather than silently writing null.
void put_number(json& object, const char* key, double value) {
  if (std::isfinite(value)) {
    object[key] = value;
    return;
  }
  object[key] = nullptr;
  object[std::string(key) + "_text"] = std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
}

void put_optional(json& object, const char* key, const std::optional<double>& value) {
  if (value) {
    put_number(object, key, *value);
  } else {
    object[key] = nullptr;
  }
}

json counts_json(const VerdictCounts& counts) {
  return {{"total", counts.total},  {"passed", counts.passed},   {"failed", counts.failed},
          {"error", counts.errors}, {"skipped", counts.skipped}, {"not_run", counts.not_run}};
}

json measurement_json(const Measurement& m) {
  json out = {{"name", m.name}, {"unit", m.unit}};
  put_number(out, "value", m.value);
  put_optional(out, "low", m.low);
  put_optional(out, "high", m.high);
  return out;
}

// null on a pass or skip: only a failure has a class.
json failure_json(FailureClass failure) {
  return failure == FailureClass::none ? json(nullptr) : json(to_string(failure));
}

// Null for a record of one execution; else the iterations folded into it (iteration_folder).
json folded_json(const StepRecord& step) {
  if (!step.folded) return nullptr;
  const FoldedIterations& f = *step.folded;
  auto latency = f.latency.summary();
  return {{"what", f.beyond_bound ? "failures beyond the bound kept in full" : "iterations"},
          {"iterations", f.iterations},
          {"last_name", f.last_name},
          {"last_start_ns", f.last_start_ns},
          {"last_end_ns", f.last_end_ns},
          {"latency", latency ? latency_summary_json(*latency) : json(nullptr)}};
}

json step_json(const StepRecord& step) {
  json measurements = json::array();
  for (const auto& m : step.measurements) measurements.push_back(measurement_json(m));
  return {{"name", step.name},
          {"folded", folded_json(step)},
          {"kind", step.kind},
          {"phase", step.phase},
          {"location", step.location},
          {"verdict", to_string(step.verdict)},
          {"message", step.message},
          {"failure", failure_json(step.failure)},
          {"basis", step.basis.empty() ? json(nullptr) : json(step.basis)},
          {"start_ns", step.start_ns},
          {"end_ns", step.end_ns},
          {"duration_ns", step.end_ns - step.start_ns},
          {"measurements", std::move(measurements)},
          {"detail", step.detail}};
}

json scenario_json(const ScenarioRecord& scenario) {
  json steps = json::array();
  for (const auto& step : scenario.steps) steps.push_back(step_json(step));
  LatencyByKind latency;
  latency.add(scenario);
  json disarm = nullptr;  // null: the runner did not read the state back
  if (scenario.disarm_confirmed) disarm = *scenario.disarm_confirmed;
  return {{"id", scenario.id},
          {"title", scenario.title},
          {"file", scenario.file},
          {"sha256", scenario.sha256},
          {"requirements", scenario.requirements},
          {"risk_controls", scenario.risk_controls},
          {"tags", scenario.tags},
          {"verdict", to_string(scenario.verdict)},
          {"message", scenario.message},
          {"failure", failure_json(scenario.failure)},
          {"disarm_confirmed", disarm},
          {"disarmed_state",
           scenario.disarmed_state.empty() ? json(nullptr) : json(scenario.disarmed_state)},
          {"not_run", scenario.not_run},
          {"started_utc", scenario.started_utc},
          {"start_ns", scenario.start_ns},
          {"end_ns", scenario.end_ns},
          {"duration_ns", scenario.end_ns - scenario.start_ns},
          {"wall_duration_ns",
           scenario.wall_duration_ns < 0 ? json(nullptr) : json(scenario.wall_duration_ns)},
          {"step_counts", counts_json(count_steps(scenario))},
          {"latency", latency.to_json()},
          {"steps", std::move(steps)}};
}

}  // namespace

json run_info_json(const RunRecord& record) {
  // A field the device did not report is null: evidence never claims what was not read.
  auto fields = [](const DeviceIdentity& id) {
    auto or_null = [](const std::string& v) { return v.empty() ? json(nullptr) : json(v); };
    return json{{"maker", or_null(id.maker)},
                {"model", or_null(id.model)},
                {"serial", or_null(id.serial)},
                {"firmware", or_null(id.firmware)}};
  };
  json identity = record.device_identity ? fields(*record.device_identity) : json(nullptr);
  json expected = nullptr;
  if (record.expected_identity) {
    expected = fields(*record.expected_identity);
    expected["source"] = "profile " + record.profile_name + ": expected, not read from the device";
  }
  json inputs = json::array();
  for (const auto& input : record.inputs) {
    inputs.push_back({{"role", input.role}, {"path", input.path}, {"sha256", input.sha256}});
  }
  json out = {
      {"run_id", record.run_id},
      {"started_utc", record.started_utc},
      {"ended_utc", record.ended_utc},
      {"harness",
       {{"name", "stimbench"},
        {"version", record.harness_version},
        {"git_commit", record.git_commit}}},
      {"host", record.host},
      {"operator", record.operator_name},
      {"station", record.station},
      {"command_line", record.command_line},
      {"device",
       {{"uri", record.device_uri}, {"identity", identity}, {"expected_identity", expected}}},
      {"profile", {{"name", record.profile_name}, {"sha256", record.profile_sha256}}},
      {"envelope", {{"name", record.envelope_name}, {"sha256", record.envelope_sha256}}},
      {"motor_threshold", record.motor_threshold ? json(*record.motor_threshold) : json(nullptr)},
      {"unverified_sources", record.unverified_sources},
      {"clock",
       {{"source", record.clock_name},
        {"resolution_ns", record.clock_resolution_ns},
        {"device_time_ns", record.device_time_ns < 0 ? json(nullptr) : json(record.device_time_ns)},
        {"wall_clock", "CLOCK_MONOTONIC"},
        {"wall_duration_ns",
         record.wall_duration_ns < 0 ? json(nullptr) : json(record.wall_duration_ns)}}},
      {"seed", record.seed},
      {"inputs", std::move(inputs)},
      {"exit_code", record.exit_code},
      {"exit_reason", record.exit_reason},
  };
  put_number(out, "time_scale", record.time_scale);
  return out;
}

json record_to_json(const RunRecord& record) {
  json scenarios = json::array();
  LatencyByKind latency;
  for (const auto& scenario : record.scenarios) {
    scenarios.push_back(scenario_json(scenario));
    latency.add(scenario);
  }
  return {{"format", "stimbench-record"},
          {"format_version", kRecordFormatVersion},
          {"run", run_info_json(record)},
          {"summary",
           {{"scenarios", counts_json(count_scenarios(record))},
            {"steps", counts_json(count_steps(record))}}},
          {"latency", latency.to_json()},
          {"scenarios", std::move(scenarios)}};
}

Status write_record_json(const RunRecord& record, const std::string& path) {
  std::string text;
  try {
    // Invalid UTF-8 (raw device text in a message) becomes U+FFFD instead of throwing.
    text = record_to_json(record).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::internal, std::string("cannot serialise record: ") + e.what());
  }
  text.push_back('\n');
  return write_file_exclusive(path, text);
}

}  // namespace stimbench
