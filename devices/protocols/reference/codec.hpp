// The reference protocol (design.md §6): SCPI-flavoured text lines. Pure functions,
// no I/O and no clock; used by the host driver and by the mock's dialect alike.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "devices/core/bytes.hpp"
#include "devices/core/result.hpp"

namespace stimbench::reference {

// Canonical command headers (long form, upper case, without '?').
enum class Header {
  idn,            // *IDN
  rst,            // *RST
  cls,            // *CLS
  system_error,   // SYSTem:ERRor
  system_remote,  // SYSTem:REMote
  amplitude,      // SOURce:AMPLitude
  frequency,      // SOURce:FREQuency
  pulses,         // SOURce:PULSes
  train_duration, // SOURce:TRAin:DURation
  train_iti,      // SOURce:TRAin:ITI
  train_count,    // SOURce:TRAin:COUNt
  output_arm,     // OUTPut:ARM
  output_disarm,  // OUTPut:DISarm
  trigger,        // TRIGger
  initiate,       // INITiate
  abort,          // ABORt
  status,         // STATus
  temperature,    // MEASure:TEMPerature
};

// Long form as sent by the host, e.g. "SOURce:AMPLitude" -> "SOUR:AMPL" is the short form.
std::string long_form(Header header);
std::string short_form(Header header);

struct Command {
  Header header = Header::idn;
  bool query = false;
  std::optional<std::string> argument;  // text after the header, trimmed
};

// Host side: "SOUR:AMPL 50\n" style line (short or long form per `use_long_form`).
std::string encode_command(const Command& command, bool use_long_form = false);

// Device side: parses one line (without its terminator). Keywords are case-insensitive
// and accept long or short forms. Errors carry SCPI -100 semantics in the message.
Result<Command> parse_command(std::string_view line);

// One reply line.
struct ReplyLine {
  enum class Kind { ok, value, error };
  Kind kind = Kind::ok;
  std::string value;  // for Kind::value
  int error_code = 0; // for Kind::error
  std::string error_text;
};

std::string encode_reply(const ReplyLine& reply);  // with trailing "\n"
// Host side. Unparseable "ERR" lines are protocol violations.
Result<ReplyLine> parse_reply(std::string_view line);

// Splits a byte stream into lines at '\n', dropping a trailing '\r'.
class LineSplitter {
 public:
  void feed(std::span<const std::uint8_t> bytes);
  std::optional<std::string> next_line();
  std::size_t buffered() const { return buffer_.size(); }
  // Lines longer than this are a protocol violation (a garbled or runaway stream).
  static constexpr std::size_t kMaxLine = 4096;
  bool overflowed() const { return overflowed_; }

 private:
  std::string buffer_;
  bool overflowed_ = false;
};

// SCPI error codes used by the reference protocol.
namespace error_codes {
constexpr int kNoError = 0;
constexpr int kCommandError = -100;
constexpr int kDataTypeError = -104;
constexpr int kSettingsConflict = -221;
constexpr int kDataOutOfRange = -222;
// Device-specific (positive).
constexpr int kNotRemote = 201;
constexpr int kNotArmed = 202;
constexpr int kNotReady = 203;
constexpr int kAlreadyArmed = 204;
constexpr int kOverTemperature = 210;
constexpr int kLockout = 211;
constexpr int kUnsafeCombination = 220;
}  // namespace error_codes

}  // namespace stimbench::reference
