// Which wire protocol the mock speaks is configuration: the profile's family.
#pragma once

#include "devices/core/profile.hpp"
#include "devices/mock/mock_dialect.hpp"

namespace stimbench {

// The dialect for profile.family ("reference", "magstim", "magventure"); the reference
// protocol for any other family (the profile loader admits no other).
MockDialectFactory dialect_factory_for(const DeviceProfile& profile);

}  // namespace stimbench
