// Command/reply exchange over a transport for line-oriented protocols: one deadline per
// reply, every frame reported to the observer as it crosses the wire.
//
// Bounds (docs/robustness.md): a reply line holds at most kMaxLine bytes; the rest of a longer
// line is dropped up to its '\n', counted, and reported as rx frames marked `dropped_bytes`,
// so the transcript still has every byte while memory stays at a few KiB. Unasked input read
// before one command is capped at kMaxStrayBytes (a flooding device cannot stall the run).
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "devices/core/clock.hpp"
#include "devices/drivers/driver.hpp"
#include "devices/transport/transport.hpp"

namespace stimbench {

struct LineReply {
  std::string text;  // without the terminator
  std::int64_t sent_ns = 0;
  std::int64_t received_ns = 0;
};

class LineExchange {
 public:
  static constexpr std::size_t kMaxLine = 4096;
  static constexpr std::size_t kMaxStrayBytes = 64 * 1024;

  LineExchange(Transport& transport, const Clock& clock) : transport_(transport), clock_(clock) {}

  // Writes `line` (which ends in '\n') and returns the next reply line. Bytes that arrive
  // unasked before the command are a protocol violation: they would shift every reply.
  // With `despite_stray_input` (the closing disarm) the line goes out and its reply is read
  // all the same; the violation is still returned.
  Result<LineReply> exchange(const std::string& line, bool despite_stray_input = false);

  Status send_raw(std::span<const std::uint8_t> bytes);
  Result<Chunk> receive_raw(std::size_t count, std::chrono::nanoseconds timeout);

  void set_observer(FrameObserver* observer) { observer_ = observer; }
  void set_reply_timeout(std::chrono::nanoseconds timeout) { reply_timeout_ = timeout; }
  // Bytes dropped from overlong lines so far (each one is in the transcript).
  std::uint64_t dropped_bytes() const { return dropped_bytes_; }

 private:
  // Reports through the reused frame_: no allocation per frame once its buffers have grown.
  void report(FrameDirection direction, std::span<const std::uint8_t> bytes, std::int64_t t_ns,
              std::string_view decoded, std::uint64_t dropped = 0, bool partial = false);
  // The same with `decoded` the escaped form of `text` (escape_bytes).
  void report_escaped(FrameDirection direction, std::span<const std::uint8_t> bytes,
                      std::int64_t t_ns, std::string_view text);
  Result<LineReply> read_line(std::int64_t sent_ns);
  // Queues one chunk; bytes that continue an overlong line are reported and dropped.
  void take(const Chunk& chunk);
  // pending_ holds more than kMaxLine bytes and no '\n': report, drop, resync at the next '\n'.
  Error drop_overlong_line();
  Status collect_stray_input();

  Transport& transport_;
  const Clock& clock_;
  FrameObserver* observer_ = nullptr;
  std::chrono::nanoseconds reply_timeout_ = std::chrono::seconds(1);
  std::string pending_;      // received bytes not yet consumed: at most kMaxLine + one chunk
  bool discarding_ = false;  // inside an overlong line: drop up to the next '\n'
  std::uint64_t dropped_bytes_ = 0;
  std::int64_t last_rx_ns_ = 0;
  FrameEvent frame_;     // what report() hands the observer
  std::string escaped_;  // report_escaped()'s buffer
};

}  // namespace stimbench
