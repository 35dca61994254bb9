// Ctrl-C / SIGTERM request shared by the CLI, transports and runner.
#pragma once

#include <atomic>

namespace stimbench {

class InterruptToken {
 public:
  void request() { requested_ = true; }
  bool requested() const { return requested_; }
  // While shielded (the disarm on the abort path), I/O ignores the request.
  void shield() { shielded_ = true; }
  bool should_stop() const { return requested_ && !shielded_; }

 private:
  std::atomic<bool> requested_{false};
  std::atomic<bool> shielded_{false};
};

}  // namespace stimbench
