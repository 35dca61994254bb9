// Internals of MockServer shared by its TCP, PTY and in-process parts. Handlers hold the
// core by shared_ptr, so a server destroyed with operations still queued stays valid until
// they have run and seen `stopped`.
#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "devices/core/clock.hpp"
#include "devices/mock/mock_server.hpp"

namespace stimbench::mock_detail {

class Closable {
 public:
  virtual ~Closable() = default;
  virtual void close() = 0;
};

struct ServerCore : std::enable_shared_from_this<ServerCore> {
  ServerCore(boost::asio::io_context& io, const Clock& clock, MockStimulator device,
             MockServerOptions options)
      : io(io), clock(clock), device(std::move(device)), options(std::move(options)), timer(io) {}

  void start_ticking();
  void track(const std::shared_ptr<Closable>& closable);
  void stop();
  std::unique_ptr<MockDialect> make_dialect();

  boost::asio::io_context& io;
  const Clock& clock;
  MockStimulator device;
  MockServerOptions options;
  boost::asio::steady_timer timer;
  bool stopped = false;
  std::size_t connections = 0;
  std::string last_error;
  std::vector<std::weak_ptr<Closable>> closables;
};

// One connection on any Asio stream: read, hand to the dialect, write the reply, repeat.
template <class Stream>
class Session : public Closable, public std::enable_shared_from_this<Session<Stream>> {
 public:
  using OnEnd = std::function<void()>;

  Session(std::shared_ptr<ServerCore> core, Stream stream, OnEnd on_end)
      : core_(std::move(core)),
        stream_(std::move(stream)),
        dialect_(core_->make_dialect()),
        on_end_(std::move(on_end)) {}

  void start() {
    ++core_->connections;
    read();
  }

  void close() override {
    boost::system::error_code ignored;
    stream_.close(ignored);
  }

 private:
  void read() {
    stream_.async_read_some(
        boost::asio::buffer(input_),
        [self = this->shared_from_this()](boost::system::error_code ec, std::size_t n) {
          self->on_read(ec, n);
        });
  }

  void on_read(boost::system::error_code ec, std::size_t n) {
    if (core_->stopped) return;
    if (ec) return finish(ec);
    output_ =
        dialect_->on_bytes(std::span<const std::uint8_t>(input_.data(), n), core_->clock.now_ns());
    if (output_.empty()) return read();
    boost::asio::async_write(
        stream_, boost::asio::buffer(output_),
        [self = this->shared_from_this()](boost::system::error_code wec, std::size_t) {
          if (self->core_->stopped) return;
          if (wec) return self->finish(wec);
          self->read();
        });
  }

  void finish(boost::system::error_code ec) {
    if (ec != boost::asio::error::eof && ec != boost::asio::error::connection_reset &&
        ec != boost::asio::error::operation_aborted) {
      core_->last_error = ec.message();
    }
    close();
    if (on_end_) on_end_();
  }

  std::shared_ptr<ServerCore> core_;
  Stream stream_;
  std::unique_ptr<MockDialect> dialect_;
  OnEnd on_end_;
  std::array<std::uint8_t, 4096> input_{};
  Bytes output_;
};

template <class Stream>
void start_session(const std::shared_ptr<ServerCore>& core, Stream stream,
                   typename Session<Stream>::OnEnd on_end) {
  auto session = std::make_shared<Session<Stream>>(core, std::move(stream), std::move(on_end));
  core->track(session);
  session->start();
}

}  // namespace stimbench::mock_detail
