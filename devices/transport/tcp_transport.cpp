#include "devices/transport/tcp_transport.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "devices/transport/io_wait.hpp"
#include "devices/transport/stream_transport.hpp"
#include "devices/transport/uri.hpp"

namespace stimbench {
namespace {

using boost::asio::ip::tcp;

struct ResolveOp : detail::PendingOp {
  boost::system::error_code ec;
  tcp::resolver::results_type results;
};

struct ConnectOp : detail::PendingOp {
  boost::system::error_code ec;
};

std::chrono::nanoseconds remaining(const Clock& clock, std::int64_t deadline_ns) {
  return std::chrono::nanoseconds(deadline_ns - clock.now_ns());
}

Error stopped(const detail::PendingOp& op, const std::string& what,
              std::chrono::nanoseconds timeout) {
  switch (op.stop) {
    case detail::StopReason::deadline:
      return make_error(
          ErrorCode::timeout,
          what + " timed out after " +
              std::to_string(
                  std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count()) +
              " ms");
    case detail::StopReason::interrupt:
      return make_error(ErrorCode::cancelled, what + " interrupted");
    case detail::StopReason::handler_threw:
      return make_error(ErrorCode::internal,
                        what + " abandoned: an I/O handler threw: " + op.thrown);
    case detail::StopReason::none:
      break;
  }
  return make_error(ErrorCode::internal, what + " cancelled for no known reason");
}

}  // namespace

Result<std::unique_ptr<Transport>> connect_tcp(boost::asio::io_context& io, const Clock& clock,
                                               const InterruptToken* token, std::string host,
                                               int port, std::chrono::nanoseconds connect_timeout) {
  std::string address = format_tcp_uri(host, port);
  if (host.empty() || port < 1 || port > 65535)
    return make_error(ErrorCode::invalid_input, "bad TCP address " + address);
  if (token != nullptr && token->should_stop())
    return make_error(ErrorCode::cancelled, "connecting to " + address + " interrupted");
  const std::int64_t deadline_ns = clock.now_ns() + connect_timeout.count();

  // The resolver also accepts numeric addresses, so names like "localhost" work too.
  tcp::resolver resolver(io);
  auto resolve = std::make_shared<ResolveOp>();
  resolver.async_resolve(
      host, std::to_string(port), tcp::resolver::numeric_service,
      [resolve](const boost::system::error_code& ec, tcp::resolver::results_type results) {
        resolve->ec = ec;
        resolve->results = std::move(results);
        resolve->done = true;
      });
  detail::run_until_done(io, clock, resolve, connect_timeout, token,
                         [&resolver] { resolver.cancel(); });
  if (resolve->stop != detail::StopReason::none)
    return stopped(*resolve, "resolving " + address, connect_timeout);
  if (resolve->ec)
    return make_error(ErrorCode::io, "cannot resolve " + address + ": " + resolve->ec.message());

  tcp::socket socket(io);
  auto connect = std::make_shared<ConnectOp>();
  boost::asio::async_connect(socket, resolve->results,
                             [connect](const boost::system::error_code& ec, const tcp::endpoint&) {
                               connect->ec = ec;
                               connect->done = true;
                             });
  detail::run_until_done(io, clock, connect, remaining(clock, deadline_ns), token, [&socket] {
    boost::system::error_code ignored;
    socket.close(ignored);
  });
  if (connect->stop != detail::StopReason::none)
    return stopped(*connect, "connecting to " + address, connect_timeout);
  if (connect->ec)
    return make_error(ErrorCode::io, "cannot connect to " + address + ": " + connect->ec.message());

  // Commands are small and latency matters more than throughput.
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  return std::unique_ptr<Transport>(
      std::make_unique<StreamTransport<tcp::socket>>(io, clock, token, std::move(socket), address));
}

}  // namespace stimbench
