// The one Transport implementation over an Asio byte stream (TCP socket, local socket, serial
// file descriptor). Subclasses only pick the stream type and may own extra resources.
//
// A read is always pending from construction on: whenever the io_context
// turns (during any wait of the harness, the in-process mock's work, a reply's wait) arriving
// bytes are stamped there and queued, so a frame that comes while nobody asked for one (a
// MagPro di/dt message during a `wait`) keeps its own arrival time.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>

#include "devices/core/clock.hpp"
#include "devices/core/interrupt.hpp"
#include "devices/transport/io_wait.hpp"
#include "devices/transport/transport.hpp"

namespace stimbench {
namespace detail {

inline constexpr std::size_t kReadChunkBytes = 4096;
// Bounds discard_input() against a peer that never stops sending.
inline constexpr std::size_t kMaxDiscardBytes = 1 << 20;
// Queued, unread bytes above which the listener pauses; the kernel then buffers the rest.
inline constexpr std::size_t kMaxQueuedBytes = 1 << 20;

struct StreamOp : PendingOp {
  boost::system::error_code ec;
  std::size_t bytes = 0;
  std::int64_t t_ns = 0;
  std::vector<std::uint8_t> buffer;  // read target; lives as long as the handler
};

struct StreamOp;

// What the always-pending read shares with its handler (which may outlive the transport).
struct ArrivalQueue {
  std::deque<Chunk> chunks;  // stamped on arrival, oldest first
  std::size_t bytes = 0;
  std::optional<boost::system::error_code> ended;  // EOF or error, after the queued chunks
  bool reading = false;                            // the read is pending
  bool alive = true;                               // false once the transport is gone
  std::vector<std::uint8_t> buffer;
  std::weak_ptr<StreamOp> waiter;  // a read_some() blocked until something arrives
};

// Maps an operation's outcome to an Error. `what` reads like "read from tcp://...".
Error stream_error(const StreamOp& op, const std::string& what, std::chrono::nanoseconds timeout);

}  // namespace detail

template <class Stream>
class StreamTransport : public Transport {
 public:
  // The io_context and clock must outlive this object; `token` may be null.
  StreamTransport(boost::asio::io_context& io, const Clock& clock, const InterruptToken* token,
                  Stream stream, std::string description)
      : io_(io),
        clock_(clock),
        token_(token),
        stream_(std::move(stream)),
        description_(std::move(description)) {
    boost::system::error_code ignored;
    stream_.non_blocking(true, ignored);  // for discard_input's synchronous drain
    listen();
  }
  ~StreamTransport() override {
    queue_->alive = false;
    close_stream();
  }

  StreamTransport(const StreamTransport&) = delete;
  StreamTransport& operator=(const StreamTransport&) = delete;

  Status write(std::span<const std::uint8_t> data, std::chrono::nanoseconds timeout) override {
    if (auto refused = refuse_start()) return *refused;
    if (!clock_.is_virtual()) {
      // A command nearly always fits the kernel's buffer: write it straight away (the stream
      // is non-blocking) instead of arming a deadline and turning the event loop. Virtual
      // time keeps the one path its runs were recorded with.
      boost::system::error_code ec;
      std::size_t sent = stream_.write_some(boost::asio::buffer(data.data(), data.size()), ec);
      if (ec && ec != boost::asio::error::would_block) {
        detail::StreamOp failed;
        failed.done = true;
        failed.ec = ec;
        return detail::stream_error(failed, "write to " + description_, timeout);
      }
      if (ec) sent = 0;
      if (sent == data.size()) return Status::success();
      data = data.subspan(sent);
    }
    auto op = std::make_shared<detail::StreamOp>();
    boost::asio::async_write(stream_, boost::asio::buffer(data.data(), data.size()),
                             [op](const boost::system::error_code& ec, std::size_t n) {
                               op->ec = ec;
                               op->bytes = n;
                               op->done = true;
                             });
    wait(op, timeout);
    if (op->done && !op->ec) return Status::success();
    return detail::stream_error(*op, "write to " + description_, timeout);
  }

