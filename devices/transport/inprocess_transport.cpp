#include "devices/transport/inprocess_transport.hpp"

#include <boost/asio/local/connect_pair.hpp>

#include "devices/transport/stream_transport.hpp"

namespace stimbench {
namespace {

using Socket = boost::asio::local::stream_protocol::socket;

class InprocessTransport final : public StreamTransport<Socket> {
 public:
  InprocessTransport(boost::asio::io_context& io, const Clock& clock, const InterruptToken* token,
                     Socket socket, const boost::system::error_code& pair_error)
      : StreamTransport<Socket>(io, clock, token, std::move(socket), "mock:") {
    if (pair_error)
      set_closed_error(make_error(
          ErrorCode::io, "cannot create the in-process socket pair: " + pair_error.message()));
  }
};

}  // namespace

InprocessPair make_inprocess_pair(boost::asio::io_context& io, const Clock& clock,
                                  const InterruptToken* token) {
  Socket host(io);
  Socket device(io);
  boost::system::error_code ec;
  boost::asio::local::connect_pair(host, device, ec);
  if (ec) {
    boost::system::error_code ignored;
    host.close(ignored);
    device.close(ignored);
  }
  return InprocessPair{std::make_unique<InprocessTransport>(io, clock, token, std::move(host), ec),
                       std::move(device)};
}

}  // namespace stimbench
