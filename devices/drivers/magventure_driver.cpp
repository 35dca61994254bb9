#include "devices/drivers/magventure_driver.hpp"

#include <cmath>
#include <limits>

#include "devices/drivers/magventure_link.hpp"

namespace stimbench {
namespace {

namespace mv = magventure;
namespace ids = magventure::message_ids;

constexpr std::uint8_t kTimingPage = 2;
constexpr std::uint8_t kPageUnknown = 0;  // no page 0 exists (protocols.md §2.4)

Error unsupported(const std::string& what) {
  return make_error(ErrorCode::unsupported, what);
}

// `value` × scale as a whole number the 16-bit field carries exactly, or nullopt.
std::optional<std::uint16_t> to_field(double value, double scale) {
  if (!std::isfinite(value)) return std::nullopt;
  double scaled = value * scale;
  double whole = std::round(scaled);
  if (std::fabs(scaled - whole) > 1e-6 * std::max(1.0, std::fabs(scaled))) return std::nullopt;
  if (whole < 0 || whole > std::numeric_limits<std::uint16_t>::max()) return std::nullopt;
  return static_cast<std::uint16_t>(whole);
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Wire scale of a parameter carried on the Timing page; nullopt for any other.
std::optional<double> timing_scale(Parameter p) {
  switch (p) {
    case Parameter::frequency:
    case Parameter::train_iti:
      return 10.0;
    case Parameter::pulses:
    case Parameter::train_count:
      return 1.0;
    default:
      return std::nullopt;
  }
}

// The Timing field a parameter lives in (only for those timing_scale() knows).
std::uint16_t& timing_field(mv::TrainSettings& t, Parameter p) {
  switch (p) {
    case Parameter::frequency:
      return t.rate_tenth_pps;
    case Parameter::pulses:
      return t.pulses_per_train;
    case Parameter::train_count:
      return t.trains;
    default:
      return t.iti_tenth_s;
  }
}

Reply reply_from(const MagventureExchange& x) {
  Reply r;
  r.accepted = true;
  r.text = x.text;
  r.sent_ns = x.sent_ns;
  r.received_ns = x.received_ns;
  return r;
}

template <class T>
const T& as(const MagventureExchange& x) {
  return std::get<T>(*x.message);  // the link returns only the expected ID, so this holds
}

class MagventureDriver final : public StimulatorDriver {
 public:
  MagventureDriver(Transport& transport, const Clock& clock)
      : link_(transport, clock), clock_(clock) {}

  Result<Reply> identify() override {
    auto x = link_.exchange(mv::get_status(), ids::kStatus);
    if (!x) return x.error();
    const auto& m = as<mv::StatusMessage>(*x);
    Reply r = reply_from(*x);
    r.identity =
        DeviceIdentity{"MagVenture", std::string("MagPro ") + mv::to_string(m.status.model),
                       std::to_string(m.serial), ""};
    r.text += " (the MagPro has no firmware version command)";
    return r;
  }

  Result<Reply> set_remote(bool on) override {
    (void)on;
    Reply r;
    r.accepted = true;
    r.text = "MagPro has no remote-control mode (protocols.md §2.1); nothing sent";
    r.sent_ns = r.received_ns = clock_.now_ns();
    return r;
  }

  Result<Reply> set(Parameter parameter, double value) override {
    if (parameter == Parameter::power) return set_power(value);
    std::optional<double> scale = timing_scale(parameter);
    if (!scale) return unsupported(std::string("MagPro driver cannot set ") + to_string(parameter));
    return set_timing(parameter, value, *scale);
  }

  Result<Reply> get(Parameter parameter) override {
    if (parameter == Parameter::power) {
      auto x = link_.exchange(mv::get_status(), ids::kStatus);
      if (!x) return x.error();
      Reply r = reply_from(*x);
      r.value = as<mv::StatusMessage>(*x).amplitude_a;
      return r;
    }
    std::optional<double> scale = timing_scale(parameter);
    if (!scale) {
      return unsupported(std::string("MagPro driver cannot read ") + to_string(parameter));
    }
    auto timing = read_timing();
    if (!timing) return timing.error();
    Reply r = reply_from(timing->first);
    r.value = timing_field(timing->second, parameter) / *scale;
    return r;
  }

  Result<Reply> set_text(Parameter parameter, const std::string&) override {
    return unsupported(std::string("MagPro fields are fixed-width binary; no text for ") +
                       to_string(parameter));
  }

  Result<Reply> arm() override { return enable(true); }
  Result<Reply> disarm() override { return enable(false); }

  Result<Reply> fire() override {
    auto x = link_.exchange(mv::fire(mv::FireForm::flag), ids::kDidt, /*silence_ok=*/true);
    if (!x) return x.error();
    Reply r = reply_from(*x);
    if (!x->message) {
      r.accepted = false;
      r.refusal = Refusal{2, "no pulse: no di/dt message within " +
                                 std::to_string(link_.reply_timeout().count() / 1'000'000) + " ms"};
      r.text = r.refusal->text;
      link_.forbid_next(ids::kDidt,
                        "di/dt message after a fire was recorded as refused: the "
                        "device fired late");
    }
    return r;
  }

  Result<Reply> start_train() override {
    if (Status shown = show_timing_page(); !shown) return shown.error();
    auto x = link_.exchange(mv::start_train(), ids::kPage);
    if (!x) return x.error();
    const auto& m = as<mv::PageMessage>(*x);
    page_ = m.page;
    Reply r = reply_from(*x);
    if (!m.train_running) {
      r.accepted = false;
      r.refusal = Refusal{4, "train did not start (message 8 shows no train running)"};
    }
    return r;
  }

  Result<Reply> abort() override {
    auto r = enable(false);
    if (r) r->text += " (disable: the only documented way to stop a MagPro train)";
    return r;
  }

  Result<Reply> status() override {
    auto x = link_.exchange(mv::get_long_status(), ids::kLongStatus);
    if (!x) return x.error();
    const auto& m = as<mv::LongStatusMessage>(*x);
    page_ = m.page;
    const mv::StatusByte& s = m.base.status;
    DeviceStatus st;
    st.state = s.enabled ? (m.train_running ? DeviceState::firing : DeviceState::ready)
                         : DeviceState::standby;
    st.remote = false;  // the MagPro has no remote mode
    st.raw = std::string("mode ") + mv::to_string(s.mode) + ", waveform " +
             mv::to_string(s.waveform) + ", " + (s.enabled ? "enabled" : "disabled") + ", model " +
             mv::to_string(s.model) + ", page " + std::to_string(m.page) + ", train running " +
             (m.train_running ? "1" : "0");
    Reply r = reply_from(*x);
    r.status = st;
    return r;
  }

  Result<Reply> temperature() override {
    auto x = link_.exchange(mv::get_status(), ids::kStatus);
    if (!x) return x.error();
    Reply r = reply_from(*x);
    r.value = as<mv::StatusMessage>(*x).coil_temperature_c;
    return r;
  }

  // The MagPro has no watchdog; 00 is the cheapest exchange.
  Result<Reply> keepalive() override {
    auto x = link_.exchange(mv::get_status(), ids::kStatus);
    if (!x) return x.error();
    return reply_from(*x);
  }

  std::vector<RawCommand> classify_raw(std::span<const std::uint8_t> bytes) const override {
    return classify_magventure_raw(bytes);
  }
  Status send_raw(std::span<const std::uint8_t> bytes) override {
    page_ = kPageUnknown;  // raw bytes may change the page behind our back
    return link_.send_raw(bytes);
  }
  Result<Chunk> receive_raw(std::size_t count, std::chrono::nanoseconds timeout) override {
    return link_.receive_raw(count, timeout);
  }
  void set_observer(FrameObserver* observer) override { link_.set_observer(observer); }
  void set_reply_timeout(std::chrono::nanoseconds timeout) override {
    link_.set_reply_timeout(timeout);
  }

 private:
  Result<Reply> set_power(double value) {
    if (!std::isfinite(value) || value != std::floor(value) || value < 0 || value > 255) {
      return unsupported("MagPro amplitude is one byte: a whole number 0..255, got " +
                         number_text(value));
    }
    const auto want = static_cast<std::uint8_t>(value);
    // Built here, not with mv::set_amplitude(): refusal probes must reach the device.
    auto x = link_.exchange(Bytes{mv::command_ids::kSetAmplitude, want}, ids::kAmplitude);
    if (!x) return x.error();
    const auto& m = as<mv::AmplitudeMessage>(*x);
    Reply r = reply_from(*x);
    r.value = m.a;
    if (m.a != want) {
      r.accepted = false;
      r.refusal = Refusal{1, "device kept/clamped amplitude at " + std::to_string(m.a) +
                                 " (requested " + std::to_string(want) + ")"};
    }
    return r;
  }

  // 0B 00 -> message 11: the Timing values as the device holds them.
  Result<std::pair<MagventureExchange, mv::TrainSettings>> read_timing() {
    auto x = link_.exchange(mv::get_timing(), ids::kTiming);
    if (!x) return x.error();
    mv::TrainSettings t = as<mv::TimingMessage>(*x).train;
    return std::make_pair(std::move(x).value(), t);
  }

  Result<Reply> set_timing(Parameter parameter, double value, double scale) {
    auto wire = to_field(value, scale);
    if (!wire) {
      return unsupported(std::string("MagPro ") + to_string(parameter) + " " + number_text(value) +
                         " is not a 16-bit multiple of " + number_text(1 / scale));
    }
    auto before = read_timing();
    if (!before) return before.error();
    mv::TrainSettings train = before->second;
    timing_field(train, parameter) = *wire;
    if (Status shown = show_timing_page(); !shown) return shown.error();
    auto ack = link_.exchange(mv::set_train(train), ids::kPage);
    if (!ack) return ack.error();
    page_ = as<mv::PageMessage>(*ack).page;
    auto after = read_timing();
    if (!after) return after.error();
    const std::uint16_t got = timing_field(after->second, parameter);
    Reply r = reply_from(*ack);
    r.received_ns = after->first.received_ns;
    r.text = ack->text + "; read back: " + after->first.text;
    r.value = got / scale;
    if (got != *wire) {
      r.accepted = false;
      r.refusal =
          Refusal{1, std::string("device kept/clamped ") + to_string(parameter) + " at " +
                         number_text(got / scale) + " (requested " + number_text(value) + ")"};
    }
    return r;
  }

  // 06 and 04 act only while the Timing page is shown (LK, MG).
  Status show_timing_page() {
    if (page_ == kTimingPage) return Status::success();
    auto x = link_.exchange(mv::set_page(kTimingPage), ids::kPage);
    if (!x) return x.error();
    page_ = as<mv::PageMessage>(*x).page;
    if (page_ != kTimingPage) {
      return make_error(ErrorCode::protocol_violation,
                        "device did not show the Timing page: " + x->text);
    }
    return Status::success();
  }

  Result<Reply> enable(bool on) {
    auto x = link_.exchange(mv::set_enabled(on), ids::kAmplitude);
    if (!x) return x.error();
    const auto& m = as<mv::AmplitudeMessage>(*x);
    Reply r = reply_from(*x);
    if (m.status.enabled != on) {
      r.accepted = false;
      r.refusal = Refusal{3, on ? "not enabled (status byte shows disabled)"
                                : "device still enabled (status byte shows enabled)"};
    }
    return r;
  }

  MagventureLink link_;
  const Clock& clock_;
  std::uint8_t page_ = kPageUnknown;  // the page the device last reported
};

}  // namespace

std::unique_ptr<StimulatorDriver> make_magventure_driver(Transport& transport, const Clock& clock,
                                                         const DeviceProfile& profile) {
  (void)profile;  // limits and model live in the profile; the wire format needs neither
  return std::make_unique<MagventureDriver>(transport, clock);
}

}  // namespace stimbench
