// Fuzz target: the Magstim host-side reply reader. Input: the command character the host
// sent, one byte choosing the firmware layout, then the bytes the device sends back.
// The reply is read once in one piece and once in chunks of random size (polling after each
// chunk, as the driver does), then decoded by every value parser and described.
// Asserts: the chunking never changes the outcome (reply, violation and frame length); a
// decided reply never claims more bytes than arrived; a version reply stays within its bound.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "devices/protocols/magstim/codec.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace stimbench;
using namespace stimbench::magstim;
using stimbench::fuzz::property_failed;

constexpr Version kVersions[] = {{0, 0, 0, 2}, {7, 0, 0, 2}, {9, 0, 0, 3}, {10, 0, 0, 3}};

struct Outcome {
  std::optional<Result<Reply>> result;
  std::size_t consumed = 0;
};

Outcome read(ReplyReader reader, std::span<const std::uint8_t> wire, bool chunked) {
  Outcome out;
  if (!chunked) {
    reader.feed(wire);
    out.result = reader.poll();
  } else {
    for (auto part : fuzz::chunks(wire)) {
      reader.feed(part);
      out.result = reader.poll();
      if (out.result) break;  // the driver stops reading once the reply is decided
    }
  }
  if (out.result && reader.consumed() > wire.size()) property_failed("consumed unseen bytes");
  out.consumed = reader.consumed();
  if (!out.result && !wire.empty()) (void)reader.finish();
  return out;
}

bool same(const Outcome& a, const Outcome& b) {
  if (a.result.has_value() != b.result.has_value()) return false;
  if (!a.result) return true;
  if (a.result->ok() != b.result->ok() || a.consumed != b.consumed) return false;
  if (!a.result->ok()) return a.result->error().message == b.result->error().message;
  return a.result->value().kind == b.result->value().kind &&
         a.result->value().frame == b.result->value().frame;
}

void decode(const Reply& reply, const Version& version) {
  if (reply.command == 'N' && reply.kind == ReplyKind::ok &&
      reply.frame.size() > ReplyReader::kMaxVersionReply + 1) {  // NUL within, then checksum
    property_failed("version reply longer than kMaxVersionReply accepted");
  }
  (void)parse_status_reply(reply);
  (void)parse_rapid_parameters(reply, version);
  (void)parse_parameters(reply);
  (void)parse_temperatures(reply);
  (void)parse_error_code(reply);
  (void)parse_version(reply);
  (void)parse_system_status(reply);
  (void)parse_bistim_mode(reply);
  (void)parse_charge_delay(reply);
  (void)describe_reply(reply, version);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const char command = static_cast<char>(data[0]);
  const Version& version = kVersions[data[1] % std::size(kVersions)];
  std::span<const std::uint8_t> wire(data + 2, size - 2);
  Result<ReplyReader> reader = ReplyReader::create(command, version);
  if (!reader.ok()) return 0;
  Outcome whole = read(*reader, wire, false);
  Outcome chunked = read(*reader, wire, true);
  if (!same(whole, chunked)) property_failed("chunking changed the reply");
  if (whole.result && whole.result->ok()) decode(whole.result->value(), version);
  Result<Reply> once = parse_reply(command, wire, version);
  if (once.ok()) decode(*once, version);
  (void)describe_command(wire);
  return 0;
}
