// The mock's MagPro dialect. Simplifications, each noted where it is made:
// - The displayed page is per connection (default 1 Main); a real unit has one page.
// - The MagPro has no remote mode: the device model is put in remote on the first frame.
// - Every delivered pulse gets one di/dt message, sent on the server's tick (on_tick) or, at
//   the latest, before the reply to the next command. At most kMaxDidtPerCall go out per
//   call; the rest wait as a count for the next call (bounded, never dropped), and each
//   carries the status byte of the moment it is sent.
// - minimal_replies: 04 gets no page message and a refused amplitude no message 1.
// - 09 01 (set waveform) and 0B 01 (set timing) are answered with the unchanged settings.
#include "devices/mock/magventure_dialect.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "devices/protocols/magventure/codec.hpp"

namespace stimbench {
namespace {

namespace mv = magventure;
namespace cmd = magventure::command_ids;

constexpr std::size_t kMaxCommandPayload = 32;  // longest documented command: 14 bytes
constexpr std::uint64_t kMaxDidtPerCall = 64;
constexpr std::uint8_t kMainPage = 1;
constexpr std::uint8_t kTimingPage = 2;
constexpr std::uint8_t kCoolB65 = 60;  // coil type no. (XL)

std::uint8_t byte_of(double v) {
  return static_cast<std::uint8_t>(std::clamp(std::llround(v), 0LL, 255LL));
}

std::uint16_t u16_of(double v) {
  return static_cast<std::uint16_t>(std::clamp(std::llround(v), 0LL, 65535LL));
}

std::uint16_t u16_at(std::span<const std::uint8_t> p, std::size_t at) {
  return static_cast<std::uint16_t>((p[at] << 8) | p[at + 1]);
}

// Profile serial "123456" -> 3 bytes on the wire; non-digits give 0.
std::uint32_t serial_number(const std::string& text) {
  std::uint32_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;
    n = (n * 10 + static_cast<std::uint32_t>(c - '0')) & 0xFFFFFF;
  }
  return n;
}

struct TimingField {
  Parameter parameter;
  double scale;
};
constexpr std::array<TimingField, 4> kTimingFields{{{Parameter::frequency, 10},
                                                    {Parameter::pulses, 1},
                                                    {Parameter::train_count, 1},
                                                    {Parameter::train_iti, 10}}};

class MagventureDialect final : public MockDialect {
 public:
  explicit MagventureDialect(MockStimulator& device)
      : device_(device), reader_(kMaxCommandPayload), seen_pulses_(device.pulses_delivered()) {}

  std::vector<Bytes> on_bytes(std::span<const std::uint8_t> bytes, std::int64_t now_ns) override {
    std::vector<Bytes> out;
    budget_ = kMaxDidtPerCall;
    device_.tick(now_ns);
    report_pulses(out);  // train pulses delivered since the last call
    // Bad CRC, bad terminator and garbage are dropped silently: no error frames exist.
    reader_.feed(bytes);
    while (std::optional<Bytes> payload = reader_.next_frame()) {
      handle(*payload, now_ns, out);
      report_pulses(out);
    }
    return out;
  }

  // The device's own voice between commands: one di/dt message per train pulse.
  std::vector<Bytes> on_tick(std::int64_t now_ns) override {
    std::vector<Bytes> out;
    budget_ = kMaxDidtPerCall;
    device_.tick(now_ns);
    report_pulses(out);
    return out;
  }

 private:
  void handle(const Bytes& p, std::int64_t now, std::vector<Bytes>& out) {
    device_.command_received(now);
    if (!device_.remote()) device_.set_remote(true, now);  // no remote mode on a MagPro
    switch (p[0]) {
      case cmd::kGetStatus:
        return send(out, status_message());
      case cmd::kGetLongStatus:
        return send(out, long_status_message());
      case cmd::kSetAmplitude:
        if (p.size() < 2) return;
        // A refused value is not applied: the device keeps its amplitude.
        if (!device_.set_parameter(Parameter::power, p[1], now).ok() && minimal()) return;
        return send(out, amplitude_message());
      case cmd::kEnable:
        if (p.size() < 2) return;
        if (p[1] != 0) {
          device_.arm(now);
        } else {
          device_.disarm(now);
        }
        return send(out, amplitude_message());
      case cmd::kFire:
        // Accepted: the pulse's di/dt message (report_pulses) is the answer; refused: silence.
        device_.trigger(now);
        return;
      case cmd::kStartTrain:
        if (page_ != kTimingPage) return;  // ignored off the Timing page (LK, MG)
        device_.initiate(now);
        if (minimal()) return;  // the first pulse's di/dt (report_pulses) is all it gets
        return send(out, page_message());
      case cmd::kSetTrain:
        if (p.size() < 9 || page_ != kTimingPage) return;
        apply_train(p, now);
        return send(out, page_message());
      case cmd::kSetPage:
        if (p.size() < 2) return;
        page_ = p[1];
        return send(out, page_message());
      case cmd::kWaveform:
        return send(out, waveform_message());
      case cmd::kTiming:
        return send(out, timing_message());
      default:
        return;  // unknown ID: ignored, as the real device appears to
    }
  }

