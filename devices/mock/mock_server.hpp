// Serves the mock device over Asio: an in-process socket, a loopback TCP listener or a
// pseudo-terminal. Everything runs on the caller's io_context; call these functions from
// the thread that runs it (or before it runs). A timer of the injected clock ticks the device
// every tick_period so trains and the watchdog progress between commands. Replies
// pass through the fault schedule (fault_schedule.hpp) on their way out.
// No exceptions escape; Asio errors come back as Status/Result.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "devices/core/clock.hpp"
#include "devices/core/result.hpp"
#include "devices/mock/fault_schedule.hpp"
#include "devices/mock/mock_dialect.hpp"
#include "devices/mock/mock_stimulator.hpp"

namespace stimbench {

struct MockServerOptions {
  std::chrono::milliseconds tick_period{10};
  // Protocol per connection; empty means the reference protocol.
  MockDialectFactory make_dialect;
  // Faults on reply bytes (parse_fault_spec); empty: every reply as the device made it.
  FaultSchedule faults;
  std::uint64_t seed = 0;  // for the schedule's p= rules
  // Told of every fault injected, on the server's clock (the caller writes the transcript
  // line, docs/mock.md). Runs on the io_context's thread.
  std::function<void(const FaultEvent&)> on_fault;
  // Emulate a serial line: each reply leaves no sooner than its bytes would take at this
  // rate (10 bit times per byte: 8N1). 0: as fast as the transport goes.
  int line_rate_baud = 0;
  // The device's processing time: every reply leaves at least this long after its command
  // (on top of the line time). The built-in mock's latency model on virtual time.
  std::chrono::microseconds reply_latency{0};
};

namespace mock_detail {
struct ServerCore;
}

class MockServer {
 public:
  MockServer(boost::asio::io_context& io, const Clock& clock, MockStimulator device,
             MockServerOptions options = {});
  ~MockServer();  // stop()
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  // Serves one already connected in-process socket until its peer closes it.
  Status serve_stream(boost::asio::local::stream_protocol::socket socket);

  // Listens on "tcp://127.0.0.1:PORT" or "tcp://[::1]:PORT" (PORT 0: any free port;
  // "localhost" means 127.0.0.1; any other host is refused). Serves one connection after
  // another. Returns the bound URI, e.g. "tcp://127.0.0.1:40123".
  Result<std::string> listen_tcp(std::string_view uri);

  // Opens a pseudo-terminal (raw mode) and serves its master side; returns
  // "serial:///dev/pts/N". The server keeps a slave descriptor open itself so client
  // hang-ups never end the service. Replies a client leaves unread stay in the terminal
  // for the next client (like a real serial line): clients should drain input on open.
  Result<std::string> open_pty();

  // Replaces the scenario's fault schedule (on top of options.faults; empty: none), counting
  // frames from now, and lets a connection a previous scenario stalled speak again.
  // A device fault either schedule injected is repaired here, before the next scenario
  // (MockStimulator::repair_injected_fault).
  void set_scenario_faults(FaultSchedule faults, std::uint64_t seed);
  // A step's schedule (empty: none) on top of the scenario's, counting frames from now; the
  // runner clears it when the step ends.
  void set_step_faults(FaultSchedule faults, std::uint64_t seed);

  // Closes every listener and connection and stops ticking; idempotent.
  void stop();

  // The device behind every connection; only on the io_context's thread.
  MockStimulator& device();
  std::size_t connections_served() const;
  // The last I/O error the server met while serving (accept/read/write), or "".
  std::string last_error() const;

 private:
  std::shared_ptr<mock_detail::ServerCore> core_;
};

}  // namespace stimbench
