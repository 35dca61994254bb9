// The proxy's framing per protocol family: whatever the chunking, frames come out whole,
// counted as the harness reads them, and every byte passes (nothing changed or lost).
#include <gtest/gtest.h>

#include "devices/protocols/magstim/codec.hpp"
#include "devices/protocols/magventure/frame.hpp"
#include "devices/proxy/frame_splitter.hpp"

namespace stimbench::proxy {
namespace {

Bytes bytes(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

struct Split {
  std::vector<Bytes> frames;
  Bytes everything;  // every piece, frames or not, in order
  std::size_t uncounted = 0;
};

// Feeds `input` in chunks of `chunk` bytes, then flushes.
Split split(const std::string& family, const Bytes& input, std::size_t chunk,
            FaultDirection direction = FaultDirection::device_to_host,
            const std::string& firmware = "") {
  auto splitter = make_splitter(family, firmware, direction);
  EXPECT_TRUE(splitter.ok());
  Split out;
  auto take = [&] {
    while (std::optional<Piece> p = (*splitter)->next()) {
      out.everything.insert(out.everything.end(), p->bytes.begin(), p->bytes.end());
      if (p->is_frame) {
        out.frames.push_back(p->bytes);
      } else {
        ++out.uncounted;
      }
    }
  };
  for (std::size_t at = 0; at < input.size(); at += chunk) {
    std::size_t n = std::min(chunk, input.size() - at);
    (*splitter)->feed(std::span<const std::uint8_t>(input.data() + at, n));
    take();
  }
  Bytes held = (*splitter)->flush();
  if (!held.empty()) {
    ++out.uncounted;
    out.everything.insert(out.everything.end(), held.begin(), held.end());
  }
  take();
  return out;
}

TEST(FrameSplitter, ReferenceLinesWhateverTheChunking) {
  Bytes input = bytes("OK\nSTANDBY,REMOTE=1\n30\npartial");
  for (std::size_t chunk : {1u, 2u, 5u, 64u}) {
    Split s = split("reference", input, chunk);
    ASSERT_EQ(s.frames.size(), 3u) << chunk;
    EXPECT_EQ(s.frames[1], bytes("STANDBY,REMOTE=1\n"));
    EXPECT_EQ(s.everything, input);  // the partial line passes on the flush, uncounted
    EXPECT_EQ(s.uncounted, 1u);
  }
}

TEST(FrameSplitter, AReferenceRunawayLinePassesUncounted) {
  Bytes input(5000, 'x');
  input.push_back('\n');
  Split s = split("reference", input, 512);
  EXPECT_EQ(s.everything, input);
  EXPECT_GE(s.uncounted, 1u);
}

TEST(FrameSplitter, MagstimRepliesByTheEchoedCommandsShape) {
  // Three replies back to back: remote on (Q + status + chk), a refusal, the lone '?'.
  Bytes q = magstim::frame(std::string("Q") + static_cast<char>(0x89));
  Bytes refused = magstim::frame("E?");
  Bytes input = q;
  input.insert(input.end(), refused.begin(), refused.end());
  input.push_back('?');
  Bytes version = magstim::frame(std::string("NV9.0.0") + '\0');
  input.insert(input.end(), version.begin(), version.end());
  for (std::size_t chunk : {1u, 3u, 64u}) {
    Split s = split("magstim", input, chunk, FaultDirection::device_to_host, "9.0.0");
    ASSERT_EQ(s.frames.size(), 4u) << chunk;
    EXPECT_EQ(s.frames[0], q);
    EXPECT_EQ(s.frames[1], refused);
    EXPECT_EQ(s.frames[2], bytes("?"));
    EXPECT_EQ(s.frames[3], version);
    EXPECT_EQ(s.everything, input);
    EXPECT_EQ(s.uncounted, 0u);
  }
}

TEST(FrameSplitter, MagstimCommandsEndAtTheirChecksum) {
  Bytes input = magstim::encode('Q');
  Bytes power = *magstim::set_power_a(30);
  input.insert(input.end(), power.begin(), power.end());
  Bytes arm = magstim::arm();
  input.insert(input.end(), arm.begin(), arm.end());
  Split s = split("magstim", input, 1, FaultDirection::host_to_device);
  ASSERT_EQ(s.frames.size(), 3u);
  EXPECT_EQ(s.frames[1], power);
  EXPECT_EQ(s.everything, input);
}

TEST(FrameSplitter, MagstimUnknownEchoBytesPassUncounted) {
  Bytes input = {0x01, 0x02};
  Bytes q = magstim::frame(std::string("Q") + static_cast<char>(0x89));
  input.insert(input.end(), q.begin(), q.end());
  Split s = split("magstim", input, 64);
  ASSERT_EQ(s.frames.size(), 1u);
  EXPECT_EQ(s.uncounted, 2u);
  EXPECT_EQ(s.everything, input);
}

TEST(FrameSplitter, MagVentureFramesAndGarbageBothWays) {
  Bytes status = *magventure::encode_frame(Bytes{0x00});
  Bytes enable = *magventure::encode_frame(Bytes{0x02, 0x01});
  Bytes input = {0x13, 0x37};  // garbage first
  input.insert(input.end(), status.begin(), status.end());
  input.insert(input.end(), enable.begin(), enable.end());
  for (FaultDirection d : {FaultDirection::device_to_host, FaultDirection::host_to_device}) {
    for (std::size_t chunk : {1u, 4u, 64u}) {
      Split s = split("magventure", input, chunk, d);
      ASSERT_EQ(s.frames.size(), 2u) << chunk;
      EXPECT_EQ(s.frames[0], status);
      EXPECT_EQ(s.frames[1], enable);
      EXPECT_EQ(s.everything, input);
      EXPECT_GE(s.uncounted, 1u);
    }
  }
}

TEST(FrameSplitter, AHalfMagVentureFramePassesOnTheFlush) {
  Bytes enable = *magventure::encode_frame(Bytes{0x02, 0x01});
  Bytes half(enable.begin(), enable.begin() + 3);
  Split s = split("magventure", half, 64);
  EXPECT_TRUE(s.frames.empty());
  EXPECT_EQ(s.everything, half);
}

TEST(FrameSplitter, AnUnknownFamilyIsRefused) {
  auto splitter = make_splitter("duomag", "", FaultDirection::device_to_host);
  ASSERT_FALSE(splitter.ok());
  EXPECT_NE(splitter.error().message.find("no framing for protocol family 'duomag'"),
            std::string::npos);
}

}  // namespace
}  // namespace stimbench::proxy
