// Reply lines and error entries.
#include <charconv>

#include "devices/protocols/reference/codec.hpp"
#include "devices/protocols/reference/text.hpp"
#include "devices/protocols/reference/violation.hpp"

namespace stimbench::reference {

namespace {

// A reply line must stay one line, whatever a profile or a message contains.
std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

}  // namespace

ReplyLine ok_reply() {
  return ReplyLine{};
}

ReplyLine value_reply(std::string value) {
  ReplyLine reply;
  reply.kind = ReplyLine::Kind::value;
  reply.value = std::move(value);
  return reply;
}

ReplyLine error_reply(int code, std::string text) {
  ReplyLine reply;
  reply.kind = ReplyLine::Kind::error;
  reply.error_code = code;
  reply.error_text = std::move(text);
  return reply;
}

std::string encode_reply(const ReplyLine& reply) {
  switch (reply.kind) {
    case ReplyLine::Kind::ok:
      return "OK\n";
    case ReplyLine::Kind::value:
      return one_line(reply.value) + "\n";
    case ReplyLine::Kind::error:
      return "ERR " + encode_error_entry({reply.error_code, reply.error_text}) + "\n";
  }
  return "OK\n";
}

Result<ReplyLine> parse_reply(std::string_view line) {
  std::string_view s = line;
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  s = text::trim(s);
  if (s.empty()) return violation("empty reply line", line);
  if (s == "OK") return ok_reply();
  if (s.substr(0, 4) == "ERR ") {
    Result<ErrorEntry> entry = parse_error_entry(s.substr(4));
    if (!entry) return violation("malformed ERR reply", line);
    return error_reply(entry->code, std::move(entry->text));
  }
  if (s == "ERR") return violation("malformed ERR reply", line);
  return value_reply(std::string(s));
}

std::string encode_error_entry(const ErrorEntry& entry) {
  std::string out = std::to_string(entry.code) + ",\"";
  for (char c : one_line(entry.text)) {
    if (c == '"') out.push_back('"');  // SCPI string: embedded quote doubled
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

Result<ErrorEntry> parse_error_entry(std::string_view text_in) {
  std::string_view s = text::trim(text_in);
  std::size_t comma = s.find(',');
  if (comma == std::string_view::npos) return violation("error entry without ','", text_in);
  std::string_view number = text::trim(s.substr(0, comma));
  if (!number.empty() && number.front() == '+') number.remove_prefix(1);
  ErrorEntry entry;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), entry.code);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size()) {
    return violation("error entry without a numeric code", text_in);
  }
  std::string_view quoted = text::trim(s.substr(comma + 1));
  if (quoted.size() < 2 || quoted.front() != '"' || quoted.back() != '"') {
    return violation("error entry text not quoted", text_in);
  }
  std::string_view body = quoted.substr(1, quoted.size() - 2);
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '"') {
      if (i + 1 >= body.size() || body[i + 1] != '"') {
        return violation("error entry text with a lone '\"'", text_in);
      }
      ++i;
    }
    entry.text.push_back(body[i]);
  }
  return entry;
}

const char* error_text(int code) {
  using namespace error_codes;
  switch (code) {
    case kNoError:
      return "No error";
    case kCommandError:
      return "Command error";
    case kDataTypeError:
      return "Data type error";
    case kParameterNotAllowed:
      return "Parameter not allowed";
    case kMissingParameter:
      return "Missing parameter";
    case kUndefinedHeader:
      return "Undefined header";
    case kSettingsConflict:
      return "Settings conflict";
    case kDataOutOfRange:
      return "Data out of range";
    case kHardwareMissing:
      return "Hardware missing";
    case kQueueOverflow:
      return "Queue overflow";
    case kNotRemote:
      return "Not in remote control";
    case kNotArmed:
      return "Not armed";
    case kNotReady:
      return "Not ready";
    case kAlreadyArmed:
      return "Already armed";
    case kOverTemperature:
      return "Coil over temperature";
    case kLockout:
      return "Lockout";
    case kUnsafeCombination:
      return "Unsafe parameter combination";
    default:
      return "Unknown error";
  }
}

}  // namespace stimbench::reference
