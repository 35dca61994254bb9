// Folding repeat iterations: passing ones become one counted record per body step; failing
// ones stay in full up to the bound, and every one beyond it is still counted and fails.
#include "harness/runner/iteration_folder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness/evidence/latency_stats.hpp"

namespace stimbench {
namespace {

const int kGet = 1;  // stand-ins for the scenario's body steps (the folder keys on address)
const int kSet = 2;

StepRecord iteration(int i, const std::string& kind, Verdict verdict, std::int64_t latency_ns) {
  StepRecord r;
  r.name = "steps[0] repeat [" + std::to_string(i) + "/N] " + kind;
  r.kind = kind;
  r.verdict = verdict;
  r.start_ns = i * 1000;
  r.end_ns = i * 1000 + latency_ns;
  if (verdict != Verdict::fail)
    r.measurements.push_back({"latency", static_cast<double>(latency_ns), "ns", {}, {}});
  if (verdict == Verdict::fail) r.message = "reply " + std::to_string(i) + " was wrong";
  return r;
}

// Runs `n` iterations of {get, set}; the get of each iteration in `failing` fails.
std::vector<StepRecord> run(int n, const std::vector<int>& failing, std::size_t bound = 100) {
  IterationFolder folder(bound);
  std::vector<StepRecord> out;
  for (int i = 1; i <= n; ++i) {
    bool fails = std::find(failing.begin(), failing.end(), i) != failing.end();
    folder.keep(&kGet, iteration(i, "get", fails ? Verdict::fail : Verdict::pass, 100 + i), out);
    folder.keep(&kSet, iteration(i, "set", Verdict::pass, 7), out);
  }
  return out;
}

TEST(IterationFolder, PassingIterationsFoldIntoTheFirstOfEachStep) {
  std::vector<StepRecord> out = run(1000, {});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].name, "steps[0] repeat [1/N] get");  // the first in full
  ASSERT_TRUE(out[0].folded);
  EXPECT_FALSE(out[0].folded->beyond_bound);
  EXPECT_EQ(out[0].folded->iterations, 1000u);
  EXPECT_EQ(out[0].folded->last_name, "steps[0] repeat [1000/N] get");
  EXPECT_EQ(out[0].folded->last_end_ns, 1000 * 1000 + 1100);
  auto latency = out[0].folded->latency.summary();
  EXPECT_EQ(latency->count, 1000u);
  EXPECT_EQ(latency->min_ns, 101);
  EXPECT_EQ(latency->max_ns, 1100);
  EXPECT_EQ(out[1].kind, "set");
  EXPECT_EQ(out[1].folded->iterations, 1000u);
  ScenarioRecord scenario;
  scenario.steps = out;
  VerdictCounts counts = count_steps(scenario);
  EXPECT_EQ(counts.total, 2000);
  EXPECT_EQ(counts.passed, 2000);
  // record.json's per-kind distribution counts every folded iteration, once.
  LatencyByKind by_kind;
  by_kind.add(scenario);
  EXPECT_EQ(by_kind.to_json()["get"]["count"], 1000);
}

void expect_failures(const std::vector<StepRecord>& out, const std::vector<int>& at) {
  std::vector<int> seen;
  for (const StepRecord& r : out) {
    if (r.verdict != Verdict::fail) continue;
    EXPECT_FALSE(r.folded) << r.name;
    seen.push_back(std::stoi(r.name.substr(r.name.rfind('[') + 1)));
  }
  EXPECT_EQ(seen, at);
}

TEST(IterationFolder, AFailingIterationIsKeptInFullWhereverItIs) {
  for (int at : {1, 500, 1000}) {
    std::vector<StepRecord> out = run(1000, {at});
    expect_failures(out, {at});
    ScenarioRecord scenario;
    scenario.steps = out;
    VerdictCounts counts = count_steps(scenario);
    EXPECT_EQ(counts.failed, 1) << at;
    EXPECT_EQ(counts.passed, 1999) << at;
    EXPECT_LE(out.size(), 3u) << at;
  }
}

TEST(IterationFolder, FailuresBeyondTheBoundAreCountedInOneFailingRecord) {
  std::vector<int> failing;
  for (int i = 11; i <= 40; ++i) failing.push_back(i);
  std::vector<StepRecord> out = run(50, failing, 10);
  int full = 0;
  const StepRecord* beyond = nullptr;
  for (const StepRecord& r : out) {
    if (r.verdict == Verdict::fail && !r.folded) ++full;
    if (r.folded && r.folded->beyond_bound) beyond = &r;
  }
  EXPECT_EQ(full, 10);
  ASSERT_NE(beyond, nullptr);
  EXPECT_EQ(beyond->verdict, Verdict::fail);
  EXPECT_EQ(beyond->folded->iterations, 20u);
  EXPECT_EQ(beyond->name, "steps[0] repeat [21/N] get");
  EXPECT_EQ(beyond->folded->last_name, "steps[0] repeat [40/N] get");
  EXPECT_NE(beyond->message.find("beyond the first 10"), std::string::npos) << beyond->message;
  EXPECT_NE(beyond->message.find("reply 21 was wrong"), std::string::npos) << beyond->message;
  ScenarioRecord scenario;
  scenario.steps = out;
  VerdictCounts counts = count_steps(scenario);
  EXPECT_EQ(counts.failed, 30);
  EXPECT_EQ(counts.passed, 70);
  EXPECT_EQ(counts.total, 100);
}

TEST(IterationFolder, AnErrorBeyondTheBoundMakesTheCountedRecordAnError) {
  IterationFolder folder(0);
  std::vector<StepRecord> out;
  folder.keep(&kGet, iteration(1, "get", Verdict::fail, 1), out);
  folder.keep(&kGet, iteration(2, "get", Verdict::error, 1), out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].verdict, Verdict::error);
  EXPECT_EQ(out[0].folded->iterations, 2u);
}

TEST(IterationFolder, SkippedAndPassingFoldSeparately) {
  IterationFolder folder;
  std::vector<StepRecord> out;
  for (int i = 1; i <= 4; ++i)
    folder.keep(&kGet, iteration(i, "get", i % 2 ? Verdict::skipped : Verdict::pass, 5), out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].verdict, Verdict::skipped);
  EXPECT_EQ(out[0].folded->iterations, 2u);
  EXPECT_EQ(out[1].verdict, Verdict::pass);
  EXPECT_EQ(out[1].folded->iterations, 2u);
}

TEST(IterationFolder, ANewListStartsAfresh) {
  IterationFolder folder;
  std::vector<StepRecord> first, second;
  folder.keep(&kGet, iteration(1, "get", Verdict::pass, 5), first);
  folder.keep(&kGet, iteration(2, "get", Verdict::pass, 5), second);
  EXPECT_EQ(first.size(), 1u);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].folded->iterations, 1u);
}

}  // namespace
}  // namespace stimbench
