// Fuzz target: the proxy's framing for every family and direction. Whatever the bytes and
// the chunking (derived from the input), the pieces handed on concatenate to the input.
#include <cstddef>
#include <cstdint>

#include "devices/proxy/frame_splitter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stimbench;
  for (const char* family : {"reference", "magstim", "magventure"}) {
    for (FaultDirection direction :
         {FaultDirection::device_to_host, FaultDirection::host_to_device}) {
      auto splitter = proxy::make_splitter(family, "9.0.0", direction);
      if (!splitter.ok()) __builtin_trap();
      Bytes out;
      auto take = [&] {
        while (auto piece = (*splitter)->next()) {
          out.insert(out.end(), piece->bytes.begin(), piece->bytes.end());
        }
      };
      std::size_t at = 0;
      std::uint32_t mix = 2166136261u;
      while (at < size) {
        mix = (mix ^ data[at]) * 16777619u;
        std::size_t n = std::min<std::size_t>(size - at, 1 + mix % 16);
        (*splitter)->feed(std::span<const std::uint8_t>(data + at, n));
        take();
        at += n;
      }
      Bytes held = (*splitter)->flush();
      out.insert(out.end(), held.begin(), held.end());
      take();
      if (out != Bytes(data, data + size)) __builtin_trap();
    }
  }
  return 0;
}
