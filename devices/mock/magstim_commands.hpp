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

}  // namespace stimbench::magstim_mock
