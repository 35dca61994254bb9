#include "devices/proxy/fault_proxy.hpp"

#include <fcntl.h>
#include <termios.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "devices/proxy/proxy_link.hpp"
#include "devices/transport/listen_address.hpp"
#include "devices/transport/termios_config.hpp"

namespace stimbench::proxy {

namespace detail {

namespace {

using boost::asio::ip::tcp;

template <class Stream>
class AsioStream final : public ByteStream {
 public:
  explicit AsioStream(Stream stream) : stream_(std::move(stream)) {}
  void read_some(std::span<std::uint8_t> buffer, ReadHandler handler) override {
    stream_.async_read_some(boost::asio::buffer(buffer.data(), buffer.size()), std::move(handler));
  }
  void write_all(const Bytes& bytes, WriteHandler handler) override {
    boost::asio::async_write(
        stream_, boost::asio::buffer(bytes),
        [h = std::move(handler)](boost::system::error_code ec, std::size_t) { h(ec); });
  }
  void close() override {
    boost::system::error_code ignored;
    stream_.close(ignored);
  }

 private:
  Stream stream_;
};

Result<std::unique_ptr<ByteStream>> open_serial_stream(boost::asio::io_context& io,
                                                       const std::string& path,
                                                       const SerialSettings& settings) {
  int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return make_error(ErrorCode::io, "cannot open " + path);
  termios current{};
  if (::tcgetattr(fd, &current) != 0) {
    ::close(fd);
    return make_error(ErrorCode::io, path + " is not a terminal");
  }
  Result<termios> wanted = ::stimbench::detail::make_serial_termios(current, settings);
  if (!wanted) {
    ::close(fd);
    return wanted.error();
  }
  ::stimbench::detail::set_nonblocking_read_mode(*wanted);
  ::tcsetattr(fd, TCSANOW, &*wanted);
  ::tcflush(fd, TCIFLUSH);  // bytes from an earlier session are not this client's
  boost::asio::posix::stream_descriptor stream(io, fd);
  return std::unique_ptr<ByteStream>(
      new AsioStream<boost::asio::posix::stream_descriptor>(std::move(stream)));
}

}  // namespace

void ProxyCore::accept() {
  if (stopped || link) return;
  acceptor.async_accept(
      [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
        if (self->stopped) return;
        if (ec) {
          self->note("accept: " + ec.message());
          if (ec == boost::asio::error::operation_aborted) return;
          return self->accept();
        }
        socket.set_option(tcp::no_delay(true), ec);
        self->connect_upstream(
            std::unique_ptr<ByteStream>(new AsioStream<tcp::socket>(std::move(socket))));
      });
}

void ProxyCore::connect_upstream(std::unique_ptr<ByteStream> client) {
  ++clients;
  auto begin = [this](std::unique_ptr<ByteStream> c, std::unique_ptr<ByteStream> up) {
    link = std::make_shared<Link>(shared_from_this(), std::move(c), std::move(up));
    link->start();
  };
  if (upstream.scheme == "serial") {
    auto stream = open_serial_stream(io, upstream.path, serial);
    if (!stream) {
      note("upstream: " + stream.error().message);
      client->close();
      return accept();
    }
    return begin(std::move(client), std::move(stream).value());
  }
  auto socket = std::make_shared<tcp::socket>(io);
  boost::system::error_code ec;
  auto address =
      boost::asio::ip::make_address(upstream.host == "localhost" ? "127.0.0.1" : upstream.host, ec);
  if (ec) {
    note("upstream: bad host " + upstream.host);
    client->close();
    return accept();
  }
  // The client waits in a box while the upstream connects.
  auto held = std::make_shared<std::unique_ptr<ByteStream>>(std::move(client));
  socket->async_connect(
      tcp::endpoint(address, static_cast<unsigned short>(upstream.port)),
      [self = shared_from_this(), socket, held, begin](boost::system::error_code cec) {
        if (self->stopped) return (*held)->close();
        if (cec) {
          self->note("upstream " + self->upstream.text + ": " + cec.message());
          (*held)->close();
          return self->accept();
        }
        socket->set_option(tcp::no_delay(true), cec);
        begin(std::move(*held),
              std::unique_ptr<ByteStream>(new AsioStream<tcp::socket>(std::move(*socket))));
      });
}

void ProxyCore::stop() {
  if (stopped) return;
  stopped = true;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  if (link) link->end("proxy stopped");
}

}  // namespace detail

FaultProxy::FaultProxy(boost::asio::io_context& io, const Clock& clock, ProxyOptions options)
    : core_(std::make_shared<detail::ProxyCore>(io, clock, std::move(options))) {}

FaultProxy::~FaultProxy() {
  stop();
}

void FaultProxy::stop() {
  core_->stop();
}

std::size_t FaultProxy::clients_served() const {
  return core_->clients;
}

Result<std::string> FaultProxy::start(const std::string& listen, const std::string& upstream,
                                      bool allow_remote) {
  detail::ProxyCore& c = *core_;
  if (c.options.faults.has_device_faults()) {
    return make_error(ErrorCode::invalid_input,
                      "device faults (overtemp, coil_removed, power_fault) need the built-in "
                      "mock; a proxy can only act on bytes");
  }
  if (auto probe =
          make_splitter(c.options.family, c.options.firmware, FaultDirection::device_to_host);
      !probe) {
    return probe.error();
  }
  auto up = parse_device_uri(upstream);
  if (!up) return up.error().with_context("upstream");
  if (up->scheme != "tcp" && up->scheme != "serial")
    return make_error(ErrorCode::invalid_input, "upstream must be tcp:// or serial://");
  if (up->scheme == "serial") {
    auto settings = apply_serial_query(*up, c.options.serial);
    if (!settings) return settings.error().with_context("upstream");
    c.serial = *settings;
  }
  c.upstream = *up;
  auto endpoint = parse_listen_address(listen, "proxy listen address");
  if (!endpoint) return endpoint.error();
  // A proxy forwards arming commands: it must not be reachable from the network by accident.
  if (!endpoint->address().is_loopback() && !allow_remote) {
    return make_error(ErrorCode::invalid_input,
                      "proxy listen address \"" + listen +
                          "\" is not loopback; add --allow-remote to listen there");
  }
  boost::system::error_code ec;
  c.acceptor.open(endpoint->protocol(), ec);
  if (!ec) c.acceptor.set_option(boost::asio::ip::tcp::acceptor::reuse_address(true), ec);
  if (!ec) c.acceptor.bind(*endpoint, ec);
  if (!ec) c.acceptor.listen(boost::asio::ip::tcp::socket::max_listen_connections, ec);
  if (ec) {
    return make_error(ErrorCode::io, "proxy listen " + listen + ": " + ec.message());
  }
  boost::asio::ip::tcp::endpoint bound = c.acceptor.local_endpoint(ec);
  if (ec) return make_error(ErrorCode::io, "proxy listen: " + ec.message());
  c.accept();
  return format_tcp_uri(bound.address().to_string(), bound.port());
}

}  // namespace stimbench::proxy