  // Each changed field goes through the device model; out of range is clamped to the
  // limit first, as LK reports the device doing.
  void apply_train(const Bytes& p, std::int64_t now) {
    for (std::size_t i = 0; i < kTimingFields.size(); ++i) {
      const TimingField& f = kTimingFields[i];
      const ParameterLimit* limit = device_.profile().limit(f.parameter);
      std::optional<double> current = device_.parameter(f.parameter);
      if (limit == nullptr || !current) continue;
      const std::uint16_t wire = u16_at(p, 1 + 2 * i);
      if (wire == u16_of(*current * f.scale)) continue;
      double v = std::clamp(wire / f.scale, limit->min, limit->max);
      device_.set_parameter(f.parameter, v, now);
    }
  }

  bool minimal() const { return device_.options().minimal_replies; }

  // Pulses beyond this call's budget stay counted and go out on a later call.
  void report_pulses(std::vector<Bytes>& out) {
    const std::uint64_t now = std::min(device_.pulses_delivered() - seen_pulses_, budget_);
    seen_pulses_ += now;
    budget_ -= now;
    for (std::uint64_t i = 0; i < now; ++i) send(out, didt_message());
  }

  void send(std::vector<Bytes>& out, const mv::Message& message) {
    auto frame = mv::encode_frame(mv::encode_message(message));
    if (frame) out.push_back(std::move(frame).value());
  }

  double readback(Parameter p) const { return device_.readback(p).value_or(0); }

  mv::StatusByte status_byte() const {
    mv::StatusByte s;
    s.mode = mv::Mode::standard;
    s.waveform = mv::Waveform::biphasic;
    MockState st = device_.state();
    s.enabled = st == MockState::armed || st == MockState::ready || st == MockState::firing;
    s.model = device_.profile().variant == "x100" ? mv::Model::x100 : mv::Model::r30;
    return s;
  }

  // A removed coil reads as coil type 0 (protocols.md lists no "no coil" value: invented).
  std::uint8_t coil_type() const {
    return device_.hardware_fault() == MockDeviceFault::coil_removed ? 0 : kCoolB65;
  }

  mv::StatusMessage status_message() const {
    mv::StatusMessage m;
    m.status = status_byte();
    m.serial = serial_number(device_.profile().identity.serial);
    m.coil_temperature_c = byte_of(device_.coil_temperature_c());
    m.coil_type = coil_type();
    m.amplitude_a = byte_of(readback(Parameter::power));
    m.amplitude_b = 0;
    return m;
  }

  mv::LongStatusMessage long_status_message() const {
    mv::LongStatusMessage m;
    m.base = status_message();
    m.original_amplitude_a = m.base.amplitude_a;
    m.amplitude_factor_a = 100;
    m.amplitude_factor_b = 100;
    m.page = page_;
    m.train_running = device_.train_running();
    return m;
  }

  mv::AmplitudeMessage amplitude_message() const {
    mv::AmplitudeMessage m;
    m.a = byte_of(readback(Parameter::power));
    m.status = status_byte();
    return m;
  }

  // Invented model value: di/dt = 1.4 A/µs per % of output (no public figure exists).
  mv::DidtMessage didt_message() const {
    mv::DidtMessage m;
    m.a = byte_of(std::min(255.0, device_.parameter(Parameter::power).value_or(0) * 1.4));
    m.status = status_byte();
    return m;
  }

  mv::PageMessage page_message() const {
    return mv::PageMessage{page_, device_.train_running(), status_byte()};
  }

  mv::WaveformMessage waveform_message() const {
    mv::WaveformMessage m;
    m.model = status_byte().model;
    m.mode = mv::Mode::standard;
    m.waveform = mv::Waveform::biphasic;
    return m;
  }

  mv::TimingMessage timing_message() const {
    mv::TimingMessage m;
    m.train.rate_tenth_pps = u16_of(readback(Parameter::frequency) * 10);
    m.train.pulses_per_train = u16_of(readback(Parameter::pulses));
    m.train.trains = u16_of(readback(Parameter::train_count));
    m.train.iti_tenth_s = u16_of(readback(Parameter::train_iti) * 10);
    m.ramp_up_hundredths = 100;
    return m;
  }

  MockStimulator& device_;
  mv::FrameReader reader_;
  std::uint64_t seen_pulses_ = 0;
  std::uint64_t budget_ = kMaxDidtPerCall;
  std::uint8_t page_ = kMainPage;  // per connection: a simplification (see top)
};

}  // namespace

std::unique_ptr<MockDialect> make_magventure_dialect(MockStimulator& device) {
  return std::make_unique<MagventureDialect>(device);
}

}  // namespace stimbench
