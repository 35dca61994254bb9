// Status bytes (protocols.md §1.4) and the data of query replies (§1.5, §1.6, §5).
#include <string>

#include "devices/protocols/magstim/codec.hpp"

namespace stimbench::magstim {
namespace {

bool bit(std::uint8_t byte, int n) {
  return ((byte >> n) & 1) != 0;
}
std::uint8_t put(bool on, int n) {
  return static_cast<std::uint8_t>(on ? (1u << n) : 0u);
}

Error malformed(const Reply& reply, const std::string& why) {
  return make_error(ErrorCode::protocol_violation, "reply to '" + std::string(1, reply.command) +
                                                       "': " + why + " [" + to_hex(reply.frame) +
                                                       "]");
}

// The reply must be an ok answer to `command` with exactly `length` data bytes.
Status expect(const Reply& reply, char command, std::size_t length) {
  if (reply.command != command || reply.kind != ReplyKind::ok) {
    return make_error(ErrorCode::invalid_input, std::string("expected an ok reply to '") + command +
                                                    "', got " + to_string(reply.kind) + " for '" +
                                                    reply.command + "'");
  }
  if (reply.data().size() != length) {
    return malformed(reply, "expected " + std::to_string(length) + " data bytes, got " +
                                std::to_string(reply.data().size()));
  }
  return Status::success();
}

// Fixed-width ASCII decimal field; the device zero-pads, so every byte must be a digit.
class Fields {
 public:
  explicit Fields(const Reply& reply) : reply_(reply), data_(reply.data()) {}
  std::uint8_t byte() { return data_[pos_++]; }
  Result<int> number(std::size_t width) {
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
      std::uint8_t c = data_[pos_ + i];
      if (c < '0' || c > '9') {
        return malformed(reply_, "non-digit at data byte " + std::to_string(pos_ + i));
      }
      value = value * 10 + (c - '0');
    }
    pos_ += width;
    return value;
  }

 private:
  const Reply& reply_;
  std::span<const std::uint8_t> data_;
  std::size_t pos_ = 0;
};

}  // namespace

InstrumentStatus decode_instrument_status(std::uint8_t b) {
  return InstrumentStatus{bit(b, 0), bit(b, 1), bit(b, 2), bit(b, 3),
                          bit(b, 4), bit(b, 5), bit(b, 6), bit(b, 7)};
}

std::uint8_t encode_instrument_status(const InstrumentStatus& s) {
  return put(s.standby, 0) | put(s.armed, 1) | put(s.ready, 2) | put(s.coil_present, 3) |
         put(s.replace_coil, 4) | put(s.error_present, 5) | put(s.error_fatal, 6) |
         put(s.remote, 7);
}

RapidStatus decode_rapid_status(std::uint8_t b) {
  return RapidStatus{bit(b, 0), bit(b, 1), bit(b, 2), bit(b, 3),
                     bit(b, 4), bit(b, 5), bit(b, 6), bit(b, 7)};
}

std::uint8_t encode_rapid_status(const RapidStatus& s) {
  return put(s.enhanced_power, 0) | put(s.train, 1) | put(s.wait, 2) | put(s.single_pulse, 3) |
         put(s.hv_psu, 4) | put(s.coil_ready, 5) | put(s.theta_psu, 6) |
         put(s.modified_coil_algorithm, 7);
}

ExtendedStatus decode_extended_status(std::uint8_t msb, std::uint8_t lsb) {
  return ExtendedStatus{static_cast<std::uint16_t>((msb << 8) | lsb)};
}

std::uint8_t encode_mode(const ModeByte& mode) {
  return 0x40 | put(mode.disarm, 0) | put(mode.arm, 1) | put(mode.trigger, 3);
}

Result<ModeByte> decode_mode(std::uint8_t byte) {
  if (!bit(byte, 6) || (byte & 0xB4) != 0) {
    return make_error(ErrorCode::invalid_input, "not a mode byte: " + to_hex(Bytes{byte}));
  }
  return ModeByte{bit(byte, 0), bit(byte, 1), bit(byte, 3)};
}

Result<StatusReply> parse_status_reply(const Reply& reply) {
  std::optional<ReplyShape> shape = reply_shape(reply.command, Version{});
  std::size_t length = reply.data().size();
  // Only the short status-only replies; `n` on V10+ carries the extended word as well.
  if (!shape || shape->nul_terminated || (length != 1 && length != 2) ||
      (shape->length != 3 && shape->length != 4) || reply.command == 'X') {
    return make_error(ErrorCode::invalid_input,
                      std::string("not a status-only reply: '") + reply.command + "'");
  }
  if (Status s = expect(reply, reply.command, shape->length - 2); !s) return s.error();
  StatusReply out;
  out.instrument = decode_instrument_status(reply.data()[0]);
  if (length == 2) out.rapid = decode_rapid_status(reply.data()[1]);
  return out;
}

Result<RapidParameters> parse_rapid_parameters(const Reply& reply, const Version& version) {
  const std::size_t pulses_w = version.at_least(9) ? 5 : 4;
  const std::size_t duration_w = version.at_least(9) ? 4 : 3;
  const std::size_t wait_w = version.at_least(7) ? 4 : 3;
  if (Status s = expect(reply, '\\', 2 + 3 + 4 + pulses_w + duration_w + wait_w); !s) {
    return s.error();
  }
  Fields f(reply);
  RapidParameters out;
  out.instrument = decode_instrument_status(f.byte());
  out.rapid = decode_rapid_status(f.byte());
  int* targets[] = {&out.power, &out.frequency_tenths, &out.pulses, &out.duration_tenths,
                    &out.wait_tenths};
  const std::size_t widths[] = {3, 4, pulses_w, duration_w, wait_w};
  for (int i = 0; i < 5; ++i) {
    Result<int> v = f.number(widths[i]);
    if (!v) return v.error();
    *targets[i] = *v;
  }
  return out;
}

