// Shared by the fuzz targets: deterministic chunking of an input and fixture loading.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "devices/core/profile.hpp"
#include "harness/config/profile_loader.hpp"

namespace stimbench::fuzz {

// A property the target asserts failed: print why, then trap so libFuzzer keeps the input.
[[noreturn]] inline void property_failed(const char* what) {
  std::fprintf(stderr, "fuzz property violated: %s\n", what);
  __builtin_trap();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits the input into chunks of 1..max_chunk bytes. The sizes come from a generator seeded
// by the input itself, so the input stays plain wire bytes (seeds are real vectors) while each
// input still gets its own, reproducible chunking.
inline std::vector<std::span<const std::uint8_t>> chunks(std::span<const std::uint8_t> bytes,
                                                         std::size_t max_chunk = 16) {
  std::uint64_t state = 0x9E3779B97F4A7C15ull ^ bytes.size();
  for (std::uint8_t b : bytes) state = (state ^ b) * 0x100000001B3ull;
  std::vector<std::span<const std::uint8_t>> out;
  std::size_t at = 0;
  while (at < bytes.size()) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    std::size_t length = 1 + static_cast<std::size_t>(state % max_chunk);
    if (length > bytes.size() - at) length = bytes.size() - at;
    out.push_back(bytes.subspan(at, length));
    at += length;
  }
  return out;
}

// A profile from fixtures/profiles; a broken fixture aborts the fuzzer at start-up.
inline DeviceProfile fixture_profile(const std::string& name) {
  auto profile = load_profile(name, std::string(STIMBENCH_SOURCE_DIR) + "/fixtures");
  if (!profile.ok()) {
    std::fprintf(stderr, "fuzz: cannot load profile %s: %s\n", name.c_str(),
                 profile.error().message.c_str());
    std::abort();
  }
  return std::move(profile).value();
}

}  // namespace stimbench::fuzz
