#include "devices/drivers/line_exchange.hpp"

#include <algorithm>

#include "devices/drivers/link_common.hpp"

namespace stimbench {
namespace {

std::string limit_text() {
  return "line longer than " + std::to_string(LineExchange::kMaxLine) + " bytes";
}

std::span<const std::uint8_t> byte_view(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::string quote(std::string_view text) {
  return quote_bytes(byte_view(text.substr(0, kQuotedBytes)), text.size());
}

}  // namespace

void LineExchange::report(FrameDirection direction, std::span<const std::uint8_t> bytes,
                          std::int64_t t_ns, std::string_view decoded, std::uint64_t dropped,
                          bool partial) {
  if (observer_ == nullptr) return;
  frame_.direction = direction;
  frame_.bytes.assign(bytes.begin(), bytes.end());
  frame_.t_ns = t_ns;
  frame_.decoded.assign(decoded);
  frame_.dropped_bytes = dropped;
  frame_.partial = partial;
  observer_->on_frame(frame_);
}

void LineExchange::report_escaped(FrameDirection direction, std::span<const std::uint8_t> bytes,
                                  std::int64_t t_ns, std::string_view text) {
  if (observer_ == nullptr) return;
  escaped_.clear();
  append_escaped(escaped_, byte_view(text));
  report(direction, bytes, t_ns, escaped_);
}

void LineExchange::take(const Chunk& chunk) {
  last_rx_ns_ = chunk.t_ns;
  auto begin = chunk.data.begin();
  if (discarding_) {
    auto newline = std::find(begin, chunk.data.end(), std::uint8_t{'\n'});
    auto end = newline == chunk.data.end() ? newline : newline + 1;
    std::span<const std::uint8_t> dropped(begin, end);
    dropped_bytes_ += dropped.size();
    report(FrameDirection::rx, dropped, chunk.t_ns,
           "dropped: rest of a " + limit_text() + " (" + std::to_string(dropped_bytes_) +
               " bytes dropped so far)",
           dropped.size());
    discarding_ = newline == chunk.data.end();
    begin = end;
  }
  pending_.append(begin, chunk.data.end());
}

Error LineExchange::drop_overlong_line() {
  Bytes dropped = to_bytes(pending_);
  dropped_bytes_ += dropped.size();
  report(FrameDirection::rx, dropped, last_rx_ns_, "dropped: " + limit_text(), dropped.size());
  std::string head = quote(pending_);
  pending_.clear();
  discarding_ = true;
  return make_error(ErrorCode::protocol_violation, "reply " + limit_text() + ": \"" + head + "\"");
}

Status LineExchange::collect_stray_input() {
  // Left over after the last reply (a double reply), then anything already waiting: none of
  // it was asked for. Read without blocking, and only so much: a flood must not stall us.
  std::string stray;
  std::size_t stray_total = 0;
  auto note_stray = [&](std::int64_t t_ns) {
    if (pending_.empty()) return;
    report(FrameDirection::rx, to_bytes(pending_), t_ns, "unsolicited");
    stray_total += pending_.size();
    if (stray.size() < kQuotedBytes) stray += pending_.substr(0, kQuotedBytes - stray.size());
    pending_.clear();
  };
  note_stray(last_rx_ns_);
  std::size_t read = 0;
  while (read < kMaxStrayBytes) {
    auto chunk = transport_.read_some(std::chrono::nanoseconds(0));
    if (!chunk) {
      if (chunk.error().code == ErrorCode::timeout) break;
      return chunk.error();
    }
    read += chunk->data.size();
    take(*chunk);
    note_stray(chunk->t_ns);
  }
  if (read >= kMaxStrayBytes) {
    return make_error(ErrorCode::protocol_violation,
                      "device keeps sending unasked: over " + std::to_string(kMaxStrayBytes) +
                          " bytes waiting before a command" +
                          (discarding_ ? " (a " + limit_text() + ")" : ""));
  }
  if (stray_total == 0) return Status::success();
  return make_error(
      ErrorCode::protocol_violation,
      "device sent bytes nobody asked for: \"" + quote_bytes(to_bytes(stray), stray_total) + "\"");
}

Result<LineReply> LineExchange::exchange(const std::string& line, bool despite_stray_input) {
  Status clean = collect_stray_input();
  if (!clean && !despite_stray_input) return clean.error();
  const std::span<const std::uint8_t> bytes = byte_view(line);
  // Latency runs from the first byte written, so the stamp is taken before write().
  const std::int64_t sent_ns = clock_.now_ns();
  if (auto written = transport_.write(bytes, link::kWriteTimeout); !written) {
    return written.error().with_context("sending " + escape_bytes(bytes));
  }
  std::string_view decoded = line;
  while (!decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r'))
    decoded.remove_suffix(1);
  report_escaped(FrameDirection::tx, bytes, sent_ns, decoded);
  auto reply = read_line(sent_ns);
  if (!clean) {
    if (!reply)
      return reply.error().with_context("after stray input (" + clean.error().message + ")");
    return clean.error();
  }
  return reply;
}

Result<LineReply> LineExchange::read_line(std::int64_t sent_ns) {
  const std::int64_t deadline = sent_ns + reply_timeout_.count();
  // What is given up on still goes to the transcript, as one partial frame.
  auto give_up_partial = [this](const std::string& why) -> std::string {
    if (pending_.empty()) return "";
    report(FrameDirection::rx, to_bytes(pending_), clock_.now_ns(), "partial (" + why + ")", 0,
           true);
    std::string shown = " (partial: \"" + quote(pending_) + "\")";
    pending_.clear();
    return shown;
  };
  for (;;) {
    auto newline = pending_.find('\n');
    const bool fits =
        newline != std::string::npos &&
        (newline <= kMaxLine || (newline == kMaxLine + 1 && pending_[kMaxLine] == '\r'));
    if (fits) {
      const std::string_view frame(pending_.data(), newline + 1);
      std::string_view text = frame.substr(0, newline);
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      // The reply is complete when the chunk holding its terminator arrived.
      LineReply reply{std::string(text), sent_ns,
                      last_rx_ns_ > sent_ns ? last_rx_ns_ : clock_.now_ns()};
      report_escaped(FrameDirection::rx, byte_view(frame), reply.received_ns, text);
      pending_.erase(0, newline + 1);
      return reply;
    }
    // One byte of slack keeps a kMaxLine line ending in "\r\n" legal.
    if (pending_.size() > kMaxLine + 1) {
      if (newline != std::string::npos) {  // the long line ended in this chunk: drop it whole
        Bytes dropped = to_bytes(pending_.substr(0, newline + 1));
        dropped_bytes_ += dropped.size();
        report(FrameDirection::rx, dropped, last_rx_ns_, "dropped: " + limit_text(),
               dropped.size());
        std::string head = quote(pending_.substr(0, newline + 1));
        pending_.erase(0, newline + 1);
        return make_error(ErrorCode::protocol_violation,
                          "reply " + limit_text() + ": \"" + head + "\"");
      }
      return drop_overlong_line();
    }
    std::int64_t remaining = deadline - clock_.now_ns();
    if (remaining <= 0) {
      std::string partial = give_up_partial("no line end in time");
      return make_error(ErrorCode::timeout, "no complete reply within " +
                                                std::to_string(reply_timeout_.count() / 1'000'000) +
                                                " ms" + partial);
    }
    auto chunk = transport_.read_some(std::chrono::nanoseconds(remaining));
    if (!chunk) {
      if (chunk.error().code == ErrorCode::timeout) continue;
      std::string partial = give_up_partial(chunk.error().message);
      return partial.empty() ? chunk.error()
                             : chunk.error().with_context("reply cut off" + partial);
    }
    take(*chunk);
  }
}

Status LineExchange::send_raw(std::span<const std::uint8_t> bytes) {
  if (auto clean = collect_stray_input(); !clean) return clean.error();
  if (auto written = transport_.write(bytes, link::kWriteTimeout); !written) return written.error();
  Bytes copy(bytes.begin(), bytes.end());
  report(FrameDirection::tx, copy, clock_.now_ns(), escape_bytes(copy));
  return Status::success();
}

Result<Chunk> LineExchange::receive_raw(std::size_t count, std::chrono::nanoseconds timeout) {
  // Raw reads share the line buffer: bytes a raw read leaves stay for the next line.
  Bytes pending = to_bytes(pending_);
  auto partial = [this](const Bytes& bytes, std::int64_t t_ns) {
    report(FrameDirection::rx, bytes, t_ns, "partial", 0, true);
  };
  auto out = link::receive_exactly(transport_, clock_, pending, count, timeout, partial);
  pending_.assign(pending.begin(), pending.end());
  if (out) report(FrameDirection::rx, out->data, out->t_ns, escape_bytes(out->data));
  return out;
}

}  // namespace stimbench
