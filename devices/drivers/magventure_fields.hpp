// How the MagPro driver maps harness parameters onto wire fields: the Timing page's
// 16-bit fields and their scales (protocols.md §2.3), and number formatting for messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "devices/core/profile.hpp"
#include "devices/protocols/magventure/codec.hpp"

namespace stimbench::magventure_fields {

// `value` × scale as a whole number the 16-bit field carries exactly, or nullopt.
std::optional<std::uint16_t> to_field(double value, double scale);

std::string number_text(double v);  // "%g"

// Wire scale of a parameter carried on the Timing page; nullopt for any other.
std::optional<double> timing_scale(Parameter p);

// The Timing field a parameter lives in (only for those timing_scale() knows).
std::uint16_t& timing_field(magventure::TrainSettings& t, Parameter p);

}  // namespace stimbench::magventure_fields
