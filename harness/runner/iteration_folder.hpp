// Keeps a scenario's record bounded in the length of its loops: repeat iterations that pass
// (or are skipped) fold into one record per body step, counted and with their latency
// distribution; failing ones stay in full up to a bound, then fold into one failing record
// that counts the rest. Nothing that failed can disappear: a failing record is always kept,
// and the scenario's verdict comes from the records.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "harness/evidence/run_record.hpp"

namespace stimbench {

class IterationFolder {
 public:
  static constexpr std::size_t kDefaultFailureBound = 100;
  explicit IterationFolder(std::size_t failure_bound = kDefaultFailureBound)
      : failure_bound_(failure_bound) {}

  // Appends `record`, made by body step `key` of a repeat, to `out` or folds it into the
  // record already there for the same key, kind and verdict.
  void keep(const void* key, StepRecord record, std::vector<StepRecord>& out);

 private:
  using Key = std::tuple<const void*, std::string, Verdict>;
  // The record at `index` in `out` if it is still a folding target, else nullptr.
  StepRecord* target(std::size_t index, std::vector<StepRecord>& out) const;
  void fold_into(StepRecord& into, const StepRecord& record) const;
  void keep_failure(StepRecord record, std::vector<StepRecord>& out);

  std::size_t failure_bound_;
  std::size_t failures_kept_ = 0;
  const std::vector<StepRecord>* out_ = nullptr;  // the list the indices below point into
  std::map<Key, std::size_t> folds_;
  std::optional<std::size_t> beyond_bound_;
};

}  // namespace stimbench
