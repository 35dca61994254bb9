// Internal to the mock's Magstim dialect: which commands a unit knows, how long their frames
// are, and the answer to one complete frame (protocols.md §1.5, §5).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "devices/core/bytes.hpp"
#include "devices/mock/mock_stimulator.hpp"
#include "devices/protocols/magstim/codec.hpp"

namespace stimbench::magstim_mock {

enum class Variant { m200, bistim, rapid };

struct Unit {
  Variant variant = Variant::m200;
  magstim::Version version;  // Rapid only; 200²/BiStim² use the oldest layout
};
Unit unit_for(const DeviceProfile& profile);

// Total length of the frame that starts `head`: nullopt while more bytes are needed to tell,
// 0 when this unit does not know the command character (answered with a lone '?').
std::optional<std::size_t> frame_length(const Unit& unit, std::span<const std::uint8_t> head);

// The reply to one complete frame whose checksum is valid.
Bytes answer(MockStimulator& device, const Unit& unit, std::span<const std::uint8_t> frame,
             std::int64_t now_ns);

// Shared by the command files.
// `<cmd>?` (bad data) or `<cmd>S` (conflict with the state), with the checksum.
Bytes refusal(char command, std::uint8_t marker);
bool single_pulse_mode(const MockStimulator& device);
// The reply for the model's answer: the echo and status bytes when it accepted, else the
// family's refusal for that code.
Bytes outcome_reply(char command, const MockOutcome& outcome, const MockStimulator& device,
                    bool with_rapid);

// Mode commands (magstim_modes.cpp).
// `^@` / `_@`: Rapid² enhanced power on / off.
Bytes enhanced_power(MockStimulator& device, bool on, std::int64_t now_ns);
// `Y@` / `Z@`: BiStim² high-resolution timing on / off.
Bytes timing_resolution(MockStimulator& device, bool high, std::int64_t now_ns);
// `[`: the train duration in tenths of a second; 0 selects single-pulse mode.
Bytes train_duration(MockStimulator& device, int tenths, std::int64_t now_ns);

}  // namespace stimbench::magstim_mock
