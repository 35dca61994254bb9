#include "devices/transport/termios_config.hpp"

#include <string>

namespace stimbench::detail {

std::optional<speed_t> termios_speed(int baud) {
  switch (baud) {
    // clang-format off
    case 50: return B50;         case 75: return B75;         case 110: return B110;
    case 134: return B134;       case 150: return B150;       case 200: return B200;
    case 300: return B300;       case 600: return B600;       case 1200: return B1200;
    case 1800: return B1800;     case 2400: return B2400;     case 4800: return B4800;
    case 9600: return B9600;     case 19200: return B19200;   case 38400: return B38400;
    case 57600: return B57600;   case 115200: return B115200; case 230400: return B230400;
    case 460800: return B460800; case 500000: return B500000; case 576000: return B576000;
    case 921600: return B921600; case 1000000: return B1000000;
    case 1152000: return B1152000; case 1500000: return B1500000;
    case 2000000: return B2000000; case 2500000: return B2500000;
    case 3000000: return B3000000; case 3500000: return B3500000;
    case 4000000: return B4000000;
    // clang-format on
    default:
      return std::nullopt;
  }
}

void set_nonblocking_read_mode(termios& t) {
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
}

Result<termios> make_serial_termios(const termios& current, const SerialSettings& s) {
  auto speed = termios_speed(s.baud);
  if (!speed)
    return make_error(ErrorCode::invalid_input,
                      "baud " + std::to_string(s.baud) + " is not a standard termios rate");
  if (s.data_bits < 5 || s.data_bits > 8 || (s.stop_bits != 1 && s.stop_bits != 2))
    return make_error(ErrorCode::invalid_input, "impossible data_bits/stop_bits");
  termios t = current;
  ::cfmakeraw(&t);
  ::cfsetispeed(&t, *speed);
  ::cfsetospeed(&t, *speed);
  static constexpr tcflag_t kSizes[] = {CS5, CS6, CS7, CS8};
  t.c_cflag = (t.c_cflag & ~CSIZE) | kSizes[s.data_bits - 5];
  // No HUPCL, like libserialport: closing must not drop DTR and reset the device.
  t.c_cflag &= ~(PARENB | PARODD | CSTOPB | CRTSCTS | HUPCL);
  if (s.parity != Parity::none) t.c_cflag |= PARENB;
  if (s.parity == Parity::odd) t.c_cflag |= PARODD;
  if (s.stop_bits == 2) t.c_cflag |= CSTOPB;
  t.c_iflag &= ~(IXON | IXOFF | IXANY);
  if (s.flow_control == FlowControl::rtscts) t.c_cflag |= CRTSCTS;
  if (s.flow_control == FlowControl::xonxoff) t.c_iflag |= IXON | IXOFF;
  t.c_cflag |= CLOCAL | CREAD;
  set_nonblocking_read_mode(t);
  return t;
}

}  // namespace stimbench::detail
