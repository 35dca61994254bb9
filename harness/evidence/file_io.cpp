#include "harness/evidence/file_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace stimbench {
namespace {

Error errno_error(const std::string& what) {
  return make_error(ErrorCode::io, what + ": " + std::strerror(errno));
}

}  // namespace

Status write_all(int fd, std::string_view data, const std::string& what) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_error("cannot write " + what);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::success();
}

Status write_file_exclusive(const std::string& path, std::string_view content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == EEXIST) {
      return make_error(ErrorCode::invalid_input, path +
                                                      " already exists; evidence is never "
                                                      "overwritten");
    }
    return errno_error("cannot create " + path);
  }
  Status status = write_all(fd, content, path);
  if (status.ok() && ::fdatasync(fd) != 0) status = errno_error("cannot sync " + path);
  if (::close(fd) != 0 && status.ok()) status = errno_error("cannot close " + path);
  if (!status.ok()) return status;
  return sync_directory(parent_directory(path));
}

Status write_file_atomic(const std::string& path, std::string_view content) {
  std::size_t name_start = path.find_last_of('/') + 1;  // 0 without a '/'
  std::string temporary = path.substr(0, name_start) + "." + path.substr(name_start) + ".tmp";
  if (Status s = write_file_exclusive(temporary, content); !s.ok()) return s;
  if (::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) != 0) {
    Error error = errno == EEXIST ? make_error(ErrorCode::invalid_input,
                                               path +
                                                   " already exists; evidence is never "
                                                   "overwritten")
                                  : errno_error("cannot rename " + temporary + " to " + path);
    ::unlink(temporary.c_str());
    return error;
  }
  return sync_directory(parent_directory(path));
}

Result<std::string> read_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno_error("cannot open " + path);
  std::string content;
  char buffer[64 * 1024];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      Error error = errno_error("cannot read " + path);
      ::close(fd);
      return error;
    }
    if (n == 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return content;
}

Status sync_directory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno_error("cannot open directory " + dir);
  Status status;
  if (::fsync(fd) != 0) status = errno_error("cannot sync directory " + dir);
  ::close(fd);
  return status;
}

std::string parent_directory(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace stimbench
