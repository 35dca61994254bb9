#include "tests/support/process.hpp"
#include <cstdlib>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace stimbench::test {
namespace {

using Clock = std::chrono::steady_clock;

pid_t spawn(const std::vector<std::string>& argv, int out_fd, int err_fd) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, STDIN_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Reads whatever is available on fd into out, waiting at most `ms`; false on EOF.
bool pump(int fd, std::string& out, int ms) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, ms) <= 0) return true;
  char buffer[4096];
  ssize_t n = read(fd, buffer, sizeof buffer);
  if (n <= 0) return false;
  out.append(buffer, static_cast<std::size_t>(n));
  return true;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  int out_pipe[2];
  int err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) return {};
  pid_t pid = spawn(argv, out_pipe[1], err_pipe[1]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  ProcessResult result;
  auto deadline = Clock::now() + timeout;
  bool out_open = true;
  bool err_open = true;
  while ((out_open || err_open) && Clock::now() < deadline) {
    if (out_open) out_open = pump(out_pipe[0], result.out, 20);
    if (err_open) err_open = pump(err_pipe[0], result.err, 20);
  }
  if (out_open || err_open) {
    kill(pid, SIGKILL);
    result.timed_out = true;
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) == pid) result.max_rss_kb = usage.ru_maxrss;
  close(out_pipe[0]);
  close(err_pipe[0]);
  result.exit_code = decode_status(status);
  return result;
}

Child::Child(const std::vector<std::string>& argv) {
  int out_pipe[2];
  if (pipe(out_pipe) != 0) return;
  int devnull = open("/dev/null", O_WRONLY);
  pid_ = spawn(argv, out_pipe[1], devnull);
  close(devnull);
  close(out_pipe[1]);
  out_fd_ = out_pipe[0];
}

Child::~Child() {
  if (pid_ > 0 && !reaped_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
  }
  if (out_fd_ >= 0) close(out_fd_);
}

std::optional<std::string> Child::read_line(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    auto newline = buffer_.find('\n');
    if (newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    if (Clock::now() >= deadline || out_fd_ < 0) return std::nullopt;
    if (!pump(out_fd_, buffer_, 20)) {
      if (buffer_.find('\n') == std::string::npos) return std::nullopt;
    }
  }
}

std::string Child::drain_stdout(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (out_fd_ >= 0 && Clock::now() < deadline && pump(out_fd_, buffer_, 20)) {
  }
  std::string out;
  out.swap(buffer_);
  return out;
}

void Child::signal(int signo) {
  if (pid_ > 0 && !reaped_) kill(pid_, signo);
}

int Child::wait(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (!reaped_) {
    pid_t r = waitpid(pid_, &status_, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      break;
    }
    if (Clock::now() >= deadline) return -1;
    // Keep the pipe drained so a chatty child cannot block on a full pipe.
    if (out_fd_ >= 0) pump(out_fd_, buffer_, 10);
  }
  return decode_status(status_);
}

std::string binary_path() {
  return STIMBENCH_BINARY;
}
std::string source_dir() {
  return STIMBENCH_SOURCE_DIR;
}

std::string fresh_path(const std::string& stem) {
  static std::atomic<int> counter{0};
  // A new directory per test process: PIDs are reused, and a folder left by an earlier run
  // must never collide with this one (evidence folders are never overwritten).
  static const std::filesystem::path base = [] {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "stimbench-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    return std::filesystem::path(pattern);
  }();
  return (base / (stem + "-" + std::to_string(counter++))).string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace stimbench::test
