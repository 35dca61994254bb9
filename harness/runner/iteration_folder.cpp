#include "harness/runner/iteration_folder.hpp"

#include "harness/evidence/latency_stats.hpp"

namespace stimbench {
namespace {

Verdict worse(Verdict a, Verdict b) {
  auto rank = [](Verdict v) { return v == Verdict::error ? 2 : v == Verdict::fail ? 1 : 0; };
  return rank(a) >= rank(b) ? a : b;
}

void start_fold(StepRecord& record, bool beyond_bound) {
  FoldedIterations folded;
  folded.beyond_bound = beyond_bound;
  folded.iterations = 1;
  folded.last_name = record.name;
  folded.last_start_ns = record.start_ns;
  folded.last_end_ns = record.end_ns;
  add_step_latency(record, folded.latency);
  record.folded = std::move(folded);
}

}  // namespace

StepRecord* IterationFolder::target(std::size_t index, std::vector<StepRecord>& out) const {
  if (index >= out.size() || !out[index].folded) return nullptr;
  return &out[index];
}

void IterationFolder::fold_into(StepRecord& into, const StepRecord& record) const {
  FoldedIterations& folded = *into.folded;
  ++folded.iterations;
  folded.last_name = record.name;
  folded.last_start_ns = record.start_ns;
  folded.last_end_ns = record.end_ns;
  add_step_latency(record, folded.latency);
}

void IterationFolder::keep(const void* key, StepRecord record, std::vector<StepRecord>& out) {
  if (out_ != &out) {  // another scenario's list: the old indices mean nothing there
    out_ = &out;
    folds_.clear();
    beyond_bound_.reset();
    failures_kept_ = 0;
  }
  if (record.folded) {  // already an aggregate (a nested loop's): kept as it is
    out.push_back(std::move(record));
    return;
  }
  if (record.verdict == Verdict::fail || record.verdict == Verdict::error) {
    keep_failure(std::move(record), out);
    return;
  }
  Key k{key, record.kind, record.verdict};
  auto found = folds_.find(k);
  if (found != folds_.end()) {
    if (StepRecord* into = target(found->second, out)) {
      fold_into(*into, record);
      return;
    }
  }
  start_fold(record, false);
  folds_[k] = out.size();
  out.push_back(std::move(record));
}

void IterationFolder::keep_failure(StepRecord record, std::vector<StepRecord>& out) {
  if (failures_kept_ < failure_bound_) {
    ++failures_kept_;
    out.push_back(std::move(record));
    return;
  }
  if (beyond_bound_) {
    if (StepRecord* into = target(*beyond_bound_, out)) {
      into->verdict = worse(into->verdict, record.verdict);
      fold_into(*into, record);
      return;
    }
  }
  // The first failure past the bound, in full, holds the count of every later one.
  record.message = "failures beyond the first " + std::to_string(failure_bound_) +
                   " kept in full are counted here (folded.iterations; each is in the "
                   "transcript under its step name); this one: " +
                   record.message;
  start_fold(record, true);
  beyond_bound_ = out.size();
  out.push_back(std::move(record));
}

}  // namespace stimbench
