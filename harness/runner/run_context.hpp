// What the runner needs from its surroundings, injected by the CLI or a test.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "devices/core/clock.hpp"
#include "devices/core/interrupt.hpp"
#include "devices/drivers/driver.hpp"
#include "harness/evidence/run_record.hpp"
#include "harness/safety/oracle.hpp"

namespace stimbench {

// Receives runner events (step start/end, interlock decisions) for the transcript.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void event(const std::string& type, nlohmann::json detail) = 0;
  // True once evidence can no longer be recorded; the run then starts no further scenario.
  virtual bool broken() const { return false; }
};

struct RunOptions {
  double time_scale = 1.0;  // divides the harness's own waits
  std::chrono::nanoseconds reply_timeout = std::chrono::seconds(1);
  bool fail_fast = false;
  // The built-in mock: raw bytes its codec cannot classify may go out (nothing can be hurt).
  bool builtin_mock = false;
  std::optional<double> motor_threshold;  // % of output; turns %MT into % output
};

// Optional live progress (the console's status line); every member may be empty.
struct ProgressHooks {
  std::function<void(const std::string& scenario)> scenario_started;
  std::function<void(const std::string& step)> step_started;
  std::function<void(const StepRecord& step)> step_ended;
  // Called between polls of long waits, so a 26 s pause still shows time moving.
  std::function<void()> tick;
  // A step's `faults:` as it starts, then an empty list as it ends (the CLI hands them to the
  // built-in mock); only for steps that have faults.
  std::function<void(const std::vector<std::string>& faults)> step_faults;
};

struct RunContext {
  StimulatorDriver& driver;
  boost::asio::io_context& io;
  const Clock& clock;
  // The active envelope (device profile + the scenario's clinical policy); the runner may
  // switch it per scenario.
  const SafetyOracle* oracle;
  EventSink& events;
  InterruptToken* interrupt = nullptr;
  RunOptions options;
  ProgressHooks progress;
};

// How a step or scenario ended, from the run's point of view.
// harness_error: on real time the harness itself fell behind (e.g. fed a watchdog late), so
// what the device did next says nothing about the device.
enum class Outcome { passed, failed, device_error, harness_error, interrupted };

}  // namespace stimbench
