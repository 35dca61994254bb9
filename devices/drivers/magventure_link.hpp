// Frame exchange with a MagPro over a transport (protocols.md §2.2, §2.4): one command
// frame out, then frames in until the message the command expects. The device also speaks
// unprompted (front panel, every pulse, coil events, undocumented IDs 240/241): such
// well-formed messages are reported as "unsolicited" and skipped, a bounded number per
// exchange. Garbage, a bad CRC or terminator, or a known message with the wrong length is
// a protocol violation: the exchange fails and is never retried (a false PASS is worse).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "devices/core/clock.hpp"
#include "devices/drivers/driver.hpp"
#include "devices/protocols/magventure/codec.hpp"
#include "devices/transport/transport.hpp"

namespace stimbench {

struct MagventureExchange {
  std::optional<magventure::Message> message;  // nullopt: silence was allowed and came
  std::string text;                            // the reply, decoded for humans
  std::int64_t sent_ns = 0;
  std::int64_t received_ns = 0;
};

class MagventureLink {
 public:
  // Messages skipped per exchange before the device counts as babbling.
  static constexpr int kMaxUnsolicited = 512;
  // Longest LEN accepted (every documented message is <= 15); a longer one is garbage.
  static constexpr std::size_t kMaxPayload = 64;

  MagventureLink(Transport& transport, const Clock& clock)
      : transport_(transport), clock_(clock), reader_(kMaxPayload) {}

  // Sends `payload` framed and waits for message `expected_id`. With `silence_ok`, no
  // reply within the timeout is an answer (message nullopt) instead of ErrorCode::timeout.
  Result<MagventureExchange> exchange(const Bytes& payload, std::uint8_t expected_id,
                                      bool silence_ok = false);

  Status send_raw(std::span<const std::uint8_t> bytes);
  Result<Chunk> receive_raw(std::size_t count, std::chrono::nanoseconds timeout);

  // During the next exchange only, message `id` arriving unasked is a violation (e.g. a
  // di/dt after a fire was judged refused by silence: the pulse came late).
  void forbid_next(std::uint8_t id, std::string why) { forbidden_next_ = Forbidden{id, why}; }

  void set_observer(FrameObserver* observer) { observer_ = observer; }
  void set_reply_timeout(std::chrono::nanoseconds timeout) { reply_timeout_ = timeout; }
  std::chrono::nanoseconds reply_timeout() const { return reply_timeout_; }

 private:
  // Outcome of handling the reader's queued entries.
  struct Scan {
    std::optional<magventure::Message> expected;
    std::string text;
  };
  void report(FrameDirection direction, const Bytes& bytes, std::int64_t t_ns,
              const std::string& decoded);
  // Reports every queued entry; stops at message `expected_id` (nullopt: none expected).
  Result<Scan> drain_entries(std::optional<std::uint8_t> expected_id, const std::string& context,
                             int& skipped);
  Status check_no_stray_input();
  Result<MagventureExchange> await(std::uint8_t expected_id, const std::string& command,
                                   std::int64_t sent_ns, bool silence_ok);

  struct Forbidden {
    std::uint8_t id = 0;
    std::string why;
  };
  Result<MagventureExchange> run(const Bytes& payload, std::uint8_t expected_id, bool silence_ok);

  Transport& transport_;
  std::optional<Forbidden> forbidden_next_;  // armed by forbid_next()
  std::optional<Forbidden> forbidden_;       // in force for this exchange
  const Clock& clock_;
  magventure::FrameReader reader_;
  FrameObserver* observer_ = nullptr;
  std::chrono::nanoseconds reply_timeout_ = std::chrono::seconds(1);
  Bytes raw_pending_;  // bytes receive_raw read but did not return
  std::int64_t last_rx_ns_ = 0;
};

}  // namespace stimbench
