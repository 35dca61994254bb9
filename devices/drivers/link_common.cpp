#include "devices/drivers/link_common.hpp"

namespace stimbench::link {

Result<Chunk> receive_exactly(Transport& transport, const Clock& clock, Bytes& pending,
                              std::size_t count, std::chrono::nanoseconds timeout,
                              const PartialReport& partial) {
  const std::int64_t deadline = clock.now_ns() + timeout.count();
  Chunk out;
  while (pending.size() < count) {
    const std::int64_t remaining = deadline - clock.now_ns();
    auto chunk = remaining > 0 ? transport.read_some(std::chrono::nanoseconds(remaining))
                               : Result<Chunk>(make_error(ErrorCode::timeout, "deadline"));
    if (!chunk) {
      if (chunk.error().code != ErrorCode::timeout) {
        // A close or an error mid-frame: the bytes so far still reach the transcript.
        if (!pending.empty()) partial(pending, clock.now_ns());
        std::string got = quote_hex(pending);
        pending.clear();
        return got.empty() ? chunk.error() : chunk.error().with_context("after [" + got + "]");
      }
      std::string got = quote_hex(pending);
      if (!pending.empty()) partial(pending, clock.now_ns());
      pending.clear();
      return make_error(ErrorCode::timeout, "expected " + std::to_string(count) + " bytes within " +
                                                ms_text(timeout) + ", got [" + got + "]");
    }
    out.t_ns = chunk->t_ns;
    pending.insert(pending.end(), chunk->data.begin(), chunk->data.end());
  }
  const auto end = pending.begin() + static_cast<std::ptrdiff_t>(count);
  out.data.assign(pending.begin(), end);
  pending.erase(pending.begin(), end);
  if (out.t_ns == 0) out.t_ns = clock.now_ns();
  return out;
}

}  // namespace stimbench::link
