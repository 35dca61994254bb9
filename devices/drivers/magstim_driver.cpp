#include "devices/drivers/magstim_driver.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "devices/drivers/magstim_driver_support.hpp"
#include "devices/drivers/magstim_link.hpp"
#include "devices/protocols/magstim/codec.hpp"

namespace stimbench {
namespace {

using magstim::Version;
using namespace magstim_driver_detail;

template <class T>
Status status_of(const Result<T>& result) {
  return result ? Status::success() : Status(result.error());
}

struct StatusRead {
  Reply reply;  // the answer; refusal set when the query was refused
  magstim::InstrumentStatus instrument;
  std::optional<magstim::RapidStatus> rapid;
  std::uint8_t instrument_byte = 0, rapid_byte = 0;
};

class MagstimDriver final : public StimulatorDriver {
 public:
  MagstimDriver(Transport& transport, const Clock& clock, DeviceProfile profile,
                MagstimDriverOptions options)
      : link_(transport, clock),
        profile_(std::move(profile)),
        options_(std::move(options)),
        variant_(variant_of(profile_)),
        version_(profile_version(profile_, variant_)) {}

  Result<Reply> identify() override {
    if (variant_ != Variant::rapid) {
      auto reply = exchange(magstim::get_parameters());
      if (!reply || reply->refusal) return reply;
      reply->identity = identity("");
      reply->text +=
          "; the protocol has no model, serial-number or version command, so nothing is "
          "recorded as reported (the profile's identity is the expected one)";
      return reply;
    }
    std::string note;
    auto reply = read_version(note);
    if (!reply || reply->refusal) return reply;
    reply->identity = identity(magstim::to_string(version_));
    reply->text += note +
                   "; the protocol has no model or serial-number command (only the version "
                   "is reported)";
    return reply;
  }

  Result<Reply> set_remote(bool on) override {
    if (!on) return exchange(magstim::disable_remote());
    const bool use_code =
        variant_ == Variant::rapid && version_.at_least(9) && options_.unlock_code.has_value();
    Result<Bytes> frame = magstim::enable_remote(use_code ? *options_.unlock_code : "");
    if (!frame) return frame.error().with_context("enable remote control");
    auto reply = exchange(*frame, use_code);
    if (!reply || !reply->accepted) return reply;
    if (options_.unlock_code && !use_code) {
      reply->text += "; unlock code not used (only Rapid2 V9+ takes one)";
    }
    if (variant_ != Variant::rapid) return reply;
    // Field widths depend on the version the device reports (protocols.md §1.6).
    std::string note;
    auto version = read_version(note);
    if (!version) return version.error().with_context("remote control enabled, reading version");
    if (version->refusal) {
      reply->text += "; version query refused (" + version->refusal->text +
                     "): keeping the profile's version " + magstim::to_string(version_);
    } else {
      reply->text += note;
    }
    return reply;
  }

  Result<Reply> set(Parameter parameter, double value) override {
    if (is_switch(parameter)) return set_switch(parameter, value);
    struct Field {
      char command;
      double scale;
      int width;
    };
    std::optional<Field> field;
    const bool rapid = variant_ == Variant::rapid;
    const bool bistim = variant_ == Variant::bistim;
    const bool v9 = version_.at_least(9);
    switch (parameter) {
      case Parameter::power:
        field = Field{'@', 1, 3};
        break;
      case Parameter::frequency:
        if (rapid) field = Field{'B', 10, 4};
        break;
      case Parameter::pulses:
        if (rapid) field = Field{'D', 1, v9 ? 5 : 4};
        break;
      case Parameter::train_duration:
        if (rapid) field = Field{'[', 10, v9 ? 4 : 3};
        break;
      case Parameter::power_b:
        if (bistim) field = Field{'A', 1, 3};
        break;
      case Parameter::interval:  // ms, sent in 0.1 ms units with high-resolution timing
        if (bistim) {
          auto high = high_resolution_now();
          if (!high) return high.error().with_context("reading the timing mode before 'C'");
          field = Field{'C', *high ? 10.0 : 1.0, 3};
        }
        break;
      default:
        break;
    }
    if (!field) return not_on_variant(parameter);
    Result<int> units = field_units(parameter, value, field->scale);
    if (!units) return units.error();
    Result<Bytes> frame = magstim::encode_number(field->command, *units, field->width);
    if (!frame) return make_error(ErrorCode::unsupported, frame.error().message);
    return exchange(*frame);
  }

