// Shared helpers for the evidence tests: a scratch directory and a run with every verdict.
#pragma once

#include <string>

#include "harness/evidence/run_record.hpp"

namespace stimbench::test {

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Text that breaks naive XML/JSON writers: markup, quotes, C0 controls, NUL, invalid UTF-8,
// an overlong NUL, a UTF-16 surrogate, U+FFFE, CR/LF/tab, "]]>", and valid non-ASCII.
std::string hostile_text();

// Scenario 1 "refusals": pass, fail, error and skipped steps, with measurements and detail.
// Scenario 2 "needs-train": skipped, no steps. Scenario 3 "lost-link": error, no step errs.
// Scenario 4 "all-good": one passing step.
RunRecord sample_run();

void write_text(const std::string& path, const std::string& text);
std::string read_text(const std::string& path);

}  // namespace stimbench::test
