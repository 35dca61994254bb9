// Exact nearest-rank percentiles and the per-kind distributions of record.json.
#include <gtest/gtest.h>

#include <numeric>

#include "harness/evidence/latency_stats.hpp"

namespace stimbench {
namespace {

TEST(LatencyStats, NearestRankOnOneToHundred) {
  std::vector<std::int64_t> samples(100);
  std::iota(samples.rbegin(), samples.rend(), 1);  // 100..1: summarize sorts
  auto s = summarize_latencies(samples);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->count, 100u);
  EXPECT_EQ(s->min_ns, 1);
  EXPECT_EQ(s->p50_ns, 50);
  EXPECT_EQ(s->p90_ns, 90);
  EXPECT_EQ(s->p99_ns, 99);
  EXPECT_EQ(s->max_ns, 100);
  EXPECT_EQ(s->jitter_ns, 49);
}

TEST(LatencyStats, NearestRankRoundsTheRankUp) {
  // n = 10: p50 is rank 5, p90 rank 9, p99 rank ceil(9.9) = 10.
  std::vector<std::int64_t> samples = {10, 20, 30, 40, 50, 60, 70, 80, 90, 1000};
  auto s = summarize_latencies(samples);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->p50_ns, 50);
  EXPECT_EQ(s->p90_ns, 90);
  EXPECT_EQ(s->p99_ns, 1000);
  // n = 3: p50 is rank ceil(1.5) = 2.
  std::vector<std::int64_t> three = {7, 3, 5};
  EXPECT_EQ(summarize_latencies(three)->p50_ns, 5);
}

TEST(LatencyStats, OneSampleIsEveryPercentileAndNoneIsNothing) {
  std::vector<std::int64_t> one = {42};
  auto s = summarize_latencies(one);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->min_ns, 42);
  EXPECT_EQ(s->p99_ns, 42);
  EXPECT_EQ(s->jitter_ns, 0);
  std::vector<std::int64_t> none;
  EXPECT_FALSE(summarize_latencies(none));
}

TEST(LatencyStats, GroupsByStepKindAndIgnoresStepsWithoutLatency) {
  ScenarioRecord scenario;
  auto step = [](const std::string& kind, std::optional<double> ns) {
    StepRecord r;
    r.kind = kind;
    if (ns) r.measurements.push_back({"latency", *ns, "ns", std::nullopt, std::nullopt});
    r.measurements.push_back({"value", 5, "W", std::nullopt, std::nullopt});
    return r;
  };
  scenario.steps = {step("get", 300), step("get", 100), step("get", 200), step("wait", {}),
                    step("set", 7)};
  LatencyByKind by_kind;
  by_kind.add(scenario);
  nlohmann::json j = by_kind.to_json();
  ASSERT_EQ(j.size(), 2u) << j.dump();
  EXPECT_EQ(j["get"]["count"], 3);
  EXPECT_EQ(j["get"]["min_ns"], 100);
  EXPECT_EQ(j["get"]["p50_ns"], 200);
  EXPECT_EQ(j["get"]["max_ns"], 300);
  EXPECT_EQ(j["get"]["jitter_ns"], 100);
  EXPECT_EQ(j["set"]["p90_ns"], 7);
}

}  // namespace
}  // namespace stimbench
