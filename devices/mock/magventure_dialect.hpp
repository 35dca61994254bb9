// The MagVenture MagPro wire protocol for the mock (protocols.md §2): FE/LEN/payload/CRC/FF
// frames, no error frames (out-of-range values are kept or clamped, as the real unit does),
// message 2 (di/dt) after every pulse. Device behaviour stays in MockStimulator.
#pragma once

#include <memory>

#include "devices/mock/mock_dialect.hpp"
#include "devices/mock/mock_stimulator.hpp"

namespace stimbench {

std::unique_ptr<MockDialect> make_magventure_dialect(MockStimulator& device);

}  // namespace stimbench
