// transcript.jsonl: one hash-chained JSON line per frame/event, written and flushed as it happens.
// Line format and hashing are specified in docs/evidence-format.md.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "devices/core/result.hpp"

namespace stimbench {

// `prev` of the first line.
inline constexpr std::string_view kTranscriptGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// How hard each line is pushed to the disk.
enum class TranscriptSync {
  every_line,   // write + fdatasync per line: survives a process crash and a power cut
  os_buffered,  // write per line: survives a process crash; the kernel decides when it hits disk
};

class TranscriptWriter {
 public:
  // Creates `path` exclusively (an existing file is an error: evidence is never overwritten).
  static Result<std::unique_ptr<TranscriptWriter>> create(
      const std::string& path, TranscriptSync sync = TranscriptSync::every_line);

  ~TranscriptWriter();
  TranscriptWriter(const TranscriptWriter&) = delete;
  TranscriptWriter& operator=(const TranscriptWriter&) = delete;

  // `event` must be an object with an integer `t_ns` and a string `type`; a "frame" also needs
  // `dir` ("tx"|"rx") and a string `hex` (`decoded` is free-form). `seq`, `prev` and `hash` are
  // the writer's. Thread-safe. After a failed write every later append fails too: the chain on
  // disk may end in a partial line, so nothing more may be appended to it.
  Status append(nlohmann::json event);

  // fdatasync and close; appends after this fail with ErrorCode::closed.
  Status close();

  const std::string& path() const { return path_; }
  std::uint64_t lines_written() const;
  std::string last_hash() const;  // kTranscriptGenesisHash before the first line

 private:
  TranscriptWriter(int fd, std::string path, TranscriptSync sync);

  mutable std::mutex mutex_;
  int fd_ = -1;
  std::string path_;
  TranscriptSync sync_;
  std::uint64_t seq_ = 0;
  std::string prev_;
  std::optional<Error> failed_;
};

// Canonical JSON used for transcript hashing: keys sorted, no whitespace, non-ASCII as \uXXXX,
// invalid UTF-8 replaced by U+FFFD.
std::string canonical_json(const nlohmann::json& value);

// Result of re-reading a transcript.
struct TranscriptCheck {
  std::uint64_t lines = 0;  // lines found, including a final one without '\n'
  std::string last_hash;    // the `hash` stated on the last line; genesis if empty
  std::vector<std::string> problems;  // "transcript.jsonl line N: ..." (1-based); empty = intact
};

// Recomputes every line's hash and checks seq continuity and prev links. Error only if the file
// cannot be read at all.
Result<TranscriptCheck> check_transcript(const std::string& path);

}  // namespace stimbench
