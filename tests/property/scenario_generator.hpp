// Random step sequences for the interlock property test: settings in and out of range,
// arms, fires, trains, aborts, waits and raw sends of the family's own commands.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "devices/core/profile.hpp"

namespace stimbench::property {

// A scenario body ("steps:" lines) of `steps` random steps for `profile`, from `seed`.
std::string generate_steps(const DeviceProfile& profile, std::uint64_t seed, int steps);

}  // namespace stimbench::property
