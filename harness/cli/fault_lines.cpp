#include "harness/cli/fault_lines.hpp"

namespace stimbench::cli {

nlohmann::json fault_line(const FaultEvent& event) {
  const FaultDecision& d = event.decision;
  nlohmann::json line = {{"type", "fault"},
                         {"t_ns", event.t_ns},
                         {"kind", to_string(d.rule.kind)},
                         {"seed", event.seed},
                         {"direction", to_string(d.rule.direction)},
                         {"frame", d.frame},
                         {"rule", to_string(d.rule)}};
  if (d.rule.kind == FaultKind::delay) line["delay_us"] = d.delay.count();
  return line;
}

}  // namespace stimbench::cli
