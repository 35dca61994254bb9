#include "tests/bench/peak_rss.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "devices/core/clock.hpp"

namespace stimbench::bench {

Result<ChildUsage> run_measured(const std::vector<std::string>& argv, ChildLimits limits) {
  if (argv.empty()) return make_error(ErrorCode::invalid_input, "no command to run");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const Clock& clock = monotonic_clock();
  const std::int64_t start = clock.now_ns();
  pid_t pid = ::fork();
  if (pid < 0) return make_error(ErrorCode::io, std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    if (limits.address_space_mib > 0) {
      rlimit limit{};
      limit.rlim_cur = limit.rlim_max = static_cast<rlim_t>(limits.address_space_mib) << 20;
      ::setrlimit(RLIMIT_AS, &limit);
    }
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  ChildUsage out;
  for (;;) {
    pid_t done = ::wait4(pid, &status, limits.wall_s > 0 ? WNOHANG : 0, &usage);
    if (done == pid) break;
    if (done < 0 && errno != EINTR)
      return make_error(ErrorCode::io, std::string("wait4: ") + std::strerror(errno));
    if (done == 0) {
      if (!out.timed_out && static_cast<double>(clock.now_ns() - start) / 1e9 > limits.wall_s) {
        ::kill(pid, SIGKILL);
        out.timed_out = true;
      }
      real_sleep(std::chrono::milliseconds(50));
    }
  }
  out.wall_s = static_cast<double>(clock.now_ns() - start) / 1e9;
  out.peak_rss_kib = usage.ru_maxrss;  // Linux reports KiB
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return out;
}

}  // namespace stimbench::bench
