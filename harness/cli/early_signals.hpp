// SIGINT/SIGTERM from the first instruction of main: a Ctrl-C before a command has set up its
// own handling must still end with exit 130 (design.md §3), never death by signal.
#pragma once

namespace stimbench::cli {

// Called first thing in main. Until defer_early_signals(), either signal ends the process at
// once with exit 130 (nothing has been contacted or written yet).
void install_early_signal_handling();
// From here on a signal is only noted; the command picks it up with early_signal_seen() once
// its own handling (which replaces this one) is in place, and disarms as usual.
void defer_early_signals();
bool early_signal_seen();

}  // namespace stimbench::cli
