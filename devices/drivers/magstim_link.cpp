#include "devices/drivers/magstim_link.hpp"

#include <algorithm>

#include "devices/drivers/link_common.hpp"

namespace stimbench {
namespace {

constexpr std::size_t kCodeFrame = 18;  // `Q` + 16-character code + checksum
constexpr const char* kMaskedText = "enable remote control (unlock code masked)";

bool code_frame_at(std::span<const std::uint8_t> bytes, std::size_t i) {
  return i + kCodeFrame <= bytes.size() && bytes[i] == 'Q' && bytes[i + 1] != magstim::kPadding &&
         magstim::checksum_valid(bytes.subspan(i, kCodeFrame));
}

}  // namespace

bool holds_unlock_code(std::span<const std::uint8_t> frame) {
  for (std::size_t i = 0; i < frame.size(); ++i) {
    if (code_frame_at(frame, i)) return true;
  }
  return false;
}

Bytes mask_unlock_code(std::span<const std::uint8_t> frame) {
  Bytes out(frame.begin(), frame.end());
  for (std::size_t i = 0; i < frame.size(); ++i) {
    if (!code_frame_at(frame, i)) continue;
    std::fill(out.begin() + static_cast<std::ptrdiff_t>(i + 1),
              out.begin() + static_cast<std::ptrdiff_t>(i + kCodeFrame), std::uint8_t{'*'});
    i += kCodeFrame - 1;
  }
  return out;
}

void MagstimLink::report(FrameDirection direction, const Bytes& bytes, std::int64_t t_ns,
                         const std::string& decoded, std::uint64_t dropped, bool partial) {
  if (observer_ != nullptr)
    observer_->on_frame(FrameEvent{direction, bytes, t_ns, decoded, dropped, partial});
}

std::size_t MagstimLink::drain_into(Bytes& bytes, const std::string& decoded) {
  // Bounded: every chunk goes to the transcript as it comes, `bytes` keeps only the start.
  std::size_t read = 0;
  while (read < link::kMaxStrayBytes) {
    auto chunk = transport_.read_some(std::chrono::nanoseconds(0));
    if (!chunk) break;
    read += chunk->data.size();
    report(FrameDirection::rx, chunk->data, chunk->t_ns, decoded);
    std::size_t room = bytes.size() < kQuotedBytes ? kQuotedBytes - bytes.size() : 0;
    bytes.insert(
        bytes.end(), chunk->data.begin(),
        chunk->data.begin() + static_cast<std::ptrdiff_t>(std::min(room, chunk->data.size())));
  }
  return read;
}

Status MagstimLink::check_no_unsolicited_input() {
  // Anything already waiting was not asked for: it would be read as the next reply.
  Bytes stale = std::move(pending_);
  pending_.clear();
  std::size_t total = stale.size();
  if (!stale.empty()) report(FrameDirection::rx, stale, clock_.now_ns(), "unsolicited");
  total += drain_into(stale, "unsolicited");
  if (total == 0) return Status::success();
  return make_error(ErrorCode::protocol_violation,
                    "device sent bytes nobody asked for: [" + quote_hex(stale, total) + "]" +
                        (total >= link::kMaxStrayBytes ? " (still sending)" : ""));
}

Result<MagstimExchange> MagstimLink::exchange(const Bytes& frame, const magstim::Version& version,
                                              bool secret, bool despite_stray_input) {
  if (frame.empty()) return make_error(ErrorCode::internal, "empty Magstim frame");
  Bytes shown = frame;
  if (secret) std::fill(shown.begin() + 1, shown.end(), std::uint8_t{'*'});
  const std::string what = secret ? kMaskedText : magstim::describe_command(frame);
  auto reader = magstim::ReplyReader::create(static_cast<char>(frame[0]), version);
  if (!reader) return reader.error();
  Status clean = check_no_unsolicited_input();
  if (!clean && !despite_stray_input)
    return clean.error().with_context("before " + what + " was sent");
  const std::int64_t sent_ns = clock_.now_ns();  // first byte: stamped before write()
  if (Status written = transport_.write(frame, link::kWriteTimeout); !written) {
    return written.error().with_context("sending " + what + " [" + to_hex(shown) + "]");
  }
  report(FrameDirection::tx, shown, sent_ns, what);

  const std::int64_t deadline = sent_ns + reply_timeout_.count();
  Bytes received;
  std::int64_t last_rx_ns = 0;
  std::optional<Result<magstim::Reply>> outcome;
  while (!(outcome = reader->poll())) {
    const std::int64_t remaining = deadline - clock_.now_ns();
    if (remaining <= 0) {
      outcome = reader->finish();
      break;
    }
    auto chunk = transport_.read_some(std::chrono::nanoseconds(remaining));
    if (!chunk) {
      if (chunk.error().code == ErrorCode::timeout) continue;
      if (!received.empty())
        report(FrameDirection::rx, received, clock_.now_ns(),
               "partial (" + chunk.error().message + ")", 0, true);
      return chunk.error().with_context("reading the reply to " + what);
    }
    last_rx_ns = chunk->t_ns;
    received.insert(received.end(), chunk->data.begin(), chunk->data.end());
    reader->feed(chunk->data);
  }
  const std::int64_t received_ns = last_rx_ns > sent_ns ? last_rx_ns : clock_.now_ns();

  if (!outcome->ok()) {
    // Never resynchronise silently: record every byte that came, fail the step.
    const Error& error = outcome->error();
    if (error.code == ErrorCode::timeout) {
      if (!received.empty())
        report(FrameDirection::rx, received, received_ns, "partial (no complete reply in time)", 0,
               true);
      return make_error(ErrorCode::timeout,
                        "no reply to " + what + " within " + link::ms_text(reply_timeout_) +
                            " [sent " + to_hex(shown) + "]" +
                            (received.empty() ? "" : " (partial: [" + quote_hex(received) + "])"));
    }
    report(FrameDirection::rx, received, received_ns, "protocol violation");
    std::size_t total = received.size() + drain_into(received, "protocol violation (more)");
    return make_error(
        ErrorCode::protocol_violation,
        error.message + " to " + what + "; received [" + quote_hex(received, total) + "]");
  }
  const magstim::Reply& reply = outcome->value();
  if (!reader->remainder().empty()) {
    report(FrameDirection::rx, received, received_ns, "protocol violation: over-long reply");
    return make_error(ErrorCode::protocol_violation,
                      "reply to " + what + " over-long by " +
                          std::to_string(reader->remainder().size()) + " bytes; received [" +
                          quote_hex(received) + "]");
  }
  report(FrameDirection::rx, reply.frame, received_ns, magstim::describe_reply(reply, version));
  if (!clean) return clean.error().with_context("before " + what + " was sent (sent all the same)");
  return MagstimExchange{reply, sent_ns, received_ns};
}

Status MagstimLink::send_raw(std::span<const std::uint8_t> bytes) {
  if (Status clean = check_no_unsolicited_input(); !clean) return clean.error();
  const bool secret = holds_unlock_code(bytes);
  Bytes shown = secret ? mask_unlock_code(bytes) : Bytes(bytes.begin(), bytes.end());
  if (Status written = transport_.write(bytes, link::kWriteTimeout); !written) {
    return written.error().with_context("sending [" + to_hex(shown) + "]");
  }
  std::string decoded = secret ? std::string(kMaskedText)
                        : bytes.size() >= 2 && magstim::checksum_valid(bytes)
                            ? magstim::describe_command(bytes)
                            : "raw " + escape_bytes(bytes);
  report(FrameDirection::tx, shown, clock_.now_ns(), decoded);
  return Status::success();
}

Result<Chunk> MagstimLink::receive_raw(std::size_t count, std::chrono::nanoseconds timeout) {
  auto partial = [this](const Bytes& bytes, std::int64_t t_ns) {
    report(FrameDirection::rx, bytes, t_ns, "partial", 0, true);
  };
  auto out = link::receive_exactly(transport_, clock_, pending_, count, timeout, partial);
  if (out) report(FrameDirection::rx, out->data, out->t_ns, escape_bytes(out->data));
  return out;
}

}  // namespace stimbench
