#include <gtest/gtest.h>

#include "devices/protocols/reference/codec.hpp"

namespace stimbench::reference {
namespace {

using namespace error_codes;

// Every header, documented long and short forms, as the table in design.md §6 has them.
struct Forms {
  Header header;
  const char* long_form;
  const char* short_form;
};
const Forms kForms[] = {
    {Header::idn, "*IDN", "*IDN"},
    {Header::rst, "*RST", "*RST"},
    {Header::cls, "*CLS", "*CLS"},
    {Header::system_error, "SYSTem:ERRor", "SYST:ERR"},
    {Header::system_remote, "SYSTem:REMote", "SYST:REM"},
    {Header::amplitude, "SOURce:AMPLitude", "SOUR:AMPL"},
    {Header::frequency, "SOURce:FREQuency", "SOUR:FREQ"},
    {Header::pulses, "SOURce:PULSes", "SOUR:PULS"},
    {Header::train_duration, "SOURce:TRAin:DURation", "SOUR:TRA:DUR"},
    {Header::train_iti, "SOURce:TRAin:ITI", "SOUR:TRA:ITI"},
    {Header::train_count, "SOURce:TRAin:COUNt", "SOUR:TRA:COUN"},
    {Header::burst_pulses, "SOURce:BURSt:PULSes", "SOUR:BURS:PULS"},
    {Header::burst_frequency, "SOURce:BURSt:FREQuency", "SOUR:BURS:FREQ"},
    {Header::amplitude_b, "SOURce:AMPLitude:B", "SOUR:AMPL:B"},
    {Header::interval, "SOURce:PULSe:INTerval", "SOUR:PULS:INT"},
    {Header::output_arm, "OUTPut:ARM", "OUTP:ARM"},
    {Header::output_disarm, "OUTPut:DISarm", "OUTP:DIS"},
    {Header::trigger, "TRIGger", "TRIG"},
    {Header::initiate, "INITiate", "INIT"},
    {Header::abort, "ABORt", "ABOR"},
    {Header::status, "STATus", "STAT"},
    {Header::temperature, "MEASure:TEMPerature", "MEAS:TEMP"},
    {Header::coil_temperature_hook, "DIAGnostic:COIL:TEMPerature", "DIAG:COIL:TEMP"},
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A minimal valid line for the header in the given spelling.
std::string line_for(Header header, const std::string& spelled) {
  switch (header_kind(header)) {
    case HeaderKind::query_only:
      return spelled + "?";
    case HeaderKind::action:
      return spelled;
    case HeaderKind::setting:
      return spelled + (header == Header::system_remote ? " ON" : " 5");
  }
  return spelled;
}

TEST(ReferenceCommands, TableCoversEveryHeader) {
  EXPECT_EQ(all_headers().size(), std::size(kForms));
  for (const Forms& f : kForms) {
    EXPECT_EQ(long_form(f.header), f.long_form);
    EXPECT_EQ(short_form(f.header), f.short_form);
  }
}

TEST(ReferenceCommands, EveryHeaderParsesInLongShortLowerAndMixedCase) {
  for (const Forms& f : kForms) {
    std::string upper_long = f.long_form;
    for (char& c : upper_long) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const std::string& spelled :
         {std::string(f.long_form), std::string(f.short_form), upper_long, lower(f.long_form),
          lower(f.short_form), ":" + std::string(f.short_form)}) {
      CommandParse parsed = parse_command_line(line_for(f.header, spelled));
      ASSERT_TRUE(parsed.command) << spelled << ": " << parsed.error_text;
      EXPECT_EQ(parsed.command->header, f.header) << spelled;
    }
  }
}

TEST(ReferenceCommands, QueriesOfSettingsAndArguments) {
  CommandParse q = parse_command_line("sour:ampl?");
  ASSERT_TRUE(q.command);
  EXPECT_TRUE(q.command->query);
  EXPECT_FALSE(q.command->argument);

  CommandParse s = parse_command_line("  SOURce:FREQuency \t 12.5  ");
  ASSERT_TRUE(s.command);
  EXPECT_FALSE(s.command->query);
  EXPECT_EQ(s.command->argument, "12.5");
}

TEST(ReferenceCommands, EncodeThenParseRoundTripsEveryHeader) {
  for (Header h : all_headers()) {
    std::vector<Command> commands;
    if (header_kind(h) != HeaderKind::action) commands.push_back(make_query(h));
    if (header_kind(h) == HeaderKind::action) commands.push_back(make_action(h));
    if (header_kind(h) == HeaderKind::setting) commands.push_back(make_setting(h, 7.5));
    for (const Command& c : commands) {
      for (bool use_long : {false, true}) {
        std::string wire = encode_command(c, use_long);
        ASSERT_EQ(wire.back(), '\n');
        Result<Command> back = parse_command(wire.substr(0, wire.size() - 1));
        ASSERT_TRUE(back.ok()) << wire << back.error().message;
        EXPECT_EQ(back->header, c.header);
        EXPECT_EQ(back->query, c.query);
        EXPECT_EQ(back->argument, c.argument);
      }
    }
  }
}

TEST(ReferenceCommands, EncodedForms) {
  EXPECT_EQ(encode_command(make_setting(Header::amplitude, 50.0)), "SOUR:AMPL 50\n");
  EXPECT_EQ(encode_command(make_setting(Header::amplitude, 50.0), true), "SOURce:AMPLitude 50\n");
  EXPECT_EQ(encode_command(make_setting(Header::system_remote, true)), "SYST:REM ON\n");
  EXPECT_EQ(encode_command(make_query(Header::idn)), "*IDN?\n");
  EXPECT_EQ(encode_command(make_action(Header::output_disarm), true), "OUTPut:DISarm\n");
}

TEST(ReferenceCommands, ParameterMapping) {
  for (Parameter p : all_parameters()) {
    auto header = header_for(p);
    ASSERT_EQ(header.has_value(), !is_switch(p)) << to_string(p);
    if (!header) continue;
    EXPECT_EQ(parameter_for(*header), p);
    EXPECT_EQ(header_kind(*header), HeaderKind::setting);
  }
  EXPECT_EQ(header_for(Parameter::power), Header::amplitude);
  EXPECT_EQ(header_for(Parameter::burst_pulses), Header::burst_pulses);
  EXPECT_EQ(header_for(Parameter::burst_frequency), Header::burst_frequency);
  EXPECT_FALSE(parameter_for(Header::status));
}

TEST(ReferenceCommands, BurstHeadersAreDistinctFromTheTrainOnes) {
  // SOUR:PULS and SOUR:BURS:PULS share a last keyword; the keyword count tells them apart.
  const std::pair<const char*, Header> cases[] = {
      {"SOUR:PULS 30", Header::pulses},
      {"SOUR:BURS:PULS 3", Header::burst_pulses},
      {"source:burst:pulses?", Header::burst_pulses},
      {"SOUR:FREQ 5", Header::frequency},
      {"SOUR:BURS:FREQ 50", Header::burst_frequency},
      {"SOURce:BURSt:FREQuency?", Header::burst_frequency},
  };
  for (const auto& [line, header] : cases) {
    CommandParse parsed = parse_command_line(line);
    ASSERT_TRUE(parsed.command) << line << ": " << parsed.error_text;
    EXPECT_EQ(parsed.command->header, header) << line;
  }
  EXPECT_EQ(parse_command_line("SOUR:BURS 3").error_code, kUndefinedHeader);
  EXPECT_EQ(parse_command_line("SOUR:BURST:PULSE 3").error_code, kUndefinedHeader);
}

struct Malformed {
  const char* line;
  int code;
};

TEST(ReferenceCommands, MalformedLinesGetTheirScpiCode) {
  const Malformed cases[] = {
      {"", kCommandError},
      {"   ", kCommandError},
      {"FOO", kUndefinedHeader},
      {"SOURC:AMPL 5", kUndefinedHeader},  // neither short nor long form
      {"SOUR:AMPLI 5", kUndefinedHeader},
      {"SOUR::AMPL 5", kUndefinedHeader},
      {"::SOUR:AMPL 5", kUndefinedHeader},  // one leading ':' only
      {"AMPL 5", kUndefinedHeader},         // SOURce is not optional
      {"SOUR:AMPL:X 5", kUndefinedHeader},
      {"*IDN", kUndefinedHeader},  // query only
      {"STAT", kUndefinedHeader},
      {"TRIG?", kUndefinedHeader},  // action has no query
      {"SOUR:AMPL", kMissingParameter},
      {"SOUR:AMPL? 5", kParameterNotAllowed},
      {"*RST now", kParameterNotAllowed},
      {"*IDN? x", kParameterNotAllowed},
      {"SOUR:AMPL50", kUndefinedHeader},
      {"*IDN?;*RST", kUndefinedHeader},  // no ';' chaining
  };
  for (const Malformed& m : cases) {
    CommandParse parsed = parse_command_line(m.line);
    EXPECT_FALSE(parsed.command) << m.line;
    EXPECT_EQ(parsed.error_code, m.code) << m.line << ": " << parsed.error_text;
    EXPECT_FALSE(parsed.error_text.empty()) << m.line;
  }
}

TEST(ReferenceCommands, ArgumentTypeIsTheDevicesBusiness) {
  // The codec only splits; "abc" is a syntactically fine argument the device refuses -104.
  CommandParse parsed = parse_command_line("SOUR:AMPL abc");
  ASSERT_TRUE(parsed.command);
  EXPECT_EQ(parsed.command->argument, "abc");
}

TEST(ReferenceCommands, ResultFormCarriesTheCode) {
  Result<Command> bad = parse_command("BOGUS?");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(bad.error().message.rfind("-113 ", 0), 0u) << bad.error().message;
}

TEST(ReferenceCommands, ControlBytesInAHeaderAreRefusedAndNotEchoed) {
  CommandParse parsed = parse_command_line(std::string("SO\x01UR\"X 5", 9));
  EXPECT_EQ(parsed.error_code, kUndefinedHeader);
  EXPECT_EQ(parsed.error_text.find('\x01'), std::string::npos);
  EXPECT_EQ(parsed.error_text.find('"'), std::string::npos);
}

}  // namespace
}  // namespace stimbench::reference