  Result<Reply> set_text(Parameter, const std::string&) override {
    return make_error(ErrorCode::unsupported,
                      "Magstim fields are fixed-width digits: text arguments cannot be sent "
                      "(use raw bytes)");
  }

  Result<Reply> get(Parameter parameter) override {
    if (parameter == Parameter::high_resolution) return get_high_resolution();
    if (variant_ == Variant::rapid) {
      if (parameter != Parameter::power && parameter != Parameter::frequency &&
          parameter != Parameter::pulses && parameter != Parameter::train_duration &&
          parameter != Parameter::enhanced_power) {
        return not_on_variant(parameter);
      }
      auto reply = exchange(magstim::get_rapid_parameters());
      if (!reply || reply->refusal) return reply;
      auto p = magstim::parse_rapid_parameters(last_.reply, version_);
      if (!p) return p.error();
      switch (parameter) {
        case Parameter::frequency:
          reply->value = p->frequency_tenths / 10.0;
          break;
        case Parameter::pulses:
          reply->value = p->pulses;
          break;
        case Parameter::train_duration:
          reply->value = p->duration_tenths / 10.0;
          break;
        case Parameter::enhanced_power:
          reply->value = p->rapid.enhanced_power ? 1 : 0;
          break;
        default:
          reply->value = p->power;
      }
      return reply;
    }
    const bool bistim = variant_ == Variant::bistim;
    if (parameter != Parameter::power &&
        !(bistim && (parameter == Parameter::power_b || parameter == Parameter::interval))) {
      return not_on_variant(parameter);
    }
    double ipi_scale = 1;  // J@ reports the interval in the units `C` takes
    if (parameter == Parameter::interval) {
      auto high = high_resolution_now();
      if (!high) return high.error().with_context("reading the timing mode before 'J'");
      if (*high) ipi_scale = 10;
    }
    auto reply = exchange(magstim::get_parameters());
    if (!reply || reply->refusal) return reply;
    auto p = magstim::parse_parameters(last_.reply);
    if (!p) return p.error();
    reply->value = parameter == Parameter::power     ? p->power_a
                   : parameter == Parameter::power_b ? p->power_b
                                                     : p->ipi / ipi_scale;
    return reply;
  }

  Result<Reply> arm() override { return exchange(magstim::arm()); }
  // The disarm goes out even after stray input: it must reach a misbehaving device.
  Result<Reply> disarm() override { return exchange(magstim::disarm(), false, true); }

  Result<Reply> fire() override {
    if (variant_ == Variant::rapid) {
      // SAFETY: in train mode `EH` starts a whole train, not one pulse.
      auto read = read_status();
      if (!read) return read.error().with_context("checking the mode before fire");
      if (read->reply.refusal) return not_fired(read->reply);
      if (!read->rapid->single_pulse) {
        return make_error(ErrorCode::invalid_input,
                          "device is in train mode: fire would start a train; set "
                          "train_duration 0");
      }
    }
    return exchange(magstim::fire());
  }

  Result<Reply> start_train() override {
    if (variant_ != Variant::rapid) {
      return make_error(ErrorCode::unsupported,
                        std::string("the Magstim ") + variant_name(variant_) + " has no trains");
    }
    auto read = read_status();
    if (!read) return read.error().with_context("checking the mode before the train");
    if (read->reply.refusal) return not_fired(read->reply);
    if (read->rapid->single_pulse) {
      return make_error(ErrorCode::invalid_input,
                        "device is in single-pulse mode: set train_duration > 0 for a train");
    }
    return exchange(magstim::fire());
  }

  Result<Reply> abort() override {
    auto reply = exchange(magstim::disarm());
    if (reply) reply->text += "; Magstim has no train stop other than disarm: sent EA";
    return reply;
  }

  Result<Reply> status() override {
    auto read = read_status();
    if (!read) return read.error();
    if (read->reply.refusal) return read->reply;
    DeviceStatus status;
    status.state = state_of(read->instrument, read->rapid);
    status.remote = read->instrument.remote;
    status.fault = read->instrument.error_present;
    // state_of says fault whenever the error bit is set: these bits say whether it is armed.
    status.armed_flags =
        read->instrument.armed || read->instrument.ready || (read->rapid && read->rapid->train);
    status.raw = "instrument " + hex2(read->instrument_byte) + " [" +
                 magstim::describe(read->instrument) + "]";
    if (read->rapid) {
      status.raw +=
          "; rapid " + hex2(read->rapid_byte) + " [" + magstim::describe(*read->rapid) + "]";
    }
    Reply reply = read->reply;
    reply.status = status;
    return reply;
  }

