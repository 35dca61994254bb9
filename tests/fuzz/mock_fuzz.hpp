// Shared by the mock command-parser targets: one dialect of the built-in mock, fed the input
// as a client would send it, on a virtual clock the target moves itself.
//
// Two devices get the same input at the same instant, one in a single piece and one in chunks
// of random size: the replies must be identical (a partial command never changes an answer).
// The first device then gets the input again in chunks with time passing between them, so
// timers (ready delay, trains, watchdog, cooling) run in between. Every reply must be framed
// as the dialect's protocol requires (`well_framed`).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "devices/core/bytes.hpp"
#include "devices/mock/dialects.hpp"
#include "devices/mock/mock_stimulator.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace stimbench::fuzz {

using ReplyCheck = std::function<bool(const Bytes& reply)>;

class MockUnderTest {
 public:
  explicit MockUnderTest(const DeviceProfile& profile)
      : device_(std::make_unique<MockStimulator>(MockStimulator::create(profile).value())),
        dialect_(dialect_factory_for(profile)(*device_)) {}

  // `ticking`: the server's tick runs too (time moves), so unasked messages may come.
  Bytes send(std::span<const std::uint8_t> bytes, std::int64_t now_ns,
             const ReplyCheck& well_framed, bool ticking = false) {
    if (ticking) device_->tick(now_ns);
    Bytes out;
    std::vector<Bytes> replies = dialect_->on_bytes(bytes, now_ns);
    if (ticking) {
      for (Bytes& unasked : dialect_->on_tick(now_ns)) replies.push_back(std::move(unasked));
    }
    for (const Bytes& reply : replies) {
      if (!well_framed(reply)) property_failed("mock reply not framed by its protocol");
      out.insert(out.end(), reply.begin(), reply.end());
    }
    return out;
  }

 private:
  std::unique_ptr<MockStimulator> device_;
  std::unique_ptr<MockDialect> dialect_;
};

inline constexpr std::int64_t kStartNs = 1'000'000'000;

inline int run_mock_input(const DeviceProfile& profile, const std::uint8_t* data, std::size_t size,
                          const ReplyCheck& well_framed) {
  std::span<const std::uint8_t> input(data, size);
  MockUnderTest whole(profile);
  MockUnderTest chunked(profile);
  Bytes all_at_once = whole.send(input, kStartNs, well_framed);
  Bytes piece_by_piece;
  std::vector<std::span<const std::uint8_t>> parts = chunks(input);
  for (auto part : parts) {
    Bytes replies = chunked.send(part, kStartNs, well_framed);
    piece_by_piece.insert(piece_by_piece.end(), replies.begin(), replies.end());
  }
  if (all_at_once != piece_by_piece) property_failed("chunking changed the mock's replies");

  // Time passes between chunks: 0 to 2.55 s of device time, from the chunk's first byte.
  std::int64_t now = kStartNs;
  for (auto part : parts) {
    now += static_cast<std::int64_t>(part[0]) * 10'000'000;
    (void)whole.send(part, now, well_framed, /*ticking=*/true);
  }
  return 0;
}

}  // namespace stimbench::fuzz
