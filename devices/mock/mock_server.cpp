#include "devices/mock/mock_server.hpp"

#include <algorithm>

#include "devices/mock/dialects.hpp"
#include "devices/mock/mock_session.hpp"
#include "devices/mock/reference_dialect.hpp"

namespace stimbench {

namespace mock_detail {

void ServerCore::start_ticking() {
  if (stopped) return;
  // The next tick, or sooner the next pulse, so its report (di/dt) leaves on time.
  std::chrono::nanoseconds wait = options.tick_period;
  if (std::optional<std::int64_t> pulse = device.next_pulse_ns()) {
    wait = std::clamp(std::chrono::nanoseconds(*pulse - clock.now_ns()),
                      std::chrono::nanoseconds(0), wait);
  }
  timer->expires_after(wait);
  timer->async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (self->stopped || ec) return;
    self->device.tick(self->clock.now_ns());
    for (const std::weak_ptr<Closable>& weak : self->closables) {
      if (std::shared_ptr<Closable> closable = weak.lock()) closable->on_tick();
    }
    self->start_ticking();
  });
}

void ServerCore::track(const std::shared_ptr<Closable>& closable) {
  // Forget what has already gone so a long-running mock does not grow this list.
  std::erase_if(closables, [](const std::weak_ptr<Closable>& w) { return w.expired(); });
  closables.push_back(closable);
}

void ServerCore::stop() {
  if (stopped) return;
  stopped = true;
  timer->cancel();
  for (const std::weak_ptr<Closable>& weak : closables) {
    if (std::shared_ptr<Closable> closable = weak.lock()) closable->close();
  }
  closables.clear();
}

std::unique_ptr<MockDialect> ServerCore::make_dialect() {
  if (options.make_dialect) return options.make_dialect(device);
  return dialect_factory_for(device.profile())(device);
}

void ServerCore::report_fault(const FaultDecision& decision) {
  if (options.on_fault) options.on_fault(FaultEvent{clock.now_ns(), decision, decision_seed});
}

std::optional<FaultDecision> ServerCore::decide_reply() {
  std::optional<FaultDecision> base = faults.decide(FaultDirection::device_to_host);
  std::optional<FaultDecision> scenario;
  if (!scenario_faults.schedule().empty())
    scenario = scenario_faults.decide(FaultDirection::device_to_host);
  std::optional<FaultDecision> step;
  if (!step_faults.schedule().empty()) step = step_faults.decide(FaultDirection::device_to_host);
  decision_seed = base ? faults.seed() : scenario ? scenario_faults.seed() : step_faults.seed();
  return base ? base : scenario ? scenario : step;
}

void ServerCore::inject_device_fault(FaultKind kind) {
  MockDeviceFault fault = kind == FaultKind::overtemp       ? MockDeviceFault::over_temperature
                          : kind == FaultKind::coil_removed ? MockDeviceFault::coil_removed
                                                            : MockDeviceFault::power_fault;
  device.spontaneous_fault(fault, clock.now_ns());
}

}  // namespace mock_detail

MockServer::MockServer(boost::asio::io_context& io, const Clock& clock, MockStimulator device,
                       MockServerOptions options)
    : core_(std::make_shared<mock_detail::ServerCore>(io, clock, std::move(device),
                                                      std::move(options))) {
  if (core_->options.tick_period <= std::chrono::milliseconds(0)) {
    core_->options.tick_period = std::chrono::milliseconds(1);
  }
  core_->start_ticking();
}

void MockServer::set_scenario_faults(FaultSchedule faults, std::uint64_t seed) {
  // A device fault the last scenario injected ends with it (repair_injected_fault).
  if (core_->scenario_device_faults) core_->device.repair_injected_fault(core_->clock.now_ns());
  core_->scenario_device_faults = faults.has_device_faults();
  core_->step_faults = FaultInjector();
  core_->scenario_faults = FaultInjector(std::move(faults), seed);
  for (const std::weak_ptr<mock_detail::Closable>& weak : core_->closables) {
    if (std::shared_ptr<mock_detail::Closable> closable = weak.lock()) closable->restore_link();
  }
}

void MockServer::set_step_faults(FaultSchedule faults, std::uint64_t seed) {
  if (faults.has_device_faults()) core_->scenario_device_faults = true;
  core_->step_faults = FaultInjector(std::move(faults), seed);
}

MockServer::~MockServer() {
  stop();
}

void MockServer::stop() {
  core_->stop();
}

MockStimulator& MockServer::device() {
  return core_->device;
}

std::size_t MockServer::connections_served() const {
  return core_->connections;
}

std::string MockServer::last_error() const {
  return core_->last_error;
}

Status MockServer::serve_stream(boost::asio::local::stream_protocol::socket socket) {
  if (core_->stopped) return make_error(ErrorCode::closed, "mock server stopped");
  if (!socket.is_open()) return make_error(ErrorCode::invalid_input, "socket is not open");
  mock_detail::start_session(core_, std::move(socket), nullptr);
  return Status::success();
}

}  // namespace stimbench
