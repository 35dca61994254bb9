// Every bound on user input in one place (docs/robustness.md, "Input bounds"). A value past
// a bound is bad input: file:line:column and exit 2, never a crash or a silent truncation.
#pragma once

#include <cstddef>
#include <string>

namespace stimbench::input_limits {

// Scenario, profile and envelope files. Reading stops one byte past the bound, so
// /dev/zero or a huge file costs at most this much memory.
constexpr std::size_t kMaxFileBytes = 1024 * 1024;
// One line of a YAML file; a long `send:` hex frame fits several times over.
constexpr std::size_t kMaxLineBytes = 8 * 1024;
// One scalar (text, number, hex bytes), including block scalars spanning lines.
constexpr std::size_t kMaxScalarBytes = 8 * 1024;
// Nodes visited in the loaded tree, counted after alias expansion: an alias counts its whole
// target again each time it is used, so an alias bomb stops here instead of in the loaders.
constexpr std::size_t kMaxYamlNodes = 250'000;
// Mappings and lists inside each other.
constexpr int kMaxYamlDepth = 64;

// Scenario ids, tags, capability, profile and policy names: they become file names.
constexpr std::size_t kMaxNameBytes = 128;

// A step's `basis:` (one line naming a document section) and the alternatives of one any_of.
constexpr std::size_t kMaxBasisBytes = 200;
constexpr std::size_t kMinAlternatives = 2;
constexpr std::size_t kMaxAlternatives = 8;

// Repeats inside repeats, and the count of one repeat.
constexpr int kMaxRepeatDepth = 8;
constexpr long long kMaxRepeatCount = 100'000;
// Steps one scenario would execute with every repeat expanded (setup + steps + teardown),
// counted as a product through the nesting before anything is expanded. Room for a
// one-million-command benchmark run, twice over.
constexpr long long kMaxExpandedSteps = 2'000'000;
// What one `sweep` step counts for: an upper bound on the boundary cases it generates.
constexpr long long kSweepStepWeight = 1'000;

// A closed range of plausible values for a number, for messages and checks.
struct Range {
  double low;
  double high;
  bool low_open = false;  // low itself not allowed (e.g. a frequency cap of 0 Hz)
  bool contains(double value) const {
    return (low_open ? value > low : value >= low) && value <= high;
  }
  // "from -20 to 100", "above 0 and at most 1000"
  std::string describe() const;
};

// Profile and envelope plausibility: any number outside is a transcription error.
constexpr Range kTemperatureC{-20, 100};
constexpr Range kFrequencyHz{0, 1000};
constexpr Range kFrequencyCapHz{0, 1000, true};
constexpr Range kProfileSeconds{0, 3600};   // delays, intervals, lockouts, watchdogs
constexpr Range kPercentMt{0, 1000, true};  // % of the patient's motor threshold
// Any other number in a profile, envelope or scenario value: far beyond every real device,
// far from where double arithmetic loses whole units.
constexpr double kMaxMagnitude = 1e9;

// Devices one run drives at once (a bench file's entries, or repeated --device).
constexpr std::size_t kMaxBenchDevices = 1024;

// Command-line numbers.
constexpr Range kMotorThresholdPercent{1, 100};
constexpr Range kTimeScale{0, 1000, true};

}  // namespace stimbench::input_limits
