#include "devices/protocols/reference/codec.hpp"

namespace stimbench::reference {

namespace {
constexpr std::size_t kShownOnOverflow = 64;
}

void LineSplitter::feed(std::span<const std::uint8_t> bytes) {
  for (std::uint8_t byte : bytes) {
    char c = static_cast<char>(byte);
    if (discarding_) {
      ++dropped_;
      discarding_ = c != '\n';
      continue;
    }
    if (c == '\n') {
      if (!buffer_.empty() && buffer_.back() == '\r') buffer_.pop_back();
      lines_.push_back(Line{std::move(buffer_), false});
      buffer_.clear();
      continue;
    }
    buffer_.push_back(c);
    // One byte of slack keeps a kMaxLine line ending in "\r\n" legal.
    bool over = buffer_.size() > kMaxLine + 1 || (buffer_.size() == kMaxLine + 1 && c != '\r');
    if (over) {
      dropped_ += buffer_.size();
      lines_.push_back(Line{buffer_.substr(0, kShownOnOverflow), true});
      buffer_.clear();
      overflowed_ = true;
      discarding_ = true;
    }
  }
}

void LineSplitter::feed(std::string_view text) {
  feed(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()),
                                     text.size()));
}

std::optional<LineSplitter::Line> LineSplitter::next() {
  if (lines_.empty()) return std::nullopt;
  Line line = std::move(lines_.front());
  lines_.pop_front();
  return line;
}

std::optional<std::string> LineSplitter::next_line() {
  while (!lines_.empty()) {
    Line line = std::move(lines_.front());
    lines_.pop_front();
    if (!line.overflowed) return std::move(line.text);
  }
  return std::nullopt;
}

void LineSplitter::reset() {
  buffer_.clear();
  lines_.clear();
  discarding_ = false;
  overflowed_ = false;
}

}  // namespace stimbench::reference
