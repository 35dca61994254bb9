// CRC-8/MAXIM, frame encoding and the resynchronising reader.
#include "devices/protocols/magventure/frame.hpp"

#include <array>
#include <string>

namespace stimbench::magventure {

namespace {

constexpr std::array<std::uint8_t, 256> make_crc_table() {
  std::array<std::uint8_t, 256> table{};
  for (int i = 0; i < 256; ++i) {
    auto crc = static_cast<std::uint8_t>(i);
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x01) ? static_cast<std::uint8_t>((crc >> 1) ^ 0x8C)
                         : static_cast<std::uint8_t>(crc >> 1);
    }
    table[static_cast<std::size_t>(i)] = crc;
  }
  return table;
}

constexpr std::array<std::uint8_t, 256> kCrcTable = make_crc_table();

Error violation(const std::string& what) {
  return make_error(ErrorCode::protocol_violation, "MagVenture frame: " + what);
}

}  // namespace

std::uint8_t crc8_update(std::uint8_t crc, std::uint8_t byte) {
  crc ^= byte;
  for (int bit = 0; bit < 8; ++bit) {
    crc = (crc & 0x01) ? static_cast<std::uint8_t>((crc >> 1) ^ 0x8C)
                       : static_cast<std::uint8_t>(crc >> 1);
  }
  return crc;
}

std::uint8_t crc8_bitwise(std::span<const std::uint8_t> bytes, std::uint8_t crc) {
  for (std::uint8_t b : bytes) crc = crc8_update(crc, b);
  return crc;
}

std::uint8_t crc8(std::span<const std::uint8_t> bytes, std::uint8_t crc) {
  for (std::uint8_t b : bytes) crc = kCrcTable[crc ^ b];
  return crc;
}

Result<Bytes> encode_frame(std::span<const std::uint8_t> payload) {
  if (payload.empty() || payload.size() > kMaxPayload) {
    return make_error(ErrorCode::invalid_input, "MagVenture payload must be 1..255 bytes, got " +
                                                    std::to_string(payload.size()));
  }
  Bytes frame;
  frame.reserve(payload.size() + kFrameOverhead);
  frame.push_back(kFrameStart);
  frame.push_back(static_cast<std::uint8_t>(payload.size()));
  frame.insert(frame.end(), payload.begin(), payload.end());
  frame.push_back(crc8(payload));
  frame.push_back(kFrameEnd);
  return frame;
}

Result<Bytes> decode_frame(std::span<const std::uint8_t> frame) {
  if (frame.size() < kFrameOverhead + 1) return violation("too short: " + to_hex(frame));
  if (frame[0] != kFrameStart) return violation("does not start with FE: " + to_hex(frame));
  const std::size_t len = frame[1];
  if (len == 0) return violation("LEN is 0: " + to_hex(frame));
  if (frame.size() != len + kFrameOverhead) {
    return violation("LEN " + std::to_string(len) + " does not match " +
                     std::to_string(frame.size()) + " bytes: " + to_hex(frame));
  }
  if (frame[len + 3] != kFrameEnd) return violation("does not end with FF: " + to_hex(frame));
  auto payload = frame.subspan(2, len);
  if (crc8(payload) != frame[len + 2]) return violation("CRC mismatch: " + to_hex(frame));
  return Bytes(payload.begin(), payload.end());
}

void FrameReader::feed(std::span<const std::uint8_t> bytes) {
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  scan();
}

std::optional<FrameReader::Entry> FrameReader::next() {
  if (entries_.empty()) return std::nullopt;
  Entry entry = std::move(entries_.front());
  entries_.pop_front();
  return entry;
}

std::optional<Bytes> FrameReader::next_frame() {
  while (auto entry = next()) {
    if (entry->kind == Entry::Kind::frame) return std::move(entry->bytes);
  }
  return std::nullopt;
}

std::size_t FrameReader::flush() {
  const std::size_t before = dropped_;
  while (scan()) drop(1);
  return dropped_ - before;
}

void FrameReader::reset() {
  buffer_.clear();
  entries_.clear();
  dropped_ = 0;
}

void FrameReader::drop(std::size_t count) {
  // Merge with a garbage entry still queued right before: nothing came between them.
  if (entries_.empty() || entries_.back().kind != Entry::Kind::garbage) {
    entries_.push_back(Entry{Entry::Kind::garbage, {}});
  }
  Bytes& garbage = entries_.back().bytes;
  garbage.insert(garbage.end(), buffer_.begin(), buffer_.begin() + static_cast<long>(count));
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<long>(count));
  dropped_ += count;
}

bool FrameReader::scan() {
  while (!buffer_.empty()) {
    if (buffer_[0] != kFrameStart) {
      // Everything up to the next FE can never start a frame.
      std::size_t run = 1;
      while (run < buffer_.size() && buffer_[run] != kFrameStart) ++run;
      drop(run);
      continue;
    }
    if (buffer_.size() < 2) return true;
    const std::size_t len = buffer_[1];
    if (len == 0 || len > max_payload_) {  // a payload always holds its ID
      drop(1);
      continue;
    }
    if (buffer_.size() < len + kFrameOverhead) return true;
    auto payload = std::span<const std::uint8_t>(buffer_).subspan(2, len);
    if (buffer_[len + 3] != kFrameEnd || crc8(payload) != buffer_[len + 2]) {
      drop(1);
      continue;
    }
    entries_.push_back(Entry{Entry::Kind::frame, Bytes(payload.begin(), payload.end())});
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<long>(len + kFrameOverhead));
  }
  return false;
}

}  // namespace stimbench::magventure
