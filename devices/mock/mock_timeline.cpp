// The passage of time in the mock: ready delay, train pulses (and bursts), keep-alive
// watchdog, and the end of trains that opens the lockout window. Events are applied in time
// order, so a long gap between calls gives the same result as many small ticks.
#include <algorithm>
#include <cmath>

#include "devices/mock/mock_stimulator.hpp"

namespace stimbench {

void MockStimulator::tick(std::int64_t now_ns) {
  advance(now_ns);
}

void MockStimulator::command_received(std::int64_t now_ns) {
  touch(now_ns);
  ++commands_received_;
}

void MockStimulator::touch(std::int64_t now_ns) {
  // The watchdog may have expired before this command arrived: apply that first.
  advance(now_ns);
  last_command_ns_ = now_ns_;
}

std::int64_t MockStimulator::device_ns(double device_seconds) const {
  double ns = device_seconds * 1e9 / options_.time_scale;
  return static_cast<std::int64_t>(std::llround(std::clamp(ns, 0.0, 1e18)));
}

void MockStimulator::advance(std::int64_t now_ns) {
  if (!has_time_) {
    has_time_ = true;
    now_ns_ = now_ns;
    last_command_ns_ = now_ns;
    temperature_at_ns_ = now_ns;
    return;
  }
  now_ns = std::max(now_ns, now_ns_);
  while (true) {
    auto [event, at] = next_event();
    if (event == Event::none || at > now_ns) break;
    now_ns_ = std::max(now_ns_, at);
    apply(event, now_ns_);
  }
  now_ns_ = now_ns;
  cool_to(now_ns_);
}

std::pair<MockStimulator::Event, std::int64_t> MockStimulator::next_event() const {
  std::pair<Event, std::int64_t> best{Event::none, 0};
  // Candidates in priority order; a later one wins only if strictly earlier, so at a tie
  // the watchdog disarms before a pulse fires.
  auto consider = [&](Event event, std::int64_t at) {
    if (best.first == Event::none || at < best.second) best = {event, at};
  };
  bool live =
      state_ == MockState::armed || state_ == MockState::ready || state_ == MockState::firing;
  const bool watchdog_off =
      has_defect(MockDefect::ignore_keepalive_loss) ||
      (state_ == MockState::firing && has_defect(MockDefect::ignore_keepalive_while_firing));
  if (live && profile_.keepalive_timeout_s > 0 && !watchdog_off) {
    consider(Event::watchdog, last_command_ns_ + device_ns(profile_.keepalive_timeout_s));
  }
  // T087 §5.4: a command at least every 10 s in standby. What a unit does otherwise is
  // not documented; this mock ends remote control, so a host that stops polling is seen.
  if (state_ == MockState::standby && remote_ && profile_.standby_keepalive_timeout_s &&
      !has_defect(MockDefect::ignore_keepalive_loss)) {
    consider(Event::standby_silence,
             last_command_ns_ + device_ns(*profile_.standby_keepalive_timeout_s));
  }
  if (state_ == MockState::armed) consider(Event::ready, ready_at_ns_);
  // A train runs while firing; with train_continues_after_disable also after a disable.
  const bool delivering =
      state_ == MockState::firing || has_defect(MockDefect::train_continues_after_disable);
  if (delivering && train_) {
    const Train& t = *train_;
    if (t.next_pulse < t.total_pulses) {
      consider(Event::pulse, pulse_time(t, t.next_pulse));
    } else {
      // The sequence ends one burst period after the last burst began.
      auto trains = static_cast<std::int64_t>(t.total_pulses / t.pulses_per_train);
      auto bursts = static_cast<std::int64_t>(t.pulses_per_train / t.burst_pulses);
      consider(Event::train_end,
               t.start_ns + (trains - 1) * t.cycle_ns + bursts * t.burst_period_ns);
    }
  }
  return best;
}

std::optional<std::int64_t> MockStimulator::next_pulse_ns() const {
  auto [event, at] = next_event();
  if (event != Event::pulse) return std::nullopt;
  return at;
}

// From exact integers each time, so no rounding accumulates over thousands of pulses.
std::int64_t MockStimulator::pulse_time(const Train& t, std::uint64_t pulse) const {
  auto train_index = static_cast<std::int64_t>(pulse / t.pulses_per_train);
  std::uint64_t in_train = pulse % t.pulses_per_train;
  auto burst = static_cast<std::int64_t>(in_train / t.burst_pulses);
  auto in_burst = static_cast<std::int64_t>(in_train % t.burst_pulses);
  return t.start_ns + train_index * t.cycle_ns + burst * t.burst_period_ns +
         in_burst * t.pulse_period_ns;
}

void MockStimulator::apply(Event event, std::int64_t at_ns) {
  switch (event) {
    case Event::none:
      return;
    case Event::watchdog:
      // Like a real unit that lost its host: output off, train stopped, no error reply.
      stop_train(at_ns);
      state_ = MockState::standby;
      if (profile_.keepalive_leaves_remote) remote_ = false;
      ++watchdog_disarms_;
      return;
    case Event::standby_silence:
      remote_ = false;
      ++standby_remote_losses_;
      return;
    case Event::ready:
      state_ = MockState::ready;
      return;
    case Event::pulse: {
      Train& t = *train_;
      ++t.next_pulse;
      if (t.next_pulse % t.pulses_per_train == 0) ++trains_completed_;
      deliver_pulse(t.power, at_ns);  // may fault and end the train
      return;
    }
    case Event::train_end:
      stop_train(at_ns);
      if (state_ == MockState::firing) state_ = MockState::ready;  // not when disabled meanwhile
      return;
  }
}

void MockStimulator::stop_train(std::int64_t at_ns) {
  if (!train_) return;
  train_.reset();
  // However the train ended (complete, ABORt, disarm, watchdog, fault), the lockout runs.
  if (lockout_s_) lockout_until_ns_ = at_ns + device_ns(*lockout_s_);
}

}  // namespace stimbench
