// What raw `send` bytes would do to a device, read by the family's codec, so that a raw
// trigger passes the same interlock as a typed one (issue 13: no raw bypass).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace stimbench {

enum class RawEffect {
  harmless,       // a query, or a command that cannot stimulate
  changes_state,  // may change a parameter or the device state
  arms,           // arms (enables) the output
  fires,          // fires a pulse or starts a train
  unclassified,   // the codec cannot tell: refused except on the built-in mock
};
const char* to_string(RawEffect effect);

struct RawCommand {
  RawEffect effect = RawEffect::unclassified;
  std::string text;  // the command as the codec read it, for the record
};

// One entry per command in the bytes (reference: per line; Magstim and MagPro: per frame).
std::vector<RawCommand> classify_reference_raw(std::span<const std::uint8_t> bytes);
std::vector<RawCommand> classify_magstim_raw(std::span<const std::uint8_t> bytes);
std::vector<RawCommand> classify_magventure_raw(std::span<const std::uint8_t> bytes);

}  // namespace stimbench
