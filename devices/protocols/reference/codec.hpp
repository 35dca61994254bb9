// The reference protocol (design.md §6): SCPI-flavoured text lines. Pure functions,
// no I/O and no clock; used by the host driver and by the mock's dialect alike.
//
// Wire rules fixed here:
// - One command per line; '\n' ends it, a '\r' before it is dropped. ';' chaining is not
//   supported. A blank line is not a command and gets no reply.
// - Header: ':'-separated keywords, each in its short form (the upper-case part of the long
//   form) or its full long form, any case; a single leading ':' is tolerated. A query ends in
//   '?' directly after the header. One argument may follow after whitespace.
// - Reply: "OK", a value, or ERR <code>,"<text>" where a '"' inside text is doubled.
//   Values never equal "OK" and never start with "ERR ".
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "devices/core/bytes.hpp"
#include "devices/core/profile.hpp"
#include "devices/core/result.hpp"

namespace stimbench::reference {

// Canonical command headers (long form, upper case, without '?').
enum class Header {
  idn,              // *IDN
  rst,              // *RST
  cls,              // *CLS
  system_error,     // SYSTem:ERRor
  system_remote,    // SYSTem:REMote
  amplitude,        // SOURce:AMPLitude
  frequency,        // SOURce:FREQuency
  pulses,           // SOURce:PULSes
  train_duration,   // SOURce:TRAin:DURation
  train_iti,        // SOURce:TRAin:ITI
  train_count,      // SOURce:TRAin:COUNt
  burst_pulses,     // SOURce:BURSt:PULSes (pulses per burst; 1 = plain train)
  burst_frequency,  // SOURce:BURSt:FREQuency (Hz inside a burst)
  amplitude_b,      // SOURce:AMPLitude:B (second stimulator of a pair)
  interval,         // SOURce:PULSe:INTerval (ms between paired pulses)
  output_arm,       // OUTPut:ARM
  output_disarm,    // OUTPut:DISarm
  trigger,          // TRIGger
  initiate,         // INITiate
  abort,            // ABORt
  status,           // STATus
  temperature,      // MEASure:TEMPerature
  // Service hook of the reference device: forces the coil temperature reading (°C), so a
  // bench can prove the over-temperature interlock without heating a real coil.
  coil_temperature_hook,  // DIAGnostic:COIL:TEMPerature
};

const std::vector<Header>& all_headers();

// "SOURce:AMPLitude" (mixed case as documented) and "SOUR:AMPL".
std::string long_form(Header header);
std::string short_form(Header header);

// What a header accepts: a query only (*IDN?), an action without argument (*RST, TRIG),
// or a setting with one argument that can also be queried (SOUR:AMPL 50 / SOUR:AMPL?).
enum class HeaderKind { query_only, action, setting };
HeaderKind header_kind(Header header);

// SOURce:* settings <-> logical parameters (power is SOURce:AMPLitude); nullopt for a
// parameter the reference protocol has no header for.
std::optional<Header> header_for(Parameter parameter);
std::optional<Parameter> parameter_for(Header header);

struct Command {
  Header header = Header::idn;
  bool query = false;
  std::optional<std::string> argument;  // text after the header, trimmed
};

// Host side: "SOUR:AMPL 50\n" style line (short or long form per `use_long_form`).
std::string encode_command(const Command& command, bool use_long_form = false);
Command make_query(Header header);
Command make_action(Header header);
Command make_setting(Header header, double value);
Command make_setting(Header header, bool on);  // ON / OFF

// Device side: parses one line (without its terminator). On failure `error_code` is the
// SCPI code the device reports (-100, -108, -109, -113) and `error_text` says why.
struct CommandParse {
  std::optional<Command> command;
  int error_code = 0;
  std::string error_text;
};
CommandParse parse_command_line(std::string_view line);
// Same, as a Result; the error message is "<code> <text>" (ErrorCode::invalid_input).
Result<Command> parse_command(std::string_view line);

// Arguments. Numbers: [+-]digits[.digits][e[+-]digits] (no inf/nan/hex); booleans:
// ON/OFF/1/0, any case. nullopt when the text is not of that type.
std::optional<double> parse_number(std::string_view text);
std::optional<bool> parse_boolean(std::string_view text);
// Shortest text that reads back as the same double ("50", "0.1", "12.5").
std::string format_number(double value);
std::string format_boolean(bool value);  // "1" / "0", as SCPI queries answer

// One reply line.
struct ReplyLine {
  enum class Kind { ok, value, error };
  Kind kind = Kind::ok;
  std::string value;   // for Kind::value
  int error_code = 0;  // for Kind::error
  std::string error_text;
};

ReplyLine ok_reply();
ReplyLine value_reply(std::string value);
ReplyLine error_reply(int code, std::string text);

std::string encode_reply(const ReplyLine& reply);  // with trailing "\n"
// Host side. Unparseable "ERR" lines and empty lines are protocol violations.
Result<ReplyLine> parse_reply(std::string_view line);

// SYSTem:ERRor? entry and the body of an ERR line: <code>,"<text>" with '"' doubled.
struct ErrorEntry {
  int code = 0;
  std::string text;
};
std::string encode_error_entry(const ErrorEntry& entry);
Result<ErrorEntry> parse_error_entry(std::string_view text);
// Standard text for the codes below ("Data out of range"); "Unknown error" otherwise.
const char* error_text(int code);

// STATus? reply: the state word first, then KEY=VALUE fields, comma separated:
//   STANDBY,REMOTE=1,FAULT=0,PULSES=12
// State words: STANDBY ARMED READY FIRING FAULT. REMOTE and FAULT are 0/1, PULSES counts
// pulses delivered since power-on. The parser accepts any case, spaces around tokens and
// fields in any order; REMOTE, FAULT and PULSES are required; unknown keys are kept in
// `extra` so newer devices stay readable.
enum class StatusState { standby, armed, ready, firing, fault };
const char* to_string(StatusState state);  // "STANDBY" ...
std::optional<StatusState> status_state_from_string(std::string_view word);

struct StatusLine {
  StatusState state = StatusState::standby;
  bool remote = false;
  bool fault = false;
  std::uint64_t pulses = 0;
  std::vector<std::pair<std::string, std::string>> extra;
};
std::string encode_status_line(const StatusLine& status);  // without "\n"
Result<StatusLine> parse_status_line(std::string_view line);

// *IDN? reply: maker,model,serial,firmware. Encoding replaces ',' and control characters
// inside a field with ' ' so the four fields always survive the round trip.
std::string encode_identity(const DeviceIdentity& identity);
Result<DeviceIdentity> parse_identity(std::string_view line);

// Splits a byte stream into lines at '\n', dropping a trailing '\r'.
// A line longer than kMaxLine is reported once as an overflowed entry, in order, as soon as
// the limit is passed; its remaining bytes up to the next '\n' are discarded (resync).
class LineSplitter {
 public:
  struct Line {
    std::string text;  // for an overflowed entry: the first bytes, for messages
    bool overflowed = false;
  };

