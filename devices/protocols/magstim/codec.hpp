// Magstim 200², BiStim² and Rapid² wire codec (protocols.md §1, §5). Pure functions, no I/O
// and no clock; used by the host driver and by the mock alike.
//
// Wire rules fixed here:
// - A frame is a command character, data characters (ASCII) and one checksum byte; no
//   terminator, no length byte. Data-less commands carry the padding byte '@'.
// - checksum = ~(sum of all preceding bytes) & 0xFF, for commands and replies alike.
// - Replies have a fixed length per command and firmware version (reply_shape), except the
//   version reply, which ends at a NUL followed by the checksum.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "devices/core/bytes.hpp"
#include "devices/core/result.hpp"

namespace stimbench::magstim {

// --- Framing ------------------------------------------------------------------------------

std::uint8_t checksum(std::span<const std::uint8_t> body);
// body + checksum(body).
Bytes frame(std::span<const std::uint8_t> body);
Bytes frame(std::string_view body);
// True when the last byte is the checksum of the others (needs at least 2 bytes).
bool checksum_valid(std::span<const std::uint8_t> whole_frame);

constexpr std::uint8_t kPadding = '@';
constexpr std::uint8_t kRefusedData = '?';      // <cmd>?<chk>, and the lone '?'
constexpr std::uint8_t kRefusedConflict = 'S';  // <cmd>S<chk>

// Rapid² firmware version from the `N` reply. The widths of several fields depend on it;
// 200² and BiStim² have no version and use the default (0.0, the oldest layout).
struct Version {
  int major = 0;
  int minor = 0;
  int patch = 0;
  int parts = 2;  // 2 for "V9.0", 3 for "V9.0.0"
  bool at_least(int wanted_major) const { return major >= wanted_major; }
  friend bool operator==(const Version&, const Version&) = default;
};
std::string to_string(const Version& version);  // "9.0" / "9.0.0"
// A profile's firmware string ("9.0.0", "V9.0"); empty or unreadable: the oldest layout.
Version version_from_firmware(std::string_view firmware);

// --- Commands (host side) -----------------------------------------------------------------

// Command character + data + checksum; empty data becomes the '@' padding.
Bytes encode(char command, std::string_view data = {});
// Command + `width` zero-padded digits. invalid_input when the value does not fit the field;
// ranges are the driver's business, the codec only refuses what cannot be sent.
Result<Bytes> encode_number(char command, int value, int width);

// Remote control: `Q@` without a code; `Q` + 16-character code (printable, no space) otherwise.
Result<Bytes> enable_remote(std::string_view unlock_code = {});
Bytes disable_remote();                                        // R@
Result<Bytes> set_power_a(int percent);                        // @ddd
Result<Bytes> set_power_b(int percent);                        // Addd (BiStim)
Result<Bytes> set_ipi(int value);                              // Cddd (BiStim; ms or 0.1 ms units)
Result<Bytes> set_frequency(int tenths_hz);                    // Bdddd
Result<Bytes> set_pulses(int pulses, const Version& version);  // D, 4 or 5 digits
Result<Bytes> set_duration(int tenths_s, const Version& version);  // [, 3 or 4 digits
Result<Bytes> set_charge_delay(int ms, const Version& version);    // n, 4 or 5 digits
Bytes arm();                                                       // EB
Bytes disarm();                                                    // EA
Bytes fire();                                                      // EH
Bytes get_parameters();                                            // J@ (200², BiStim²)
Bytes get_temperatures();                                          // F@
Bytes get_rapid_parameters();                                      // \@
Bytes get_system_status();                                         // x@ (V9+)
Bytes get_version();                                               // ND
Bytes get_error_code();                                            // I@
Bytes enhanced_power(bool on);                                     // ^@ / _@
Bytes ignore_coil_interlock();                                     // b@
Bytes get_bistim_mode();                                           // X@
Bytes high_resolution(bool on);                                    // Y@ / Z@
Bytes get_charge_delay();                                          // o@

// --- Replies ------------------------------------------------------------------------------

// Expected reply to `command`: a fixed total length (echo and checksum included), or
// NUL-terminated (the version reply). nullopt for a command character the codec does not know.
struct ReplyShape {
  std::size_t length = 0;  // total bytes; for nul_terminated the minimum (`N`, NUL, chk)
  bool nul_terminated = false;
};
std::optional<ReplyShape> reply_shape(char command, const Version& version);

enum class ReplyKind {
  ok,               // echo, data, checksum
  unknown_command,  // a single '?', no checksum
  bad_data,         // <cmd>?<chk>
  conflict,         // <cmd>S<chk>
};
const char* to_string(ReplyKind kind);

struct Reply {
  ReplyKind kind = ReplyKind::ok;
  char command = 0;
  Bytes frame;  // every byte of the reply, checksum included ("?" for unknown_command)
  // Bytes between the echo and the checksum (empty for refusals).
  std::span<const std::uint8_t> data() const;
};

// Incremental reader for the reply to one command. Bytes may arrive in any chunking.
//
// Refusal versus status byte: a 2nd byte of '?' or 'S' is a refusal when the 3 bytes carry a
// valid checksum; for a 3-byte reply that is the only reading (0x3F and 0x53 would both claim
// standby and armed at once, which a real unit does not report). For a longer reply whose
// first 3 bytes do not check as a refusal, the reader keeps reading the full length.
//
// Violations (ErrorCode::protocol_violation, project decision §5): wrong echo (reported at the
// first byte), checksum mismatch (at the expected length), a version reply without NUL within
// kMaxVersionReply bytes, and, from finish(), a truncated reply.
class ReplyReader {
 public:
  static constexpr std::size_t kMaxVersionReply = 32;