Result<Parameters> parse_parameters(const Reply& reply) {
  if (Status s = expect(reply, 'J', 10); !s) return s.error();
  Fields f(reply);
  Parameters out;
  out.instrument = decode_instrument_status(f.byte());
  for (int* target : {&out.power_a, &out.power_b, &out.ipi}) {
    Result<int> v = f.number(3);
    if (!v) return v.error();
    *target = *v;
  }
  return out;
}

Result<Temperatures> parse_temperatures(const Reply& reply) {
  if (Status s = expect(reply, 'F', 7); !s) return s.error();
  Fields f(reply);
  Temperatures out;
  out.instrument = decode_instrument_status(f.byte());
  for (int* target : {&out.coil1_tenths, &out.coil2_tenths}) {
    Result<int> v = f.number(3);
    if (!v) return v.error();
    *target = *v;
  }
  return out;
}

Result<ErrorCodeReply> parse_error_code(const Reply& reply) {
  if (Status s = expect(reply, 'I', 4); !s) return s.error();
  Fields f(reply);
  ErrorCodeReply out;
  out.instrument = decode_instrument_status(f.byte());
  out.source = static_cast<char>(f.byte());
  if (out.source != 'U' && out.source != 'C' && out.source != 'E') {
    return malformed(reply, "unknown error source");
  }
  Result<int> code = f.number(2);
  if (!code) return code.error();
  out.code = *code;
  return out;
}

Result<Version> parse_version_text(std::string_view text) {
  auto bad = [&](const char* why) {
    return make_error(ErrorCode::protocol_violation,
                      std::string("version '") + std::string(text) + "': " + why);
  };
  // One non-digit (the `V`), then 2 or 3 dot-separated runs of digits (§5).
  if (text.empty() || (text[0] >= '0' && text[0] <= '9')) return bad("must start with a non-digit");
  int parts[3] = {0, 0, 0};
  int count = 0;
  std::size_t i = 1;
  while (true) {
    if (count == 3) return bad("more than 3 parts");
    std::size_t start = i;
    long value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      value = value * 10 + (text[i] - '0');
      if (value > 9999) return bad("part too large");
      ++i;
    }
    if (i == start) return bad("empty part");
    parts[count++] = static_cast<int>(value);
    if (i == text.size()) break;
    if (text[i] != '.') return bad("unexpected character");
    ++i;
  }
  if (count < 2) return bad("fewer than 2 parts");
  return Version{parts[0], parts[1], parts[2], count};
}

Version version_from_firmware(std::string_view firmware) {
  if (firmware.empty()) return {};
  const bool digit_first = firmware[0] >= '0' && firmware[0] <= '9';
  Result<Version> v = parse_version_text(digit_first ? "V" + std::string(firmware) : firmware);
  return v ? *v : Version{};
}

Result<Version> parse_version(const Reply& reply) {
  if (reply.command != 'N' || reply.kind != ReplyKind::ok) {
    return make_error(ErrorCode::invalid_input, "expected an ok reply to 'N'");
  }
  std::span<const std::uint8_t> data = reply.data();
  if (data.empty() || data.back() != 0) return malformed(reply, "version text not NUL-terminated");
  Result<Version> v = parse_version_text(to_text(data.first(data.size() - 1)));
  if (!v) return malformed(reply, v.error().message);
  return v;
}

Result<SystemStatus> parse_system_status(const Reply& reply) {
  if (Status s = expect(reply, 'x', 4); !s) return s.error();
  std::span<const std::uint8_t> d = reply.data();
  return SystemStatus{decode_instrument_status(d[0]), decode_rapid_status(d[1]),
                      decode_extended_status(d[2], d[3])};
}

Result<BiStimModeReply> parse_bistim_mode(const Reply& reply) {
  if (Status s = expect(reply, 'X', 2); !s) return s.error();
  std::span<const std::uint8_t> d = reply.data();
  BiStimModeReply out;
  out.instrument = decode_instrument_status(d[0]);
  const std::uint8_t m = d[1];
  if (m >= '0' && m <= '4') {
    out.mode = static_cast<BiStimMode>(m - '0');
  } else if (m >= 'Q' && m <= 'T') {  // slave: Q/R/S/T mirror 1..4
    out.mode = static_cast<BiStimMode>(m - 'Q' + 1);
    out.slave = true;
  } else {
    return malformed(reply, "unknown BiStim mode");
  }
  return out;
}

Result<ChargeDelay> parse_charge_delay(const Reply& reply) {
  const std::size_t digits = reply.data().size() == 6 ? 5 : 4;  // V10+ : V9
  if (Status s = expect(reply, 'o', 1 + digits); !s) return s.error();
  Fields f(reply);
  ChargeDelay out;
  out.instrument = decode_instrument_status(f.byte());
  Result<int> v = f.number(digits);
  if (!v) return v.error();
  out.ms = *v;
  return out;
}

}  // namespace stimbench::magstim