  Result<Chunk> read_some(std::chrono::nanoseconds timeout) override {
    if (auto refused = refuse_start()) return *refused;
    listen();
    if (queue_->chunks.empty() && !queue_->ended && timeout.count() <= 0 && !clock_.is_virtual()) {
      // Only a look at what has arrived (the check for stray input before every command):
      // run the handlers that are ready, the pending read's among them, without a timer.
      if (auto failed = poll_ready()) return *failed;
      if (queue_->chunks.empty() && !queue_->ended) {
        return detail::stream_error(detail::StreamOp{}, "read from " + description_, timeout);
      }
    }
    if (queue_->chunks.empty() && !queue_->ended) {
      auto op = std::make_shared<detail::StreamOp>();
      queue_->waiter = op;
      detail::run_until_done(io_, clock_, op, timeout, token_, [op] {
        op->ec = boost::asio::error::operation_aborted;
        op->done = true;
      });
      queue_->waiter.reset();
      if (queue_->chunks.empty() && !queue_->ended)
        return detail::stream_error(*op, "read from " + description_, timeout);
    }
    if (queue_->chunks.empty()) {
      detail::StreamOp ended;
      ended.done = true;
      ended.ec = *queue_->ended;
      return detail::stream_error(ended, "read from " + description_, timeout);
    }
    Chunk chunk = std::move(queue_->chunks.front());
    queue_->chunks.pop_front();
    queue_->bytes -= chunk.data.size();
    listen();  // resumes a listener paused at the bound
    return chunk;
  }

  void discard_input() override {
    queue_->chunks.clear();
    queue_->bytes = 0;
    if (!stream_.is_open()) return;
    std::array<std::uint8_t, detail::kReadChunkBytes> scratch;
    boost::system::error_code ec;
    for (std::size_t total = 0; total < detail::kMaxDiscardBytes;) {
      std::size_t n = stream_.read_some(boost::asio::buffer(scratch), ec);
      if (ec) break;  // would_block: drained; EOF and errors surface on the next read
      total += n;
    }
  }

  void close() override { close_stream(); }
  std::string describe() const override { return description_; }

 protected:
  Stream& stream() { return stream_; }
  // What operations return once the stream is gone (e.g. a pair that failed to connect).
  void set_closed_error(Error error) { closed_error_ = std::move(error); }

  void close_stream() {
    boost::system::error_code ignored;
    if (stream_.is_open()) stream_.close(ignored);
  }

 private:
  // Keeps one read pending (unless closed, ended or at the queue bound); its handler stamps
  // the bytes with the clock as they arrive and wakes a blocked read_some().
  void listen() {
    auto q = queue_;
    if (!stream_.is_open() || q->reading || q->ended || q->bytes >= detail::kMaxQueuedBytes) return;
    q->reading = true;
    q->buffer.resize(detail::kReadChunkBytes);
    stream_.async_read_some(
        boost::asio::buffer(q->buffer),
        [this, q, clock = &clock_](const boost::system::error_code& ec, std::size_t n) {
          const std::int64_t t_ns = clock->now_ns();  // arrival, not when the caller looks
          q->reading = false;
          if (!q->alive) return;  // `this` is gone
          if (ec == boost::asio::error::operation_aborted) {
            listen();  // a cancel meant for another operation; closed streams stay quiet
            return;
          }
          if (ec) {
            q->ended = ec;
          } else {
            q->chunks.push_back(Chunk{Bytes(q->buffer.begin(), q->buffer.begin() + n), t_ns});
            q->bytes += n;
          }
          if (auto waiter = q->waiter.lock()) waiter->done = true;
          listen();
        });
  }

  // io_.poll() with run_until_done's handling of a handler that throws.
  std::optional<Error> poll_ready() {
    try {
      if (io_.stopped()) io_.restart();
      io_.poll();
    } catch (const std::exception& e) {
      return make_error(ErrorCode::internal, "read from " + description_ +
                                                 " abandoned: an I/O handler threw: " + e.what());
    } catch (...) {
      return make_error(
          ErrorCode::internal,
          "read from " + description_ + " abandoned: an I/O handler threw: unknown exception");
    }
    return std::nullopt;
  }

  std::optional<Error> refuse_start() const {
    if (!stream_.is_open())
      return closed_error_ ? *closed_error_
                           : make_error(ErrorCode::closed, description_ + " is closed");
    // Checked before starting: a speculative write must not go out after Ctrl-C.
    if (token_ != nullptr && token_->should_stop())
      return make_error(ErrorCode::cancelled, "interrupted before I/O on " + description_);
    return std::nullopt;
  }

  void wait(const std::shared_ptr<detail::StreamOp>& op, std::chrono::nanoseconds timeout) {
    detail::run_until_done(io_, clock_, op, timeout, token_, [this] {
      boost::system::error_code ignored;
      stream_.cancel(ignored);
    });
  }

  boost::asio::io_context& io_;
  const Clock& clock_;
  const InterruptToken* token_;
  Stream stream_;
  std::string description_;
  std::optional<Error> closed_error_;
  std::shared_ptr<detail::ArrivalQueue> queue_ = std::make_shared<detail::ArrivalQueue>();
};

}  // namespace stimbench
