#include "devices/mock/mock_defects.hpp"

#include <array>

namespace stimbench {

namespace {

struct DefectEntry {
  MockDefect defect;
  const char* name;
  const char* description;
  // Space-separated protocol families the defect can be seeded into: those whose dialect
  // has the code path the defect changes.
  std::string_view families;
  // Space-separated capabilities a profile needs for the defect to mean anything (and for
  // scenarios/smoke + scenarios/safety to be able to catch it), e.g. no keep-alive defect
  // for a device without a watchdog.
  std::string_view needs;
};

constexpr std::array<DefectEntry, 18> kDefects{{
    {MockDefect::power_above_max, "power-above-max",
     "accepts and stores a power above the profile's maximum", "reference magstim magventure", ""},
    {MockDefect::frequency_above_cap, "frequency-above-cap",
     "accepts a frequency above the cap for the stored power, and a power that puts the stored "
     "frequency above its cap",
     "reference magstim", "frequency_cap"},
    {MockDefect::ignore_keepalive_loss, "ignore-keepalive-loss",
     "stays armed when the host stops sending commands (no keep-alive watchdog)",
     "reference magstim", "keepalive"},
    {MockDefect::arm_above_temperature, "arm-above-temperature",
     "arms although the coil is above the temperature cut-off", "reference",
     "coil_temperature_hook"},
    {MockDefect::ignore_lockout, "ignore-lockout",
     "accepts parameter changes, TRIG and INIT during the post-train lockout", "reference magstim",
     "post_train_lockout"},
    {MockDefect::clamp_instead_of_refuse, "clamp-instead-of-refuse",
     "answers OK to an out-of-range, off-step or above-cap value and stores the nearest allowed "
     "one",
     "reference magstim", ""},
    {MockDefect::stale_readback, "stale-readback",
     "parameter queries report the value from before the last accepted change",
     "reference magstim magventure", ""},
    {MockDefect::fire_while_disarmed, "fire-while-disarmed",
     "fires a pulse on TRIG while not armed (standby)", "reference magstim magventure",
     "single_pulse"},
    {MockDefect::fire_while_arming, "fire-while-arming",
     "fires a pulse on TRIG while still arming (armed, not yet ready)", "reference magstim",
     "single_pulse arming_state"},
    {MockDefect::disarm_ack_stays_armed, "disarm-ack-stays-armed",
     "answers OK to a disarm but stays armed (or keeps firing)", "reference magstim magventure",
     ""},
    {MockDefect::trigger_during_train, "trigger-during-train",
     "fires an extra pulse on TRIG while a train is running (the post-train window still holds)",
     "reference", "train post_train_lockout train_sequence"},
    {MockDefect::ignore_keepalive_while_firing, "ignore-keepalive-while-firing",
     "keeps a running train going when the host falls silent (the watchdog acts only when not "
     "firing)",
     "reference magstim", "keepalive train"},
    {MockDefect::train_continues_after_disable, "train-continues-after-disable",
     "a disable during a train answers as disabled, but the train keeps delivering pulses (and "
     "di/dt messages) and message 5 keeps showing it running",
     "magventure", "train"},
    {MockDefect::enhanced_power_in_train, "enhanced-power-in-train",
     "accepts enhanced power in train mode and keeps it when train mode is selected, so a "
     "train runs at up to 110 %",
     "magstim", "enhanced_power"},
    {MockDefect::abort_ignored, "abort-ignored",
     "answers OK to ABORt but the running train goes on", "reference", "train"},
    {MockDefect::power_above_max_while_armed, "power-above-max-while-armed",
     "checks the power maximum only while disarmed: armed or ready, a power above it is stored",
     "reference magstim magventure", ""},
    {MockDefect::ignore_remote_gating, "ignore-remote-gating",
     "accepts settings and arming without remote control", "reference", "remote"},
    {MockDefect::extra_train_pulse, "extra-train-pulse",
     "each train fires one pulse more than the stored pulse count, one period after its last",
     "reference magventure", "train"},
}};

const DefectEntry* find(MockDefect defect) {
  for (const DefectEntry& e : kDefects) {
    if (e.defect == defect) return &e;
  }
  return nullptr;
}

bool lists_family(std::string_view families, std::string_view family) {
  while (!families.empty()) {
    std::size_t space = families.find(' ');
    std::string_view word = families.substr(0, space);
    if (!word.empty() && word == family) return true;
    if (space == std::string_view::npos) break;
    families.remove_prefix(space + 1);
  }
  return false;
}

}  // namespace

const char* to_string(MockDefect defect) {
  const DefectEntry* e = find(defect);
  return e ? e->name : "unknown-defect";
}

namespace {

bool has_all(const DeviceProfile& profile, std::string_view needs) {
  while (!needs.empty()) {
    std::size_t space = needs.find(' ');
    std::string_view word = needs.substr(0, space);
    if (!word.empty() && !profile.has_capability(word)) return false;
    if (space == std::string_view::npos) break;
    needs.remove_prefix(space + 1);
  }
  return true;
}

bool entry_applies(const DefectEntry& e, const DeviceProfile& profile) {
  return lists_family(e.families, profile.family) && has_all(profile, e.needs);
}

}  // namespace

std::vector<DefectInfo> defects_for_profile(const DeviceProfile& profile) {
  std::vector<DefectInfo> out;
  for (const DefectEntry& e : kDefects) {
    if (entry_applies(e, profile)) out.push_back({e.defect, e.name, e.description});
  }
  return out;
}

bool defect_applies(MockDefect defect, const DeviceProfile& profile) {
  const DefectEntry* e = find(defect);
  return e && entry_applies(*e, profile);
}

Result<MockDefect> parse_defect(std::string_view name) {
  std::string known;
  for (const DefectEntry& e : kDefects) {
    if (name == e.name) return e.defect;
    known += known.empty() ? "" : ", ";
    known += e.name;
  }
  return make_error(ErrorCode::invalid_input,
                    "unknown defect '" + std::string(name) + "'; known: " + known);
}

}  // namespace stimbench
