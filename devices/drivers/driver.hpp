// One interface for every stimulator: logical operations, no bytes.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "devices/core/bytes.hpp"
#include "devices/core/profile.hpp"
#include "devices/core/result.hpp"
#include "devices/drivers/raw_classify.hpp"
#include "devices/drivers/stimulation_permit.hpp"

namespace stimbench {

enum class DeviceState { standby, armed, ready, firing, fault, unknown };
const char* to_string(DeviceState state);
std::optional<DeviceState> device_state_from_string(std::string_view name);

struct DeviceStatus {
  DeviceState state = DeviceState::unknown;
  bool remote = false;
  bool fault = false;
  std::optional<std::uint64_t> pulses;  // pulses delivered since power-on, where reported
  std::string raw;                      // the device's own words, for records
  // Whether the device's own flags say armed, ready or a train running, for a `state` that
  // hides them (Magstim reports fault whenever its error bit is set, armed or not); nullopt
  // where the driver cannot tell. A fault state counts as disarmed only when this is false.
  std::optional<bool> armed_flags;
};

struct Refusal {
  int code = 0;
  std::string text;
};

// What the device answered to one logical request. A transport or protocol failure
// is an Error instead; a refusal is an answer.
struct Reply {
  bool accepted = false;
  std::optional<Refusal> refusal;
  std::optional<double> value;
  std::optional<DeviceStatus> status;
  std::optional<DeviceIdentity> identity;
  std::string text;              // reply as received, escaped for humans
  std::int64_t sent_ns = 0;      // run's clock, just before the command's first byte is written
  std::int64_t received_ns = 0;  // run's clock, when the reply's last byte was read
  std::int64_t latency_ns() const { return received_ns - sent_ns; }
};

enum class FrameDirection { tx, rx };

struct FrameEvent {
  FrameDirection direction = FrameDirection::tx;
  Bytes bytes;
  std::int64_t t_ns = 0;
  std::string decoded;  // codec's reading of the frame
  // Bytes the reader dropped from this frame (the excess of an overlong line); 0 normally.
  std::uint64_t dropped_bytes = 0;
  // An incomplete frame given up on: timeout, close or error before its end arrived.
  bool partial = false;
};

// Receives every frame as it crosses the wire (for the transcript).
class FrameObserver {
 public:
  virtual ~FrameObserver() = default;
  virtual void on_frame(const FrameEvent& frame) = 0;
};

// Arm, fire, start_train and send_raw are public only in the form that takes a permit from
// the interlock (stimulation_permit.hpp); each family implements the private virtuals.
class StimulatorDriver {
 public:
  virtual ~StimulatorDriver() = default;

  virtual Result<Reply> identify() = 0;
  virtual Result<Reply> set_remote(bool on) = 0;
  virtual Result<Reply> set(Parameter parameter, double value) = 0;
  virtual Result<Reply> get(Parameter parameter) = 0;
  // Sends an argument verbatim (wrong types, overflow); unsupported where the wire format
  // cannot carry text (fixed-width binary fields).
  virtual Result<Reply> set_text(Parameter parameter, const std::string& argument) = 0;
  Result<Reply> arm(StimulationPermit permit);
  virtual Result<Reply> disarm() = 0;
  Result<Reply> fire(StimulationPermit permit);
  Result<Reply> start_train(StimulationPermit permit);
  virtual Result<Reply> abort() = 0;
  virtual Result<Reply> status() = 0;
  virtual Result<Reply> temperature() = 0;
  // Cheapest command that keeps the device's watchdog fed.
  virtual Result<Reply> keepalive() = 0;

  // Raw bytes for `send` steps; framing is the scenario's business. Every raw send passes
  // the interlock, which classifies the bytes first (classify_raw).
  Status send_raw(std::span<const std::uint8_t> bytes, StimulationPermit permit);
  // Collects exactly `count` bytes or fails with timeout (the bytes so far in the message).
  virtual Result<Chunk> receive_raw(std::size_t count, std::chrono::nanoseconds timeout) = 0;

  // Non-empty when these raw bytes hold a command that defeats a device safety feature
  // (e.g. Magstim `b@`, ignore the coil interlock): the runner records a safety event and
  // refuses to send it unless the scenario asks for exactly that.
  virtual std::optional<std::string> safety_override(std::span<const std::uint8_t> bytes) const {
    (void)bytes;
    return std::nullopt;
  }
  // The commands in raw bytes and what each would do, so a raw trigger meets the interlock.
  // A family without a classifier says "unclassified", which fails closed.
  virtual std::vector<RawCommand> classify_raw(std::span<const std::uint8_t> bytes) const {
    (void)bytes;
    return {RawCommand{RawEffect::unclassified, "raw bytes (no classifier for this family)"}};
  }

  // Arrival times (run's clock) of the device's own per-pulse reports since the last call
  // (MagVenture di/dt messages); nullopt for a family that reports no single pulse.
  virtual std::optional<std::vector<std::int64_t>> take_pulse_reports() { return std::nullopt; }

  virtual void set_observer(FrameObserver* observer) = 0;
  virtual void set_reply_timeout(std::chrono::nanoseconds timeout) = 0;

 protected:
  // For a driver that wraps another (harness/runner/link_guard.hpp): the wrapped driver's
  // wire operations, once the wrapper's own public form has redeemed the permit. Only a
  // driver can call them, never the runner, so the interlock gate stays a compile-time one.
  static Result<Reply> wire_arm(StimulatorDriver& inner) { return inner.arm(); }
  static Result<Reply> wire_fire(StimulatorDriver& inner) { return inner.fire(); }
  static Result<Reply> wire_start_train(StimulatorDriver& inner) { return inner.start_train(); }
  static Status wire_send_raw(StimulatorDriver& inner, std::span<const std::uint8_t> bytes) {
    return inner.send_raw(bytes);
  }

 private:
  // The family's wire operations behind the permit check; callable only through the
  // public forms above.
  virtual Result<Reply> arm() = 0;
  virtual Result<Reply> fire() = 0;
  virtual Result<Reply> start_train() = 0;
  virtual Status send_raw(std::span<const std::uint8_t> bytes) = 0;
};

}  // namespace stimbench
