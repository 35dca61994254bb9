// Command headers: the table of keywords, encoding and device-side parsing.
#include <array>
#include <cctype>

#include "devices/protocols/reference/codec.hpp"
#include "devices/protocols/reference/text.hpp"

namespace stimbench::reference {

namespace {

struct HeaderSpec {
  Header header;
  const char* long_form;  // upper-case part is the short form
  HeaderKind kind;
};

constexpr std::array<HeaderSpec, 23> kHeaders{{
    {Header::idn, "*IDN", HeaderKind::query_only},
    {Header::rst, "*RST", HeaderKind::action},
    {Header::cls, "*CLS", HeaderKind::action},
    {Header::system_error, "SYSTem:ERRor", HeaderKind::query_only},
    {Header::system_remote, "SYSTem:REMote", HeaderKind::setting},
    {Header::amplitude, "SOURce:AMPLitude", HeaderKind::setting},
    {Header::frequency, "SOURce:FREQuency", HeaderKind::setting},
    {Header::pulses, "SOURce:PULSes", HeaderKind::setting},
    {Header::train_duration, "SOURce:TRAin:DURation", HeaderKind::setting},
    {Header::train_iti, "SOURce:TRAin:ITI", HeaderKind::setting},
    {Header::train_count, "SOURce:TRAin:COUNt", HeaderKind::setting},
    {Header::burst_pulses, "SOURce:BURSt:PULSes", HeaderKind::setting},
    {Header::burst_frequency, "SOURce:BURSt:FREQuency", HeaderKind::setting},
    {Header::amplitude_b, "SOURce:AMPLitude:B", HeaderKind::setting},
    {Header::interval, "SOURce:PULSe:INTerval", HeaderKind::setting},
    {Header::output_arm, "OUTPut:ARM", HeaderKind::action},
    {Header::output_disarm, "OUTPut:DISarm", HeaderKind::action},
    {Header::trigger, "TRIGger", HeaderKind::action},
    {Header::initiate, "INITiate", HeaderKind::action},
    {Header::abort, "ABORt", HeaderKind::action},
    {Header::status, "STATus", HeaderKind::query_only},
    {Header::temperature, "MEASure:TEMPerature", HeaderKind::query_only},
    {Header::coil_temperature_hook, "DIAGnostic:COIL:TEMPerature", HeaderKind::setting},
}};

const HeaderSpec& spec(Header header) {
  for (const HeaderSpec& s : kHeaders) {
    if (s.header == header) return s;
  }
  return kHeaders[0];  // unreachable: the table covers the enum
}

// Short form of one keyword: its upper-case letters plus '*' and digits.
std::string short_keyword(std::string_view keyword) {
  std::string out;
  for (char c : keyword) {
    if (!std::islower(static_cast<unsigned char>(c))) out.push_back(c);
  }
  return out;
}

bool keyword_matches(std::string_view token, std::string_view keyword) {
  return text::iequals(token, keyword) || text::iequals(token, short_keyword(keyword));
}

bool header_matches(const std::vector<std::string_view>& tokens, std::string_view long_form) {
  std::vector<std::string_view> keywords = text::split(long_form, ':');
  if (keywords.size() != tokens.size()) return false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!keyword_matches(tokens[i], keywords[i])) return false;
  }
  return true;
}

CommandParse failure(int code, std::string text) {
  CommandParse out;
  out.error_code = code;
  out.error_text = std::move(text);
  return out;
}

}  // namespace

const std::vector<Header>& all_headers() {
  static const std::vector<Header> all = [] {
    std::vector<Header> v;
    for (const HeaderSpec& s : kHeaders) v.push_back(s.header);
    return v;
  }();
  return all;
}

std::string long_form(Header header) {
  return spec(header).long_form;
}

std::string short_form(Header header) {
  std::string out;
  for (std::string_view keyword : text::split(spec(header).long_form, ':')) {
    if (!out.empty()) out.push_back(':');
    out += short_keyword(keyword);
  }
  return out;
}

