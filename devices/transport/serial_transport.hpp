// Serial transport: `serial:///dev/ttyUSB0?baud=9600`. libserialport opens and configures real
// ports; pseudo-terminals (which libserialport refuses) are configured with termios directly.
// Either way Asio does the I/O on a file descriptor and the port is held exclusively.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "devices/core/clock.hpp"
#include "devices/core/interrupt.hpp"
#include "devices/core/profile.hpp"
#include "devices/core/result.hpp"
#include "devices/transport/transport.hpp"

namespace stimbench {

// ErrorCode::busy when another process holds the port, invalid_input for impossible settings
// or a path that is not a terminal, io for anything else the OS or libserialport reports.
// `io` and `clock` must outlive the transport; `token` may be null.
Result<std::unique_ptr<Transport>> open_serial(boost::asio::io_context& io, const Clock& clock,
                                               const InterruptToken* token, std::string path,
                                               const SerialSettings& settings);

}  // namespace stimbench
