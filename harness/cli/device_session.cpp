#include "harness/cli/device_session.hpp"

#include <cstdlib>

#include "devices/drivers/magstim_driver.hpp"
#include "devices/drivers/magventure_driver.hpp"
#include "devices/drivers/reference_driver.hpp"
#include "devices/transport/inprocess_transport.hpp"
#include "devices/transport/serial_transport.hpp"
#include "devices/transport/tcp_transport.hpp"
#include "harness/cli/mock_spec.hpp"

namespace stimbench::cli {

Result<std::unique_ptr<StimulatorDriver>> make_driver(const DeviceProfile& profile,
                                                      Transport& transport, const Clock& clock) {
  if (profile.family == "reference") return make_reference_driver(transport, clock);
  if (profile.family == "magstim") {
    MagstimDriverOptions options;
    // The unlock code is a credential: from the environment, never the command line
    // (which the manifest records).
    if (const char* code = std::getenv("STIMBENCH_UNLOCK_CODE"); code && *code) {
      options.unlock_code = code;
    }
    auto driver = make_magstim_driver(transport, clock, profile, options);
    if (driver) return driver;
  }
  if (profile.family == "magventure") {
    auto driver = make_magventure_driver(transport, clock, profile);
    if (driver) return driver;
  }
  return make_error(ErrorCode::unsupported, "no driver for protocol family '" + profile.family +
                                                "' (profile " + profile.name + ")");
}

namespace {

// The transport for a TCP or serial URI; the mock's is made by its server.
Result<std::unique_ptr<Transport>> open_transport(const DeviceUri& uri,
                                                  const DeviceProfile& profile,
                                                  boost::asio::io_context& io, const Clock& clock,
                                                  const InterruptToken* interrupt) {
  if (uri.scheme == "tcp") {
    auto t = connect_tcp(io, clock, interrupt, uri.host, uri.port, std::chrono::seconds(5));
    if (!t) return t.error();
    return std::unique_ptr<Transport>(std::move(t).value());
  }
  if (uri.scheme == "serial") {
    auto settings = apply_serial_query(uri, profile.serial);
    if (!settings) return settings.error();
    auto t = open_serial(io, clock, interrupt, uri.path, *settings);
    if (!t) return t.error();
    std::unique_ptr<Transport> transport = std::move(t).value();
    // A serial line may hold bytes from an earlier session; they are not ours to read.
    transport->discard_input();
    return transport;
  }
  return make_error(ErrorCode::invalid_input, "unsupported device URI scheme '" + uri.scheme + "'");
}

Result<std::unique_ptr<Transport>> mock_transport(MockServer& mock, boost::asio::io_context& io,
                                                  const Clock& clock,
                                                  const InterruptToken* interrupt) {
  InprocessPair pair = make_inprocess_pair(io, clock, interrupt);
  if (Status s = mock.serve_stream(std::move(pair.device)); !s) return s.error();
  return std::move(pair.host);
}

}  // namespace

Result<DeviceSession> open_device(const DeviceUri& uri, const DeviceProfile& profile,
                                  boost::asio::io_context& io, const Clock& clock,
                                  const InterruptToken* interrupt, const SessionOptions& options) {
  DeviceSession session;
  if (uri.scheme == "mock") {
    auto spec = mock_spec_from_uri(uri, profile, options.seed, options.virtual_time);
    if (!spec) return spec.error();
    spec->time_scale = options.time_scale;
    auto setup = build_mock_setup(profile, *spec);
    if (!setup) return setup.error().with_context("built-in mock");
    auto device = MockStimulator::create(profile, setup->device);
    if (!device) return device.error().with_context("built-in mock");
    setup->server.on_fault = options.on_fault;
    session.mock = std::make_unique<MockServer>(io, clock, std::move(device).value(),
                                                std::move(setup)->server);
    auto transport = mock_transport(*session.mock, io, clock, interrupt);
    if (!transport) return transport.error();
    session.transport = std::move(transport).value();
  } else {
    auto transport = open_transport(uri, profile, io, clock, interrupt);
    if (!transport) return transport.error();
    session.transport = std::move(transport).value();
  }
  auto driver = make_driver(profile, *session.transport, clock);
  if (!driver) return driver.error();
  session.driver = std::move(driver).value();
  return session;
}

Status reopen_device(DeviceSession& session, const DeviceUri& uri, const DeviceProfile& profile,
                     boost::asio::io_context& io, const Clock& clock,
                     const InterruptToken* interrupt) {
  // A serial port opens once, so its old link closes first. A TCP or in-process link closes
  // only once the new one is open: a failed reopen leaves the old one (still able to carry
  // the closing disarm, if it merely went quiet). The old driver and transport stay until the
  // new ones exist, so whoever holds them meets a closed link, never a dangling one.
  if (uri.scheme == "serial" && session.transport) session.transport->close();
  auto transport = session.mock ? mock_transport(*session.mock, io, clock, interrupt)
                                : open_transport(uri, profile, io, clock, interrupt);
  if (!transport) return transport.error();
  auto driver = make_driver(profile, **transport, clock);
  if (!driver) return driver.error();
  if (session.transport) session.transport->close();
  session.driver = std::move(driver).value();  // the old driver goes before its transport
  session.transport = std::move(transport).value();
  return Status::success();
}

}  // namespace stimbench::cli