  // invalid_input for a command character without a known reply shape.
  static Result<ReplyReader> create(char command, const Version& version = {});

  void feed(std::span<const std::uint8_t> bytes);
  // nullopt while more bytes are needed; then the reply or the violation (sticky).
  std::optional<Result<Reply>> poll();
  // The caller's read timed out: the reply so far is final. timeout when nothing arrived,
  // protocol_violation ("truncated ...") when a frame was started but not completed.
  Result<Reply> finish();

  // Bytes of the frame so far (after poll() returned a value: the frame's length). Any bytes
  // past it are over-long / concatenated input and stay in remainder().
  std::size_t consumed() const;
  std::span<const std::uint8_t> remainder() const;
  // Bytes the fixed-length frame still needs (0 once decided or for an open version reply).
  std::size_t missing() const;

 private:
  ReplyReader(char command, ReplyShape shape) : command_(command), shape_(shape) {}
  std::optional<Result<Reply>> decide();
  Result<Reply> accept(ReplyKind kind, std::size_t length);
  Result<Reply> violation(std::string message, std::size_t length);

  char command_;
  ReplyShape shape_;
  Bytes buffer_;
  std::size_t consumed_ = 0;  // frame length once decided
  std::optional<Result<Reply>> outcome_;
};

// One-shot: the whole reply in `bytes`. Over-long input is a protocol violation here.
Result<Reply> parse_reply(char command, std::span<const std::uint8_t> bytes,
                          const Version& version = {});

// --- Status bytes -------------------------------------------------------------------------

struct InstrumentStatus {
  bool standby = false, armed = false, ready = false, coil_present = false, replace_coil = false,
       error_present = false, error_fatal = false, remote = false;
  friend bool operator==(const InstrumentStatus&, const InstrumentStatus&) = default;
};
InstrumentStatus decode_instrument_status(std::uint8_t byte);
std::uint8_t encode_instrument_status(const InstrumentStatus& status);

struct RapidStatus {
  bool enhanced_power = false, train = false, wait = false, single_pulse = false, hv_psu = false,
       coil_ready = false, theta_psu = false, modified_coil_algorithm = false;
  friend bool operator==(const RapidStatus&, const RapidStatus&) = default;
};
RapidStatus decode_rapid_status(std::uint8_t byte);
std::uint8_t encode_rapid_status(const RapidStatus& status);

// 16-bit word, MSB sent first; the flags live in the LSB (the 2nd of the two bytes).
struct ExtendedStatus {
  std::uint16_t word = 0;
  bool plus1_module() const { return (word & 0x01) != 0; }
  bool special_trigger() const { return (word & 0x02) != 0; }
  bool charge_delay_set() const { return (word & 0x04) != 0; }  // MP/MG; Rev 5.1 says 0
};
ExtendedStatus decode_extended_status(std::uint8_t msb, std::uint8_t lsb);

// Data byte of `E`: bit6 always set; bit0 stop/disarm, bit1 arm, bit3 trigger.
struct ModeByte {
  bool disarm = false, arm = false, trigger = false;
};
std::uint8_t encode_mode(const ModeByte& mode);
// invalid_input when bit6 is clear or an undefined bit is set.
Result<ModeByte> decode_mode(std::uint8_t byte);

// --- Reply data ---------------------------------------------------------------------------
// Each parser wants an ok Reply to the matching command (invalid_input otherwise) and
// reports malformed data (length, non-digits) as protocol_violation.

// Replies that carry only statuses: Q R @ A C E Y Z b (instrument) and B D [ ^ _ n (+rapid).
struct StatusReply {
  InstrumentStatus instrument;
  std::optional<RapidStatus> rapid;
};
Result<StatusReply> parse_status_reply(const Reply& reply);

struct RapidParameters {  // \@
  InstrumentStatus instrument;
  RapidStatus rapid;
  int power = 0;
  int frequency_tenths = 0;
  int pulses = 0;
  int duration_tenths = 0;
  int wait_tenths = 0;
};
Result<RapidParameters> parse_rapid_parameters(const Reply& reply, const Version& version);

struct Parameters {  // J@: 200² sends power A then 000000
  InstrumentStatus instrument;
  int power_a = 0;
  int power_b = 0;
  int ipi = 0;
};
Result<Parameters> parse_parameters(const Reply& reply);

struct Temperatures {  // F@, tenths of °C
  InstrumentStatus instrument;
  int coil1_tenths = 0;
  int coil2_tenths = 0;
};
Result<Temperatures> parse_temperatures(const Reply& reply);

struct ErrorCodeReply {  // I@
  InstrumentStatus instrument;
  char source = 0;  // 'U' UI, 'C' coil, 'E' system
  int code = 0;
};
Result<ErrorCodeReply> parse_error_code(const Reply& reply);

Result<Version> parse_version(const Reply& reply);          // N
Result<Version> parse_version_text(std::string_view text);  // "V9.0.0" (after the echo)

struct SystemStatus {  // x@
  InstrumentStatus instrument;
  RapidStatus rapid;
  ExtendedStatus extended;
};
Result<SystemStatus> parse_system_status(const Reply& reply);

enum class BiStimMode { single, simultaneous, low_resolution, independent, high_resolution };
struct BiStimModeReply {  // X@
  InstrumentStatus instrument;
  BiStimMode mode = BiStimMode::single;
  bool slave = false;
};
Result<BiStimModeReply> parse_bistim_mode(const Reply& reply);

struct ChargeDelay {  // o@
  InstrumentStatus instrument;
  int ms = 0;
};
Result<ChargeDelay> parse_charge_delay(const Reply& reply);

// --- Human-readable text for transcripts ----------------------------------------------------
// Never reproduces an unlock code: `Q` + code reads "enable remote control (unlock code)".

std::string describe(const InstrumentStatus& status);  // "standby coil-present remote"
std::string describe(const RapidStatus& status);       // "single-pulse hv-psu coil-ready"
// One command frame as sent (checksum included); notes a bad checksum.
std::string describe_command(std::span<const std::uint8_t> frame);
// A reply the reader accepted (refusals included).
std::string describe_reply(const Reply& reply, const Version& version);

}  // namespace stimbench::magstim
