// What `stimbench run` prints, and the run-level facts it records.
#pragma once

#include <string>
#include <vector>

#include "harness/evidence/run_record.hpp"
#include "harness/runner/scenario_runner.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench::cli {

void print_run_header(std::size_t scenarios, const std::string& device, const std::string& profile,
                      const std::string& out_dir);
// Says, before any result, that the run relies on data not checked against a primary source.
void print_unverified(const std::vector<std::string>& sources);
void print_scenario_line(const ScenarioRecord& record);
void print_run_summary(const RunRecord& record, const std::string& out_dir);
std::string exit_reason_for(int code, const RunResult& result);
// Scenario files (each once) and the profile last, with their SHA-256.
std::vector<InputFile> input_files(const std::vector<Scenario>& scenarios,
                                   const std::string& profile_path);

// Fills each scenario's file hash and UTC start from the run's start on both clocks.
void stamp_scenarios(RunRecord& record, std::int64_t run_start_ns, std::int64_t run_start_unix_ns);

}  // namespace stimbench::cli