  void feed(std::span<const std::uint8_t> bytes);
  void feed(std::string_view text);
  // Next entry, overflowed ones included.
  std::optional<Line> next();
  // Next complete line; skips overflowed entries (see overflowed()).
  std::optional<std::string> next_line();
  // Bytes of the current partial line.
  std::size_t buffered() const { return buffer_.size(); }
  // Lines longer than this are a protocol violation (a garbled or runaway stream).
  static constexpr std::size_t kMaxLine = 4096;
  // Sticky: some line overflowed since construction or the last clear_overflow()/reset().
  bool overflowed() const { return overflowed_; }
  void clear_overflow() { overflowed_ = false; }
  // Bytes dropped from overlong lines (their terminators included) since construction.
  std::uint64_t dropped_bytes() const { return dropped_; }
  // Drops the partial line and queued lines (a new connection).
  void reset();

 private:
  std::string buffer_;
  std::deque<Line> lines_;
  bool discarding_ = false;
  bool overflowed_ = false;
  std::uint64_t dropped_ = 0;
};

// SCPI error codes used by the reference protocol.
namespace error_codes {
constexpr int kNoError = 0;
constexpr int kCommandError = -100;
constexpr int kDataTypeError = -104;
constexpr int kParameterNotAllowed = -108;
constexpr int kMissingParameter = -109;
constexpr int kUndefinedHeader = -113;
constexpr int kSettingsConflict = -221;
constexpr int kDataOutOfRange = -222;
constexpr int kHardwareMissing = -241;  // the profile has no limit for that parameter
constexpr int kQueueOverflow = -350;
// Device-specific (positive).
constexpr int kNotRemote = 201;
constexpr int kNotArmed = 202;
constexpr int kNotReady = 203;
constexpr int kAlreadyArmed = 204;
constexpr int kOverTemperature = 210;
constexpr int kLockout = 211;  // in fault, or the post-train lockout
constexpr int kUnsafeCombination = 220;
}  // namespace error_codes

}  // namespace stimbench::reference
