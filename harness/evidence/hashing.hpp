// SHA-256, UUIDs and UTC timestamps for evidence files (OpenSSL EVP underneath).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "devices/core/result.hpp"

namespace stimbench {

// Lower-case hex SHA-256 of `data` (64 characters).
std::string sha256_hex(std::string_view data);

// The same digest for a hot path: the digest is fetched and the context allocated once, so
// hashing a line allocates nothing. Not thread-safe; one per writer.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  // Writes the 64 lower-case hex digits of SHA-256(`data`) to `hex`; false if OpenSSL failed.
  bool hex_digest(std::string_view data, char (&hex)[64]);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Lower-case hex SHA-256 of a file's bytes, read in chunks; io error if unreadable.
Result<std::string> sha256_file(const std::string& path);

// Random (version 4, RFC 4122 variant) UUID, lower case: "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string new_uuid_v4();

// ISO 8601 UTC with milliseconds, e.g. "2026-11-25T03:18:48.123Z", for `unix_ns` since the epoch.
std::string utc_timestamp(std::int64_t unix_ns);
// Compact form for folder names, whole seconds, e.g. "20261125T031848Z".
std::string utc_timestamp_compact(std::int64_t unix_ns);

// The same two forms for the current wall-clock time (CLOCK_REALTIME).
std::string utc_timestamp_now();
// Wall-clock nanoseconds since 1970 (CLOCK_REALTIME), for UTC stamps only; durations use the
// injected monotonic clock.
std::int64_t realtime_ns();
std::string utc_timestamp_compact_now();

}  // namespace stimbench
