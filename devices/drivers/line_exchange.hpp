// Command/reply exchange over a transport for line-oriented protocols: one deadline per
// reply, every frame reported to the observer as it crosses the wire.
#pragma once

#include <chrono>
#include <string>

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
  LineExchange(Transport& transport, const Clock& clock) : transport_(transport), clock_(clock) {}

  // Writes `line` (which ends in '\n') and returns the next reply line. Bytes that arrive
  // unasked before the command are a protocol violation: they would shift every reply.
  Result<LineReply> exchange(const std::string& line);

  Status send_raw(std::span<const std::uint8_t> bytes);
  Result<Chunk> receive_raw(std::size_t count, std::chrono::nanoseconds timeout);

  void set_observer(FrameObserver* observer) { observer_ = observer; }
  void set_reply_timeout(std::chrono::nanoseconds timeout) { reply_timeout_ = timeout; }

 private:
  void report(FrameDirection direction, const Bytes& bytes, std::int64_t t_ns,
              const std::string& decoded);
  Result<LineReply> read_line(std::int64_t sent_ns);
  Status check_no_unsolicited_input();

  Transport& transport_;
  const Clock& clock_;
  FrameObserver* observer_ = nullptr;
  std::chrono::nanoseconds reply_timeout_ = std::chrono::seconds(1);
  std::string pending_;  // received bytes not yet consumed
  std::int64_t last_rx_ns_ = 0;
};

}  // namespace stimbench
