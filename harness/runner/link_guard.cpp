#include "harness/runner/link_guard.hpp"

#include <algorithm>

#include "devices/transport/io_wait.hpp"

namespace stimbench {

const char* to_string(CommandKind kind) {
  switch (kind) {
    case CommandKind::identify:
      return "identify";
    case CommandKind::remote:
      return "remote";
    case CommandKind::set:
      return "set";
    case CommandKind::get:
      return "get";
    case CommandKind::arm:
      return "arm";
    case CommandKind::disarm:
      return "disarm";
    case CommandKind::fire:
      return "fire";
    case CommandKind::train:
      return "train";
    case CommandKind::abort:
      return "abort";
    case CommandKind::status:
      return "status";
    case CommandKind::temperature:
      return "temperature";
    case CommandKind::keepalive:
      return "keepalive";
    case CommandKind::raw_send:
      return "send";
    case CommandKind::raw_receive:
      return "expect_bytes";
  }
  return "unknown";
}

bool may_retry(CommandKind kind) {
  switch (kind) {
    case CommandKind::identify:
    case CommandKind::get:
    case CommandKind::status:
    case CommandKind::temperature:
    case CommandKind::keepalive:
    case CommandKind::disarm:
    case CommandKind::abort:
      return true;
    case CommandKind::remote:
    case CommandKind::set:
    case CommandKind::arm:
    case CommandKind::fire:
    case CommandKind::train:
    case CommandKind::raw_send:
    case CommandKind::raw_receive:
      return false;
  }
  return false;
}

nlohmann::json LinkNote::to_json() const {
  return {{"command", to_string(kind)},
          {"deadline_ns", deadline_ns},
          {"attempts", attempts},
          {"retry_allowed", may_retry(kind)},
          {"actions", actions}};
}

LinkGuard::LinkGuard(DeviceLink link, Reopen reopen, boost::asio::io_context& io,
                     const Clock& clock, EventSink& events, const InterruptToken* interrupt,
                     LinkGuardOptions options)
    : link_(link),
      reopen_(std::move(reopen)),
      io_(io),
      clock_(clock),
      events_(events),
      interrupt_(interrupt),
      options_(options) {
  link_.driver->set_observer(this);
}

void LinkGuard::on_frame(const FrameEvent& frame) {
  if (frame.direction == FrameDirection::rx) ++rx_frames_;
  if (frame.direction == FrameDirection::rx && frame.partial) ++partial_frames_;
  if (observer_ != nullptr) observer_->on_frame(frame);
}

void LinkGuard::set_reply_timeout(std::chrono::nanoseconds timeout) {
  options_.deadline = timeout;
}

void LinkGuard::act(const std::string& type, const std::string& what, nlohmann::json detail) {
  if (type == "retry") ++retries_;
  note_.actions.push_back(what);
  if (!detail.is_object()) detail = nlohmann::json::object();
  detail["command"] = to_string(note_.kind);
  detail["attempt"] = note_.attempts;
  detail["what"] = what;
  events_.event(type, std::move(detail));
}

Status LinkGuard::reopen(const std::string& why) {
  auto backoff = options_.reopen_backoff;
  std::string last;
  for (int attempt = 1; attempt <= options_.reopen_attempts; ++attempt) {
    // The old link may still be closing; the pause is on the run's clock (virtual on the mock).
    if (Status s = run_for(io_, clock_, backoff, interrupt_); !s) return s;
    backoff *= 2;
    Result<DeviceLink> fresh = reopen_();
    if (fresh) {
      link_ = *fresh;
      link_.driver->set_observer(this);
      link_down_ = false;
      needs_resync_ = false;
      ++reconnects_;
      act("reconnect", "reconnected (" + why + ")",
          {{"reopen_attempt", attempt}, {"transport", link_.transport->describe()}});
      return Status::success();
    }
    last = fresh.error().message;
    if (fresh.error().code == ErrorCode::cancelled) return fresh.error();
  }
  act("reconnect_failed", "could not reconnect after " + std::to_string(options_.reopen_attempts) +
                              " attempts (" + why + "): " + last);
  return make_error(ErrorCode::closed, "the link closed and could not be reopened: " + last);
}

std::size_t LinkGuard::resync(const std::string& why, std::chrono::nanoseconds quiet) {
  needs_resync_ = false;
  std::size_t discarded = 0;
  const std::int64_t give_up = clock_.now_ns() + std::max(options_.resync_limit, quiet).count();
  while (clock_.now_ns() < give_up && discarded < 64 * 1024) {
    auto chunk = link_.transport->read_some(quiet);
    if (!chunk) {
      if (chunk.error().code == ErrorCode::closed) link_down_ = true;
      break;  // quiet (timeout), closed, or interrupted: nothing more to discard
    }
    discarded += chunk->data.size();
    on_frame(FrameEvent{FrameDirection::rx, chunk->data, chunk->t_ns,
                        "discarded (resync after " + why + ")", 0, false});
  }
  act("resync", "resync after " + why + ": " + std::to_string(discarded) + " bytes discarded",
      {{"discarded_bytes", discarded}});
  return discarded;
}

Status LinkGuard::prepare(CommandKind kind) {
  (void)kind;
  if (link_down_) {
    if (Status s = reopen("the link had closed"); !s) return s;
  } else if (link_silent_) {
    // A failed reopen leaves the old link open (device_session.hpp): the command still goes
    // out over it, so the closing disarm is never held back by a reopen that did not work.
    link_silent_ = false;
    (void)reopen("the link was silent to every try");
  }
  if (needs_resync_) resync("a failed exchange", options_.resync_quiet);
  if (link_down_) return reopen("the link closed during the resync");
  return Status::success();
}

bool LinkGuard::retry_budget_left() {
  if (retries_ - retries_at_scenario_start_ < options_.max_retries_per_scenario) return true;
  act("retry_refused", "no retry: " + std::to_string(options_.max_retries_per_scenario) +
                           " commands of this scenario were sent again already (the link keeps "
                           "losing replies)");
  return false;
}

bool LinkGuard::recover(CommandKind kind, const Error& error, int attempt) {
  switch (error.code) {
    case ErrorCode::protocol_violation:
      needs_resync_ = true;  // never retried: the violation fails the step
      return false;
    case ErrorCode::closed:
    case ErrorCode::io: {
      link_down_ = true;
      // Reopened now, so that the next command (the closing disarm above all) has a link.
      if (!reopen(std::string(to_string(error.code)) + ": " + error.message)) return false;
      if (!may_retry(kind) || attempt >= options_.max_attempts || !retry_budget_left())
        return false;
      act("retry", "retry on the new link (the " + std::string(to_string(kind)) +
                       " got no reply before the link " + to_string(error.code) + ")");
      return true;
    }
    case ErrorCode::timeout: {
      needs_resync_ = true;
      if (!may_retry(kind)) return false;
      if (attempt >= options_.max_attempts) {
        // Silent to every try: the link may be stuck (a stalled connection). The step fails
        // as a link fault all the same (a reopen never turns silence into a pass); the next
        // command, the closing disarm above all, goes over a reopened link.
        if (options_.reopen_when_silent) {
          link_silent_ = true;
          act("link_silent", "no reply to " + std::to_string(attempt) +
                                 " tries: the link is reopened before the next command");
        }
        return false;
      }
      // "No reply at all" is only sure once a whole deadline more has passed in silence: a
      // reply that is merely late must not be taken for the retry's. Late bytes are
      // discarded and the timeout stands.
      if (resync("no reply", options_.deadline) > 0 || !retry_budget_left()) return false;
      if (link_down_ && !reopen("the link closed")) return false;
      act("retry", "retry after no reply at all within " +
                       std::to_string(options_.deadline.count() / 1'000'000) + " ms");
      return true;
    }
    default:
      return false;
  }
}

Result<Reply> LinkGuard::guarded(CommandKind kind, const std::function<Result<Reply>()>& call) {
  note_ = LinkNote{kind, options_.deadline.count(), 0, {}};
  if (Status ready = prepare(kind); !ready) return ready.error();
  for (int attempt = 1;; ++attempt) {
    note_.attempts = attempt;
    link_.driver->set_reply_timeout(options_.deadline);
    const std::uint64_t rx_before = rx_frames_, partial_before = partial_frames_;
    Result<Reply> reply = call();
    if (reply) return reply;
    const Error& error = reply.error();
    // Part of a reply, then the deadline or the end of the link: garbage, not silence. It
    // fails the step as a violation and is never retried away (protocols.md §5).
    if (partial_frames_ != partial_before &&
        (error.code == ErrorCode::timeout || error.code == ErrorCode::closed ||
         error.code == ErrorCode::io)) {
      needs_resync_ = true;
      if (error.code != ErrorCode::timeout) link_down_ = true;  // reopened before the next
      return make_error(ErrorCode::protocol_violation, "incomplete reply: " + error.message);
    }
    // Only "no reply at all" is retried: any byte in this attempt rules it out.
    if (rx_frames_ != rx_before && error.code == ErrorCode::timeout) {
      needs_resync_ = true;
      return reply;
    }
    if (!recover(kind, error, attempt)) return reply;
  }
}

Result<Reply> LinkGuard::identify() {
  return guarded(CommandKind::identify, [this] { return link_.driver->identify(); });
}
Result<Reply> LinkGuard::set_remote(bool on) {
  return guarded(CommandKind::remote, [this, on] { return link_.driver->set_remote(on); });
}
Result<Reply> LinkGuard::set(Parameter parameter, double value) {
  return guarded(CommandKind::set,
                 [this, parameter, value] { return link_.driver->set(parameter, value); });
}
Result<Reply> LinkGuard::get(Parameter parameter) {
  return guarded(CommandKind::get, [this, parameter] { return link_.driver->get(parameter); });
}
Result<Reply> LinkGuard::set_text(Parameter parameter, const std::string& argument) {
  return guarded(CommandKind::set, [&] { return link_.driver->set_text(parameter, argument); });
}
Result<Reply> LinkGuard::disarm() {
  return guarded(CommandKind::disarm, [this] { return link_.driver->disarm(); });
}
Result<Reply> LinkGuard::abort() {
  return guarded(CommandKind::abort, [this] { return link_.driver->abort(); });
}
Result<Reply> LinkGuard::status() {
  return guarded(CommandKind::status, [this] { return link_.driver->status(); });
}
Result<Reply> LinkGuard::temperature() {
  return guarded(CommandKind::temperature, [this] { return link_.driver->temperature(); });
}
Result<Reply> LinkGuard::keepalive() {
  return guarded(CommandKind::keepalive, [this] { return link_.driver->keepalive(); });
}
Result<Reply> LinkGuard::arm() {
  return guarded(CommandKind::arm, [this] { return wire_arm(*link_.driver); });
}
Result<Reply> LinkGuard::fire() {
  return guarded(CommandKind::fire, [this] { return wire_fire(*link_.driver); });
}
Result<Reply> LinkGuard::start_train() {
  return guarded(CommandKind::train, [this] { return wire_start_train(*link_.driver); });
}

Status LinkGuard::send_raw(std::span<const std::uint8_t> bytes) {
  note_ = LinkNote{CommandKind::raw_send, options_.deadline.count(), 1, {}};
  if (Status ready = prepare(CommandKind::raw_send); !ready) return ready;
  Status sent = wire_send_raw(*link_.driver, bytes);
  if (!sent && (sent.error().code == ErrorCode::closed || sent.error().code == ErrorCode::io))
    link_down_ = true;
  return sent;
}

Result<Chunk> LinkGuard::receive_raw(std::size_t count, std::chrono::nanoseconds timeout) {
  // Raw reads are the scenario's framing: no resync before them (it would eat the bytes).
  note_ = LinkNote{CommandKind::raw_receive, timeout.count(), 1, {}};
  auto got = link_.driver->receive_raw(count, timeout);
  if (!got && got.error().code == ErrorCode::closed) link_down_ = true;
  return got;
}

std::optional<std::string> LinkGuard::safety_override(std::span<const std::uint8_t> bytes) const {
  return link_.driver->safety_override(bytes);
}
std::vector<RawCommand> LinkGuard::classify_raw(std::span<const std::uint8_t> bytes) const {
  return link_.driver->classify_raw(bytes);
}

}  // namespace stimbench
