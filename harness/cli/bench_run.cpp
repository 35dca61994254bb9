#include "harness/cli/bench_run.hpp"

#include <sys/resource.h>

#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <set>

#include "devices/transport/coroutine_waits.hpp"
#include "harness/cli/bench_summary.hpp"
#include "harness/cli/early_signals.hpp"
#include "harness/cli/run_progress.hpp"
#include "harness/cli/run_report.hpp"
#include "harness/evidence/file_io.hpp"

namespace stimbench::cli {
namespace {

// Each device holds a few descriptors (socket pair or socket, transcript, syncer); a large
// bench needs more than a default soft limit of 1024.
void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  (void)setrlimit(RLIMIT_NOFILE, &limit);
}

// The top folder must be new, as a single run's is; the device folders go inside it.
Status create_top_folder(const std::string& dir) {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec))
    return make_error(ErrorCode::invalid_input,
                      "evidence folder " + dir + " already exists (evidence is never overwritten)");
  std::filesystem::create_directories(dir, ec);
  if (ec) return make_error(ErrorCode::io, "cannot create " + dir + ": " + ec.message());
  return Status::success();
}

std::string bench_exit_reason(const std::vector<DevicePlan>& plans,
                              const std::vector<DeviceOutcome>& outcomes, int code) {
  int count = 0;
  std::string first;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    if (outcomes[i].exit_code != code) continue;
    if (++count == 1) first = plans[i].name + ": " + outcomes[i].exit_reason;
  }
  if (code == exit_code::kPass) return "every device passed every executed check";
  return std::to_string(count) + " device(s) ended with exit " + std::to_string(code) +
         " (first: " + first + ")";
}

// Every table marked verified: false that some device relies on, each once, said before any
// result as in a single run.
std::vector<std::string> unverified_sources(const std::vector<DevicePlan>& plans) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (const DevicePlan& plan : plans) {
    RunRecord described;
    plan.envelopes->describe(described);
    for (const std::string& source : described.unverified_sources)
      if (seen.insert(source).second) out.push_back(source);
  }
  return out;
}

}  // namespace

int run_bench(const RunInputs& inputs, const std::vector<DevicePlan>& plans,
              const std::string& bench_name, const std::string& out_dir,
              const std::string& clock_choice) {
  if (Status s = create_top_folder(out_dir); !s) {
    std::fprintf(stderr, "stimbench run: %s\n", printable(s.error().message).c_str());
    return exit_code::kUsage;
  }
  raise_descriptor_limit();
  // Declared before the context and clock: a session's coroutine still suspended when they
  // go (it should not happen) unwinds into these.
  std::vector<DeviceOutcome> outcomes(plans.size());
  // One token per device: each session's closing disarm shields its own, never the others'.
  std::deque<InterruptToken> tokens(plans.size());
  InterruptToken run_token;
  boost::asio::io_context io;
  VirtualClock virtual_clock;
  const Clock& wall = monotonic_clock();
  const Clock& clock = clock_choice == "virtual" ? static_cast<const Clock&>(virtual_clock) : wall;
  auto interrupt_all = [&] {
    run_token.request();
    for (InterruptToken& t : tokens) t.request();
  };
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    interrupt_all();
    wake_all_waits();
  });
  if (early_signal_seen()) interrupt_all();

  std::printf("stimbench run: %zu scenario(s) on %zu device(s)%s%s, %s clock, evidence %s\n",
              inputs.scenarios.size(), plans.size(), bench_name.empty() ? "" : ", bench ",
              printable(bench_name).c_str(), clock_choice.c_str(), printable(out_dir).c_str());
  print_unverified(unverified_sources(plans));
  const std::int64_t device_start = clock.now_ns();
  const std::int64_t wall_start = wall.now_ns();
  // Sealing a folder blocks the one thread on file writes and fdatasync: no device seals
  // its evidence while another may still need a keep-alive on time.
  SessionBarrier all_done(plans.size());
  std::vector<std::function<void()>> sessions;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    sessions.push_back([&, i] {
      const std::string dir = out_dir + "/" + plans[i].name;
      bool arrived = false;
      auto wait_for_all = [&] {
        arrived = true;
        all_done.arrive_and_wait(io, clock, nullptr);  // an interrupted session ends soon too
      };
      try {
        outcomes[i] = run_device_session(inputs, plans[i], dir, io, clock, tokens[i],
                                         DeviceConsole::summary, wait_for_all);
      } catch (const std::exception& e) {  // the runner catches its own; this is the rest
        outcomes[i].out_dir = dir;
        outcomes[i].exit_reason = std::string("internal error: ") + e.what();
      }
      if (!arrived) all_done.arrive();  // ended early (e.g. its folder could not be made)
      print_device_line(plans[i], outcomes[i]);
    });
  }
  SessionsOutcome ran = run_waiting_sessions(io, clock, std::move(sessions), &run_token);
  signals.cancel();

  BenchTotals totals;
  totals.bench_name = bench_name;
  totals.clock_name = clock.name();
  totals.device_time_ns = clock.now_ns() - device_start;
  totals.wall_duration_ns = wall.now_ns() - wall_start;
  int code = exit_code::kPass;
  for (const DeviceOutcome& o : outcomes) code = worst_exit_code(code, o.exit_code);
  totals.exit_reason = bench_exit_reason(plans, outcomes, code);
  if (ran.handler_threw || ran.stuck > 0) {
    code = worst_exit_code(code, exit_code::kDeviceError);
    totals.exit_reason += ran.handler_threw ? "; an I/O handler threw: " + *ran.handler_threw
                                            : "; " + std::to_string(ran.stuck) +
                                                  " device session(s) could not finish";
  }
  totals.exit_code = code;
  nlohmann::json summary = bench_summary_json(totals, plans, outcomes);
  if (Status s = write_file_exclusive(out_dir + "/summary.json", summary.dump(2) + "\n"); !s) {
    std::fprintf(stderr, "stimbench run: writing summary.json: %s\n",
                 printable(s.error().message).c_str());
    if (code == exit_code::kPass) code = exit_code::kCheckFailed;
  }
  print_bench_summary(summary, out_dir);
  return code;
}

}  // namespace stimbench::cli
