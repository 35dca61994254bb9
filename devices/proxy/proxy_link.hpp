// Internals of FaultProxy: a type-erased byte stream, one direction of a link (a Pipe) and the
// shared core. Handlers hold shared_ptrs, so a proxy destroyed with operations still queued
// stays valid until they have run and seen `stopped`.
#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <span>

#include "devices/proxy/fault_proxy.hpp"
#include "devices/proxy/frame_splitter.hpp"
#include "devices/transport/uri.hpp"

namespace stimbench::proxy::detail {

using ReadHandler = std::function<void(boost::system::error_code, std::size_t)>;
using WriteHandler = std::function<void(boost::system::error_code)>;

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  virtual void read_some(std::span<std::uint8_t> buffer, ReadHandler handler) = 0;
  virtual void write_all(const Bytes& bytes, WriteHandler handler) = 0;
  virtual void close() = 0;
};

struct Link;

// One direction: reads, frames, applies the schedule, writes in order.
class Pipe : public std::enable_shared_from_this<Pipe> {
 public:
  Pipe(std::shared_ptr<Link> link, ByteStream& from, ByteStream& to, FaultDirection direction,
       std::unique_ptr<FrameSplitter> splitter);
  void start() { read(); }
  void cancel();

 private:
  struct Outgoing {
    Bytes bytes;
    std::chrono::microseconds delay{0};
    bool hang_up = false;
  };
  static constexpr std::size_t kMaxQueued = 256;

  void read();
  void on_read(boost::system::error_code ec, std::size_t n);
  void drain();
  void plan(Bytes frame);
  void arm_flush();
  void pump();
  void write_front();

  std::shared_ptr<Link> link_;
  ByteStream& from_;
  ByteStream& to_;
  FaultDirection direction_;
  std::unique_ptr<FrameSplitter> splitter_;
  std::unique_ptr<ClockTimer> send_timer_;
  std::unique_ptr<ClockTimer> flush_timer_;
  std::array<std::uint8_t, 4096> input_{};
  std::deque<Outgoing> queue_;
  bool reading_ = false;
  bool writing_ = false;
};

struct ProxyCore : std::enable_shared_from_this<ProxyCore> {
  ProxyCore(boost::asio::io_context& io, const Clock& clock, ProxyOptions options)
      : io(io),
        clock(clock),
        options(std::move(options)),
        faults(this->options.faults, this->options.seed),
        acceptor(io) {}

  void accept();
  void connect_upstream(std::unique_ptr<ByteStream> client);
  void note(const std::string& text) const {
    if (options.on_note) options.on_note(text);
  }
  void report(const FaultDecision& decision) const {
    if (options.on_fault) options.on_fault(FaultEvent{clock.now_ns(), decision, options.seed});
  }
  void stop();

  boost::asio::io_context& io;
  const Clock& clock;
  ProxyOptions options;
  FaultInjector faults;  // one frame count per direction for the proxy's life
  boost::asio::ip::tcp::acceptor acceptor;
  DeviceUri upstream;
  SerialSettings serial;
  std::shared_ptr<Link> link;  // the client being served, if any
  std::size_t clients = 0;
  bool stopped = false;
};

// A client and its upstream, with a pipe each way. Ends once: both streams closed.
struct Link : std::enable_shared_from_this<Link> {
  Link(std::shared_ptr<ProxyCore> core, std::unique_ptr<ByteStream> client,
       std::unique_ptr<ByteStream> upstream)
      : core(std::move(core)), client(std::move(client)), upstream(std::move(upstream)) {}
  void start();
  void end(const std::string& why);

  std::shared_ptr<ProxyCore> core;
  std::unique_ptr<ByteStream> client;
  std::unique_ptr<ByteStream> upstream;
  std::shared_ptr<Pipe> to_device;
  std::shared_ptr<Pipe> to_host;
  bool silent = false;  // a stall: nothing more is forwarded either way
  bool ended = false;
};

}  // namespace stimbench::proxy::detail
