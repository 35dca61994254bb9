#include "harness/evidence/latency_histogram.hpp"

#include <algorithm>
#include <bit>

namespace stimbench {

std::uint64_t nearest_rank_index(std::uint64_t n, int percent) {
  // ceil(percent * n / 100) in integers, within [1, n]; n < 2^56 here, so no overflow.
  std::uint64_t rank = (static_cast<std::uint64_t>(percent) * n + 99) / 100;
  return std::clamp<std::uint64_t>(rank, 1, n);
}

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, int percent) {
  return sorted[nearest_rank_index(sorted.size(), percent) - 1];
}

std::uint32_t LatencyHistogram::bucket_of(std::int64_t ns) {
  if (ns < kExactBelowNs) return static_cast<std::uint32_t>(std::max<std::int64_t>(ns, 0));
  const auto v = static_cast<std::uint64_t>(ns);
  const int exponent = 63 - std::countl_zero(v);  // >= kSubBucketBits
  const int shift = exponent - kSubBucketBits;
  const auto sub = static_cast<std::uint32_t>((v >> shift) - kExactBelowNs);
  return static_cast<std::uint32_t>((shift + 1) << kSubBucketBits) + sub;
}

std::int64_t LatencyHistogram::bucket_lower(std::uint32_t bucket) {
  if (bucket < kExactBelowNs) return bucket;
  const int shift = static_cast<int>(bucket >> kSubBucketBits) - 1;
  const std::uint64_t sub = bucket & (kExactBelowNs - 1);
  return static_cast<std::int64_t>((kExactBelowNs + sub) << shift);
}

std::int64_t LatencyHistogram::bucket_upper(std::uint32_t bucket) {
  if (bucket < kExactBelowNs) return bucket;
  const int shift = static_cast<int>(bucket >> kSubBucketBits) - 1;
  // lower + width - 1; for the top bucket this is exactly INT64_MAX.
  return bucket_lower(bucket) + static_cast<std::int64_t>((std::uint64_t{1} << shift) - 1);
}

void LatencyHistogram::add(std::int64_t ns) {
  ns = std::max<std::int64_t>(ns, 0);
  min_ = count_ == 0 ? ns : std::min(min_, ns);
  max_ = count_ == 0 ? ns : std::max(max_, ns);
  ++count_;
  if (exact() && exact_.size() < exact_limit_) {
    exact_.push_back(ns);
    return;
  }
  to_buckets();
  ++buckets_[bucket_of(ns)];
}

void LatencyHistogram::to_buckets() {
  for (std::int64_t ns : exact_) ++buckets_[bucket_of(ns)];
  std::vector<std::int64_t>().swap(exact_);  // give the memory back
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  if (other.exact()) {
    for (std::int64_t ns : other.exact_) add(ns);
    return;
  }
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = count_ == 0 ? other.max_ : std::max(max_, other.max_);
  count_ += other.count_;
  to_buckets();
  for (const auto& [bucket, n] : other.buckets_) buckets_[bucket] += n;
}

std::int64_t LatencyHistogram::bucket_rank(int percent) const {
  const std::uint64_t rank = nearest_rank_index(count_, percent);
  std::uint64_t seen = 0;
  for (const auto& [bucket, n] : buckets_) {
    seen += n;
    if (seen >= rank) return std::min(bucket_upper(bucket), max_);
  }
  return max_;
}

std::optional<LatencySummary> LatencyHistogram::summary() const {
  if (count_ == 0) return std::nullopt;
  LatencySummary s;
  s.count = count();
  s.min_ns = min_;
  s.max_ns = max_;
  if (exact()) {
    std::vector<std::int64_t> sorted = exact_;
    std::sort(sorted.begin(), sorted.end());
    s.p50_ns = nearest_rank(sorted, 50);
    s.p90_ns = nearest_rank(sorted, 90);
    s.p99_ns = nearest_rank(sorted, 99);
  } else {
    s.p50_ns = bucket_rank(50);
    s.p90_ns = bucket_rank(90);
    s.p99_ns = bucket_rank(99);
    s.relative_resolution = kRelativeResolution;
  }
  s.jitter_ns = s.p99_ns - s.p50_ns;
  return s;
}

}  // namespace stimbench
