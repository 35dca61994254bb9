// Device -> host messages and the status byte (protocols.md §2.4).
#include <string>
#include <type_traits>

#include "devices/protocols/magventure/codec.hpp"
#include "devices/protocols/magventure/frame.hpp"

namespace stimbench::magventure {

namespace {

// LEN of every message with a decoder; 0 = none.
std::size_t expected_length(std::uint8_t id) {
  switch (id) {
    case message_ids::kStatus:
      return 9;
    case message_ids::kLongStatus:
      return 15;
    case message_ids::kAmplitude:
    case message_ids::kDidt:
    case message_ids::kTemperature:
    case message_ids::kOriginalAmplitude:
    case message_ids::kAmplitudeFactor:
    case message_ids::kPage:
      return 4;
    case message_ids::kWaveform:
      return 10;
    case message_ids::kTiming:
      return 14;
    default:
      return 0;
  }
}

StatusMessage read_status(std::span<const std::uint8_t> p) {
  StatusMessage m;
  m.status = decode_status_byte(p[1]);
  m.serial = (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[3]} << 8) | p[4];
  m.coil_temperature_c = p[5];
  m.coil_type = p[6];
  m.amplitude_a = p[7];
  m.amplitude_b = p[8];
  return m;
}

std::uint16_t read_u16_be(std::span<const std::uint8_t> p, std::size_t at) {
  return static_cast<std::uint16_t>((p[at] << 8) | p[at + 1]);
}

template <class T>
T read_pair(std::span<const std::uint8_t> p) {
  T m;
  m.a = p[1];
  m.b = p[2];
  m.status = decode_status_byte(p[3]);
  return m;
}

void put_status(Bytes& out, const StatusMessage& m) {
  out.push_back(encode_status_byte(m.status));
  out.push_back(static_cast<std::uint8_t>((m.serial >> 16) & 0xFF));
  out.push_back(static_cast<std::uint8_t>((m.serial >> 8) & 0xFF));
  out.push_back(static_cast<std::uint8_t>(m.serial & 0xFF));
  out.insert(out.end(), {m.coil_temperature_c, m.coil_type, m.amplitude_a, m.amplitude_b});
}

}  // namespace

const char* to_string(Mode mode) {
  switch (mode) {
    case Mode::standard:
      return "Standard";
    case Mode::power:
      return "Power";
    case Mode::twin:
      return "Twin";
    case Mode::dual:
      return "Dual";
  }
  return "unknown";
}

const char* to_string(Waveform waveform) {
  switch (waveform) {
    case Waveform::monophasic:
      return "Monophasic";
    case Waveform::biphasic:
      return "Biphasic";
    case Waveform::halfsine:
      return "Halfsine";
    case Waveform::biphasic_burst:
      return "Biphasic Burst";
  }
  return "unknown";
}

const char* to_string(Model model) {
  switch (model) {
    case Model::r30:
      return "R30";
    case Model::x100:
      return "X100";
    case Model::r30_option:
      return "R30+Option";
    case Model::x100_option:
      return "X100+Option";
    case Model::r30_option_mono:
      return "R30+Option+Mono";
    case Model::mst:
      return "MST";
  }
  return "unknown";
}

StatusByte decode_status_byte(std::uint8_t byte) {
  StatusByte s;
  s.mode = static_cast<Mode>(byte & 0x03);
  s.waveform = static_cast<Waveform>((byte >> 2) & 0x03);
  s.enabled = (byte & 0x10) != 0;
  s.model = static_cast<Model>((byte >> 5) & 0x07);
  return s;
}

std::uint8_t encode_status_byte(const StatusByte& status) {
  return static_cast<std::uint8_t>((static_cast<unsigned>(status.mode) & 0x03) |
                                   ((static_cast<unsigned>(status.waveform) & 0x03) << 2) |
                                   (status.enabled ? 0x10u : 0u) |
                                   ((static_cast<unsigned>(status.model) & 0x07) << 5));
}

