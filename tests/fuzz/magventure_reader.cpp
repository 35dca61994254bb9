// Fuzz target: the MagVenture resynchronising frame reader and the message decoder. The input
// is a byte stream from the device, read once in one piece and once in chunks of random size,
// with both the full payload bound and the driver's tighter one; then flushed (the caller's
// timeout). Every frame is decoded, described and, when it parses, re-encoded.
// Asserts: the chunking never changes the frames and dropped bytes; every input byte ends up
// in exactly one frame, one garbage entry or the buffer; a frame obeys its payload bound; a
// decoded message survives encode/parse.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "devices/protocols/magventure/codec.hpp"
#include "devices/protocols/magventure/frame.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace stimbench;
using namespace stimbench::magventure;
using stimbench::fuzz::property_failed;
using Entry = FrameReader::Entry;

// Entries with adjacent garbage merged: how the reader splits a run of drops depends on
// when the caller takes entries, which is not part of its contract.
void add(std::vector<Entry>& out, Entry entry) {
  if (entry.kind == Entry::Kind::garbage && !out.empty() &&
      out.back().kind == Entry::Kind::garbage) {
    out.back().bytes.insert(out.back().bytes.end(), entry.bytes.begin(), entry.bytes.end());
    return;
  }
  out.push_back(std::move(entry));
}

std::vector<Entry> read(const std::vector<std::span<const std::uint8_t>>& parts,
                        std::size_t max_payload, std::size_t total) {
  FrameReader reader(max_payload);
  std::vector<Entry> entries;
  for (auto part : parts) {
    reader.feed(part);
    while (auto entry = reader.next()) add(entries, std::move(*entry));
  }
  reader.flush();
  while (auto entry = reader.next()) add(entries, std::move(*entry));
  std::size_t accounted = reader.buffered(), garbage = 0;
  for (const Entry& e : entries) {
    if (e.kind == Entry::Kind::frame) {
      if (e.bytes.empty() || e.bytes.size() > max_payload) property_failed("payload bound");
      accounted += e.bytes.size() + kFrameOverhead;
    } else {
      garbage += e.bytes.size();
    }
  }
  if (accounted + garbage != total) property_failed("bytes lost or invented");
  if (garbage != reader.dropped_bytes()) property_failed("dropped_bytes() disagrees");
  return entries;
}

void decode(const Bytes& payload) {
  (void)describe_command(payload);
  Result<Message> message = parse_message(payload);
  if (!message.ok()) return;
  std::string text = describe(*message);
  Result<Message> again = parse_message(encode_message(*message));
  if (!again.ok() || describe(*again) != text) property_failed("message does not survive");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> input(data, size);
  for (std::size_t max_payload : {kMaxPayload, std::size_t{15}}) {
    std::vector<Entry> whole = read({input}, max_payload, size);
    std::vector<Entry> chunked = read(fuzz::chunks(input), max_payload, size);
    if (whole.size() != chunked.size()) property_failed("chunking changed the entry count");
    for (std::size_t i = 0; i < whole.size(); ++i) {
      if (whole[i].kind != chunked[i].kind || whole[i].bytes != chunked[i].bytes)
        property_failed("chunking changed an entry");
      if (whole[i].kind == Entry::Kind::frame) decode(whole[i].bytes);
    }
  }
  (void)decode_frame(input);
  return 0;
}
