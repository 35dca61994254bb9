#include "devices/drivers/line_exchange.hpp"

#include "devices/drivers/link_common.hpp"

namespace stimbench {
namespace {
constexpr std::size_t kMaxLine = 4096;
}  // namespace

void LineExchange::report(FrameDirection direction, const Bytes& bytes, std::int64_t t_ns,
                          const std::string& decoded) {
  if (observer_ != nullptr) observer_->on_frame(FrameEvent{direction, bytes, t_ns, decoded});
}

Status LineExchange::check_no_unsolicited_input() {
  // Anything already waiting was not asked for; collect it without blocking.
  for (;;) {
    auto chunk = transport_.read_some(std::chrono::nanoseconds(0));
    if (!chunk) {
      if (chunk.error().code == ErrorCode::timeout) break;
      return chunk.error();
    }
    report(FrameDirection::rx, chunk->data, chunk->t_ns, "unsolicited");
    pending_.append(chunk->data.begin(), chunk->data.end());
  }
  if (pending_.empty()) return Status::success();
  std::string stale = escape_bytes(to_bytes(pending_));
  pending_.clear();
  return make_error(ErrorCode::protocol_violation,
                    "device sent bytes nobody asked for: \"" + stale + "\"");
}

Result<LineReply> LineExchange::exchange(const std::string& line) {
  if (auto clean = check_no_unsolicited_input(); !clean) return clean.error();
  Bytes bytes = to_bytes(line);
  if (auto written = transport_.write(bytes, link::kWriteTimeout); !written) {
    return written.error().with_context("sending " + escape_bytes(bytes));
  }
  std::int64_t sent_ns = clock_.now_ns();
  std::string decoded = line;
  while (!decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r')) decoded.pop_back();
  report(FrameDirection::tx, bytes, sent_ns, escape_bytes(to_bytes(decoded)));
  return read_line(sent_ns);
}

Result<LineReply> LineExchange::read_line(std::int64_t sent_ns) {
  const std::int64_t deadline = sent_ns + reply_timeout_.count();
  for (;;) {
    auto newline = pending_.find('\n');
    if (newline != std::string::npos) {
      std::string text = pending_.substr(0, newline);
      Bytes frame = to_bytes(pending_.substr(0, newline + 1));
      pending_.erase(0, newline + 1);
      if (!text.empty() && text.back() == '\r') text.pop_back();
      // The reply is complete when the chunk holding its terminator arrived.
      LineReply reply{text, sent_ns, last_rx_ns_ > sent_ns ? last_rx_ns_ : clock_.now_ns()};
      report(FrameDirection::rx, frame, reply.received_ns, escape_bytes(to_bytes(text)));
      return reply;
    }
    if (pending_.size() > kMaxLine) {
      std::string garbage = escape_bytes(to_bytes(pending_.substr(0, 64)));
      pending_.clear();
      return make_error(ErrorCode::protocol_violation,
                        "reply longer than " + std::to_string(kMaxLine) + " bytes: " + garbage);
    }
    std::int64_t remaining = deadline - clock_.now_ns();
    if (remaining <= 0) {
      std::string partial = pending_;
      pending_.clear();
      if (!partial.empty())
        report(FrameDirection::rx, to_bytes(partial), clock_.now_ns(), "partial");
      return make_error(
          ErrorCode::timeout,
          "no complete reply within " + std::to_string(reply_timeout_.count() / 1'000'000) + " ms" +
              (partial.empty() ? "" : " (partial: \"" + escape_bytes(to_bytes(partial)) + "\")"));
    }
    auto chunk = transport_.read_some(std::chrono::nanoseconds(remaining));
    if (!chunk) {
      if (chunk.error().code == ErrorCode::timeout) continue;
      return chunk.error();
    }
    last_rx_ns_ = chunk->t_ns;
    pending_.append(chunk->data.begin(), chunk->data.end());
  }
}

Status LineExchange::send_raw(std::span<const std::uint8_t> bytes) {
  if (auto clean = check_no_unsolicited_input(); !clean) return clean.error();
  if (auto written = transport_.write(bytes, link::kWriteTimeout); !written) return written.error();
  Bytes copy(bytes.begin(), bytes.end());
  report(FrameDirection::tx, copy, clock_.now_ns(), escape_bytes(copy));
  return Status::success();
}

Result<Chunk> LineExchange::receive_raw(std::size_t count, std::chrono::nanoseconds timeout) {
  // Raw reads share the line buffer: bytes a raw read leaves stay for the next line.
  Bytes pending = to_bytes(pending_);
  auto partial = [this](const Bytes& bytes, std::int64_t t_ns) {
    report(FrameDirection::rx, bytes, t_ns, "partial");
  };
  auto out = link::receive_exactly(transport_, clock_, pending, count, timeout, partial);
  pending_.assign(pending.begin(), pending.end());
  if (out) report(FrameDirection::rx, out->data, out->t_ns, escape_bytes(out->data));
  return out;
}

}  // namespace stimbench