Result<Message> parse_message(std::span<const std::uint8_t> p) {
  if (p.empty()) return make_error(ErrorCode::protocol_violation, "MagVenture: empty message");
  const std::uint8_t id = p[0];
  const std::size_t want = expected_length(id);
  if (want == 0) return Message{UnknownMessage{id, Bytes(p.begin(), p.end())}};
  if (p.size() != want) {
    return make_error(ErrorCode::protocol_violation, "MagVenture message " + std::to_string(id) +
                                                         ": LEN " + std::to_string(p.size()) +
                                                         ", expected " + std::to_string(want) +
                                                         ": " + to_hex(p));
  }
  switch (id) {
    case message_ids::kStatus:
      return Message{read_status(p)};
    case message_ids::kLongStatus: {
      LongStatusMessage m;
      m.base = read_status(p);
      m.original_amplitude_a = p[9];
      m.original_amplitude_b = p[10];
      m.amplitude_factor_a = p[11];
      m.amplitude_factor_b = p[12];
      m.page = p[13];
      m.train_running = p[14] != 0;
      return Message{m};
    }
    case message_ids::kAmplitude:
      return Message{read_pair<AmplitudeMessage>(p)};
    case message_ids::kDidt:
      return Message{read_pair<DidtMessage>(p)};
    case message_ids::kOriginalAmplitude:
      return Message{read_pair<OriginalAmplitudeMessage>(p)};
    case message_ids::kAmplitudeFactor:
      return Message{read_pair<AmplitudeFactorMessage>(p)};
    case message_ids::kTemperature:
      return Message{TemperatureMessage{p[1], p[2], decode_status_byte(p[3])}};
    case message_ids::kPage:
      return Message{PageMessage{p[1], p[2] != 0, decode_status_byte(p[3])}};
    case message_ids::kTiming: {
      TimingMessage m;
      m.lead = p[1];
      m.timing_control = p[2];
      m.train.rate_tenth_pps = read_u16_be(p, 3);
      m.train.pulses_per_train = read_u16_be(p, 5);
      m.train.trains = read_u16_be(p, 7);
      m.train.iti_tenth_s = read_u16_be(p, 9);
      m.warning_sound = p[11];
      m.ramp_up_hundredths = p[12];
      m.ramp_up_trains = p[13];
      return Message{m};
    }
    default: {  // message_ids::kWaveform
      WaveformMessage m;
      m.lead = p[1];
      m.model = static_cast<Model>(p[2]);
      m.mode = static_cast<Mode>(p[3]);
      m.direction = p[4];
      m.waveform = static_cast<Waveform>(p[5]);
      m.burst_index = p[6];
      m.ipi_index = static_cast<std::uint16_t>(p[7] | (p[8] << 8));  // little-endian
      m.ba_index = p[9];
      return Message{m};
    }
  }
}

Bytes encode_message(const Message& message) {
  return std::visit(
      [](const auto& m) -> Bytes {
        using T = std::decay_t<decltype(m)>;
        Bytes out;
        if constexpr (std::is_same_v<T, StatusMessage>) {
          out.push_back(message_ids::kStatus);
          put_status(out, m);
        } else if constexpr (std::is_same_v<T, LongStatusMessage>) {
          out.push_back(message_ids::kLongStatus);
          put_status(out, m.base);
          out.insert(out.end(), {m.original_amplitude_a, m.original_amplitude_b,
                                 m.amplitude_factor_a, m.amplitude_factor_b, m.page,
                                 static_cast<std::uint8_t>(m.train_running ? 1 : 0)});
        } else if constexpr (std::is_base_of_v<PairMessage, T>) {
          std::uint8_t id = message_ids::kAmplitude;
          if constexpr (std::is_same_v<T, DidtMessage>) id = message_ids::kDidt;
          if constexpr (std::is_same_v<T, OriginalAmplitudeMessage>) {
            id = message_ids::kOriginalAmplitude;
          }
          if constexpr (std::is_same_v<T, AmplitudeFactorMessage>) {
            id = message_ids::kAmplitudeFactor;
          }
          out = {id, m.a, m.b, encode_status_byte(m.status)};
        } else if constexpr (std::is_same_v<T, TemperatureMessage>) {
          out = {message_ids::kTemperature, m.coil_temperature_c, m.coil_type,
                 encode_status_byte(m.status)};
        } else if constexpr (std::is_same_v<T, PageMessage>) {
          out = {message_ids::kPage, m.page, static_cast<std::uint8_t>(m.train_running ? 1 : 0),
                 encode_status_byte(m.status)};
        } else if constexpr (std::is_same_v<T, WaveformMessage>) {
          out = {message_ids::kWaveform,
                 m.lead,
                 static_cast<std::uint8_t>(m.model),
                 static_cast<std::uint8_t>(m.mode),
                 m.direction,
                 static_cast<std::uint8_t>(m.waveform),
                 m.burst_index,
                 static_cast<std::uint8_t>(m.ipi_index & 0xFF),
                 static_cast<std::uint8_t>(m.ipi_index >> 8),
                 m.ba_index};
        } else if constexpr (std::is_same_v<T, TimingMessage>) {
          out = {message_ids::kTiming, m.lead, m.timing_control};
          put_u16_be(out, m.train.rate_tenth_pps);
          put_u16_be(out, m.train.pulses_per_train);
          put_u16_be(out, m.train.trains);
          put_u16_be(out, m.train.iti_tenth_s);
          out.insert(out.end(), {m.warning_sound, m.ramp_up_hundredths, m.ramp_up_trains});
        } else {
          out = m.payload;
        }
        return out;
      },
      message);
}

}  // namespace stimbench::magventure
