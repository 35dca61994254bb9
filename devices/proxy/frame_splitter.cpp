#include "devices/proxy/frame_splitter.hpp"

#include <deque>

#include "devices/protocols/magstim/codec.hpp"
#include "devices/protocols/magventure/frame.hpp"

namespace stimbench::proxy {

namespace {

// Holds bytes until a frame is decided; the shared part of every splitter.
class BufferedSplitter : public FrameSplitter {
 public:
  void feed(std::span<const std::uint8_t> bytes) override {
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  }
  Bytes flush() override { return take(buffer_.size()); }
  bool holding() const override { return !buffer_.empty(); }

 protected:
  Bytes take(std::size_t n) {
    Bytes out(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n));
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n));
    return out;
  }
  Bytes buffer_;
};

// Reference protocol: a frame is a line with its '\n'. A runaway line is cut at the codec's
// bound and passed on uncounted.
class LineFrames final : public BufferedSplitter {
 public:
  std::optional<Piece> next() override {
    for (std::size_t i = 0; i < buffer_.size(); ++i) {
      if (buffer_[i] == '\n') return Piece{take(i + 1), true};
    }
    if (buffer_.size() > kMaxLine) return Piece{take(buffer_.size()), false};
    return std::nullopt;
  }

 private:
  static constexpr std::size_t kMaxLine = 4096;
};

// Magstim replies: the first byte echoes the command, which gives the reply's shape; a lone
// '?' is the unknown-command reply. An unknown first byte is one uncounted byte.
class MagstimReplies final : public BufferedSplitter {
 public:
  explicit MagstimReplies(magstim::Version version) : version_(version) {}
  std::optional<Piece> next() override {
    if (buffer_.empty()) return std::nullopt;
    if (buffer_.front() == magstim::kRefusedData) return Piece{take(1), true};
    Result<magstim::ReplyReader> reader =
        magstim::ReplyReader::create(static_cast<char>(buffer_.front()), version_);
    if (!reader) return Piece{take(1), false};
    reader->feed(buffer_);
    if (!reader->poll()) return std::nullopt;
    std::size_t length = std::max<std::size_t>(1, std::min(reader->consumed(), buffer_.size()));
    return Piece{take(length), true};
  }

 private:
  magstim::Version version_;
};

// Magstim commands carry no length: a command ends at the first byte that checks as the
// checksum of those before it (at least 3 bytes: command, data or '@', checksum).
class MagstimCommands final : public BufferedSplitter {
 public:
  std::optional<Piece> next() override {
    for (std::size_t n = 3; n <= buffer_.size() && n <= kMaxCommand; ++n) {
      if (magstim::checksum_valid(std::span<const std::uint8_t>(buffer_.data(), n)))
        return Piece{take(n), true};
    }
    if (buffer_.size() > kMaxCommand) return Piece{take(1), false};
    return std::nullopt;
  }

 private:
  static constexpr std::size_t kMaxCommand = 24;  // Q + 16-character code + checksum fits
};

// MagVenture: the codec's resynchronising reader; a frame is re-encoded from its payload,
// which gives back exactly the bytes received.
class MagVentureFrames final : public FrameSplitter {
 public:
  void feed(std::span<const std::uint8_t> bytes) override {
    reader_.feed(bytes);
    held_ += bytes.size();
  }
  std::optional<Piece> next() override {
    std::optional<magventure::FrameReader::Entry> entry = reader_.next();
    if (!entry) return std::nullopt;
    if (entry->kind == magventure::FrameReader::Entry::Kind::garbage) {
      held_ -= std::min(held_, entry->bytes.size());
      return Piece{std::move(entry->bytes), false};
    }
    Result<Bytes> frame = magventure::encode_frame(entry->bytes);
    Bytes bytes = frame ? std::move(frame).value() : entry->bytes;
    held_ -= std::min(held_, bytes.size());
    return Piece{std::move(bytes), true};
  }
  Bytes flush() override {
    reader_.flush();  // held bytes become garbage entries, read by next()
    return {};
  }
  bool holding() const override { return reader_.buffered() > 0; }

 private:
  magventure::FrameReader reader_;
  std::size_t held_ = 0;
};

}  // namespace

Result<std::unique_ptr<FrameSplitter>> make_splitter(const std::string& family,
                                                     const std::string& firmware,
                                                     FaultDirection direction) {
  if (family == "reference") return std::unique_ptr<FrameSplitter>(new LineFrames());
  if (family == "magstim") {
    if (direction == FaultDirection::host_to_device)
      return std::unique_ptr<FrameSplitter>(new MagstimCommands());
    return std::unique_ptr<FrameSplitter>(
        new MagstimReplies(magstim::version_from_firmware(firmware)));
  }
  if (family == "magventure") return std::unique_ptr<FrameSplitter>(new MagVentureFrames());
  return make_error(ErrorCode::invalid_input, "no framing for protocol family '" + family +
                                                  "' (reference, magstim, magventure)");
}

}  // namespace stimbench::proxy
