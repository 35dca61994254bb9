// Transcript text for frames (design.md §4: every frame is recorded with the codec's reading).
#include <cstdio>
#include <string>
#include <vector>

#include "devices/protocols/magstim/codec.hpp"

namespace stimbench::magstim {
namespace {

std::string join(const std::vector<const char*>& words) {
  if (words.empty()) return "none";
  std::string out;
  for (const char* w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

// "123" as "12.3"; digits that are not digits stay as they came.
std::string tenths(std::string_view digits) {
  std::size_t start = 0;
  while (start + 2 < digits.size() && digits[start] == '0') ++start;
  std::string whole(digits.substr(start));
  if (whole.size() < 2) whole.insert(0, 2 - whole.size(), '0');
  whole.insert(whole.size() - 1, ".");
  return whole;
}

std::string trimmed(std::string_view digits) {
  std::size_t start = 0;
  while (start + 1 < digits.size() && digits[start] == '0') ++start;
  return std::string(digits.substr(start));
}

std::string hex_byte(std::uint8_t byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%02X", byte);
  return buffer;
}

std::string status_text(std::span<const std::uint8_t> data) {
  std::string out = "[" + describe(decode_instrument_status(data[0])) + "]";
  if (data.size() > 1) out += " rapid [" + describe(decode_rapid_status(data[1])) + "]";
  return out;
}

std::string command_text(char command, std::string_view data) {
  switch (command) {
    case 'Q':
      return data == "@" ? "enable remote control" : "enable remote control (unlock code)";
    case 'R':
      return "disable remote control";
    case '@':
      return "set power A " + trimmed(data) + " %";
    case 'A':
      return "set power B " + trimmed(data) + " %";
    case 'C':
      return "set inter-pulse interval " + trimmed(data);
    case 'B':
      return "set frequency " + tenths(data) + " Hz";
    case 'D':
      return "set pulses " + trimmed(data);
    case '[':
      return "set train duration " + tenths(data) + " s";
    case 'n':
      return "set charge delay " + trimmed(data) + " ms";
    case 'E':
      if (data == "A") return "disarm";
      if (data == "B") return "arm";
      if (data == "H") return "fire";
      return "mode " + std::string(data);
    case 'J':
      return "get parameters";
    case 'F':
      return "get coil temperatures";
    case '\\':
      return "get Rapid parameters";
    case 'x':
      return "get system status";
    case 'N':
      return "get version";
    case 'I':
      return "get error code";
    case '^':
      return "enhanced power on";
    case '_':
      return "enhanced power off";
    case 'b':
      return "ignore coil safety interlock";
    case 'X':
      return "get BiStim mode";
    case 'Y':
      return "high-resolution timing on";
    case 'Z':
      return "high-resolution timing off";
    case 'o':
      return "get charge delay";
    default:
      return "unknown command " + hex_byte(static_cast<std::uint8_t>(command));
  }
}

}  // namespace

std::string describe(const InstrumentStatus& s) {
  std::vector<const char*> words;
  if (s.standby) words.push_back("standby");
  if (s.armed) words.push_back("armed");
  if (s.ready) words.push_back("ready");
  if (s.coil_present) words.push_back("coil-present");
  if (s.replace_coil) words.push_back("replace-coil");
  if (s.error_present) words.push_back(s.error_fatal ? "fatal-error" : "error");
  if (s.remote) words.push_back("remote");
  return join(words);
}

std::string describe(const RapidStatus& s) {
  std::vector<const char*> words;
  if (s.enhanced_power) words.push_back("enhanced-power");
  if (s.train) words.push_back("train-running");
  if (s.wait) words.push_back("wait");
  words.push_back(s.single_pulse ? "single-pulse" : "train-mode");
  if (s.hv_psu) words.push_back("hv-psu");
  if (s.coil_ready) words.push_back("coil-ready");
  if (s.theta_psu) words.push_back("theta-psu");
  if (s.modified_coil_algorithm) words.push_back("modified-coil-algorithm");
  return join(words);
}

std::string describe_command(std::span<const std::uint8_t> frame) {
  if (frame.empty()) return "";
  if (frame.size() < 2) return command_text(static_cast<char>(frame[0]), "") + " (no checksum)";
  std::string data = to_text(frame.subspan(1, frame.size() - 2));
  std::string out = command_text(static_cast<char>(frame[0]), data);
  if (!checksum_valid(frame)) out += " (bad checksum)";
  return out;
}

std::string describe_reply(const Reply& reply, const Version& version) {
  const std::string cmd(1, reply.command);
  switch (reply.kind) {
    case ReplyKind::unknown_command:
      return "refused: unknown command";
    case ReplyKind::bad_data:
      return "'" + cmd + "' refused: invalid data";
    case ReplyKind::conflict:
      return "'" + cmd + "' refused: conflicts with the current state";
    case ReplyKind::ok:
      break;
  }
  std::span<const std::uint8_t> d = reply.data();
  if (d.empty()) return "'" + cmd + "' ok";
  switch (reply.command) {
    case '\\':
      if (auto p = parse_rapid_parameters(reply, version)) {
        return "power " + std::to_string(p->power) + " %, frequency " +
               tenths(std::to_string(p->frequency_tenths)) + " Hz, pulses " +
               std::to_string(p->pulses) + ", duration " +
               tenths(std::to_string(p->duration_tenths)) + " s, wait " +
               tenths(std::to_string(p->wait_tenths)) + " s " + status_text(d);
      }
      break;
    case 'J':
      if (auto p = parse_parameters(reply)) {
        return "power A " + std::to_string(p->power_a) + " %, power B " +
               std::to_string(p->power_b) + " %, interval " + std::to_string(p->ipi) + " " +
               status_text(d.first(1));
      }
      break;
    case 'F':
      if (auto t = parse_temperatures(reply)) {
        return "coil temperatures " + tenths(std::to_string(t->coil1_tenths)) + " / " +
               tenths(std::to_string(t->coil2_tenths)) + " C " + status_text(d.first(1));
      }
      break;
    case 'N':
      if (auto v = parse_version(reply)) return "version " + to_string(*v);
      break;
    case 'I':
      if (auto e = parse_error_code(reply)) {
        return std::string("error source ") + e->source + " code " + std::to_string(e->code) + " " +
               status_text(d.first(1));
      }
      break;
    case 'x':
      if (auto x = parse_system_status(reply)) {
        return status_text(d.first(2)) + " extended " + hex_byte(d[2]) + hex_byte(d[3]).substr(2);
      }
      break;
    case 'X':
      return "BiStim mode '" + std::string(1, static_cast<char>(d[1])) + "' " +
             status_text(d.first(1));
    case 'o':
      return "charge delay " + trimmed(to_text(d.subspan(1))) + " ms " + status_text(d.first(1));
    default:
      return "'" + cmd + "' ok " + status_text(d.first(std::min<std::size_t>(d.size(), 2)));
  }
  return "'" + cmd + "' unreadable data";
}

}  // namespace stimbench::magstim