  Result<Reply> temperature() override {
    auto reply = exchange(magstim::get_temperatures());
    if (!reply || reply->refusal) return reply;
    auto t = magstim::parse_temperatures(last_.reply);
    if (!t) return t.error();
    reply->value = std::max(t->coil1_tenths, t->coil2_tenths) / 10.0;
    char text[96];
    std::snprintf(text, sizeof text, "; coil winding 1 %.1f C, winding 2 %.1f C",
                  t->coil1_tenths / 10.0, t->coil2_tenths / 10.0);
    reply->text += text;
    return reply;
  }

  Result<Reply> keepalive() override {
    // V9+ keeps remote with `x@`; older units and 200²/BiStim² with `Q@` (T087 §5.4).
    if (variant_ == Variant::rapid && version_.at_least(9)) {
      return exchange(magstim::get_system_status());
    }
    return exchange(magstim::encode('Q'));
  }

  Status send_raw(std::span<const std::uint8_t> bytes) override { return link_.send_raw(bytes); }
  std::vector<RawCommand> classify_raw(std::span<const std::uint8_t> bytes) const override {
    return classify_magstim_raw(bytes);
  }
  Result<Chunk> receive_raw(std::size_t count, std::chrono::nanoseconds timeout) override {
    return link_.receive_raw(count, timeout);
  }

  std::optional<std::string> safety_override(std::span<const std::uint8_t> bytes) const override {
    if (!bytes.empty() && bytes[0] == 'b') return "ignore coil safety interlock (b@)";
    return std::nullopt;
  }

  void set_observer(FrameObserver* observer) override { link_.set_observer(observer); }
  void set_reply_timeout(std::chrono::nanoseconds timeout) override {
    link_.set_reply_timeout(timeout);
  }

 private:
  // One exchange; the codec reply stays in last_ for the caller's parser.
  Result<Reply> exchange(const Bytes& frame, bool secret = false, bool despite_stray = false) {
    auto done = link_.exchange(frame, version_, secret, despite_stray);
    if (!done) return done.error();
    last_ = std::move(done).value();
    Reply reply;
    reply.sent_ns = last_.sent_ns;
    reply.received_ns = last_.received_ns;
    reply.text = escape_bytes(last_.reply.frame) + " (" +
                 magstim::describe_reply(last_.reply, version_) + ")";
    switch (last_.reply.kind) {
      case magstim::ReplyKind::ok:
        reply.accepted = true;
        break;
      case magstim::ReplyKind::unknown_command:  // MP's error numbering (§1.3)
        reply.refusal = Refusal{3, "unknown command"};
        break;
      case magstim::ReplyKind::bad_data:
        reply.refusal = Refusal{4, "invalid data"};
        break;
      case magstim::ReplyKind::conflict:
        reply.refusal = Refusal{5, "conflicts with the current state"};
        break;
    }
    return reply;
  }

  // `ND`; adopts the reported version and says in `note` when it differs from the profile.
  Result<Reply> read_version(std::string& note) {
    auto reply = exchange(magstim::get_version());
    if (!reply || reply->refusal) return reply;
    auto reported = magstim::parse_version(last_.reply);
    if (!reported) return reported.error();
    const Version from_profile = profile_version(profile_, variant_);
    note = "; device reports version " + magstim::to_string(*reported);
    if (!same_version(*reported, from_profile)) {
      note += " but the profile says " +
              (profile_.identity.firmware.empty() ? std::string("nothing")
                                                  : profile_.identity.firmware) +
              ": field widths follow the device";
    }
    version_ = *reported;
    return reply;
  }

