// Cuts a byte stream into the protocol's frames so that a fault rule's "frame N" means the
// Nth reply (or command), whatever the chunking. Bytes that are no frame pass through as
// they came, uncounted. Nothing is ever changed or lost here: the concatenation of every
// piece returned equals the input.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "devices/core/bytes.hpp"
#include "devices/core/result.hpp"
#include "devices/mock/fault_schedule.hpp"

namespace stimbench::proxy {

struct Piece {
  Bytes bytes;
  bool is_frame = true;  // false: bytes between frames (garbage), forwarded uncounted
};

class FrameSplitter {
 public:
  virtual ~FrameSplitter() = default;
  virtual void feed(std::span<const std::uint8_t> bytes) = 0;
  // The next complete piece, or nullopt until more bytes arrive.
  virtual std::optional<Piece> next() = 0;
  // The stream went quiet: whatever is held back (a frame that will not complete), as an
  // uncounted piece; empty when nothing is held.
  virtual Bytes flush() = 0;
  virtual bool holding() const = 0;
};

// Framing by profile family: "reference" (lines), "magstim" (the codec's reply shapes for
// replies; commands end at their first valid checksum), "magventure" (the FrameReader, both
// ways). `firmware` picks the Rapid² field widths. invalid_input for an unknown family.
Result<std::unique_ptr<FrameSplitter>> make_splitter(const std::string& family,
                                                     const std::string& firmware,
                                                     FaultDirection direction);

}  // namespace stimbench::proxy
