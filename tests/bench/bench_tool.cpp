// Helper of ci/bench: the raw-socket floor, figures from a transcript, and a child's peak RSS.
// Prints "name value" lines for the script to pick up.
//
//   stimbench_bench_tool raw tcp://HOST:PORT LINE COUNT
//   stimbench_bench_tool loop DECODED TRANSCRIPT...   (pooled over the transcripts)
//   stimbench_bench_tool measure LOG [MAX_MIB MAX_S] -- COMMAND ARGS...
//     (MAX_MIB: the child's address-space limit; MAX_S: killed after that many seconds)
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "tests/bench/peak_rss.hpp"
#include "tests/bench/raw_client.hpp"
#include "tests/bench/transcript_stats.hpp"

namespace {

using namespace stimbench;
using namespace stimbench::bench;

int usage() {
  std::fprintf(stderr,
               "usage: stimbench_bench_tool raw tcp://HOST:PORT LINE COUNT\n"
               "       stimbench_bench_tool loop DECODED TRANSCRIPT...\n"
               "       stimbench_bench_tool measure LOG [MAX_MIB MAX_S] -- COMMAND ARGS...\n");
  return 2;
}

int fail(const Error& error) {
  std::fprintf(stderr, "stimbench_bench_tool: %s\n", error.message.c_str());
  return 1;
}

void print_distribution(const char* name, std::vector<std::int64_t> samples) {
  std::printf("%s_count %zu\n", name, samples.size());
  std::printf("%s_mean_ns %.0f\n", name, mean(samples));
  for (int p : {50, 99})
    std::printf("%s_p%d_ns %lld\n", name, p, static_cast<long long>(percentile(samples, p)));
  std::printf("%s_max_ns %lld\n", name, static_cast<long long>(percentile(samples, 100)));
}

int raw(const std::string& uri, std::string line, int count) {
  const std::string scheme = "tcp://";
  auto colon = uri.rfind(':');
  if (uri.rfind(scheme, 0) != 0 || colon == std::string::npos || colon < scheme.size())
    return usage();
  line += '\n';
  auto times = raw_round_trips(uri.substr(scheme.size(), colon - scheme.size()),
                               std::atoi(uri.c_str() + colon + 1), line, count, count / 10);
  if (!times) return fail(times.error());
  print_distribution("rtt", *times);
  return 0;
}

int loop(const std::string& decoded, const std::vector<std::string>& transcripts) {
  LoopTimes pooled;
  for (const auto& transcript : transcripts) {
    auto times = loop_times(transcript, decoded);
    if (!times) return fail(times.error());
    pooled.periods_ns.insert(pooled.periods_ns.end(), times->periods_ns.begin(),
                             times->periods_ns.end());
    pooled.latencies_ns.insert(pooled.latencies_ns.end(), times->latencies_ns.begin(),
                               times->latencies_ns.end());
  }
  print_distribution("period", pooled.periods_ns);
  print_distribution("latency", pooled.latencies_ns);
  return 0;
}

int measure(const std::string& log, ChildLimits limits, const std::vector<std::string>& command) {
  int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fail(make_error(ErrorCode::io, "cannot open " + log));
  // The child's output goes to the log; the figures go to our stdout.
  int saved_out = ::dup(1), saved_err = ::dup(2);
  ::dup2(fd, 1);
  ::dup2(fd, 2);
  auto usage = run_measured(command, limits);
  ::dup2(saved_out, 1);
  ::dup2(saved_err, 2);
  ::close(fd);
  if (!usage) return fail(usage.error());
  std::printf("exit %d\npeak_rss_kib %lld\nwall_s %.3f\ntimed_out %d\n", usage->exit_code,
              static_cast<long long>(usage->peak_rss_kib), usage->wall_s, usage->timed_out ? 1 : 0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 4 && args[0] == "raw")
    return raw(args[1], args[2], std::atoi(args[3].c_str()));
  if (args.size() >= 3 && args[0] == "loop")
    return loop(args[1], std::vector<std::string>(args.begin() + 2, args.end()));
  if (args.size() >= 4 && args[0] == "measure" && args[2] == "--")
    return measure(args[1], {}, std::vector<std::string>(args.begin() + 3, args.end()));
  if (args.size() >= 6 && args[0] == "measure" && args[4] == "--") {
    ChildLimits limits{std::atoll(args[2].c_str()), std::atof(args[3].c_str())};
    return measure(args[1], limits, std::vector<std::string>(args.begin() + 5, args.end()));
  }
  return usage();
}
