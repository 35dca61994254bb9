#include "devices/drivers/magventure_driver.hpp"

#include <cmath>

#include "devices/drivers/magventure_fields.hpp"
#include "devices/drivers/magventure_link.hpp"

namespace stimbench {
namespace {

namespace mv = magventure;
namespace ids = magventure::message_ids;
using magventure_fields::number_text;
using magventure_fields::timing_field;
using magventure_fields::timing_scale;
using magventure_fields::to_field;

constexpr std::uint8_t kTimingPage = 2;
constexpr std::uint8_t kPageUnknown = 0;  // no page 0 exists (protocols.md §2.4)

// 04's reply: MG waits for message 4, a running train sends di/dt, the mock's full dialect
// sends message 8. None is documented for sure, so the first of them or silence will do;
// message 5 then decides.
const MessageIds kTrainStartReplies{ids::kPage, ids::kDidt, ids::kMep};
// 06's reply is "8 B" in the sources, its ID unnamed: any documented 4-byte message but
// di/dt (a pulse report, never an acknowledgement), or none; the read-back decides.
const MessageIds kSetTrainReplies{ids::kPage, ids::kAmplitude, ids::kTemperature,
                                  ids::kOriginalAmplitude, ids::kAmplitudeFactor};

Error unsupported(const std::string& what) {
  return make_error(ErrorCode::unsupported, what);
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
  return std::get<T>(*x.message);  // the link returns only an accepted ID, so this holds
}

std::string silence_text(const std::string& command, std::chrono::nanoseconds timeout) {
  return "no reply to " + command + " within " + std::to_string(timeout.count() / 1'000'000) +
         " ms";
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
    auto x = link_.exchange_first(mv::start_train(), kTrainStartReplies, /*silence_ok=*/true);
    if (!x) return x.error();
    if (const auto* page = x->message ? std::get_if<mv::PageMessage>(&*x->message) : nullptr)
      page_ = page->page;
    // Started means message 5 shows the train running, or a pulse came since 04 went out
    // (a short train may already be over).
    auto confirm = long_status();
    if (!confirm) return confirm.error();
    const bool running = as<mv::LongStatusMessage>(*confirm).train_running;
    const std::uint64_t pulses = link_.pulses_seen() - x->pulses_at_send;
    Reply r = reply_from(*x);
    if (!x->message) r.received_ns = confirm->received_ns;
    r.text = (x->message ? x->text : silence_text("04", link_.reply_timeout())) +
             "; confirmed by " + confirm->text + "; " + std::to_string(pulses) + " di/dt since 04";
    if (!running && pulses == 0) {
      r.accepted = false;
      r.refusal = Refusal{4, "train did not start: no di/dt and message 5 shows no train running"};
      link_.forbid_next(ids::kDidt,
                        "di/dt message after a train start was recorded as refused: the "
                        "train started late");
    }
    return r;
  }

  Result<Reply> abort() override {
    auto r = enable(false);
    if (r) r->text += " (disable: the only documented way to stop a MagPro train)";
    return r;
  }

  // Firing while a train runs, and also while the device says disabled but pulses arrived
  // after the disable: a disarm is confirmed only by standby here.
  Result<Reply> status() override {
    auto x = long_status();
    if (!x) return x.error();
    const auto& m = as<mv::LongStatusMessage>(*x);
    const mv::StatusByte& s = m.base.status;
    const std::uint64_t stray = link_.pulses_while_disabled();
    DeviceStatus st;
    if (m.train_running || stray > 0) {
      st.state = DeviceState::firing;
    } else {
      st.state = s.enabled ? DeviceState::ready : DeviceState::standby;
    }
    st.remote = false;  // the MagPro has no remote mode
    st.armed_flags = st.state != DeviceState::standby;
    st.pulses = link_.pulses_seen();
    st.raw = std::string("mode ") + mv::to_string(s.mode) + ", waveform " +
             mv::to_string(s.waveform) + ", " + (s.enabled ? "enabled" : "disabled") + ", model " +
             mv::to_string(s.model) + ", page " + std::to_string(m.page) + ", train running " +
             (m.train_running ? "1" : "0");
    if (stray > 0) st.raw += ", " + std::to_string(stray) + " di/dt while disabled";
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
  // Each di/dt message reports one pulse (protocols.md §2.4).
  std::optional<std::vector<std::int64_t>> take_pulse_reports() override {
    return link_.take_pulse_times();
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
    auto answer = amplitude_or_readback(Bytes{mv::command_ids::kSetAmplitude, want});
    if (!answer) return answer.error();
    Reply r = answer->reply;
    r.value = answer->amplitude_a;
    if (answer->amplitude_a != want) {
      r.accepted = false;
      r.refusal =
          Refusal{1, "device kept/clamped amplitude at " + std::to_string(answer->amplitude_a) +
                         " (requested " + std::to_string(want) + ")"};
    }
    return r;
  }

  // What a command documented to answer with message 1 did: message 1's amplitude A and
  // status, or on silence (a refusal may be silent, protocols.md §2.5) message 0 read back.
  struct AmplitudeAnswer {
    Reply reply;
    std::uint8_t amplitude_a = 0;
    mv::StatusByte status;
  };
  Result<AmplitudeAnswer> amplitude_or_readback(const Bytes& command) {
    auto x = link_.exchange(command, ids::kAmplitude, /*silence_ok=*/true);
    if (!x) return x.error();
    if (x->message) {
      const auto& m = as<mv::AmplitudeMessage>(*x);
      return AmplitudeAnswer{reply_from(*x), m.a, m.status};
    }
    auto back = link_.exchange(mv::get_status(), ids::kStatus);
    if (!back) return back.error();
    const auto& m = as<mv::StatusMessage>(*back);
    Reply r = reply_from(*back);
    r.sent_ns = x->sent_ns;
    r.text = silence_text(mv::describe_command(command), link_.reply_timeout()) +
             "; read back: " + back->text;
    return AmplitudeAnswer{r, m.amplitude_a, m.status};
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
    auto ack = link_.exchange_first(mv::set_train(train), kSetTrainReplies, /*silence_ok=*/true);
    if (!ack) return ack.error();
    if (const auto* page = ack->message ? std::get_if<mv::PageMessage>(&*ack->message) : nullptr)
      page_ = page->page;
    auto after = read_timing();
    if (!after) return after.error();
    const std::uint16_t got = timing_field(after->second, parameter);
    Reply r = reply_from(*ack);
    r.received_ns = after->first.received_ns;
    r.text = (ack->message ? ack->text : silence_text("06", link_.reply_timeout())) +
             "; read back: " + after->first.text;
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
    if (!on) link_.send_next_despite_stray_input();  // the disable must reach the device
    auto answer = amplitude_or_readback(mv::set_enabled(on));
    if (!answer) return answer.error();
    Reply r = answer->reply;
    if (answer->status.enabled != on) {
      r.accepted = false;
      r.refusal = Refusal{3, on ? "not enabled (status byte shows disabled)"
                                : "device still enabled (status byte shows enabled)"};
      return r;
    }
    link_.note_enabled(on);
    return r;
  }

  Result<MagventureExchange> long_status() {
    auto x = link_.exchange(mv::get_long_status(), ids::kLongStatus);
    if (x) page_ = as<mv::LongStatusMessage>(*x).page;
    return x;
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
