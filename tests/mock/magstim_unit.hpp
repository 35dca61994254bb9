// A Magstim mock unit driven frame by frame, on a clock the test moves by hand.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "devices/mock/magstim_dialect.hpp"
#include "devices/protocols/magstim/codec.hpp"
#include "tests/support/hex.hpp"

namespace stimbench::test {

using magstim::frame;
inline constexpr std::int64_t kMs = 1'000'000;

class Unit {
 public:
  explicit Unit(DeviceProfile profile, MockOptions options = {})
      : device_(std::make_unique<MockStimulator>(
            MockStimulator::create(std::move(profile), std::move(options)).value())),
        dialect_(make_magstim_dialect(*device_)) {}

  std::vector<Bytes> send(const Bytes& bytes) { return dialect_->on_bytes(bytes, now_); }
  // Exactly one reply expected.
  Bytes one(const Bytes& bytes) {
    std::vector<Bytes> replies = send(bytes);
    EXPECT_EQ(replies.size(), 1u) << to_hex(bytes);
    return replies.empty() ? Bytes{} : replies.front();
  }
  Bytes ask(std::string_view body) { return one(frame(body)); }
  void remote() { ASSERT_EQ(ask("Q@"), hex("51 89 25")); }
  void wait_ms(std::int64_t ms) {
    now_ += ms * kMs;
    device_->tick(now_);
  }
  MockStimulator& device() { return *device_; }

 private:
  std::unique_ptr<MockStimulator> device_;
  std::unique_ptr<MockDialect> dialect_;
  std::int64_t now_ = kMs;
};

inline Bytes refused(char command, char marker) {
  return frame(std::string{command, marker});
}

}  // namespace stimbench::test
