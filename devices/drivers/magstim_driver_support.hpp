// The Magstim driver's pure helpers: which model a profile names, how a value fits a
// fixed-width field, and what the status bytes mean as a DeviceState.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "devices/core/profile.hpp"
#include "devices/core/result.hpp"
#include "devices/drivers/driver.hpp"
#include "devices/protocols/magstim/codec.hpp"

namespace stimbench::magstim_driver_detail {

enum class Variant { m200, bistim, rapid };

// Unknown variants get the smallest command set (200²).
Variant variant_of(const DeviceProfile& profile);
const char* variant_name(Variant variant);
// 200² and BiStim² have no version: the oldest layout. A Rapid profile says e.g. "9.0.0".
magstim::Version profile_version(const DeviceProfile& profile, Variant variant);
bool same_version(const magstim::Version& a, const magstim::Version& b);
// `value` in the field's units (after `scale`), or unsupported: the fixed-width unsigned
// decimal field cannot carry it exactly, so there is nothing honest to send.
Result<int> field_units(Parameter parameter, double value, double scale);
std::string hex2(std::uint8_t byte);
DeviceState state_of(const magstim::InstrumentStatus& s,
                     const std::optional<magstim::RapidStatus>& rapid);

}  // namespace stimbench::magstim_driver_detail
