// The transcript line of one injected fault (docs/mock.md, "Fault lines"), shared by the run
// (built-in mock), `stimbench mock --out` and `stimbench proxy --out`.
#pragma once

#include <nlohmann/json.hpp>

#include "devices/mock/fault_schedule.hpp"

namespace stimbench::cli {

nlohmann::json fault_line(const FaultEvent& event);

}  // namespace stimbench::cli
