#include "harness/evidence/transcript_verify.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "harness/evidence/manifest.hpp"
#include "harness/evidence/transcript.hpp"

namespace stimbench {
namespace {

const std::string kName(kTranscriptFileName);

std::string line_prefix(std::uint64_t line) {
  return kName + " line " + std::to_string(line) + ":";
}

// True when the file is non-empty and its last byte is not '\n': a line whose write stopped.
bool ends_mid_line(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  char last = '\n';
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    if (::pread(fd, &last, 1, st.st_size - 1) != 1) last = '\n';
  }
  ::close(fd);
  return last != '\n';
}

struct StdioCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// The `hash` stated at the end of line `number` (1-based), empty if there is none.
std::string stated_hash_of_line(const std::string& path, std::uint64_t number) {
  std::unique_ptr<std::FILE, StdioCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file || number == 0) return {};
  char* buffer = nullptr;
  std::size_t capacity = 0;
  std::string found;
  for (std::uint64_t n = 1; ::getline(&buffer, &capacity, file.get()) > 0; ++n) {
    if (n < number) continue;
    std::string line(buffer);
    while (!line.empty() && line.back() == '\n') line.pop_back();
    // ...,"hash":"<64 hex>"}: the hex starts 66 bytes before the end.
    if (line.size() > 66) found = line.substr(line.size() - 66, 64);
    break;
  }
  std::free(buffer);
  return found;
}

struct Chain {
  TranscriptCheck check;
  bool cut_short = false;  // the last line has no '\n'
};

// The chain's problems, with those of a last line cut short folded into one finding.
Result<Chain> read_chain(const std::string& path) {
  auto check = check_transcript(path);
  if (!check.ok()) return check.error();
  Chain chain{std::move(check).value(), ends_mid_line(path)};
  if (chain.cut_short) {
    const std::string last = line_prefix(chain.check.lines);
    std::vector<std::string> kept;
    for (auto& p : chain.check.problems) {
      if (p.compare(0, last.size(), last) != 0) kept.push_back(std::move(p));
    }
    chain.check.problems = std::move(kept);
  }
  return chain;
}

std::string range(std::uint64_t from, std::uint64_t to) {
  return from == to ? "line " + std::to_string(from)
                    : "lines " + std::to_string(from) + "-" + std::to_string(to);
}

}  // namespace

void check_finished_transcript(const std::string& dir, const nlohmann::json* recorded,
                               VerifyReport& report) {
  const std::string path = dir + "/" + kName;
  auto chain = read_chain(path);
  if (!chain.ok()) {
    report.problems.push_back(kName + ": " + chain.error().message);
    return;
  }
  const TranscriptCheck& found = chain->check;
  auto& problems = report.problems;
  problems.insert(problems.end(), found.problems.begin(), found.problems.end());
  if (chain->cut_short) {
    problems.push_back(line_prefix(found.lines) +
                       " cut short (no newline; the line is "
                       "incomplete)");
  }
  report.intact_lines = found.problems.empty() ? found.lines - (chain->cut_short ? 1 : 0) : 0;
  if (recorded == nullptr || !recorded->is_object()) return;
  auto lines = recorded->find("lines");
  auto last = recorded->find("last_hash");
  if (lines == recorded->end() || !lines->is_number_unsigned()) return;
  const std::uint64_t expected = lines->get<std::uint64_t>();
  const std::string head = kName + ": " + std::to_string(found.lines) +
                           " lines, but the manifest recorded " + lines->dump();
  if (found.lines < expected) {
    problems.push_back(head + ": " + range(found.lines + 1, expected) + " removed (cut short)");
  } else if (found.lines > expected) {
    bool chain_held = last != recorded->end() && last->is_string() &&
                      stated_hash_of_line(path, expected) == last->get<std::string>();
    problems.push_back(head + ": " + range(expected + 1, found.lines) +
                       (chain_held ? " added after the run finished" : " added"));
  } else if (last != recorded->end() && last->is_string() && *last != found.last_hash) {
    problems.push_back(kName +
                       ": last line's hash differs from the one in the manifest "
                       "(transcript rewritten)");
  }
}

void check_unfinished(const std::string& dir, const std::vector<std::string>& present,
                      bool has_signature, VerifyReport& report) {
  auto chain = read_chain(dir + "/" + kName);
  if (!chain.ok()) {
    report.problems.push_back(kName + ": " + chain.error().message);
    report.verdict = VerifyVerdict::tampered;
    return;
  }
  const TranscriptCheck& found = chain->check;
  report.problems.insert(report.problems.end(), found.problems.begin(), found.problems.end());
  if (!report.problems.empty()) {
    report.verdict = VerifyVerdict::tampered;
    return;
  }
  report.verdict = VerifyVerdict::incomplete;
  report.intact_lines = found.lines - (chain->cut_short ? 1 : 0);
  if (chain->cut_short) {
    report.notes.push_back(line_prefix(found.lines) +
                           " cut short: its write was interrupted; not part of the record");
  }
  for (const auto& name : present) {
    if (name != kName) {
      report.notes.push_back(name + ": not checked (no manifest.json lists its hash)");
    }
  }
  if (has_signature) {
    report.notes.push_back(std::string(kSignatureFileName) +
                           ": present without manifest.json; nothing it signs");
  }
}

}  // namespace stimbench
