// Fault handling between the runner and the family driver (docs/robustness.md, "Fault
// handling"): one explicit deadline per command, a retry only after no reply at all and only
// for commands that are safe to repeat, a resync after garbage and a reconnect after the link
// closes or goes silent. Every retry, resync and reconnect is a transcript event and is noted
// for the step's record. It wraps the driver, so every command the harness sends (steps,
// keep-alives, read-backs, the closing disarm) goes through the same rules.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "devices/core/clock.hpp"
#include "devices/core/interrupt.hpp"
#include "devices/drivers/driver.hpp"
#include "devices/transport/transport.hpp"
#include "harness/runner/run_context.hpp"

namespace stimbench {

enum class CommandKind {
  identify,
  remote,
  set,
  get,
  arm,
  disarm,
  fire,
  train,
  abort,
  status,
  temperature,
  keepalive,
  raw_send,
  raw_receive,
};
const char* to_string(CommandKind kind);

// Queries, the disarm and the abort: sending them twice does no harm. Arm, fire, a train
// start, a setting and raw bytes are never sent twice (protocols.md: a violation is never
// retried away, and a repeated trigger could fire twice).
bool may_retry(CommandKind kind);

struct LinkGuardOptions {
  // Every command's reply deadline, the same for every kind: no documented device takes longer
  // for one kind than another, and a shorter one for queries would only add false timeouts.
  std::chrono::nanoseconds deadline{std::chrono::seconds(1)};
  int max_attempts = 3;  // a command that may be retried, in all
  // Retries per scenario, at most: a link that keeps losing replies is broken, and the
  // harness says so (a link fault) instead of papering over it.
  int max_retries_per_scenario = 4;
  int reopen_attempts = 3;                                                  // per reconnect
  std::chrono::nanoseconds reopen_backoff{std::chrono::milliseconds(100)};  // doubles each time
  std::chrono::nanoseconds resync_quiet{std::chrono::milliseconds(50)};     // no byte this long
  std::chrono::nanoseconds resync_limit{std::chrono::seconds(1)};  // a resync gives up then
  // Whether a link silent to every try of a query is reopened before the next command. Not
  // for serial: the port must close before it reopens, and a failed reopen would leave no line
  // for the closing disarm; a serial line does not stall the way a TCP peer can.
  bool reopen_when_silent = true;
};

// The driver and the transport it talks over; replaced together by a reconnect.
struct DeviceLink {
  StimulatorDriver* driver = nullptr;
  Transport* transport = nullptr;
};

// What the guard did for the last command, for the step's record (detail.link).
struct LinkNote {
  CommandKind kind = CommandKind::status;
  std::int64_t deadline_ns = 0;
  int attempts = 0;
  std::vector<std::string> actions;  // "retry after no reply", "resync: 12 bytes", ...
  nlohmann::json to_json() const;
};

class LinkGuard final : public StimulatorDriver, private FrameObserver {
 public:
  // Opens the link anew (the transport from its URI, a fresh driver on it); the old one is
  // gone once this is called.
  using Reopen = std::function<Result<DeviceLink>()>;

  LinkGuard(DeviceLink link, Reopen reopen, boost::asio::io_context& io, const Clock& clock,
            EventSink& events, const InterruptToken* interrupt, LinkGuardOptions options = {});
  ~LinkGuard() override { link_.driver->set_observer(nullptr); }
  LinkGuard(const LinkGuard&) = delete;
  LinkGuard& operator=(const LinkGuard&) = delete;

  Result<Reply> identify() override;
  Result<Reply> set_remote(bool on) override;
  Result<Reply> set(Parameter parameter, double value) override;
  Result<Reply> get(Parameter parameter) override;
  Result<Reply> set_text(Parameter parameter, const std::string& argument) override;
  Result<Reply> disarm() override;
  Result<Reply> abort() override;
  Result<Reply> status() override;
  Result<Reply> temperature() override;
  Result<Reply> keepalive() override;
  Result<Chunk> receive_raw(std::size_t count, std::chrono::nanoseconds timeout) override;
  std::optional<std::string> safety_override(std::span<const std::uint8_t> bytes) const override;
  std::vector<RawCommand> classify_raw(std::span<const std::uint8_t> bytes) const override;
  // The family driver's per-pulse reports, passed through (a reconnect starts a new driver,
  // whose reports begin with the new link).
  std::optional<std::vector<std::int64_t>> take_pulse_reports() override {
    return link_.driver->take_pulse_reports();
  }
  void set_observer(FrameObserver* observer) override { observer_ = observer; }
  void set_reply_timeout(std::chrono::nanoseconds timeout) override;

  const LinkNote& last_note() const { return note_; }
  int reconnects() const { return reconnects_; }
  // Commands sent again after no reply at all, over the guard's life.
  int retries() const { return retries_; }
  // A scenario starts: its retry budget is full again.
  void begin_scenario() { retries_at_scenario_start_ = retries_; }

 private:
  Result<Reply> arm() override;
  Result<Reply> fire() override;
  Result<Reply> start_train() override;
  Status send_raw(std::span<const std::uint8_t> bytes) override;

  void on_frame(const FrameEvent& frame) override;
  // Runs one command under the rules above.
  Result<Reply> guarded(CommandKind kind, const std::function<Result<Reply>()>& call);
  // Before a command: a link that closed is reopened, one that sent garbage is resynced.
  Status prepare(CommandKind kind);
  // After a failed attempt: whether to try again, and what to do first.
  bool recover(CommandKind kind, const Error& error, int attempt);
  // False (and noted) once this scenario has used up its retries.
  bool retry_budget_left();
  Status reopen(const std::string& why);
  // Reads and discards until the line has been quiet for `quiet` (at most resync_limit or
  // 64 KiB); returns the bytes discarded.
  std::size_t resync(const std::string& why, std::chrono::nanoseconds quiet);
  void act(const std::string& type, const std::string& what, nlohmann::json detail = {});

  DeviceLink link_;
  Reopen reopen_;
  boost::asio::io_context& io_;
  const Clock& clock_;
  EventSink& events_;
  const InterruptToken* interrupt_;
  LinkGuardOptions options_;
  FrameObserver* observer_ = nullptr;
  LinkNote note_;
  std::uint64_t rx_frames_ = 0;       // frames received on this link, for "no reply at all"
  std::uint64_t partial_frames_ = 0;  // of them, incomplete frames given up on
  bool link_down_ = false;            // closed: reopen before the next command
  bool link_silent_ = false;          // silent to every try: reopen if possible, else carry on
  bool needs_resync_ = false;         // garbage or a late reply may still be on the line
  int reconnects_ = 0;
  int retries_ = 0;
  int retries_at_scenario_start_ = 0;
};

}  // namespace stimbench
