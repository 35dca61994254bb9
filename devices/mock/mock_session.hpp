// One connection of the mock server on any Asio stream. Reading and writing run side by
// side: every command reaches the device when it arrives, while replies leave through an
// ordered queue where the fault schedule may delay, drop, damage or withhold them.
#pragma once

#include <array>
#include <boost/asio/write.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>

#include "devices/mock/mock_server_core.hpp"

namespace stimbench::mock_detail {

template <class Stream>
class Session : public Closable, public std::enable_shared_from_this<Session<Stream>> {
 public:
  using OnEnd = std::function<void()>;

  // can_disconnect: whether a `disconnect` fault may close the stream (not for a PTY,
  // which must outlive its clients; there it silences the session like `stall`).
  Session(std::shared_ptr<ServerCore> core, Stream stream, OnEnd on_end, bool can_disconnect)
      : core_(std::move(core)),
        stream_(std::move(stream)),
        timer_(core_->clock.make_timer(core_->io)),
        dialect_(core_->make_dialect()),
        on_end_(std::move(on_end)),
        can_disconnect_(can_disconnect) {}

  void start() {
    ++core_->connections;
    read();
  }

  void close() override {
    boost::system::error_code ignored;
    stream_.close(ignored);
    timer_->cancel();
  }

  void restore_link() override {
    if (!ended_) silent_ = false;
  }

  // Unasked messages queue like replies, but only while the client keeps reading; the
  // dialect holds back what does not fit (bounded), and they carry no processing time.
  void on_tick() override {
    if (core_->stopped || ended_ || silent_ || queue_.size() >= kMaxQueued) return;
    for (Bytes& message : dialect_->on_tick(core_->clock.now_ns()))
      plan(std::move(message), /*reply=*/false);
    pump();
  }

 private:
  struct Outgoing {
    Bytes bytes;
    std::chrono::microseconds delay{0};
    bool hang_up = false;  // close the connection here instead of writing
  };
  // A client that sends without ever reading must not grow the queue without bound.
  static constexpr std::size_t kMaxQueued = 256;

  void read() {
    reading_ = true;
    stream_.async_read_some(
        boost::asio::buffer(input_),
        [self = this->shared_from_this()](boost::system::error_code ec, std::size_t n) {
          self->on_read(ec, n);
        });
  }

  void on_read(boost::system::error_code ec, std::size_t n) {
    reading_ = false;
    if (core_->stopped || ended_) return;
    if (ec) return finish(ec);
    if (!silent_) {  // a stalled device neither answers nor listens
      std::span<const std::uint8_t> bytes(input_.data(), n);
      for (Bytes& reply : dialect_->on_bytes(bytes, core_->clock.now_ns())) plan(std::move(reply));
      pump();
    }
    if (!ended_ && queue_.size() < kMaxQueued) read();  // else the writer resumes reading
  }

  // Time the reply's bytes take on an emulated serial line (10 bit times per byte).
  std::chrono::microseconds line_time(std::size_t bytes) const {
    int baud = core_->options.line_rate_baud;
    if (baud <= 0) return std::chrono::microseconds(0);
    return std::chrono::microseconds(static_cast<std::int64_t>(bytes) * 10 * 1000000 / baud);
  }

  void plan(Bytes reply, bool is_reply = true) {
    if (silent_) return;
    std::optional<FaultDecision> fault = core_->decide_reply();
    std::chrono::microseconds on_line = line_time(reply.size());
    if (is_reply) on_line += core_->options.reply_latency;
    if (!fault) {
      queue_.push_back({std::move(reply), on_line});
      return;
    }
    core_->report_fault(*fault);
    switch (fault->rule.kind) {
      case FaultKind::delay:
        queue_.push_back({std::move(reply), on_line + fault->delay});
        return;
      case FaultKind::drop:
        return;
      case FaultKind::corrupt:
        queue_.push_back({corrupt_reply(std::move(reply)), on_line});
        return;
      case FaultKind::truncate: {
        Bytes cut = truncate_reply(std::move(reply));
        if (!cut.empty()) queue_.push_back({std::move(cut), on_line});
        return;
      }
      case FaultKind::duplicate:
        queue_.push_back({reply, on_line});
        queue_.push_back({std::move(reply), std::chrono::microseconds(0)});
        return;
      case FaultKind::stall:
        silent_ = true;
        return;
      case FaultKind::disconnect:
        silent_ = true;
        if (can_disconnect_) queue_.push_back({Bytes{}, std::chrono::microseconds(0), true});
        return;
      case FaultKind::overtemp:
      case FaultKind::coil_removed:
      case FaultKind::power_fault:
        // The reply was made before the fault: it leaves unchanged; later ones report it.
        core_->inject_device_fault(fault->rule.kind);
        queue_.push_back({std::move(reply), on_line});
        return;
    }
  }

  void pump() {
    if (writing_ || queue_.empty() || ended_) return;
    writing_ = true;
    const Outgoing& next = queue_.front();
    if (next.hang_up) return finish(boost::system::error_code{});
    if (next.delay <= std::chrono::microseconds(0)) return write_front();
    timer_->expires_after(next.delay);
    timer_->async_wait([self = this->shared_from_this()](boost::system::error_code ec) {
      if (ec || self->core_->stopped || self->ended_) return;
      self->write_front();
    });
  }

  void write_front() {
    boost::asio::async_write(
        stream_, boost::asio::buffer(queue_.front().bytes),
        [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
          if (self->core_->stopped || self->ended_) return;
          if (ec) return self->finish(ec);
          self->queue_.pop_front();
          self->writing_ = false;
          if (!self->reading_ && self->queue_.size() < kMaxQueued) self->read();
          self->pump();
        });
  }

  // Ends the session once; an empty `ec` is a deliberate hang-up.
  void finish(boost::system::error_code ec) {
    if (ended_) return;
    ended_ = true;
    if (ec && ec != boost::asio::error::eof && ec != boost::asio::error::connection_reset &&
        ec != boost::asio::error::operation_aborted) {
      core_->last_error = ec.message();
    }
    close();
    if (on_end_) on_end_();
  }

  std::shared_ptr<ServerCore> core_;
  Stream stream_;
  std::unique_ptr<ClockTimer> timer_;
  std::unique_ptr<MockDialect> dialect_;
  OnEnd on_end_;
  bool can_disconnect_ = true;
  std::array<std::uint8_t, 4096> input_{};
  std::deque<Outgoing> queue_;  // front() stays put while it is being written
  bool reading_ = false;
  bool writing_ = false;
  bool silent_ = false;
  bool ended_ = false;
};

template <class Stream>
void start_session(const std::shared_ptr<ServerCore>& core, Stream stream,
                   typename Session<Stream>::OnEnd on_end, bool can_disconnect = true) {
  auto session =
      std::make_shared<Session<Stream>>(core, std::move(stream), std::move(on_end), can_disconnect);
  core->track(session);
  session->start();
}

}  // namespace stimbench::mock_detail
