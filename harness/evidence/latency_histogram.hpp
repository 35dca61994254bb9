// A latency distribution in bounded memory: every sample exactly up to a limit, then a
// log-linear histogram (256 buckets per power of two: ≤ 0.39 % wide, exact below 256 ns).
// Percentiles from the histogram are the upper edge of the bucket holding the rank, so they
// are never below the true value: a bound checked against them can fail falsely by at most
// the resolution, but never pass falsely.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace stimbench {

struct LatencySummary {
  std::size_t count = 0;
  std::int64_t min_ns = 0;
  std::int64_t p50_ns = 0;
  std::int64_t p90_ns = 0;
  std::int64_t p99_ns = 0;
  std::int64_t max_ns = 0;
  std::int64_t jitter_ns = 0;  // p99 - p50 (docs/evidence-format.md)
  // 0 when every percentile is an exact sample; else the histogram's relative bucket width:
  // a percentile is at most this fraction above the true one (min and max stay exact).
  double relative_resolution = 0;
};

class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 8;
  static constexpr std::int64_t kExactBelowNs = std::int64_t{1} << kSubBucketBits;
  static constexpr double kRelativeResolution = 1.0 / static_cast<double>(kExactBelowNs);
  static constexpr std::size_t kDefaultExactLimit = 4096;

  // Keeps up to `exact_limit` samples as they are (0: histogram from the first sample).
  explicit LatencyHistogram(std::size_t exact_limit = kDefaultExactLimit)
      : exact_limit_(exact_limit) {}

  // A negative sample (a clock that stepped back) counts as 0.
  void add(std::int64_t ns);
  void merge(const LatencyHistogram& other);

  std::size_t count() const { return static_cast<std::size_t>(count_); }
  bool exact() const { return buckets_.empty(); }
  std::optional<LatencySummary> summary() const;

  // The bucket holding `ns` (>= 0) and that bucket's inclusive lower and upper edges.
  static std::uint32_t bucket_of(std::int64_t ns);
  static std::int64_t bucket_lower(std::uint32_t bucket);
  static std::int64_t bucket_upper(std::uint32_t bucket);

 private:
  void to_buckets();
  // The nearest-rank percentile from the buckets: the upper edge, clamped to the exact max.
  std::int64_t bucket_rank(int percent) const;

  std::size_t exact_limit_;
  std::vector<std::int64_t> exact_;
  std::map<std::uint32_t, std::uint64_t> buckets_;  // sparse: at most ~14,000 entries
  std::uint64_t count_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

// The nearest-rank percentile of `sorted` (ascending, non-empty): the smallest sample with at
// least `percent` % of the samples at or below it, i.e. sorted[ceil(percent/100 * n) - 1].
std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, int percent);
// Rank (1-based) of that percentile among n samples.
std::uint64_t nearest_rank_index(std::uint64_t n, int percent);

}  // namespace stimbench
