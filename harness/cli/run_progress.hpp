// What `stimbench run` prints while it runs: one live status line on a TTY (scenario i/n,
// step, device time, wall time, ETA), PASS/FAIL lines per scenario, and with --verbose one
// line per finished step. Off a TTY only plain lines; with --quiet only the summary.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "devices/core/clock.hpp"
#include "harness/evidence/run_record.hpp"

namespace stimbench::cli {

enum class Verbosity { quiet, normal, verbose };

class RunProgress {
 public:
  // `device` is the run's clock (virtual or real); `wall` measures the real time it takes.
  RunProgress(std::FILE* out, bool tty, Verbosity verbosity, std::size_t total, const Clock& device,
              const Clock& wall);

  bool quiet() const { return verbosity_ == Verbosity::quiet; }
  void scenario_started(const std::string& id);
  void step_started(const std::string& name);
  void step_ended(const StepRecord& step);
  void tick() { draw(false); }
  void scenario_done(const ScenarioRecord& record);
  // Clears the live line so the summary starts on a clean line.
  void finish();

  // Wall-clock facts per scenario, in run order: UTC start and real duration.
  const std::vector<std::int64_t>& wall_start_unix_ns() const { return wall_start_unix_; }
  const std::vector<std::int64_t>& wall_duration_ns() const { return wall_duration_; }
  std::int64_t wall_elapsed_ns() const { return wall_.now_ns() - wall_origin_; }
  std::int64_t device_elapsed_ns() const { return device_.now_ns() - device_origin_; }

 private:
  void draw(bool force);
  void clear_live();
  void print_line(const std::string& line);

  std::FILE* out_;
  bool tty_;
  Verbosity verbosity_;
  std::size_t total_;
  const Clock& device_;
  const Clock& wall_;
  std::int64_t device_origin_;
  std::int64_t wall_origin_;
  std::int64_t last_draw_wall_ = -1;
  bool live_shown_ = false;
  std::size_t index_ = 0;  // 1-based index of the current scenario
  std::string scenario_;
  std::string step_;
  std::int64_t scenario_wall_start_ = 0;
  std::vector<std::int64_t> wall_start_unix_;
  std::vector<std::int64_t> wall_duration_;
};

// A console line's text with control characters made visible (no raw ESC, BEL or NUL).
std::string printable(std::string_view text);

// "1.2 s", "3 min 20 s", "1 h 02 min".
std::string human_duration(double seconds);

}  // namespace stimbench::cli
