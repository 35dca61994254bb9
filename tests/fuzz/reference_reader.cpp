// Fuzz target: the reference protocol's host-side reading path. The input is what a device
// sends; it is split into lines once whole and once in chunks of random size, and every line
// goes through the reply, status, identity and error-entry parsers.
// Asserts: the chunking never changes the lines; no line is longer than the bound or holds a
// '\n'; a parsed reply, status line or number reads back the same after encoding.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "devices/protocols/reference/codec.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace stimbench;
using namespace stimbench::reference;
using stimbench::fuzz::property_failed;

std::vector<LineSplitter::Line> split(const std::vector<std::span<const std::uint8_t>>& parts) {
  LineSplitter splitter;
  std::vector<LineSplitter::Line> lines;
  for (auto part : parts) {
    splitter.feed(part);
    while (auto line = splitter.next()) lines.push_back(std::move(*line));
  }
  if (splitter.buffered() > LineSplitter::kMaxLine + 1) property_failed("partial line unbounded");
  return lines;
}

void check_reply(const std::string& line) {
  auto reply = parse_reply(line);
  // The encoder turns a CR inside a value into a space on purpose (a reply stays one line).
  if (!reply.ok() || line.find('\r') != std::string::npos) return;
  std::string wire = encode_reply(*reply);
  if (wire.empty() || wire.back() != '\n') property_failed("reply encoding lacks its newline");
  wire.pop_back();
  auto again = parse_reply(wire);
  if (!again.ok() || again->kind != reply->kind || again->value != reply->value ||
      again->error_code != reply->error_code || again->error_text != reply->error_text) {
    property_failed("reply does not survive encode/parse");
  }
}

void check_status(const std::string& line) {
  auto status = parse_status_line(line);
  if (!status.ok()) return;
  auto again = parse_status_line(encode_status_line(*status));
  if (!again.ok() || again->state != status->state || again->remote != status->remote ||
      again->fault != status->fault || again->pulses != status->pulses) {
    property_failed("status line does not survive encode/parse");
  }
}

void check_number(const std::string& line) {
  std::optional<double> value = parse_number(line);
  if (!value) return;
  if (!std::isfinite(*value)) property_failed("parse_number accepted a non-finite number");
  std::optional<double> again = parse_number(format_number(*value));
  if (!again || *again != *value) property_failed("number does not survive format/parse");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> input(data, size);
  std::vector<LineSplitter::Line> whole = split({input});
  std::vector<LineSplitter::Line> chunked = split(fuzz::chunks(input));
  if (whole.size() != chunked.size()) property_failed("chunking changed the line count");
  for (std::size_t i = 0; i < whole.size(); ++i) {
    const LineSplitter::Line& line = whole[i];
    if (line.text != chunked[i].text || line.overflowed != chunked[i].overflowed)
      property_failed("chunking changed a line");
    if (line.text.size() > LineSplitter::kMaxLine + 1) property_failed("line over the bound");
    if (line.text.find('\n') != std::string::npos) property_failed("line holds a newline");
    if (line.overflowed) continue;
    check_reply(line.text);
    check_status(line.text);
    check_number(line.text);
    (void)parse_identity(line.text);
    (void)parse_error_entry(line.text);
    (void)parse_boolean(line.text);
  }
  return 0;
}
