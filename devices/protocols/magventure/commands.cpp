// Host -> device command payloads (protocols.md §2.3).
#include <string>

#include "devices/protocols/magventure/codec.hpp"
#include "devices/protocols/magventure/frame.hpp"

namespace stimbench::magventure {

namespace {

Status check_amplitude(const char* name, int value) {
  if (value < 0 || value > 100) {
    return make_error(ErrorCode::invalid_input, std::string("MagVenture amplitude ") + name +
                                                    " must be 0..100 %, got " +
                                                    std::to_string(value));
  }
  return Status::success();
}

}  // namespace

Bytes get_status() {
  return {command_ids::kGetStatus};
}

Result<Bytes> set_amplitude(int amplitude_a) {
  if (Status s = check_amplitude("A", amplitude_a); !s) return s.error();
  return Bytes{command_ids::kSetAmplitude, static_cast<std::uint8_t>(amplitude_a)};
}

Result<Bytes> set_amplitude(int amplitude_a, int amplitude_b) {
  if (Status s = check_amplitude("A", amplitude_a); !s) return s.error();
  if (Status s = check_amplitude("B", amplitude_b); !s) return s.error();
  return Bytes{command_ids::kSetAmplitude, static_cast<std::uint8_t>(amplitude_a),
               static_cast<std::uint8_t>(amplitude_b)};
}

Bytes set_enabled(bool enabled) {
  return {command_ids::kEnable, static_cast<std::uint8_t>(enabled ? 0x01 : 0x00)};
}

Bytes fire(FireForm form) {
  switch (form) {
    case FireForm::bare:
      return {command_ids::kFire};
    case FireForm::flag:
      return {command_ids::kFire, 0x01};
    case FireForm::flag_and_pad:
      return {command_ids::kFire, 0x01, 0x00};
  }
  return {command_ids::kFire, 0x01};
}

Bytes start_train() {
  return {command_ids::kStartTrain};
}

Bytes get_long_status() {
  return {command_ids::kGetLongStatus};
}

Bytes set_train(const TrainSettings& train) {
  Bytes out{command_ids::kSetTrain};
  put_u16_be(out, train.rate_tenth_pps);
  put_u16_be(out, train.pulses_per_train);
  put_u16_be(out, train.trains);
  put_u16_be(out, train.iti_tenth_s);
  return out;
}

Bytes set_page(std::uint8_t page) {
  // MG and LK send a trailing 00; XL does not. The device tolerates extra bytes.
  return {command_ids::kSetPage, page, 0x00};
}

Bytes set_delays(const DelaySettings& delays) {
  Bytes out{command_ids::kSetDelays};
  put_u16_be(out, delays.in_tenth_ms);
  put_u16_be(out, static_cast<std::uint16_t>(delays.out_tenth_ms));  // two's complement
  put_u16_be(out, delays.charge_ms);
  out.push_back(0x00);
  out.push_back(0x00);
  return out;
}

Bytes get_waveform() {
  return {command_ids::kWaveform, 0x00};
}

Bytes get_timing() {
  return {command_ids::kTiming, 0x00};
}

Result<Bytes> set_waveform(const WaveformSettings& settings) {
  if (settings.burst_index > 3) {
    return make_error(ErrorCode::invalid_input, "MagVenture burst index must be 0..3, got " +
                                                    std::to_string(settings.burst_index));
  }
  if (settings.direction > 1) {
    return make_error(ErrorCode::invalid_input, "MagVenture direction must be 0 or 1, got " +
                                                    std::to_string(settings.direction));
  }
  Bytes out{command_ids::kWaveform,
            0x01,
            static_cast<std::uint8_t>(settings.model),
            static_cast<std::uint8_t>(settings.mode),
            settings.direction,
            static_cast<std::uint8_t>(settings.waveform),
            settings.burst_index};
  put_u16_be(out, settings.ipi_tenth_ms);
  put_u16_be(out, settings.ba_ratio_hundredths);
  return out;
}

}  // namespace stimbench::magventure
