// Incremental reply reader (protocols.md §1.3, §1.5, §5 "reply checksum, echo or length wrong").
#include <algorithm>
#include <string>

#include "devices/protocols/magstim/codec.hpp"

namespace stimbench::magstim {
namespace {

std::string describe(std::uint8_t byte) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out = "0x";
  out += kHex[byte >> 4];
  out += kHex[byte & 0x0F];
  if (byte >= 0x20 && byte < 0x7F) out += std::string(" '") + static_cast<char>(byte) + "'";
  return out;
}

bool is_refusal_marker(std::uint8_t byte) {
  return byte == kRefusedData || byte == kRefusedConflict;
}

}  // namespace

const char* to_string(ReplyKind kind) {
  switch (kind) {
    case ReplyKind::ok:
      return "ok";
    case ReplyKind::unknown_command:
      return "unknown command";
    case ReplyKind::bad_data:
      return "bad data";
    case ReplyKind::conflict:
      return "conflict";
  }
  return "?";
}

std::span<const std::uint8_t> Reply::data() const {
  if (kind != ReplyKind::ok || frame.size() < 2) return {};
  return std::span<const std::uint8_t>(frame).subspan(1, frame.size() - 2);
}

Result<ReplyReader> ReplyReader::create(char command, const Version& version) {
  std::optional<ReplyShape> shape = reply_shape(command, version);
  if (!shape) {
    return make_error(ErrorCode::invalid_input,
                      "no known reply for command " + describe(static_cast<std::uint8_t>(command)));
  }
  return ReplyReader(command, *shape);
}

void ReplyReader::feed(std::span<const std::uint8_t> bytes) {
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

std::optional<Result<Reply>> ReplyReader::poll() {
  if (!outcome_) outcome_ = decide();
  return outcome_;
}

std::size_t ReplyReader::consumed() const {
  return outcome_ ? consumed_ : buffer_.size();
}

std::span<const std::uint8_t> ReplyReader::remainder() const {
  if (!outcome_) return {};
  return std::span<const std::uint8_t>(buffer_).subspan(consumed_);
}

std::size_t ReplyReader::missing() const {
  if (outcome_ || buffer_.size() >= shape_.length) return 0;
  return shape_.length - buffer_.size();
}

Result<Reply> ReplyReader::accept(ReplyKind kind, std::size_t length) {
  consumed_ = length;
  Reply reply;
  reply.kind = kind;
  reply.command = command_;
  reply.frame.assign(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(length));
  return reply;
}

Result<Reply> ReplyReader::violation(std::string message, std::size_t length) {
  consumed_ = length;
  std::span<const std::uint8_t> seen(buffer_.data(), length);
  return make_error(ErrorCode::protocol_violation, "reply to '" + std::string(1, command_) +
                                                       "': " + message + " [" + to_hex(seen) + "]");
}

std::optional<Result<Reply>> ReplyReader::decide() {
  if (buffer_.empty()) return std::nullopt;
  const std::uint8_t first = buffer_[0];
  if (first == kRefusedData) return accept(ReplyKind::unknown_command, 1);
  if (first != static_cast<std::uint8_t>(command_)) {
    // Nothing after a wrong echo can be trusted, so there is no point waiting for more.
    return violation("wrong echo " + describe(first), 1);
  }
  if (buffer_.size() < 3) return std::nullopt;

  // A refusal wins only when its own checksum holds; otherwise a 2nd byte of 0x3F/0x53 is
  // a status byte of a longer reply (§1.7 status-byte ambiguity).
  std::span<const std::uint8_t> all(buffer_);
  if (is_refusal_marker(buffer_[1]) && checksum_valid(all.first(3))) {
    return accept(buffer_[1] == kRefusedData ? ReplyKind::bad_data : ReplyKind::conflict, 3);
  }

  if (shape_.nul_terminated) {
    // The NUL must come within the bound however the bytes were chunked: search only there.
    auto bound =
        buffer_.begin() + static_cast<std::ptrdiff_t>(std::min(buffer_.size(), kMaxVersionReply));
    auto nul = std::find(buffer_.begin() + 1, bound, 0);
    if (nul == bound) {
      if (buffer_.size() >= kMaxVersionReply) {
        return violation("no NUL within " + std::to_string(kMaxVersionReply) + " bytes",
                         kMaxVersionReply);
      }
      return std::nullopt;
    }
    const std::size_t length = static_cast<std::size_t>(nul - buffer_.begin()) + 2;
    if (buffer_.size() < length) return std::nullopt;
    if (!checksum_valid(all.first(length))) return violation("checksum mismatch", length);
    return accept(ReplyKind::ok, length);
  }

  if (buffer_.size() < shape_.length) return std::nullopt;
  if (!checksum_valid(all.first(shape_.length))) {
    return violation(
        "checksum mismatch (expected " + describe(checksum(all.first(shape_.length - 1))) + ")",
        shape_.length);
  }
  return accept(ReplyKind::ok, shape_.length);
}

Result<Reply> ReplyReader::finish() {
  if (std::optional<Result<Reply>> decided = poll()) return *decided;
  const std::size_t got = buffer_.size();
  if (got == 0) {
    return make_error(ErrorCode::timeout, "no reply to '" + std::string(1, command_) + "'");
  }
  if (got == 3 && is_refusal_marker(buffer_[1])) {
    outcome_ = violation("refusal with checksum mismatch", 3);
  } else if (shape_.nul_terminated) {
    outcome_ = violation(
        "truncated version reply: no NUL and checksum after " + std::to_string(got) + " bytes",
        got);
  } else {
    outcome_ = violation(
        "truncated: got " + std::to_string(got) + " of " + std::to_string(shape_.length) + " bytes",
        got);
  }
  return *outcome_;
}

Result<Reply> parse_reply(char command, std::span<const std::uint8_t> bytes,
                          const Version& version) {
  Result<ReplyReader> reader = ReplyReader::create(command, version);
  if (!reader) return reader.error();
  reader->feed(bytes);
  Result<Reply> reply = reader->finish();
  if (reply.ok() && !reader->remainder().empty()) {
    return make_error(ErrorCode::protocol_violation,
                      "reply to '" + std::string(1, command) + "': over-long by " +
                          std::to_string(reader->remainder().size()) + " bytes [" + to_hex(bytes) +
                          "]");
  }
  return reply;
}

}  // namespace stimbench::magstim
