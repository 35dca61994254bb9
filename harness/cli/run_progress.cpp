#include "harness/cli/run_progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>

namespace stimbench::cli {
namespace {

constexpr std::int64_t kRedrawNs = 100'000'000;         // at most ten redraws a second
constexpr std::int64_t kPlainEveryNs = 60'000'000'000;  // off a TTY: a line a minute

const char* verdict_word(Verdict v) {
  switch (v) {
    case Verdict::pass:
      return "PASS";
    case Verdict::fail:
      return "FAIL";
    case Verdict::skipped:
      return "SKIP";
    case Verdict::error:
      return "ERROR";
  }
  return "?";
}

std::size_t terminal_columns(std::FILE* out) {
  winsize size{};
  if (ioctl(fileno(out), TIOCGWINSZ, &size) == 0 && size.ws_col > 10) return size.ws_col;
  return 100;
}

std::string seconds_text(std::int64_t ns) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f s", static_cast<double>(ns) / 1e9);
  return buffer;
}

}  // namespace

std::string printable(std::string_view text) {
  // Control bytes (C0, DEL, and C1 written as UTF-8) and bytes that are not UTF-8 become
  // \xNN: a device or a file must never drive the terminal, and a NUL must not cut a line.
  std::string out;
  out.reserve(text.size());
  auto hex = [&out](unsigned char c) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
    out += buffer;
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) {
        hex(c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    std::size_t len = c >= 0xC2 && c <= 0xDF   ? 2
                      : c >= 0xE0 && c <= 0xEF ? 3
                      : c >= 0xF0 && c <= 0xF4 ? 4
                                               : 0;
    bool ok = len > 0 && i + len <= text.size();
    for (std::size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    // U+0080..U+009F (C2 80..C2 9F) are the C1 controls: CSI is one of them.
    if (ok && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) ok = false;
    if (!ok) {
      hex(c);
      ++i;
      continue;
    }
    out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

std::string human_duration(double seconds) {
  char buffer[48];
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  if (seconds < 60) {
    std::snprintf(buffer, sizeof buffer, "%.1f s", seconds);
  } else if (seconds < 3600) {
    std::snprintf(buffer, sizeof buffer, "%d min %02d s", static_cast<int>(seconds) / 60,
                  static_cast<int>(seconds) % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%d h %02d min", static_cast<int>(seconds) / 3600,
                  static_cast<int>(seconds) / 60 % 60);
  }
  return buffer;
}

RunProgress::RunProgress(std::FILE* out, bool tty, Verbosity verbosity, std::size_t total,
                         const Clock& device, const Clock& wall)
    : out_(out),
      tty_(tty),
      verbosity_(verbosity),
      total_(total),
      device_(device),
      wall_(wall),
      device_origin_(device.now_ns()),
      wall_origin_(wall.now_ns()) {}

void RunProgress::scenario_started(const std::string& id) {
  ++index_;
  scenario_ = printable(id);
  step_.clear();
  scenario_wall_start_ = wall_.now_ns();
  wall_start_unix_.push_back(wall_clock_unix_ns());
  wall_duration_.push_back(-1);
  draw(true);
}

void RunProgress::step_started(const std::string& name) {
  step_ = printable(name);
  draw(false);
}

void RunProgress::step_ended(const StepRecord& step) {
  if (verbosity_ != Verbosity::verbose) return;
  std::string line = std::string("  ") + to_string(step.verdict) + "  " + printable(step.name) +
                     " (" + seconds_text(step.end_ns - step.start_ns) + " device time)";
  if (!step.message.empty()) line += ": " + printable(step.message);
  print_line(line);
}

void RunProgress::scenario_done(const ScenarioRecord& r) {
  if (r.not_run) {  // never started: no timing of its own
    if (!quiet()) print_line("NOT RUN " + printable(r.id) + ": " + printable(r.message));
    return;
  }
  if (!wall_duration_.empty()) wall_duration_.back() = wall_.now_ns() - scenario_wall_start_;
  if (quiet()) return;
  char head[16];
  std::snprintf(head, sizeof head, "%-5s ", verdict_word(r.verdict));
  std::string line = head + printable(r.id);
  if (r.message.empty()) {
    line += " (" + std::to_string(r.steps.size()) + " steps, " +
            human_duration((r.end_ns - r.start_ns) / 1e9) + " device time, " +
            human_duration(wall_duration_.back() / 1e9) + " wall)";
  } else {
    line += ": " + printable(r.message);
  }
  print_line(line);
}

void RunProgress::finish() {
  clear_live();
}

void RunProgress::clear_live() {
  if (!live_shown_) return;
  std::fputs("\r\033[K", out_);
  live_shown_ = false;
}

void RunProgress::print_line(const std::string& line) {
  clear_live();
  std::fprintf(out_, "%s\n", line.c_str());
  std::fflush(out_);
  draw(true);
}

void RunProgress::draw(bool force) {
  if (quiet() || index_ == 0) return;
  const std::int64_t now = wall_.now_ns();
  if (!tty_) {
    // A log gets a plain line a minute during long scenarios (a 37-minute course on real
    // time), never carriage returns or escapes.
    if (last_draw_wall_ < 0) last_draw_wall_ = now;
    if (now - last_draw_wall_ < kPlainEveryNs) return;
    last_draw_wall_ = now;
    std::fprintf(out_, "...   [%zu/%zu] %s: %s (device time %s, wall %s)\n", index_, total_,
                 scenario_.c_str(), step_.c_str(),
                 human_duration(device_elapsed_ns() / 1e9).c_str(),
                 human_duration((now - wall_origin_) / 1e9).c_str());
    std::fflush(out_);
    return;
  }
  if (!force && last_draw_wall_ >= 0 && now - last_draw_wall_ < kRedrawNs) return;
  last_draw_wall_ = now;
  const double wall_s = (now - wall_origin_) / 1e9;
  std::string eta = "?";
  std::size_t done = index_ - 1;
  if (done > 0) eta = human_duration(wall_s / done * (total_ - done));
  std::string line = "[" + std::to_string(index_) + "/" + std::to_string(total_) + "] " +
                     scenario_ + (step_.empty() ? "" : " | " + step_) + " | device time " +
                     human_duration(device_elapsed_ns() / 1e9) + " | wall " +
                     human_duration(wall_s) + " | ETA " + eta;
  const std::size_t width = terminal_columns(out_) - 1;
  if (line.size() > width) line = line.substr(0, width - 3) + "...";
  std::fprintf(out_, "\r\033[K%s", line.c_str());
  std::fflush(out_);
  live_shown_ = true;
}

}  // namespace stimbench::cli
