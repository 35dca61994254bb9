// transcript.jsonl: one hash-chained JSON line per frame/event, written and flushed as it happens.
// Line format and hashing are specified in docs/evidence-format.md.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "devices/core/result.hpp"
#include "harness/evidence/hashing.hpp"

namespace stimbench {

// `prev` of the first line.
inline constexpr std::string_view kTranscriptGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// How hard each line is pushed to the disk. Every mode write()s the line before append()
// returns, so a crash of this process never loses an appended line.
enum class TranscriptSync {
  // fdatasync inside append(): also survives a power cut, but costs a disk flush per line
  // (about 3 ms on the ext4 dev box), which would stall an I/O thread that appends frames.
  every_line,
  // A syncer thread fdatasyncs soon after each append, coalescing bursts; a power cut can lose
  // only the lines of the last flush interval. append() costs microseconds.
  background,
  // No fdatasync until close(); for tests and throw-away runs.
  none,
};

class TranscriptWriter {
 public:
  // Creates `path` exclusively (an existing file is an error: evidence is never overwritten).
  static Result<std::unique_ptr<TranscriptWriter>> create(
      const std::string& path, TranscriptSync sync = TranscriptSync::background);

  ~TranscriptWriter();
  TranscriptWriter(const TranscriptWriter&) = delete;
  TranscriptWriter& operator=(const TranscriptWriter&) = delete;

  // `event` must be an object with an integer `t_ns` and a string `type`; a "frame" also needs
  // `dir` ("tx"|"rx") and a string `hex` (`decoded` is free-form). `seq`, `prev` and `hash` are
  // the writer's. Thread-safe. After a failed write every later append fails too: the chain on
  // disk may end in a partial line, so nothing more may be appended to it.
  Status append(nlohmann::json event);

  // The same line without a JSON DOM, for the per-frame path (TranscriptSink): `before` holds
  // the event's members whose keys sort before "prev", `after` those sorting after "seq", each
  // as canonical text (CanonicalMembers); no key may sort between the two. The caller
  // guarantees what append() would validate (`type`, `t_ns`, a frame's `dir` and `hex`).
  Status append_members(std::string_view before, std::string_view after);

  // Stops the syncer, fdatasyncs and closes; appends after this fail with ErrorCode::closed.
  Status close();

  const std::string& path() const { return path_; }
  std::uint64_t lines_written() const;
  std::string last_hash() const;  // kTranscriptGenesisHash before the first line

 private:
  TranscriptWriter(int fd, std::string path, TranscriptSync sync);
  void sync_loop();
  // Under mutex_, with line_ holding a canonical body: adds the hash, writes, moves the chain on.
  Status finish_line();

  std::mutex close_mutex_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::thread syncer_;
  bool dirty_ = false;     // written since the syncer's last fdatasync
  bool stopping_ = false;  // close() asked the syncer to finish
  int fd_ = -1;
  std::string path_;
  TranscriptSync sync_;
  std::uint64_t seq_ = 0;
  std::string prev_;
  std::optional<Error> failed_;
  std::string line_;  // the line being written; its capacity is kept for the next one
  Sha256Hasher hasher_;
};

// Canonical JSON used for transcript hashing: keys sorted, no whitespace, non-ASCII as \uXXXX,
// invalid UTF-8 replaced by U+FFFD.
std::string canonical_json(const nlohmann::json& value);

// Result of re-reading a transcript.
struct TranscriptCheck {
  std::uint64_t lines = 0;            // lines found, including a final one without '\n'
  std::string last_hash;              // the `hash` stated on the last line; genesis if empty
  std::vector<std::string> problems;  // "transcript.jsonl line N: ..." (1-based); empty = intact
};

// Recomputes every line's hash and checks seq continuity and prev links. Error only if the file
// cannot be read at all.
Result<TranscriptCheck> check_transcript(const std::string& path);

}  // namespace stimbench
