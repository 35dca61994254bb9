// The bounded latency distribution: exact up to its limit, then log-linear buckets whose
// percentiles are never below the true value and at most 1/256 above it.
#include "harness/evidence/latency_histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace stimbench {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

TEST(LatencyHistogram, BucketsAreContiguousAndWithinTheResolution) {
  // Walk every bucket edge from 0 to INT64_MAX: no gaps, no overlaps, width ≤ lower/256.
  std::int64_t expected_lower = 0;
  std::uint32_t bucket = 0;
  for (;; ++bucket) {
    const std::int64_t lower = LatencyHistogram::bucket_lower(bucket);
    const std::int64_t upper = LatencyHistogram::bucket_upper(bucket);
    ASSERT_EQ(lower, expected_lower) << bucket;
    ASSERT_LE(lower, upper);
    ASSERT_EQ(LatencyHistogram::bucket_of(lower), bucket);
    ASSERT_EQ(LatencyHistogram::bucket_of(upper), bucket);
    if (lower >= LatencyHistogram::kExactBelowNs) {
      ASSERT_LE(static_cast<double>(upper - lower + 1) / static_cast<double>(lower),
                LatencyHistogram::kRelativeResolution + 1e-15)
          << bucket;
    } else {
      ASSERT_EQ(lower, upper);  // exact below 256 ns
    }
    if (upper == kMax) break;
    expected_lower = upper + 1;
  }
  EXPECT_EQ(bucket, 55u * 256u + 255u);
  EXPECT_LE(LatencyHistogram::kRelativeResolution, 0.004);
}

TEST(LatencyHistogram, ExactUpToItsLimitThenBucketed) {
  LatencyHistogram h(3);
  for (std::int64_t ns : {300, 100, 200}) h.add(ns);
  EXPECT_TRUE(h.exact());
  auto s = h.summary();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->p50_ns, 200);
  EXPECT_EQ(s->relative_resolution, 0);
  h.add(1'000'003);
  EXPECT_FALSE(h.exact());
  s = h.summary();
  EXPECT_EQ(s->count, 4u);
  EXPECT_EQ(s->min_ns, 100);
  EXPECT_EQ(s->max_ns, 1'000'003);
  EXPECT_EQ(s->relative_resolution, LatencyHistogram::kRelativeResolution);
}

TEST(LatencyHistogram, EmptyHasNoSummary) {
  EXPECT_FALSE(LatencyHistogram().summary());
  EXPECT_FALSE(LatencyHistogram(0).summary());
}

TEST(LatencyHistogram, OneSampleIsExactEvenInBuckets) {
  LatencyHistogram h(0);  // histogram from the first sample
  h.add(5'260'001);
  auto s = h.summary();
  ASSERT_TRUE(s);
  // The bucket's upper edge is clamped to the exact max, so one sample reads back exactly.
  for (std::int64_t v : {s->min_ns, s->p50_ns, s->p90_ns, s->p99_ns, s->max_ns})
    EXPECT_EQ(v, 5'260'001);
  EXPECT_EQ(s->jitter_ns, 0);
}

TEST(LatencyHistogram, EqualSamplesReadBackExactly) {
  LatencyHistogram h(0);
  for (int i = 0; i < 100000; ++i) h.add(8'819'000);
  auto s = h.summary();
  EXPECT_EQ(s->count, 100000u);
  EXPECT_EQ(s->p50_ns, 8'819'000);
  EXPECT_EQ(s->p99_ns, 8'819'000);
}

TEST(LatencyHistogram, ZeroAndNegativeCountAsZero) {
  LatencyHistogram h(0);
  h.add(0);
  h.add(-5);
  auto s = h.summary();
  EXPECT_EQ(s->min_ns, 0);
  EXPECT_EQ(s->max_ns, 0);
  EXPECT_EQ(s->p99_ns, 0);
}

TEST(LatencyHistogram, HugeValuesDoNotOverflow) {
  LatencyHistogram h(0);
  h.add(kMax);
  h.add(kMax - 1);
  h.add(1);
  auto s = h.summary();
  EXPECT_EQ(s->max_ns, kMax);
  EXPECT_EQ(s->p99_ns, kMax);
  EXPECT_EQ(s->min_ns, 1);
  EXPECT_EQ(s->p50_ns, kMax);  // rank 2 of 3 is in the top bucket, clamped to the max
}

// Against the exact nearest rank of seeded random samples over nine decades: each bucketed
// percentile is at or above the true one, and within the resolution of it.
TEST(LatencyHistogram, PercentilesAreConservativeAndWithinResolution) {
  std::mt19937_64 rng(15);
  std::lognormal_distribution<double> spread(13.0, 3.0);
  for (int trial = 0; trial < 20; ++trial) {
    LatencyHistogram h(0);
    std::vector<std::int64_t> all;
    const int n = 1 + trial * 997;
    for (int i = 0; i < n; ++i) {
      auto v = static_cast<std::int64_t>(std::min(spread(rng), 1e15));
      all.push_back(v);
      h.add(v);
    }
    std::sort(all.begin(), all.end());
    auto s = h.summary();
    const std::pair<int, std::int64_t> got[] = {{50, s->p50_ns}, {90, s->p90_ns}, {99, s->p99_ns}};
    for (const auto& [percent, value] : got) {
      const std::int64_t truth = nearest_rank(all, percent);
      EXPECT_GE(value, truth) << percent << " trial " << trial;
      EXPECT_LE(static_cast<double>(value - truth),
                static_cast<double>(truth) * LatencyHistogram::kRelativeResolution)
          << percent << " trial " << trial;
    }
    EXPECT_EQ(s->min_ns, all.front());
    EXPECT_EQ(s->max_ns, all.back());
  }
}

TEST(LatencyHistogram, MergeEqualsAddingEverySample) {
  LatencyHistogram a(10), b(0), together(0);
  for (std::int64_t v = 1; v < 5000; v += 7) {
    (v % 2 ? a : b).add(v * 1013);
    together.add(v * 1013);
  }
  a.merge(b);
  auto sa = a.summary();
  auto st = together.summary();
  EXPECT_EQ(sa->count, st->count);
  EXPECT_EQ(sa->p50_ns, st->p50_ns);
  EXPECT_EQ(sa->p99_ns, st->p99_ns);
  EXPECT_EQ(sa->min_ns, st->min_ns);
  EXPECT_EQ(sa->max_ns, st->max_ns);
  LatencyHistogram exact_a, exact_b;  // two exact ones stay exact
  exact_a.add(3);
  exact_b.add(1);
  exact_a.merge(exact_b);
  EXPECT_TRUE(exact_a.exact());
  EXPECT_EQ(exact_a.summary()->min_ns, 1);
  exact_a.merge(LatencyHistogram());  // an empty one changes nothing
  EXPECT_EQ(exact_a.count(), 2u);
}

}  // namespace
}  // namespace stimbench
