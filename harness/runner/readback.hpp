// Reading the device's parameters back: for the interlock and for "state unchanged" checks.
#pragma once

#include <map>

#include <nlohmann/json.hpp>

#include "harness/runner/run_context.hpp"

namespace stimbench {

using ParameterValues = std::map<Parameter, double>;

// Every parameter the profile limits. A refused read leaves the parameter out.
Result<ParameterValues> read_back_all(StimulatorDriver& driver, const DeviceProfile& profile);

// The limited parameters a read-back lacks or holds as non-finite, e.g. "power"; the
// interlock only fires on a complete read-back (it fails closed).
std::vector<std::string> missing_readbacks(const ParameterValues& values,
                                           const DeviceProfile& profile);

nlohmann::json to_json(const ParameterValues& values);

// Differences between two read-backs, as "power 40 -> 41" sentences; empty when equal.
std::string describe_changes(const ParameterValues& before, const ParameterValues& after);

// The request rounded to the parameter's step grid, as a device that stores it would.
double round_to_step(double value, const ParameterLimit* limit);

}  // namespace stimbench
