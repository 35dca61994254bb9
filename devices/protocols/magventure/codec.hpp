// MagVenture MagPro commands and messages (protocols.md §2.3–2.4). Pure functions, no I/O
// and no clock. Builders return payloads (ID first); frame them with encode_frame().
//
// Wire rules fixed here:
// - Command numbers are big-endian (MSB first). Exception: the IPI index in message 9 is
//   little-endian, as the sources read it.
// - Known messages must have exactly the LEN the sheet gives; a different length is a
//   protocol violation (the harness records deviations rather than guessing).
// - Messages without a decoder (4, 10, 12 and undocumented IDs such as 240/241) come
//   back as UnknownMessage with the raw payload: they arrive unsolicited and are not errors.
// - The device sends no error frame; builders reject only what the wire cannot carry or
//   what the sheet bounds (amplitude 0–100, burst index 0–3).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <variant>

#include "devices/core/bytes.hpp"
#include "devices/core/result.hpp"
#include "devices/protocols/magventure/frame.hpp"

namespace stimbench::magventure {

namespace command_ids {
constexpr std::uint8_t kGetStatus = 0x00;
constexpr std::uint8_t kSetAmplitude = 0x01;
constexpr std::uint8_t kEnable = 0x02;
constexpr std::uint8_t kFire = 0x03;
constexpr std::uint8_t kStartTrain = 0x04;
constexpr std::uint8_t kGetLongStatus = 0x05;
constexpr std::uint8_t kSetTrain = 0x06;
constexpr std::uint8_t kSetPage = 0x07;
constexpr std::uint8_t kSetDelays = 0x08;
constexpr std::uint8_t kWaveform = 0x09;
constexpr std::uint8_t kTiming = 0x0B;  // undocumented (XL): 0B 00 get, 0B 01 ... set
}  // namespace command_ids

namespace message_ids {
constexpr std::uint8_t kStatus = 0;
constexpr std::uint8_t kAmplitude = 1;
constexpr std::uint8_t kDidt = 2;
constexpr std::uint8_t kTemperature = 3;
constexpr std::uint8_t kMep = 4;  // MEP values; layout unknown (UnknownMessage)
constexpr std::uint8_t kLongStatus = 5;
constexpr std::uint8_t kOriginalAmplitude = 6;
constexpr std::uint8_t kAmplitudeFactor = 7;
constexpr std::uint8_t kPage = 8;
constexpr std::uint8_t kWaveform = 9;
constexpr std::uint8_t kTiming = 11;
}  // namespace message_ids

// Status byte fields. Enums keep the raw 2- or 3-bit value, so model 6/7 survive as-is.
enum class Mode : std::uint8_t { standard = 0, power = 1, twin = 2, dual = 3 };
enum class Waveform : std::uint8_t {
  monophasic = 0,
  biphasic = 1,
  halfsine = 2,
  biphasic_burst = 3
};
enum class Model : std::uint8_t {
  r30 = 0,
  x100 = 1,
  r30_option = 2,
  x100_option = 3,
  r30_option_mono = 4,
  mst = 5,
};
const char* to_string(Mode mode);
const char* to_string(Waveform waveform);
const char* to_string(Model model);  // "unknown" for 6 and 7

struct StatusByte {
  Mode mode = Mode::standard;                // bits 0–1
  Waveform waveform = Waveform::monophasic;  // bits 2–3
  bool enabled = false;                      // bit 4
  Model model = Model::r30;                  // bits 5–7
  bool operator==(const StatusByte&) const = default;
};
StatusByte decode_status_byte(std::uint8_t byte);
std::uint8_t encode_status_byte(const StatusByte& status);

// ---- Host -> device commands ----

Bytes get_status();                                             // 00
Result<Bytes> set_amplitude(int amplitude_a);                   // 01 A
Result<Bytes> set_amplitude(int amplitude_a, int amplitude_b);  // 01 A B (Twin/Dual)
Bytes set_enabled(bool enabled);                                // 02 01 / 02 00
// Clients differ on the fire payload; the device tolerates all three.
enum class FireForm { bare, flag, flag_and_pad };  // 03 / 03 01 / 03 01 00
Bytes fire(FireForm form = FireForm::flag);        // 03
Bytes start_train();                               // 04
Bytes get_long_status();                           // 05

// Timing page values as the wire carries them, in tenths where the sheet scales by 10.
struct TrainSettings {
  std::uint16_t rate_tenth_pps = 10;  // repetition rate × 10
  std::uint16_t pulses_per_train = 1;
  std::uint16_t trains = 1;
  std::uint16_t iti_tenth_s = 10;  // inter-train interval × 10
  bool operator==(const TrainSettings&) const = default;
};
Bytes set_train(const TrainSettings& train);  // 06 RR PiT NoT ITI
Bytes set_page(std::uint8_t page);            // 07 page 00

struct DelaySettings {
  std::uint16_t in_tenth_ms = 0;  // trigger-in delay × 10
  std::int16_t out_tenth_ms = 0;  // trigger-out delay × 10, two's complement on the wire
  std::uint16_t charge_ms = 0;
};
Bytes set_delays(const DelaySettings& delays);  // 08 in out charge 00 00

Bytes get_waveform();  // 09 00
struct WaveformSettings {
  Model model = Model::r30;
  Mode mode = Mode::standard;
  std::uint8_t direction = 0;  // 0 Normal, 1 Reverse
  Waveform waveform = Waveform::biphasic;
  std::uint8_t burst_index = 0;           // 0..3 = 5..2 pulses
  std::uint16_t ipi_tenth_ms = 0;         // inter-pulse interval × 10 (not the message-9 index)
  std::uint16_t ba_ratio_hundredths = 0;  // B/A ratio × 100, 0 unless Twin
};
Result<Bytes> set_waveform(const WaveformSettings& settings);  // 09 01 ...
Bytes get_timing();                                            // 0B 00 (XL, undocumented)

// ---- Device -> host messages ----

struct StatusMessage {  // 0, LEN 9
  StatusByte status;
  std::uint32_t serial = 0;  // 3 bytes, big-endian
  std::uint8_t coil_temperature_c = 0;
  std::uint8_t coil_type = 0;
  std::uint8_t amplitude_a = 0;
  std::uint8_t amplitude_b = 0;
  bool operator==(const StatusMessage&) const = default;
};
struct LongStatusMessage {  // 5, LEN 15
  StatusMessage base;
  std::uint8_t original_amplitude_a = 0;
  std::uint8_t original_amplitude_b = 0;
  std::uint8_t amplitude_factor_a = 0;  // %
  std::uint8_t amplitude_factor_b = 0;
  std::uint8_t page = 0;
  bool train_running = false;
  bool operator==(const LongStatusMessage&) const = default;
};
// Messages 1, 2, 6 and 7 share one layout: A, B, status (LEN 4).
struct PairMessage {
  std::uint8_t a = 0;
  std::uint8_t b = 0;
  StatusByte status;
  bool operator==(const PairMessage&) const = default;
};
struct AmplitudeMessage : PairMessage {};          // 1: any amplitude change
struct DidtMessage : PairMessage {};               // 2: realised di/dt A/µs, after a pulse
struct OriginalAmplitudeMessage : PairMessage {};  // 6: Protocol page
struct AmplitudeFactorMessage : PairMessage {};    // 7: Protocol page, %
struct TemperatureMessage {                        // 3, LEN 4
  std::uint8_t coil_temperature_c = 0;
  std::uint8_t coil_type = 0;
  StatusByte status;
  bool operator==(const TemperatureMessage&) const = default;
};
struct PageMessage {  // 8, LEN 4
  std::uint8_t page = 0;
  bool train_running = false;
  StatusByte status;
  bool operator==(const PageMessage&) const = default;
};
struct WaveformMessage {  // 9, LEN 10
  std::uint8_t lead = 0;  // payload[1]: 00 in every source; kept raw, not checked
  Model model = Model::r30;
  Mode mode = Mode::standard;
  std::uint8_t direction = 0;
  Waveform waveform = Waveform::monophasic;
  std::uint8_t burst_index = 0;
  std::uint16_t ipi_index = 0;  // little-endian on the wire; a position in a descending list
  std::uint8_t ba_index = 0;    // ratio = 5.00 − 0.05·index
  bool operator==(const WaveformMessage&) const = default;
};
struct TimingMessage {              // 11, LEN 14 (XL): the Timing menu
  std::uint8_t lead = 0;            // payload[1]: meaning unknown (protocols.md §4.5); kept raw
  std::uint8_t timing_control = 0;  // 0 Sequence .. 3 Ext Seq. Cont; bit 4 extended rep rate
  TrainSettings train;              // RR×10, PiT, NoT, ITI×10, big-endian
  std::uint8_t warning_sound = 0;
  std::uint8_t ramp_up_hundredths = 0;  // ramp-up ×100 (100 = no ramp)
  std::uint8_t ramp_up_trains = 0;
  bool operator==(const TimingMessage&) const = default;
};
struct UnknownMessage {
  std::uint8_t id = 0;
  Bytes payload;  // ID first
  bool operator==(const UnknownMessage&) const = default;
};

using Message = std::variant<StatusMessage, LongStatusMessage, AmplitudeMessage, DidtMessage,
                             TemperatureMessage, OriginalAmplitudeMessage, AmplitudeFactorMessage,
                             PageMessage, WaveformMessage, TimingMessage, UnknownMessage>;

// Decodes one frame payload (ID first). protocol_violation on an empty payload or a known ID
// with the wrong length.
Result<Message> parse_message(std::span<const std::uint8_t> payload);
// Device side (the mock): the payload parse_message() reads back to the same value.
Bytes encode_message(const Message& message);

// ---- Human-readable forms, for transcripts ----

// A command payload (ID first), e.g. "01 set amplitude A 60 %"; unknown IDs as hex.
std::string describe_command(std::span<const std::uint8_t> payload);
// A parsed message, e.g. "message 1 amplitude: A 60 B 0 [Standard Biphasic enabled R30]".
std::string describe(const Message& message);
std::string describe(const StatusByte& status);

}  // namespace stimbench::magventure
