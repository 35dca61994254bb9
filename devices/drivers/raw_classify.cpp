#include "devices/drivers/raw_classify.hpp"

#include <algorithm>
#include <optional>

#include "devices/protocols/magstim/codec.hpp"
#include "devices/protocols/magventure/codec.hpp"
#include "devices/protocols/magventure/frame.hpp"
#include "devices/protocols/reference/codec.hpp"

namespace stimbench {

const char* to_string(RawEffect effect) {
  switch (effect) {
    case RawEffect::harmless:
      return "harmless";
    case RawEffect::changes_state:
      return "changes_state";
    case RawEffect::arms:
      return "arms";
    case RawEffect::fires:
      return "fires";
    case RawEffect::unclassified:
      return "unclassified";
  }
  return "unclassified";
}

std::vector<RawCommand> classify_reference_raw(std::span<const std::uint8_t> bytes) {
  std::vector<RawCommand> out;
  std::string line;
  auto flush = [&](bool terminated) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) return;
    RawCommand c;
    c.text = line + (terminated ? "" : " (no newline yet)");
    reference::CommandParse parsed = reference::parse_command_line(line);
    if (!parsed.command) {
      c.effect = RawEffect::unclassified;  // a lax device might still act on it
    } else if (parsed.command->query) {
      c.effect = RawEffect::harmless;
    } else {
      switch (parsed.command->header) {
        case reference::Header::trigger:
        case reference::Header::initiate:
          c.effect = RawEffect::fires;
          break;
        case reference::Header::output_arm:
          c.effect = RawEffect::arms;
          break;
        default:
          c.effect = RawEffect::changes_state;
          break;
      }
    }
    out.push_back(std::move(c));
    line.clear();
  };
  for (std::uint8_t b : bytes) {
    if (b == '\n') {
      flush(true);
    } else {
      line.push_back(static_cast<char>(b));
    }
  }
  flush(false);  // a line without newline may be completed by a later send
  return out;
}

// Magstim frames are a command letter, data and a CRC byte (protocols.md §1): without the
// framing of the data, scan for the enable/fire pairs anywhere, which errs towards "fires".
namespace {

// Whether `bytes` are nothing but whole query frames (the codec's own encodings), and which.
std::optional<std::vector<RawCommand>> magstim_queries(std::span<const std::uint8_t> bytes) {
  namespace ms = magstim;
  static const std::vector<std::pair<Bytes, const char*>> queries = {
      {ms::get_parameters(), "J@ (query)"},   {ms::get_rapid_parameters(), "\\@ (query)"},
      {ms::get_temperatures(), "F@ (query)"}, {ms::get_system_status(), "x@ (query)"},
      {ms::get_version(), "ND (query)"},      {ms::get_error_code(), "I@ (query)"},
      {ms::get_bistim_mode(), "X@ (query)"},  {ms::get_charge_delay(), "o@ (query)"}};
  std::vector<RawCommand> out;
  std::size_t i = 0;
  while (i < bytes.size()) {
    bool matched = false;
    for (const auto& [frame, text] : queries) {
      if (i + frame.size() <= bytes.size() &&
          std::equal(frame.begin(), frame.end(), bytes.begin() + static_cast<std::ptrdiff_t>(i))) {
        out.push_back({RawEffect::harmless, text});
        i += frame.size();
        matched = true;
        break;
      }
    }
    if (!matched) return std::nullopt;
  }
  return out;
}

}  // namespace

std::vector<RawCommand> classify_magstim_raw(std::span<const std::uint8_t> bytes) {
  if (auto queries = magstim_queries(bytes); queries && !queries->empty()) return *queries;
  std::vector<RawCommand> out;
  for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
    if (bytes[i] != 'E') continue;
    if (bytes[i + 1] == 'H') out.push_back({RawEffect::fires, "EH (trigger)"});
    if (bytes[i + 1] == 'B') out.push_back({RawEffect::arms, "EB (arm)"});
  }
  if (out.empty() && !bytes.empty()) {
    out.push_back(
        {RawEffect::changes_state, std::string("command '") + static_cast<char>(bytes[0]) + "'"});
  }
  return out;
}

std::vector<RawCommand> classify_magventure_raw(std::span<const std::uint8_t> bytes) {
  std::vector<RawCommand> out;
  magventure::FrameReader reader;
  reader.feed(bytes);
  reader.flush();
  while (auto entry = reader.next()) {
    if (entry->kind != magventure::FrameReader::Entry::Kind::frame || entry->bytes.empty()) {
      out.push_back({RawEffect::unclassified, "bytes outside a frame"});
      continue;
    }
    namespace ids = magventure::command_ids;
    const std::uint8_t id = entry->bytes[0];
    RawCommand c;
    c.text = "command " + std::to_string(id);
    if (id == ids::kFire || id == ids::kStartTrain) {
      c.effect = RawEffect::fires;
    } else if (id == ids::kEnable) {
      c.effect = entry->bytes.size() > 1 && entry->bytes[1] == 0 ? RawEffect::changes_state
                                                                 : RawEffect::arms;
    } else if (id == ids::kGetStatus || id == ids::kGetLongStatus) {
      c.effect = RawEffect::harmless;
    } else if ((id == ids::kWaveform || id == 0x0A || id == ids::kTiming || id == 0x0C) &&
               (entry->bytes.size() == 1 || entry->bytes[1] == 0)) {
      // 09 / 0A / 0B / 0C with a 00 flag (or none) read settings back (protocols.md §2.3).
      c.effect = RawEffect::harmless;
    } else {
      c.effect = RawEffect::changes_state;
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace stimbench
