#include "devices/drivers/magstim_driver_support.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace stimbench::magstim_driver_detail {

using magstim::Version;

Variant variant_of(const DeviceProfile& profile) {
  if (profile.variant == "rapid") return Variant::rapid;
  if (profile.variant == "bistim") return Variant::bistim;
  return Variant::m200;  // the smallest command set: unknown variants get the least
}

const char* variant_name(Variant variant) {
  switch (variant) {
    case Variant::rapid:
      return "Rapid2";
    case Variant::bistim:
      return "BiStim2";
    case Variant::m200:
      break;
  }
  return "200-2";
}

// 200² and BiStim² have no version: the oldest layout. A Rapid profile says e.g. "9.0.0".
Version profile_version(const DeviceProfile& profile, Variant variant) {
  if (variant != Variant::rapid) return {};
  return magstim::version_from_firmware(profile.identity.firmware);
}

bool same_version(const Version& a, const Version& b) {
  return a.major == b.major && a.minor == b.minor && a.patch == b.patch;
}

// `value` in the field's units (after `scale`), or unsupported: the fixed-width unsigned
// decimal field cannot carry it exactly, so there is nothing honest to send.
Result<int> field_units(Parameter parameter, double value, double scale) {
  const double scaled = value * scale;
  const double whole = std::round(scaled);
  if (!std::isfinite(scaled) || whole < 0 || whole > 1e6 ||
      std::fabs(scaled - whole) > 1e-9 * std::max(1.0, std::fabs(scaled))) {
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", value);
    return make_error(ErrorCode::unsupported, std::string(to_string(parameter)) + " " + text +
                                                  " cannot be sent in the Magstim field " +
                                                  "(unsigned whole multiples only)");
  }
  return static_cast<int>(whole);
}

std::string hex2(std::uint8_t byte) {
  return to_hex(Bytes{byte});
}

DeviceState state_of(const magstim::InstrumentStatus& s,
                     const std::optional<magstim::RapidStatus>& rapid) {
  if (s.error_present) return DeviceState::fault;
  if (rapid && rapid->train) return DeviceState::firing;
  if (s.ready) return DeviceState::ready;
  if (s.armed) return DeviceState::armed;
  if (s.standby) return DeviceState::standby;
  return DeviceState::unknown;
}

}  // namespace stimbench::magstim_driver_detail
