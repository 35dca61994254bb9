// Boundary cases derived from the envelope: for each limit the values just inside, at and
// just outside it (per its step), wrong types, overflow, and combined cases.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/safety/oracle.hpp"

namespace stimbench {

struct BoundaryCase {
  std::string id;  // stable, e.g. "power.max+step", "frequency_cap@p=73.above"
  // Settings applied in order before the probed one (e.g. the power level for a cap case).
  std::vector<std::pair<Parameter, double>> preconditions;
  Parameter parameter = Parameter::power;
  std::optional<double> value;      // numeric request
  std::optional<std::string> text;  // wrong type / overflow, sent verbatim (raw-capable devices)
  OracleVerdict expected;           // what the oracle says about this setting
  std::string description;
  // A train start rather than a setting: `expected` is judge_trigger of the preconditions
  // plus the probe (energy-model cases, "energy.*"); the probe goes last.
  bool trigger = false;
};

struct BoundaryOptions {
  std::optional<Parameter> only;  // one parameter, or all
  bool wrong_types = true;        // needs a device that can take raw text arguments
  bool combined = true;           // frequency cap at every power level, energy model edges
};

std::vector<BoundaryCase> generate_boundary_cases(const SafetyOracle& oracle,
                                                  const BoundaryOptions& options);

}  // namespace stimbench
