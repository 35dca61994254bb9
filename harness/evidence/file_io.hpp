// Small POSIX file helpers shared by the evidence writers (no exceptions, errno in messages).
#pragma once

#include <string>
#include <string_view>

#include "devices/core/result.hpp"

namespace stimbench {

// Writes all of `data` to `fd`, retrying short writes and EINTR.
Status write_all(int fd, std::string_view data, const std::string& what);

// Creates `path` (it must not exist: evidence is never overwritten), writes `content`,
// fdatasyncs it and fsyncs its directory so the entry itself survives a power cut.
Status write_file_exclusive(const std::string& path, std::string_view content);

// The same, but `path` appears atomically, complete or not at all: the content goes to a hidden
// temporary name beside it (".NAME.tmp"), is fdatasynced, then renamed into place without
// replacing anything (RENAME_NOREPLACE), and the directory fsynced. A kill at any moment leaves
// either no `path` or the whole of it.
Status write_file_atomic(const std::string& path, std::string_view content);

// Whole file as bytes.
Result<std::string> read_file(const std::string& path);

// fsync on a directory, so newly created entries in it are durable.
Status sync_directory(const std::string& dir);

// The directory part of `path` ("." if none).
std::string parent_directory(const std::string& path);

}  // namespace stimbench
