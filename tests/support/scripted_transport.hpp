// A transport for driver tests: each write takes the next scripted reply (one or more chunks
// that become readable); reading with nothing queued lets the whole timeout pass on the fake
// clock. Writes and reads each cost a fixed time, so latencies are non-zero and exact.
#pragma once

#include <deque>
#include <vector>

#include "devices/core/clock.hpp"
#include "devices/transport/transport.hpp"

namespace stimbench::test {

class ScriptedTransport final : public Transport {
 public:
  explicit ScriptedTransport(FakeClock& clock, std::int64_t write_ns = 0,
                             std::int64_t read_ns = 1000)
      : clock_(clock), write_ns_(write_ns), read_ns_(read_ns) {}

  Status write(std::span<const std::uint8_t> data, std::chrono::nanoseconds) override {
    writes.emplace_back(data.begin(), data.end());
    if (!script.empty()) {
      for (Bytes& chunk : script.front()) incoming.push_back(std::move(chunk));
      script.pop_front();
    }
    clock_.advance_ns(write_ns_);
    return Status::success();
  }
  Result<Chunk> read_some(std::chrono::nanoseconds timeout) override {
    if (incoming.empty()) {
      clock_.advance_ns(timeout.count());
      return make_error(ErrorCode::timeout, "nothing");
    }
    clock_.advance_ns(read_ns_);
    Chunk chunk{std::move(incoming.front()), clock_.now_ns()};
    incoming.pop_front();
    return chunk;
  }
  void discard_input() override { incoming.clear(); }
  void close() override {}
  std::string describe() const override { return "scripted:"; }

  // The answer to the next written command: one chunk, or several in order (none: silence).
  void reply(Bytes bytes) { script.push_back({std::move(bytes)}); }
  void reply_chunks(std::vector<Bytes> chunks) { script.push_back(std::move(chunks)); }

  std::vector<Bytes> writes;
  std::deque<std::vector<Bytes>> script;
  std::deque<Bytes> incoming;

 private:
  FakeClock& clock_;
  std::int64_t write_ns_;
  std::int64_t read_ns_;
};

}  // namespace stimbench::test
