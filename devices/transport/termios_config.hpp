// termios values for a serial port, kept apart from the file descriptor work so they can be
// checked directly (a Linux PTY silently forces CS8 and no parity, hiding what was asked).
#pragma once

#include <termios.h>

#include <optional>

#include "devices/core/profile.hpp"
#include "devices/core/result.hpp"

namespace stimbench::detail {

// The Bxxx constant for a standard rate; nullopt otherwise.
std::optional<speed_t> termios_speed(int baud);

// Raw mode with `settings` applied on top of `current`: speed, CSIZE, PARENB/PARODD, CSTOPB,
// CRTSCTS or IXON|IXOFF, CLOCAL|CREAD, VMIN=1/VTIME=0. ErrorCode::invalid_input for a
// non-standard baud rate or impossible bit counts.
Result<termios> make_serial_termios(const termios& current, const SerialSettings& settings);

// Read semantics for a non-blocking descriptor: VMIN=1/VTIME=0. With VMIN=0/VTIME=0 (what
// libserialport sets) a tty read() with no data returns 0 instead of EAGAIN, which Asio
// takes for end of file.
void set_nonblocking_read_mode(termios& t);

}  // namespace stimbench::detail