  // Rapid V9+ `x@`, older Rapid `\@`, 200²/BiStim² `J@`: instrument (and Rapid) status.
  Result<StatusRead> read_status() {
    StatusRead out;
    Bytes frame = variant_ != Variant::rapid ? magstim::get_parameters()
                  : version_.at_least(9)     ? magstim::get_system_status()
                                             : magstim::get_rapid_parameters();
    auto reply = exchange(frame);
    if (!reply) return reply.error();
    out.reply = *reply;
    if (reply->refusal) return out;
    std::span<const std::uint8_t> data = last_.reply.data();
    // Validate the whole reply through its parser before trusting the status bytes.
    Status parsed = frame[0] == 'x' ? status_of(magstim::parse_system_status(last_.reply))
                    : frame[0] == '\\'
                        ? status_of(magstim::parse_rapid_parameters(last_.reply, version_))
                        : status_of(magstim::parse_parameters(last_.reply));
    if (!parsed) return parsed.error();
    out.instrument_byte = data[0];
    out.instrument = magstim::decode_instrument_status(data[0]);
    if (variant_ == Variant::rapid) {
      out.rapid_byte = data[1];
      out.rapid = magstim::decode_rapid_status(data[1]);
    }
    return out;
  }

  // `^@`/`_@` (Rapid² enhanced power) and `Y@`/`Z@` (BiStim² high-resolution timing).
  Result<Reply> set_switch(Parameter parameter, double value) {
    const bool enhanced = parameter == Parameter::enhanced_power;
    if (variant_ != (enhanced ? Variant::rapid : Variant::bistim)) return not_on_variant(parameter);
    if (value != 0 && value != 1) {
      return make_error(ErrorCode::unsupported, std::string(to_string(parameter)) +
                                                    " is a mode switch: 0 or 1, nothing else " +
                                                    "can be sent");
    }
    const bool on = value == 1;
    auto reply = exchange(enhanced ? magstim::enhanced_power(on) : magstim::high_resolution(on));
    if (reply && reply->accepted && !enhanced) high_resolution_ = on;
    return reply;
  }

  // `X@` names the timing mode, except at interval 0 (simultaneous discharge) or when the
  // unit does not answer it: then the mode this driver last set (low resolution at start).
  Result<bool> high_resolution_now() {
    auto reply = exchange(magstim::get_bistim_mode());
    if (!reply) return reply.error();
    if (reply->refusal) return high_resolution_;
    auto mode = magstim::parse_bistim_mode(last_.reply);
    if (!mode) return mode.error();
    adopt_timing(*mode);
    return high_resolution_;
  }

  // Adopts the timing `X@` names; false when the mode names none (simultaneous discharge).
  bool adopt_timing(const magstim::BiStimModeReply& mode) {
    const bool high = mode.mode == magstim::BiStimMode::high_resolution;
    if (!high && mode.mode != magstim::BiStimMode::low_resolution) return false;
    high_resolution_ = high;
    return true;
  }

  Result<Reply> get_high_resolution() {
    if (variant_ != Variant::bistim) return not_on_variant(Parameter::high_resolution);
    auto reply = exchange(magstim::get_bistim_mode());
    if (!reply || reply->refusal) return reply;
    auto mode = magstim::parse_bistim_mode(last_.reply);
    if (!mode) return mode.error();
    if (!adopt_timing(*mode)) reply->text += "; this mode does not name the timing: as last set";
    reply->value = high_resolution_ ? 1 : 0;
    return reply;
  }

  Result<Reply> not_fired(Reply reply) {
    reply.text += "; status query refused, so nothing was fired";
    return reply;
  }

  Error not_on_variant(Parameter parameter) const {
    return make_error(ErrorCode::unsupported, std::string(to_string(parameter)) +
                                                  " is not available on the Magstim " +
                                                  variant_name(variant_));
  }

  // Only what the device said: the Rapid² reports its version, nothing reports a model or
  // serial (a BiStim² says nothing about itself).
  static DeviceIdentity identity(std::string firmware) {
    return DeviceIdentity{"", "", "", std::move(firmware)};
  }

  MagstimLink link_;
  DeviceProfile profile_;
  MagstimDriverOptions options_;
  Variant variant_;
  Version version_;
  bool high_resolution_ = false;  // BiStim² timing as this driver last set it
  MagstimExchange last_;
};

}  // namespace

std::unique_ptr<StimulatorDriver> make_magstim_driver(Transport& transport, const Clock& clock,
                                                      const DeviceProfile& profile,
                                                      MagstimDriverOptions options) {
  return std::make_unique<MagstimDriver>(transport, clock, profile, std::move(options));
}

}  // namespace stimbench
