// Loopback TCP listener for the mock: one connection after another.
#include <boost/asio/ip/tcp.hpp>

#include "devices/mock/mock_server.hpp"
#include "devices/mock/mock_session.hpp"
#include "devices/transport/listen_address.hpp"

namespace stimbench {

namespace {

using boost::asio::ip::tcp;

Result<tcp::endpoint> parse_listen_uri(std::string_view uri) {
  Result<tcp::endpoint> endpoint = parse_listen_address(uri, "mock listen address");
  // A mock that accepts arming commands must never be reachable from the network.
  if (endpoint && !endpoint->address().is_loopback()) {
    return make_error(ErrorCode::invalid_input,
                      "mock listen address \"" + std::string(uri) +
                          "\": refusing a non-loopback host; use 127.0.0.1 or ::1");
  }
  return endpoint;
}

class TcpListener : public mock_detail::Closable, public std::enable_shared_from_this<TcpListener> {
 public:
  explicit TcpListener(std::shared_ptr<mock_detail::ServerCore> core)
      : core_(std::move(core)), acceptor_(core_->io), retry_(core_->clock.make_timer(core_->io)) {}

  Status open(const tcp::endpoint& endpoint) {
    boost::system::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(tcp::socket::max_listen_connections, ec);
    if (ec) {
      close();
      return make_error(ErrorCode::io, "mock cannot listen on " + endpoint.address().to_string() +
                                           ":" + std::to_string(endpoint.port()) + ": " +
                                           ec.message());
    }
    return Status::success();
  }

  tcp::endpoint local_endpoint() const {
    boost::system::error_code ec;
    return acceptor_.local_endpoint(ec);
  }

  void accept() {
    acceptor_.async_accept(
        [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
          self->on_accept(ec, std::move(socket));
        });
  }

  void close() override {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_->cancel();
  }

 private:
  void on_accept(boost::system::error_code ec, tcp::socket socket) {
    if (core_->stopped || ec == boost::asio::error::operation_aborted) return;
    if (ec) {
      // E.g. out of descriptors: wait a little instead of spinning.
      core_->last_error = "accept: " + ec.message();
      retry_->expires_after(std::chrono::milliseconds(100));
      retry_->async_wait([self = shared_from_this()](boost::system::error_code wec) {
        if (!wec && !self->core_->stopped) self->accept();
      });
      return;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // replies are latency measurements
    mock_detail::start_session(core_, std::move(socket), [self = shared_from_this()] {
      if (!self->core_->stopped) self->accept();
    });
  }

  std::shared_ptr<mock_detail::ServerCore> core_;
  tcp::acceptor acceptor_;
  std::unique_ptr<ClockTimer> retry_;
};

}  // namespace

Result<std::string> MockServer::listen_tcp(std::string_view uri) {
  if (core_->stopped) return make_error(ErrorCode::closed, "mock server stopped");
  Result<tcp::endpoint> endpoint = parse_listen_uri(uri);
  if (!endpoint) return endpoint.error();
  auto listener = std::make_shared<TcpListener>(core_);
  if (Status opened = listener->open(*endpoint); !opened) return opened.error();
  tcp::endpoint bound = listener->local_endpoint();
  core_->track(listener);
  listener->accept();
  std::string host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                             : bound.address().to_string();
  return "tcp://" + host + ":" + std::to_string(bound.port());
}

}  // namespace stimbench
