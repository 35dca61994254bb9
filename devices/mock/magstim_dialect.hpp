// The Magstim 200² / BiStim² / Rapid² wire protocol for the mock (protocols.md §1, §5):
// fixed-length command frames in, checksummed replies out, refusals as `?`, `<cmd>?`,
// `<cmd>S`. Device behaviour (limits, watchdog, trains, lockout) stays in MockStimulator.
#pragma once

#include <memory>

#include "devices/mock/mock_dialect.hpp"
#include "devices/mock/mock_stimulator.hpp"

namespace stimbench {

std::unique_ptr<MockDialect> make_magstim_dialect(MockStimulator& device);

}  // namespace stimbench
