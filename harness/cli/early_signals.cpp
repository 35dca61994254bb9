#include "harness/cli/early_signals.hpp"

#include <unistd.h>

#include <csignal>

#include "harness/cli/commands.hpp"

namespace stimbench::cli {
namespace {

volatile std::sig_atomic_t g_deferred = 0;
volatile std::sig_atomic_t g_seen = 0;

void on_early_signal(int) {
  if (g_deferred != 0) {
    g_seen = 1;
    return;
  }
  ::_exit(exit_code::kInterrupted);  // async-signal-safe; no output is half written by us yet
}

}  // namespace

void install_early_signal_handling() {
  struct sigaction action {};
  action.sa_handler = on_early_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // file reads during loading must not fail with EINTR
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

void defer_early_signals() {
  g_deferred = 1;
}

bool early_signal_seen() {
  return g_seen != 0;
}

}  // namespace stimbench::cli
