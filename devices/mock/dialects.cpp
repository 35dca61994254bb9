#include "devices/mock/dialects.hpp"

#include "devices/mock/magstim_dialect.hpp"
#include "devices/mock/magventure_dialect.hpp"
#include "devices/mock/reference_dialect.hpp"

namespace stimbench {

MockDialectFactory dialect_factory_for(const DeviceProfile& profile) {
  if (profile.family == "magstim") {
    return [](MockStimulator& device) { return make_magstim_dialect(device); };
  }
  if (profile.family == "magventure") {
    return [](MockStimulator& device) { return make_magventure_dialect(device); };
  }
  return reference_dialect_factory();
}

}  // namespace stimbench
