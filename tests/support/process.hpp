// Child processes for integration tests: the real stimbench binary, its output and exit code.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace stimbench::test {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string out;
  std::string err;
  long max_rss_kb = -1;    // the child's peak resident set (wait4), -1 if unknown
  bool timed_out = false;  // killed after `timeout`
};

// Runs argv to completion (killed after `timeout`), capturing stdout and stderr.
ProcessResult run_process(const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout = std::chrono::seconds(120));

// A background child whose stdout is read line by line.
class Child {
 public:
  explicit Child(const std::vector<std::string>& argv);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // Next stdout line (without '\n'), or nullopt on EOF or timeout.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  void signal(int signo);
  // Waits for exit; returns the exit code (128 + signal when signalled), or -1 on timeout.
  int wait(std::chrono::milliseconds timeout);
  // Everything read from stdout so far after the last read_line, plus the rest until EOF.
  std::string drain_stdout(std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string buffer_;
  bool reaped_ = false;
  int status_ = 0;
};

std::string binary_path();  // build/stimbench
std::string source_dir();
// A fresh, not-yet-existing path under the test temp dir.
std::string fresh_path(const std::string& stem);
std::string read_file(const std::string& path);

}  // namespace stimbench::test
