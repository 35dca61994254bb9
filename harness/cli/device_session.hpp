// Opens the device a run talks to: the built-in mock (in-process), TCP or serial.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>

#include "devices/core/clock.hpp"
#include "devices/core/interrupt.hpp"
#include "devices/core/profile.hpp"
#include "devices/drivers/driver.hpp"
#include "devices/mock/mock_server.hpp"
#include "devices/transport/transport.hpp"
#include "devices/transport/uri.hpp"

namespace stimbench::cli {

struct SessionOptions {
  double time_scale = 1.0;
  std::uint64_t seed = 0;
  // The run's clock is virtual: the built-in mock models reply latency on it.
  bool virtual_time = false;
  // The built-in mock tells of every fault it injects (the run writes the transcript line).
  std::function<void(const FaultEvent&)> on_fault;
};

struct DeviceSession {
  std::unique_ptr<MockServer> mock;  // only for mock:
  std::unique_ptr<Transport> transport;
  std::unique_ptr<StimulatorDriver> driver;
};

Result<DeviceSession> open_device(const DeviceUri& uri, const DeviceProfile& profile,
                                  boost::asio::io_context& io, const Clock& clock,
                                  const InterruptToken* interrupt, const SessionOptions& options);

// Opens `session`'s link anew after it closed or went silent (runner/link_guard.hpp): the
// built-in mock serves a fresh in-process connection (its device state persists, like a real
// unit's), TCP connects again, serial reopens the port. On failure the old (closed) link stays.
Status reopen_device(DeviceSession& session, const DeviceUri& uri, const DeviceProfile& profile,
                     boost::asio::io_context& io, const Clock& clock,
                     const InterruptToken* interrupt);

// The driver for a profile's protocol family.
Result<std::unique_ptr<StimulatorDriver>> make_driver(const DeviceProfile& profile,
                                                      Transport& transport, const Clock& clock);

}  // namespace stimbench::cli
