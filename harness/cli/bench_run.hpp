// A run on several devices at once (docs/many-devices.md): one process, one io_context, one
// clock; each device's session is a coroutine (coroutine_waits.hpp) writing its own evidence
// folder <out>/<name>/, and the run ends with a combined summary: <out>/summary.json and the
// console lines. The exit code is the worst over the devices.
#pragma once

#include <string>
#include <vector>

#include "harness/cli/device_run.hpp"

namespace stimbench::cli {

int run_bench(const RunInputs& inputs, const std::vector<DevicePlan>& plans,
              const std::string& bench_name, const std::string& out_dir,
              const std::string& clock_choice);

}  // namespace stimbench::cli
