// What `stimbench run` prints, and the run-level facts it records.
#pragma once

#include <string>
#include <vector>

#include "harness/cli/run_progress.hpp"
#include "harness/evidence/run_record.hpp"
#include "harness/runner/scenario_runner.hpp"
#include "harness/scenario/scenario.hpp"

namespace stimbench::cli {

void print_run_header(std::size_t scenarios, const std::string& device, const std::string& profile,
                      const std::string& out_dir);
// Says, before any result, that the run relies on data not checked against a primary source.
void print_unverified(const std::vector<std::string>& sources);
void print_run_summary(const RunRecord& record, const std::string& out_dir);
std::string exit_reason_for(int code, const RunResult& result);
// Scenario files (each once) and the profile last, with their SHA-256.
std::vector<InputFile> input_files(const std::vector<Scenario>& scenarios,
                                   const std::string& profile_path);

// Fills each scenario's file hash and its wall-clock facts (UTC start, real duration).
void stamp_scenarios(RunRecord& record, const RunProgress& progress);

}  // namespace stimbench::cli
