#include "devices/drivers/magventure_link.hpp"

#include <algorithm>

#include "devices/drivers/link_common.hpp"

namespace stimbench {
namespace {

namespace mv = magventure;

Bytes reframe(const Bytes& payload) {
  // The reader validated the frame, so re-encoding gives back the bytes that arrived.
  auto frame = mv::encode_frame(payload);
  return frame ? *frame : payload;
}

}  // namespace

std::string MessageIds::text() const {
  std::string out = "message ";
  for (std::size_t i = 0; i < order_.size(); ++i) {
    if (i > 0) out += i + 1 == order_.size() ? " or " : ", ";
    out += std::to_string(order_[i]);
  }
  return out;
}

void MagventureLink::count_pulse(const mv::Message& message, std::int64_t t_ns) {
  const auto* didt = std::get_if<mv::DidtMessage>(&message);
  if (didt == nullptr) return;
  ++pulses_seen_;
  if (pulse_times_.size() < kMaxPulseTimes) pulse_times_.push_back(t_ns);
  if (!didt->status.enabled) ++pulses_seen_disabled_;
}

void MagventureLink::note_enabled(bool on) {
  if (on) {
    pulses_at_disable_.reset();
    disabled_at_enable_ = pulses_seen_disabled_;
  } else if (!pulses_at_disable_) {
    pulses_at_disable_ = pulses_seen_;  // a second disable must not wipe what came after the first
  }
}

std::uint64_t MagventureLink::pulses_while_disabled() const {
  const std::uint64_t after_disable = pulses_at_disable_ ? pulses_seen_ - *pulses_at_disable_ : 0;
  return std::max(after_disable, pulses_seen_disabled_ - disabled_at_enable_);
}

void MagventureLink::report(FrameDirection direction, const Bytes& bytes, std::int64_t t_ns,
                            const std::string& decoded, bool partial) {
  if (observer_ != nullptr)
    observer_->on_frame(FrameEvent{direction, bytes, t_ns, decoded, 0, partial});
}

void MagventureLink::report_leftovers(const std::string& why) {
  reader_.flush();
  const std::int64_t t = last_rx_ns_ != 0 ? last_rx_ns_ : clock_.now_ns();
  while (auto entry = reader_.next()) {
    bool garbage = entry->kind == mv::FrameReader::Entry::Kind::garbage;
    report(FrameDirection::rx, garbage ? entry->bytes : reframe(entry->bytes), t,
           "partial (" + why + ")", true);
  }
}

Result<MagventureLink::Scan> MagventureLink::drain_entries(const MessageIds* accepted,
                                                           const std::string& context,
                                                           int& skipped) {
  while (auto entry = reader_.next()) {
    const std::int64_t t = last_rx_ns_ != 0 ? last_rx_ns_ : clock_.now_ns();
    if (entry->kind == mv::FrameReader::Entry::Kind::garbage) {
      report(FrameDirection::rx, entry->bytes, t,
             "garbage: " + std::to_string(entry->bytes.size()) +
                 " bytes that are no valid frame (bad CRC, terminator or framing)");
      return make_error(ErrorCode::protocol_violation,
                        context + ": device sent bytes that are no valid MagVenture frame: " +
                            quote_hex(entry->bytes));
    }
    Bytes frame = reframe(entry->bytes);
    auto message = mv::parse_message(entry->bytes);
    if (!message) {
      report(FrameDirection::rx, frame, t, "unreadable: " + message.error().message);
      return message.error().with_context(context);
    }
    count_pulse(*message, t);
    std::string text = mv::describe(*message);
    const std::uint8_t id = entry->bytes[0];
    if (accepted != nullptr && accepted->has(id)) {
      report(FrameDirection::rx, frame, t, text);
      return Scan{std::move(message).value(), text};
    }
    report(FrameDirection::rx, frame, t, "unsolicited " + text);
    if (forbidden_ && id == forbidden_->id) {
      return make_error(ErrorCode::protocol_violation, context + ": " + forbidden_->why);
    }
    // One di/dt per pulse: a train between two commands may send thousands.
    if (id != mv::message_ids::kDidt && ++skipped > kMaxUnsolicited) {
      return make_error(
          ErrorCode::protocol_violation,
          context + ": more than " + std::to_string(kMaxUnsolicited) + " unsolicited messages");
    }
  }
  return Scan{};
}

Status MagventureLink::check_no_stray_input() {
  // Unread bytes are fine only as whole unsolicited messages (the device speaks unasked).
  if (!raw_pending_.empty()) {
    reader_.feed(raw_pending_);
    raw_pending_.clear();
  }
  // Bounded: a device that floods the line fails the command instead of stalling the run,
  // and entries are judged chunk by chunk so the reader's queue stays small.
  int skipped = 0;
  for (std::size_t read = 0;;) {
    if (read >= link::kMaxStrayBytes) {
      return make_error(ErrorCode::protocol_violation, "device keeps sending unasked: over " +
                                                           std::to_string(link::kMaxStrayBytes) +
                                                           " bytes before a command");
    }
    auto chunk = transport_.read_some(std::chrono::nanoseconds(0));
    if (!chunk) {
      if (chunk.error().code == ErrorCode::timeout) break;
      report_leftovers(chunk.error().message);
      return chunk.error();
    }
    read += chunk->data.size();
    last_rx_ns_ = chunk->t_ns;
    reader_.feed(chunk->data);
    auto scan = drain_entries(nullptr, "before sending a command", skipped);
    if (!scan) return scan.error();
  }
  auto scan = drain_entries(nullptr, "before sending a command", skipped);
  if (!scan) return scan.error();
  // A partial frame may be a message still arriving; it is judged with the reply.
  return Status::success();
}

Result<MagventureExchange> MagventureLink::exchange_first(const Bytes& payload,
                                                          const MessageIds& accepted,
                                                          bool silence_ok) {
  forbidden_ = std::move(forbidden_next_);
  forbidden_next_.reset();
  auto result = run(payload, accepted, silence_ok);
  forbidden_.reset();
  return result;
}

Result<MagventureExchange> MagventureLink::run(const Bytes& payload, const MessageIds& accepted,
                                               bool silence_ok) {
  const bool despite_stray = despite_stray_next_;
  despite_stray_next_ = false;
  Status clean = check_no_stray_input();
  if (!clean && !despite_stray) return clean.error();
  auto frame = mv::encode_frame(payload);
  if (!frame) return frame.error();
  const std::string command = mv::describe_command(payload);
  const std::int64_t sent_ns = clock_.now_ns();  // first byte: stamped before write()
  if (Status written = transport_.write(*frame, link::kWriteTimeout); !written) {
    return written.error().with_context("sending " + to_hex(*frame));
  }
  report(FrameDirection::tx, *frame, sent_ns, command);
  const std::uint64_t pulses_at_send = pulses_seen_;
  auto out = await(accepted, command, sent_ns, silence_ok);
  if (out) out->pulses_at_send = pulses_at_send;
  if (!clean && out)
    return clean.error().with_context("before \"" + command + "\" (sent all the same)");
  return out;
}

Result<MagventureExchange> MagventureLink::await(const MessageIds& accepted,
                                                 const std::string& command, std::int64_t sent_ns,
                                                 bool silence_ok) {
  const std::int64_t deadline = sent_ns + reply_timeout_.count();
  const std::string context = "waiting for " + accepted.text() + " after \"" + command + "\"";
  int skipped = 0;
  bool flushed = false;
  for (;;) {
    auto scan = drain_entries(&accepted, context, skipped);
    if (!scan) return scan.error();
    if (scan->expected) {
      std::int64_t received = last_rx_ns_ > sent_ns ? last_rx_ns_ : clock_.now_ns();
      return MagventureExchange{std::move(scan->expected), scan->text, sent_ns, received, 0};
    }
    std::int64_t remaining = deadline - clock_.now_ns();
    if (remaining <= 0) {
      // The line went quiet: a held-back partial frame will not complete. Judge its bytes.
      if (!flushed && reader_.buffered() > 0) {
        flushed = true;
        reader_.flush();
        continue;
      }
      if (silence_ok) return MagventureExchange{std::nullopt, "", sent_ns, clock_.now_ns(), 0};
      return make_error(ErrorCode::timeout, "no " + accepted.text() + " within " +
                                                link::ms_text(reply_timeout_) + " after \"" +
                                                command + "\"");
    }
    auto chunk = transport_.read_some(std::chrono::nanoseconds(remaining));
    if (!chunk) {
      if (chunk.error().code == ErrorCode::timeout) continue;
      report_leftovers(chunk.error().message);
      return chunk.error().with_context(context);
    }
    last_rx_ns_ = chunk->t_ns;
    reader_.feed(chunk->data);
  }
}

Status MagventureLink::send_raw(std::span<const std::uint8_t> bytes) {
  if (Status clean = check_no_stray_input(); !clean) return clean.error();
  if (Status written = transport_.write(bytes, link::kWriteTimeout); !written)
    return written.error();
  Bytes copy(bytes.begin(), bytes.end());
  auto payload = mv::decode_frame(copy);
  report(FrameDirection::tx, copy, clock_.now_ns(),
         payload ? mv::describe_command(*payload) : "raw " + to_hex(copy));
  return Status::success();
}

Result<Chunk> MagventureLink::receive_raw(std::size_t count, std::chrono::nanoseconds timeout) {
  auto partial = [this](const Bytes& bytes, std::int64_t t_ns) {
    report(FrameDirection::rx, bytes, t_ns, "partial", true);
  };
  auto out = link::receive_exactly(transport_, clock_, raw_pending_, count, timeout, partial);
  if (!out) return out;
  std::string decoded = "raw " + to_hex(out->data);
  if (auto payload = mv::decode_frame(out->data)) {
    auto message = mv::parse_message(*payload);
    if (message) {
      count_pulse(*message, out->t_ns);  // a pulse read raw is still a pulse
      decoded = mv::describe(*message);
    }
  }
  report(FrameDirection::rx, out->data, out->t_ns, decoded);
  return out;
}

}  // namespace stimbench
