#include "tests/property/transcript_checker.hpp"

#include <cmath>

namespace stimbench::property {
namespace {

// A decision's read-back judged again, independently of the harness's own verdict.
std::string rejudge(const nlohmann::json& detail, const SafetyOracle& oracle) {
  const DeviceProfile& profile = oracle.profile();
  OracleRequest request;
  if (!detail.contains("readback") || !detail["readback"].is_object())
    return "allowed without a recorded read-back";
  for (const auto& [name, value] : detail["readback"].items()) {
    auto p = parameter_from_string(name);
    if (!p || !value.is_number()) return "read-back entry '" + name + "' is not a number";
    request.values[*p] = value.get<double>();
  }
  for (const ParameterLimit& l : profile.limits) {
    auto it = request.values.find(l.parameter);
    if (it == request.values.end() || !std::isfinite(it->second))
      return std::string("allowed on a read-back without ") + to_string(l.parameter);
  }
  if (profile.coil_temperature_limit) {
    if (!detail.contains("coil_temperature_c")) return "allowed without a coil temperature";
    request.coil_temperature_c = detail["coil_temperature_c"].get<double>();
  }
  if (!detail.contains("state")) return "allowed without a device state";
  if (detail.contains("motor_threshold")) request.motor_threshold = detail["motor_threshold"];
  // Triggers meet the timing rules (lockout, minimum wait) on the recorded train timing; an
  // arm delivers nothing and does not.
  request.train = detail.value("stimulation", "") == "train";
  if (detail.value("stimulation", "") != "arm" && detail.contains("seconds_since_train_end"))
    request.seconds_since_train_end = detail["seconds_since_train_end"].get<double>();
  OracleVerdict v = oracle.judge_trigger(request);
  std::string probe;
  if (detail.contains("probe") && detail["probe"].is_object()) probe = detail["probe"]["limit"];
  std::string why;
  for (const OracleReason& r : v.reasons) {
    if (!probe.empty() && r.limit == probe && r.enforced_by == EnforcedBy::device) continue;
    why += (why.empty() ? "" : "; ") + r.limit + ": " + r.text;
  }
  return why.empty() ? "" : "allowed although the read-back is outside the envelope: " + why;
}

// The MagPro driver shows the Timing page right before 04 so that 04 starts the judged
// train (not a protocol): part of the train start, not a change.
bool part_of_train_start(const std::string& family, const Bytes& frame) {
  return family == "magventure" && frame.size() >= 4 && frame[2] == 0x07 && frame[3] == 0x02;
}

}  // namespace

std::string check_transcript(const std::vector<LogEntry>& log, const StimulatorDriver& codec,
                             const SafetyOracle& oracle, int* stimulating) {
  bool fresh = false;  // an allowed decision since the last change, not yet used
  const std::string family = oracle.profile().family;
  for (std::size_t i = 0; i < log.size(); ++i) {
    const LogEntry& e = log[i];
    const std::string at = "log entry " + std::to_string(i);
    if (!e.is_frame) {
      if (e.type == "interlock" && e.detail.value("decision", "") == "allowed" &&
          e.detail.contains("readback")) {
        if (std::string why = rejudge(e.detail, oracle); !why.empty()) return at + ": " + why;
        fresh = true;
      }
      continue;
    }
    if (e.frame.direction != FrameDirection::tx) continue;
    if (part_of_train_start(family, e.frame.bytes)) continue;
    bool changed = false;
    for (const RawCommand& c : codec.classify_raw(e.frame.bytes)) {
      const bool stimulates = c.effect == RawEffect::arms || c.effect == RawEffect::fires;
      if (stimulates) {
        if (stimulating != nullptr) ++*stimulating;
        if (!fresh || changed)
          return at + ": '" + c.text + "' (" + to_hex(e.frame.bytes) +
                 ") went out without a fresh allowed read-back since the last change";
      }
      if (c.effect == RawEffect::changes_state || c.effect == RawEffect::unclassified)
        changed = true;
    }
    if (changed) fresh = false;
    // One decision covers one stimulating frame.
    for (const RawCommand& c : codec.classify_raw(e.frame.bytes)) {
      if (c.effect == RawEffect::arms || c.effect == RawEffect::fires) fresh = false;
    }
  }
  return "";
}

}  // namespace stimbench::property
