// STATus? and *IDN? reply values.
#include <charconv>

#include "devices/protocols/reference/codec.hpp"
#include "devices/protocols/reference/text.hpp"
#include "devices/protocols/reference/violation.hpp"

namespace stimbench::reference {

namespace {

std::optional<bool> flag(std::string_view value) {
  if (value == "1") return true;
  if (value == "0") return false;
  return std::nullopt;
}

std::string identity_field(std::string_view field) {
  std::string out(text::trim(field));
  for (char& c : out) {
    if (c == ',' || static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return out;
}

}  // namespace

const char* to_string(StatusState state) {
  switch (state) {
    case StatusState::standby:
      return "STANDBY";
    case StatusState::armed:
      return "ARMED";
    case StatusState::ready:
      return "READY";
    case StatusState::firing:
      return "FIRING";
    case StatusState::fault:
      return "FAULT";
  }
  return "FAULT";
}

std::optional<StatusState> status_state_from_string(std::string_view word) {
  for (StatusState s : {StatusState::standby, StatusState::armed, StatusState::ready,
                        StatusState::firing, StatusState::fault}) {
    if (text::iequals(text::trim(word), to_string(s))) return s;
  }
  return std::nullopt;
}

std::string encode_status_line(const StatusLine& status) {
  std::string out = to_string(status.state);
  out += ",REMOTE=" + format_boolean(status.remote);
  out += ",FAULT=" + format_boolean(status.fault);
  out += ",PULSES=" + std::to_string(status.pulses);
  for (const auto& [key, value] : status.extra) out += "," + key + "=" + value;
  return out;
}

Result<StatusLine> parse_status_line(std::string_view line) {
  std::vector<std::string_view> fields = text::split(text::trim(line), ',');
  StatusLine status;
  std::optional<StatusState> state = status_state_from_string(fields.front());
  if (!state) return violation("STATus? reply without a state word", line);
  status.state = *state;
  bool seen_remote = false, seen_fault = false, seen_pulses = false;
  for (std::size_t i = 1; i < fields.size(); ++i) {
    std::string_view field = text::trim(fields[i]);
    std::size_t eq = field.find('=');
    if (eq == std::string_view::npos) return violation("STATus? field without '='", line);
    std::string key = text::to_upper(text::trim(field.substr(0, eq)));
    std::string_view value = text::trim(field.substr(eq + 1));
    bool* seen = key == "REMOTE"   ? &seen_remote
                 : key == "FAULT"  ? &seen_fault
                 : key == "PULSES" ? &seen_pulses
                                   : nullptr;
    if (seen && *seen) return violation("STATus? field " + key + " twice", line);
    if (seen) *seen = true;
    if (key == "REMOTE" || key == "FAULT") {
      std::optional<bool> bit = flag(value);
      if (!bit) return violation("STATus? " + key + " is not 0/1", line);
      (key == "REMOTE" ? status.remote : status.fault) = *bit;
    } else if (key == "PULSES") {
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), status.pulses);
      if (value.empty() || ec != std::errc() || end != value.data() + value.size()) {
        return violation("STATus? PULSES is not a count", line);
      }
    } else {
      status.extra.emplace_back(key, std::string(value));
    }
  }
  if (!seen_remote || !seen_fault || !seen_pulses) {
    return violation("STATus? reply lacks REMOTE, FAULT or PULSES", line);
  }
  return status;
}

std::string encode_identity(const DeviceIdentity& identity) {
  return identity_field(identity.maker) + "," + identity_field(identity.model) + "," +
         identity_field(identity.serial) + "," + identity_field(identity.firmware);
}

Result<DeviceIdentity> parse_identity(std::string_view line) {
  std::vector<std::string_view> fields = text::split(text::trim(line), ',');
  if (fields.size() != 4) return violation("*IDN? reply without exactly four fields", line);
  DeviceIdentity identity;
  identity.maker = std::string(text::trim(fields[0]));
  identity.model = std::string(text::trim(fields[1]));
  identity.serial = std::string(text::trim(fields[2]));
  identity.firmware = std::string(text::trim(fields[3]));
  return identity;
}

}  // namespace stimbench::reference
