// Internals of MockServer shared by its TCP, PTY and in-process parts. Handlers hold the
// core by shared_ptr, so a server destroyed with operations still queued stays valid until
// they have run and seen `stopped`.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "devices/core/clock.hpp"
#include "devices/mock/fault_schedule.hpp"
#include "devices/mock/mock_server.hpp"

namespace stimbench::mock_detail {

class Closable {
 public:
  virtual ~Closable() = default;
  virtual void close() = 0;
  // Each server tick, after the device's: a connection passes on what the device says unasked.
  virtual void on_tick() {}
  // A new scenario's fault schedule: a stalled connection hears and answers again.
  virtual void restore_link() {}
};

struct ServerCore : std::enable_shared_from_this<ServerCore> {
  ServerCore(boost::asio::io_context& io, const Clock& clock, MockStimulator device,
             MockServerOptions server_options)
      : io(io),
        clock(clock),
        device(std::move(device)),
        options(std::move(server_options)),
        faults(options.faults, options.seed),
        timer(clock.make_timer(io)) {}

  void start_ticking();
  void track(const std::shared_ptr<Closable>& closable);
  void stop();
  std::unique_ptr<MockDialect> make_dialect();
  // Passes an injected fault to options.on_fault, stamped on the server's clock.
  void report_fault(const FaultDecision& decision);
  // The server's schedule, then the scenario's, then the step's; each draws for every frame.
  std::optional<FaultDecision> decide_reply();
  void inject_device_fault(FaultKind kind);

  boost::asio::io_context& io;
  const Clock& clock;
  MockStimulator device;
  MockServerOptions options;
  FaultInjector faults;                 // one reply count for the server's life, across connections
  FaultInjector scenario_faults;        // set_scenario_faults(): counted from the scenario's start
  FaultInjector step_faults;            // set_step_faults(): counted from the step's start
  bool scenario_device_faults = false;  // this scenario's or a step's schedule had device faults
  std::uint64_t decision_seed = 0;      // the seed of the injector that made the last decision
  std::unique_ptr<ClockTimer> timer;
  bool stopped = false;
  std::size_t connections = 0;
  std::string last_error;
  std::vector<std::weak_ptr<Closable>> closables;
};

}  // namespace stimbench::mock_detail
