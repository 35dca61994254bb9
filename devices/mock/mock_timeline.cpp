// The passage of time in the mock: ready delay, train pulses, keep-alive watchdog and the
// coil's thermal model. Events are applied in time order, so a long gap between calls
// gives the same result as many small ticks.
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
  if (live && profile_.keepalive_timeout_s > 0) {
    consider(Event::watchdog, last_command_ns_ + device_ns(profile_.keepalive_timeout_s));
  }
  if (state_ == MockState::armed) consider(Event::ready, ready_at_ns_);
  if (state_ == MockState::firing && train_) {
    const Train& t = *train_;
    if (t.next_pulse < t.total_pulses) {
      auto train_index = static_cast<std::int64_t>(t.next_pulse / t.pulses_per_train);
      auto in_train = static_cast<std::int64_t>(t.next_pulse % t.pulses_per_train);
      consider(Event::pulse, t.start_ns + train_index * t.cycle_ns + in_train * t.period_ns);
    } else {
      auto trains = static_cast<std::int64_t>(t.total_pulses / t.pulses_per_train);
      auto length = static_cast<std::int64_t>(t.pulses_per_train) * t.period_ns;
      consider(Event::train_end, t.start_ns + (trains - 1) * t.cycle_ns + length);
    }
  }
  return best;
}

void MockStimulator::apply(Event event, std::int64_t at_ns) {
  switch (event) {
    case Event::none:
      return;
    case Event::watchdog:
      // Like a real unit that lost its host: output off, train stopped, no error reply.
      train_.reset();
      state_ = MockState::standby;
      ++watchdog_disarms_;
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
      train_.reset();
      state_ = MockState::ready;
      return;
  }
}

void MockStimulator::deliver_pulse(double power, std::int64_t at_ns) {
  cool_to(at_ns);
  ++pulses_delivered_;
  temperature_c_ += options_.heat_per_pulse_c * power / 100.0;
  if (temperature_c_ >= options_.over_temperature_c) enter_fault();
}

void MockStimulator::cool_to(std::int64_t at_ns) {
  if (at_ns <= temperature_at_ns_) return;
  double seconds = static_cast<double>(at_ns - temperature_at_ns_) * 1e-9 * options_.time_scale;
  double ambient = profile_.coil_temperature_c;
  temperature_c_ =
      ambient + (temperature_c_ - ambient) * std::exp(-seconds / options_.cooling_time_constant_s);
  temperature_at_ns_ = at_ns;
}

void MockStimulator::enter_fault() {
  train_.reset();
  state_ = MockState::fault;
  queue_error(reference::error_codes::kOverTemperature,
              std::string(reference::error_text(reference::error_codes::kOverTemperature)) +
                  "; coil " + reference::format_number(std::round(temperature_c_ * 10) / 10) +
                  " C");
}

}  // namespace stimbench
