// Magstim command/reply exchange over a transport: one frame out, exactly the reply the codec
// expects back (protocols.md §1.3, §5). Every frame goes to the observer with the codec's
// reading; anything off (stray input, wrong echo, checksum, length) is a protocol violation
// and is never retried.
#pragma once

#include <chrono>
#include <string>

#include "devices/core/clock.hpp"
#include "devices/drivers/driver.hpp"
#include "devices/protocols/magstim/codec.hpp"
#include "devices/transport/transport.hpp"

namespace stimbench {

struct MagstimExchange {
  magstim::Reply reply;
  std::int64_t sent_ns = 0;
  std::int64_t received_ns = 0;
};

class MagstimLink {
 public:
  MagstimLink(Transport& transport, const Clock& clock) : transport_(transport), clock_(clock) {}

  // Sends `frame` and reads the reply to its command character. With `secret`, the
  // transcript and every message show the frame with its data and checksum as '*'.
  // With `despite_stray_input` (the closing disarm) the frame goes out and its reply is read
  // even after unasked input; that input is still returned as the violation it is.
  Result<MagstimExchange> exchange(const Bytes& frame, const magstim::Version& version,
                                   bool secret = false, bool despite_stray_input = false);

  Status send_raw(std::span<const std::uint8_t> bytes);
  Result<Chunk> receive_raw(std::size_t count, std::chrono::nanoseconds timeout);

  void set_observer(FrameObserver* observer) { observer_ = observer; }
  void set_reply_timeout(std::chrono::nanoseconds timeout) { reply_timeout_ = timeout; }

 private:
  void report(FrameDirection direction, const Bytes& bytes, std::int64_t t_ns,
              const std::string& decoded, std::uint64_t dropped = 0, bool partial = false);
  Status check_no_unsolicited_input();
  // Reads what else is already waiting (at most link::kMaxStrayBytes), reporting each chunk
  // as `decoded`; `bytes` grows to at most kQuotedBytes, for the message. Returns bytes read.
  std::size_t drain_into(Bytes& bytes, const std::string& decoded);

  Transport& transport_;
  const Clock& clock_;
  FrameObserver* observer_ = nullptr;
  std::chrono::nanoseconds reply_timeout_ = std::chrono::seconds(1);
  Bytes pending_;  // raw input not yet consumed by receive_raw
};

// `Q` + code + checksum with everything after the `Q` replaced by '*' (0x2A); other frames
// unchanged. Used for every record of a frame that may hold an unlock code.
Bytes mask_unlock_code(std::span<const std::uint8_t> frame);
bool holds_unlock_code(std::span<const std::uint8_t> frame);

}  // namespace stimbench