HeaderKind header_kind(Header header) {
  return spec(header).kind;
}

std::optional<Header> header_for(Parameter parameter) {
  switch (parameter) {
    case Parameter::power:
      return Header::amplitude;
    case Parameter::frequency:
      return Header::frequency;
    case Parameter::pulses:
      return Header::pulses;
    case Parameter::train_duration:
      return Header::train_duration;
    case Parameter::train_iti:
      return Header::train_iti;
    case Parameter::train_count:
      return Header::train_count;
    case Parameter::burst_pulses:
      return Header::burst_pulses;
    case Parameter::burst_frequency:
      return Header::burst_frequency;
    case Parameter::power_b:
      return Header::amplitude_b;
    case Parameter::interval:
      return Header::interval;
    case Parameter::enhanced_power:  // Magstim modes: the reference device has none
    case Parameter::high_resolution:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Parameter> parameter_for(Header header) {
  for (Parameter p : all_parameters()) {
    if (header_for(p) == header) return p;
  }
  return std::nullopt;
}

std::string encode_command(const Command& command, bool use_long_form) {
  std::string out = use_long_form ? long_form(command.header) : short_form(command.header);
  if (command.query) out.push_back('?');
  if (command.argument && !command.argument->empty()) {
    out.push_back(' ');
    out += *command.argument;
  }
  out.push_back('\n');
  return out;
}

Command make_query(Header header) {
  return Command{header, true, std::nullopt};
}
Command make_action(Header header) {
  return Command{header, false, std::nullopt};
}
Command make_setting(Header header, double value) {
  return Command{header, false, format_number(value)};
}
Command make_setting(Header header, bool on) {
  return Command{header, false, std::string(on ? "ON" : "OFF")};
}

CommandParse parse_command_line(std::string_view line) {
  using namespace error_codes;
  std::string_view rest = text::trim(line);
  if (rest.empty()) return failure(kCommandError, "empty command");

  std::size_t space = rest.find_first_of(" \t");
  std::string_view head = rest.substr(0, space);
  std::string_view argument =
      space == std::string_view::npos ? std::string_view{} : text::trim(rest.substr(space));

  bool query = !head.empty() && head.back() == '?';
  if (query) head.remove_suffix(1);
  if (!head.empty() && head.front() == ':') head.remove_prefix(1);

  std::vector<std::string_view> tokens = text::split(head, ':');
  for (std::string_view token : tokens) {
    if (token.empty()) return failure(kUndefinedHeader, "empty keyword");
  }
  const HeaderSpec* found = nullptr;
  for (const HeaderSpec& s : kHeaders) {
    if (header_matches(tokens, s.long_form)) found = &s;
  }
  std::string shown = text::printable(head, 40);
  if (!found) return failure(kUndefinedHeader, "unknown header " + shown);

  if (query && found->kind == HeaderKind::action) {
    return failure(kUndefinedHeader, shown + " has no query form");
  }
  if (!query && found->kind == HeaderKind::query_only) {
    return failure(kUndefinedHeader, shown + " is a query only");
  }
  bool wants_argument = !query && found->kind == HeaderKind::setting;
  if (wants_argument && argument.empty()) {
    return failure(kMissingParameter, shown + " needs an argument");
  }
  if (!wants_argument && !argument.empty()) {
    return failure(kParameterNotAllowed, shown + (query ? "? " : " ") + "takes no argument");
  }
  CommandParse out;
  out.command = Command{found->header, query, std::nullopt};
  if (wants_argument) out.command->argument = std::string(argument);
  return out;
}

Result<Command> parse_command(std::string_view line) {
  CommandParse parsed = parse_command_line(line);
  if (parsed.command) return *parsed.command;
  return make_error(ErrorCode::invalid_input,
                    std::to_string(parsed.error_code) + " " + parsed.error_text);
}

}  // namespace stimbench::reference
