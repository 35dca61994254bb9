// Readable forms of commands and messages for transcripts (no parsing decisions here).
#include <string>
#include <type_traits>

#include "devices/protocols/magventure/codec.hpp"

namespace stimbench::magventure {

namespace {

std::string num(unsigned value) {
  return std::to_string(value);
}

// 105 -> "10.5"
std::string tenths(unsigned value) {
  return std::to_string(value / 10) + "." + std::to_string(value % 10);
}

unsigned u16_at(std::span<const std::uint8_t> p, std::size_t at) {
  return (static_cast<unsigned>(p[at]) << 8) | p[at + 1];
}

std::string describe_train(const TrainSettings& t) {
  return "rate " + tenths(t.rate_tenth_pps) + " pps, " + num(t.pulses_per_train) +
         " pulses/train, " + num(t.trains) + " trains, ITI " + tenths(t.iti_tenth_s) + " s";
}

}  // namespace

std::string describe(const StatusByte& status) {
  return std::string("[") + to_string(status.mode) + " " + to_string(status.waveform) + " " +
         (status.enabled ? "enabled" : "disabled") + " " + to_string(status.model) + "]";
}

std::string describe_command(std::span<const std::uint8_t> p) {
  if (p.empty()) return "empty command";
  const std::string id = to_hex(p.first(1));
  switch (p[0]) {
    case command_ids::kGetStatus:
      return id + " get status";
    case command_ids::kSetAmplitude:
      if (p.size() == 2) return id + " set amplitude A " + num(p[1]) + " %";
      if (p.size() == 3) return id + " set amplitude A " + num(p[1]) + " % B " + num(p[2]) + " %";
      break;
    case command_ids::kEnable:
      if (p.size() >= 2) return id + (p[1] != 0 ? " enable" : " disable");
      break;
    case command_ids::kFire:
      return id + " fire";
    case command_ids::kStartTrain:
      return id + " start train";
    case command_ids::kGetLongStatus:
      return id + " get long status";
    case command_ids::kSetTrain:
      if (p.size() == 9) {
        TrainSettings t;
        t.rate_tenth_pps = static_cast<std::uint16_t>(u16_at(p, 1));
        t.pulses_per_train = static_cast<std::uint16_t>(u16_at(p, 3));
        t.trains = static_cast<std::uint16_t>(u16_at(p, 5));
        t.iti_tenth_s = static_cast<std::uint16_t>(u16_at(p, 7));
        return id + " set train: " + describe_train(t);
      }
      break;
    case command_ids::kSetPage:
      if (p.size() >= 2) return id + " set page " + num(p[1]);
      break;
    case command_ids::kSetDelays:
      return id + " set delays: " + to_hex(p.subspan(1));
    case command_ids::kWaveform:
      if (p.size() == 2 && p[1] == 0) return id + " get waveform";
      return id + " set waveform: " + to_hex(p.subspan(1));
    case command_ids::kTiming:
      if (p.size() == 2 && p[1] == 0) return id + " get timing";
      return id + " set timing: " + to_hex(p.subspan(1));
    default:
      break;
  }
  return "command " + id + ": " + to_hex(p);
}

std::string describe(const Message& message) {
  return std::visit(
      [](const auto& m) -> std::string {
        using T = std::decay_t<decltype(m)>;
        auto status_text = [](const StatusMessage& s) {
          return describe(s.status) + " serial " + std::to_string(s.serial) + ", coil " +
                 num(s.coil_temperature_c) + " C type " + num(s.coil_type) + ", amplitude A " +
                 num(s.amplitude_a) + " B " + num(s.amplitude_b);
        };
        if constexpr (std::is_same_v<T, StatusMessage>) {
          return "message 0 status: " + status_text(m);
        } else if constexpr (std::is_same_v<T, LongStatusMessage>) {
          return "message 5 long status: " + status_text(m.base) + ", original A " +
                 num(m.original_amplitude_a) + " B " + num(m.original_amplitude_b) + ", factor A " +
                 num(m.amplitude_factor_a) + " % B " + num(m.amplitude_factor_b) + " %, page " +
                 num(m.page) + ", running " + (m.train_running ? "1" : "0");
        } else if constexpr (std::is_same_v<T, AmplitudeMessage>) {
          return "message 1 amplitude: A " + num(m.a) + " B " + num(m.b) + " " + describe(m.status);
        } else if constexpr (std::is_same_v<T, DidtMessage>) {
          return "message 2 di/dt: A " + num(m.a) + " B " + num(m.b) + " A/us " +
                 describe(m.status);
        } else if constexpr (std::is_same_v<T, OriginalAmplitudeMessage>) {
          return "message 6 original amplitude: A " + num(m.a) + " B " + num(m.b) + " " +
                 describe(m.status);
        } else if constexpr (std::is_same_v<T, AmplitudeFactorMessage>) {
          return "message 7 amplitude factor: A " + num(m.a) + " % B " + num(m.b) + " % " +
                 describe(m.status);
        } else if constexpr (std::is_same_v<T, TemperatureMessage>) {
          return "message 3 temperature: coil " + num(m.coil_temperature_c) + " C type " +
                 num(m.coil_type) + " " + describe(m.status);
        } else if constexpr (std::is_same_v<T, PageMessage>) {
          return "message 8 page: page " + num(m.page) + ", running " +
                 (m.train_running ? "1 " : "0 ") + describe(m.status);
        } else if constexpr (std::is_same_v<T, WaveformMessage>) {
          return std::string("message 9 waveform: model ") + to_string(m.model) + ", mode " +
                 to_string(m.mode) + ", direction " + num(m.direction) + ", waveform " +
                 to_string(m.waveform) + ", burst index " + num(m.burst_index) + ", IPI index " +
                 num(m.ipi_index) + ", B/A index " + num(m.ba_index);
        } else if constexpr (std::is_same_v<T, TimingMessage>) {
          return "message 11 timing: " + describe_train(m.train) + ", timing control " +
                 num(m.timing_control);
        } else {
          return "message " + num(m.id) + " (no decoder): " + to_hex(m.payload);
        }
      },
      message);
}

}  // namespace stimbench::magventure
