// The property, judged on the transcript alone (frames and interlock events in the order they
// happened): no arm, fire or train frame goes out unless an "allowed" interlock decision came
// after the last frame that could change a parameter or the state, and that decision's
// recorded read-back is complete and inside the envelope when judged again here (a marked
// probe's own rule aside).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "devices/drivers/driver.hpp"
#include "harness/safety/oracle.hpp"

namespace stimbench::property {

struct LogEntry {
  bool is_frame = false;
  FrameEvent frame;  // is_frame
  std::string type;  // an event's type
  nlohmann::json detail;
};

// "" when the log keeps the property, else what broke it and where.
// `stimulating` (optional) counts the arm / fire / train commands seen going out.
std::string check_transcript(const std::vector<LogEntry>& log, const StimulatorDriver& codec,
                             const SafetyOracle& oracle, int* stimulating = nullptr);

}  // namespace stimbench::property
