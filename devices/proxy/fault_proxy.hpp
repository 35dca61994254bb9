// `stimbench proxy`: forwards bytes both ways between one client and an upstream device
// (tcp:// or serial://), injecting a seeded fault schedule into frames of either direction
// (grammar in devices/mock/fault_schedule.hpp, docs/mock.md). One client at a time; each
// client gets a fresh upstream connection. Everything runs on the caller's io_context, on
// the injected clock's timers; no exceptions escape.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>

#include "devices/core/clock.hpp"
#include "devices/core/profile.hpp"
#include "devices/core/result.hpp"
#include "devices/mock/fault_schedule.hpp"

namespace stimbench::proxy {

struct ProxyOptions {
  FaultSchedule faults;  // device faults are refused by listen(): they need the mock
  std::uint64_t seed = 0;
  std::string family = "reference";  // framing: reference, magstim, magventure
  std::string firmware;              // Rapid² field widths
  SerialSettings serial;             // for a serial upstream (URI query keys override)
  // A frame held back as incomplete is passed on after this much quiet.
  std::chrono::milliseconds quiet_flush{20};
  std::function<void(const FaultEvent&)> on_fault;
  std::function<void(const std::string&)> on_note;  // connections, upstream errors
};

namespace detail {
struct ProxyCore;
}

class FaultProxy {
 public:
  FaultProxy(boost::asio::io_context& io, const Clock& clock, ProxyOptions options);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  // Checks `upstream` (tcp://HOST:PORT or serial:///dev/X?baud=...), then listens on
  // `listen` (tcp://HOST:PORT; a non-loopback host only with allow_remote). Returns the bound
  // URI, e.g. "tcp://127.0.0.1:40123". invalid_input for bad addresses or specs.
  Result<std::string> start(const std::string& listen, const std::string& upstream,
                            bool allow_remote);
  void stop();  // idempotent
  std::size_t clients_served() const;

 private:
  std::shared_ptr<detail::ProxyCore> core_;
};

}  // namespace stimbench::proxy
