// Frame exchange with a MagPro over a transport (protocols.md §2.2, §2.4): one command
// frame out, then frames in until the first of the messages the command may get. The device
// also speaks unprompted (front panel, every pulse, coil events, undocumented IDs 240/241):
// such well-formed messages are reported as "unsolicited" and skipped, a bounded number per
// exchange (di/dt messages aside: a long train sends one per pulse). Garbage, a bad CRC or
// terminator, or a known message with the wrong length is a protocol violation: the exchange
// fails and is never retried (a false PASS is worse).
// Every di/dt message (message 2) that crosses the link, asked for or not, is counted: the
// MagPro reports pulses only this way.
#pragma once

#include <bitset>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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
  std::uint64_t pulses_at_send = 0;  // the link's di/dt count when the command went out
};

// The message IDs that may answer a command, in the order the error text names them.
class MessageIds {
 public:
  MessageIds(std::initializer_list<std::uint8_t> ids) : order_(ids) {
    for (std::uint8_t id : ids) set_.set(id);
  }
  bool has(std::uint8_t id) const { return set_.test(id); }
  std::string text() const;  // "message 1", "message 8, 2 or 4"

 private:
  std::vector<std::uint8_t> order_;
  std::bitset<256> set_;
};

class MagventureLink {
 public:
  // Messages skipped per exchange before the device counts as babbling.
  static constexpr int kMaxUnsolicited = 512;
  // Longest LEN accepted (every documented message is <= 15); a longer one is garbage.
  static constexpr std::size_t kMaxPayload = 64;
  // di/dt arrival times held for a caller that never takes them (8 bytes each).
  static constexpr std::size_t kMaxPulseTimes = 1'000'000;

  MagventureLink(Transport& transport, const Clock& clock)
      : transport_(transport), clock_(clock), reader_(kMaxPayload) {}

  // Sends `payload` framed and waits for the first message among `accepted`; any other
  // message before it is unsolicited. With `silence_ok`, no such message within the timeout
  // is an answer (message nullopt) instead of ErrorCode::timeout.
  Result<MagventureExchange> exchange_first(const Bytes& payload, const MessageIds& accepted,
                                            bool silence_ok);
  // The same for exactly one documented reply.
  Result<MagventureExchange> exchange(const Bytes& payload, std::uint8_t expected_id,
                                      bool silence_ok = false) {
    return exchange_first(payload, {expected_id}, silence_ok);
  }

  // di/dt messages seen since the link was made: every one, and those whose own status
  // byte said "disabled" (a pulse while the device claimed to be off).
  std::uint64_t pulses_seen() const { return pulses_seen_; }
  std::uint64_t pulses_seen_disabled() const { return pulses_seen_disabled_; }
  // Arrival times of the di/dt messages since the last call (at most kMaxPulseTimes kept).
  std::vector<std::int64_t> take_pulse_times() { return std::exchange(pulse_times_, {}); }
  // The device acknowledged an enable (true) or a disable (false).
  void note_enabled(bool on);
  // Pulses since the last enable that came while the device said it was disabled: di/dt
  // after the first acknowledged disable, or di/dt whose own status byte shows disabled.
  std::uint64_t pulses_while_disabled() const;

  Status send_raw(std::span<const std::uint8_t> bytes);
  Result<Chunk> receive_raw(std::size_t count, std::chrono::nanoseconds timeout);

  // During the next exchange only, message `id` arriving unasked is a violation (e.g. a
  // di/dt after a fire was judged refused by silence: the pulse came late).
  void forbid_next(std::uint8_t id, std::string why) { forbidden_next_ = Forbidden{id, why}; }
  // The next exchange goes out even after stray input (the closing disable must reach a
  // misbehaving device); the stray input is still returned as the violation it is.
  void send_next_despite_stray_input() { despite_stray_next_ = true; }

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
              const std::string& decoded, bool partial = false);
  // Reports every queued entry; stops at the first message in `accepted` (nullptr: none).
  Result<Scan> drain_entries(const MessageIds* accepted, const std::string& context, int& skipped);
  void count_pulse(const magventure::Message& message, std::int64_t t_ns);
  Status check_no_stray_input();
  // The connection failed mid-frame: whatever the reader holds goes to the transcript, partial.
  void report_leftovers(const std::string& why);
  Result<MagventureExchange> await(const MessageIds& accepted, const std::string& command,
                                   std::int64_t sent_ns, bool silence_ok);

  struct Forbidden {
    std::uint8_t id = 0;
    std::string why;
  };
  Result<MagventureExchange> run(const Bytes& payload, const MessageIds& accepted, bool silence_ok);

  Transport& transport_;
  std::optional<Forbidden> forbidden_next_;  // armed by forbid_next()
  bool despite_stray_next_ = false;          // armed by send_next_despite_stray_input()
  std::optional<Forbidden> forbidden_;       // in force for this exchange
  const Clock& clock_;
  magventure::FrameReader reader_;
  FrameObserver* observer_ = nullptr;
  std::chrono::nanoseconds reply_timeout_ = std::chrono::seconds(1);
  Bytes raw_pending_;  // bytes receive_raw read but did not return
  std::int64_t last_rx_ns_ = 0;
  std::uint64_t pulses_seen_ = 0;
  std::uint64_t pulses_seen_disabled_ = 0;
  std::vector<std::int64_t> pulse_times_;
  std::optional<std::uint64_t> pulses_at_disable_;  // pulses_seen_ at the first disable
  std::uint64_t disabled_at_enable_ = 0;            // pulses_seen_disabled_ at the enable
};

}  // namespace stimbench
