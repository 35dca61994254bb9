// Framing, checksum and host-side command encoding (protocols.md §1.2, §1.5, §5).
#include <string>

#include "devices/protocols/magstim/codec.hpp"

namespace stimbench::magstim {

std::uint8_t checksum(std::span<const std::uint8_t> body) {
  unsigned sum = 0;
  for (std::uint8_t b : body) sum += b;
  return static_cast<std::uint8_t>(~sum & 0xFFu);
}

Bytes frame(std::span<const std::uint8_t> body) {
  Bytes out(body.begin(), body.end());
  out.push_back(checksum(body));
  return out;
}

Bytes frame(std::string_view body) {
  return frame(to_bytes(body));
}

bool checksum_valid(std::span<const std::uint8_t> whole_frame) {
  if (whole_frame.size() < 2) return false;
  return checksum(whole_frame.first(whole_frame.size() - 1)) == whole_frame.back();
}

std::string to_string(const Version& version) {
  std::string out = std::to_string(version.major) + "." + std::to_string(version.minor);
  if (version.parts >= 3) out += "." + std::to_string(version.patch);
  return out;
}

Bytes encode(char command, std::string_view data) {
  std::string body(1, command);
  if (data.empty()) {
    body += static_cast<char>(kPadding);
  } else {
    body += data;
  }
  return frame(body);
}

Result<Bytes> encode_number(char command, int value, int width) {
  int limit = 1;
  for (int i = 0; i < width; ++i) limit *= 10;
  if (width < 1 || width > 6 || value < 0 || value >= limit) {
    return make_error(ErrorCode::invalid_input, std::string("value ") + std::to_string(value) +
                                                    " does not fit the " + std::to_string(width) +
                                                    "-digit field of '" + command + "'");
  }
  std::string digits = std::to_string(value);
  return encode(command,
                std::string(static_cast<std::size_t>(width) - digits.size(), '0') + digits);
}

Result<Bytes> enable_remote(std::string_view unlock_code) {
  if (unlock_code.empty()) return encode('Q');
  // The code is `XXXX-XXXXXXXX-XX`; its last two characters are part of it (I11), the frame
  // checksum still covers the whole command.
  if (unlock_code.size() != 16) {
    return make_error(ErrorCode::invalid_input, "unlock code must have 16 characters, got " +
                                                    std::to_string(unlock_code.size()));
  }
  for (char c : unlock_code) {
    if (c < 0x21 || c > 0x7E) {
      return make_error(ErrorCode::invalid_input, "unlock code must be printable ASCII");
    }
  }
  return encode('Q', unlock_code);
}

Bytes disable_remote() {
  return encode('R');
}
Result<Bytes> set_power_a(int percent) {
  return encode_number('@', percent, 3);
}
Result<Bytes> set_power_b(int percent) {
  return encode_number('A', percent, 3);
}
Result<Bytes> set_ipi(int value) {
  return encode_number('C', value, 3);
}
Result<Bytes> set_frequency(int tenths_hz) {
  return encode_number('B', tenths_hz, 4);
}

Result<Bytes> set_pulses(int pulses, const Version& version) {
  return encode_number('D', pulses, version.at_least(9) ? 5 : 4);
}

Result<Bytes> set_duration(int tenths_s, const Version& version) {
  return encode_number('[', tenths_s, version.at_least(9) ? 4 : 3);
}

Result<Bytes> set_charge_delay(int ms, const Version& version) {
  return encode_number('n', ms, version.at_least(10) ? 5 : 4);
}

// Mode bytes (§1.4): 0x40 | bit; 'A' disarm, 'B' arm, 'H' fire.
Bytes arm() {
  return encode('E', "B");
}
Bytes disarm() {
  return encode('E', "A");
}
Bytes fire() {
  return encode('E', "H");
}
Bytes get_parameters() {
  return encode('J');
}
Bytes get_temperatures() {
  return encode('F');
}
Bytes get_rapid_parameters() {
  return encode('\\');
}
Bytes get_system_status() {
  return encode('x');
}
Bytes get_version() {
  return encode('N', "D");
}
Bytes get_error_code() {
  return encode('I');
}
Bytes enhanced_power(bool on) {
  return encode(on ? '^' : '_');
}
Bytes ignore_coil_interlock() {
  return encode('b');
}
Bytes get_bistim_mode() {
  return encode('X');
}
Bytes high_resolution(bool on) {
  return encode(on ? 'Y' : 'Z');
}
Bytes get_charge_delay() {
  return encode('o');
}

std::optional<ReplyShape> reply_shape(char command, const Version& version) {
  switch (command) {
    case 'Q':
    case 'R':
    case '@':
    case 'A':
    case 'C':
    case 'E':
    case 'Y':
    case 'Z':
    case 'b':
      return ReplyShape{3, false};
    case 'X':
    case 'B':
    case 'D':
    case '[':
    case '^':
    case '_':
      return ReplyShape{4, false};
    case 'n':
      return ReplyShape{version.at_least(10) ? 6u : 4u, false};
    case 'I':
    case 'x':
      return ReplyShape{6, false};
    case 'o':
      return ReplyShape{version.at_least(10) ? 8u : 7u, false};
    case 'F':
      return ReplyShape{9, false};
    case 'J':
      return ReplyShape{12, false};
    case '\\':
      return ReplyShape{version.at_least(9) ? 24u : version.at_least(7) ? 22u : 21u, false};
    case 'N':
      return ReplyShape{3, true};
    default:
      return std::nullopt;
  }
}

}  // namespace stimbench::magstim
