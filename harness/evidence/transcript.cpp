#include "harness/evidence/transcript.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "harness/evidence/file_io.hpp"
#include "harness/evidence/hashing.hpp"

namespace stimbench {
namespace {

// A line is canonical(body without hash) with this member spliced in before the closing brace.
constexpr std::string_view kHashPrefix = ",\"hash\":\"";
constexpr std::size_t kHashSuffixSize = kHashPrefix.size() + 64 + 2;  // + hex + "}
constexpr std::size_t kMaxProblems = 100;  // a wholly corrupt file should not flood the report

bool is_lower_hex64(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Status validate_event(const nlohmann::json& event) {
  if (!event.is_object()) {
    return make_error(ErrorCode::invalid_input, "transcript event must be a JSON object");
  }
  for (const char* reserved : {"seq", "prev", "hash"}) {
    if (event.contains(reserved)) {
      return make_error(ErrorCode::invalid_input, std::string("transcript event must not set '") +
                                                      reserved + "': the writer owns it");
    }
  }
  auto t_ns = event.find("t_ns");
  if (t_ns == event.end() || !t_ns->is_number_integer()) {
    return make_error(ErrorCode::invalid_input, "transcript event needs an integer 't_ns'");
  }
  auto type = event.find("type");
  if (type == event.end() || !type->is_string() || type->get_ref<const std::string&>().empty()) {
    return make_error(ErrorCode::invalid_input, "transcript event needs a non-empty 'type'");
  }
  if (type->get_ref<const std::string&>() == "frame") {
    auto dir = event.find("dir");
    if (dir == event.end() || !(*dir == "tx" || *dir == "rx")) {
      return make_error(ErrorCode::invalid_input, "frame event needs 'dir' \"tx\" or \"rx\"");
    }
    auto hex = event.find("hex");
    if (hex == event.end() || !hex->is_string()) {
      return make_error(ErrorCode::invalid_input, "frame event needs a string 'hex'");
    }
  }
  return Status::success();
}

std::string base_name(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// Checks one line (without its '\n'); returns its stated hash, or empty if it has none.
std::string check_line(std::string_view line, std::uint64_t index, const std::string& expected_prev,
                       const std::string& where, std::vector<std::string>& problems) {
  auto report = [&](const std::string& what) { problems.push_back(where + ": " + what); };
  if (line.size() < kHashSuffixSize + 2 || line.back() != '}' ||
      line.substr(line.size() - kHashSuffixSize, kHashPrefix.size()) != kHashPrefix ||
      line[line.size() - 2] != '"') {
    report("no trailing \"hash\" member; not a transcript line");
    return {};
  }
  std::string stated(line.substr(line.size() - kHashSuffixSize + kHashPrefix.size(), 64));
  if (!is_lower_hex64(stated)) {
    report("\"hash\" is not 64 lower-case hex digits");
    return {};
  }
  std::string body(line.substr(0, line.size() - kHashSuffixSize));
  body.push_back('}');
  if (sha256_hex(body) != stated) report("hash mismatch: the line was altered");

  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) {
    report("not a JSON object");
    return stated;
  }
  auto seq = parsed.find("seq");
  if (seq == parsed.end() || !seq->is_number_unsigned() || seq->get<std::uint64_t>() != index) {
    report("seq " + (seq == parsed.end() ? std::string("missing") : seq->dump()) + ", expected " +
           std::to_string(index) + " (lines missing, duplicated or reordered)");
  }
  auto prev = parsed.find("prev");
  if (prev == parsed.end() || !prev->is_string() || prev->get<std::string>() != expected_prev) {
    report(index == 0 ? "prev is not the genesis hash (64 zeros)"
                      : "prev does not match the hash of line " + std::to_string(index) +
                            " (chain broken)");
  }
  if (!parsed.contains("t_ns") || !parsed["t_ns"].is_number_integer()) report("t_ns missing");
  if (!parsed.contains("type") || !parsed["type"].is_string()) report("type missing");
  return stated;
}

}  // namespace

std::string canonical_json(const nlohmann::json& value) {
  // nlohmann's default object is a std::map, so keys come out sorted by UTF-8 bytes.
  return value.dump(-1, ' ', /*ensure_ascii=*/true, nlohmann::json::error_handler_t::replace);
}

TranscriptWriter::TranscriptWriter(int fd, std::string path, TranscriptSync sync)
    : fd_(fd), path_(std::move(path)), sync_(sync), prev_(kTranscriptGenesisHash) {
  if (sync_ == TranscriptSync::background) syncer_ = std::thread([this] { sync_loop(); });
}

void TranscriptWriter::sync_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return dirty_ || stopping_; });
    if (stopping_) return;  // close() does the final sync
    dirty_ = false;
    int fd = fd_;
    lock.unlock();  // appends keep going while the disk flushes
    bool synced = ::fdatasync(fd) == 0;
    int saved = errno;
    lock.lock();
    if (!synced && !failed_) {
      failed_ = make_error(ErrorCode::io, "cannot sync " + path_ + ": " + std::strerror(saved));
    }
  }
}

TranscriptWriter::~TranscriptWriter() {
  (void)close();
}

Result<std::unique_ptr<TranscriptWriter>> TranscriptWriter::create(const std::string& path,
                                                                   TranscriptSync sync) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == EEXIST) {
      return make_error(ErrorCode::invalid_input, path +
                                                      " already exists; a transcript is never "
                                                      "appended to or overwritten");
    }
    return make_error(ErrorCode::io, "cannot create " + path + ": " + std::strerror(errno));
  }
  // Make the new directory entry durable too, or a power cut could lose the whole file.
  Status synced = sync_directory(parent_directory(path));
  if (!synced.ok()) {
    ::close(fd);
    return synced.error();
  }
  return std::unique_ptr<TranscriptWriter>(new TranscriptWriter(fd, path, sync));
}

Status TranscriptWriter::append(nlohmann::json event) {
  std::lock_guard lock(mutex_);
  if (failed_) return *failed_;
  if (fd_ < 0) return make_error(ErrorCode::closed, path_ + " is closed");
  try {
    Status valid = validate_event(event);
    if (!valid.ok()) return valid;
    event["seq"] = seq_;
    event["prev"] = prev_;
    line_ = canonical_json(event);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::internal,
                      std::string("cannot serialise transcript event: ") + e.what());
  }
  return finish_line();
}

Status TranscriptWriter::append_members(std::string_view before, std::string_view after) {
  std::lock_guard lock(mutex_);
  if (failed_) return *failed_;
  if (fd_ < 0) return make_error(ErrorCode::closed, path_ + " is closed");
  char seq[24];
  auto seq_end = std::to_chars(seq, seq + sizeof seq, seq_).ptr;
  line_.clear();
  line_.push_back('{');
  line_.append(before);
  if (!before.empty()) line_.push_back(',');
  line_.append("\"prev\":\"").append(prev_).append("\",\"seq\":").append(seq, seq_end);
  if (!after.empty()) line_.push_back(',');
  line_.append(after);
  line_.push_back('}');
  return finish_line();
}

Status TranscriptWriter::finish_line() {
  char hash[64];
  if (!hasher_.hex_digest(line_, hash)) {
    return make_error(ErrorCode::internal, "cannot hash a transcript line of " + path_);
  }
  line_.pop_back();  // the closing brace; the hash member goes last
  line_.append(kHashPrefix).append(hash, sizeof hash).append("\"}\n");
  Status written = write_all(fd_, line_, path_);
  if (written.ok() && sync_ == TranscriptSync::every_line && ::fdatasync(fd_) != 0) {
    written = make_error(ErrorCode::io, "cannot sync " + path_ + ": " + std::strerror(errno));
  }
  if (!written.ok()) {
    failed_ = written.error();
    return written;
  }
  prev_.assign(hash, sizeof hash);
  ++seq_;
  // A syncer already woken (dirty_ still set) picks this line up too: no second wake-up.
  if (sync_ == TranscriptSync::background && !dirty_) {
    dirty_ = true;
    wake_.notify_one();
  }
  return Status::success();
}

Status TranscriptWriter::close() {
  std::lock_guard one_closer(close_mutex_);  // a second close() waits, then finds fd_ < 0
  std::unique_lock lock(mutex_);
  if (fd_ < 0) return Status::success();
  if (syncer_.joinable()) {
    stopping_ = true;
    wake_.notify_one();
    lock.unlock();
    syncer_.join();
    lock.lock();
  }
  Status status = failed_ ? Status(*failed_) : Status::success();
  if (::fdatasync(fd_) != 0 && status.ok()) {
    status = make_error(ErrorCode::io, "cannot sync " + path_ + ": " + std::strerror(errno));
  }
  if (::close(fd_) != 0 && status.ok()) {
    status = make_error(ErrorCode::io, "cannot close " + path_ + ": " + std::strerror(errno));
  }
  fd_ = -1;
  return status;
}

std::uint64_t TranscriptWriter::lines_written() const {
  std::lock_guard lock(mutex_);
  return seq_;
}

std::string TranscriptWriter::last_hash() const {
  std::lock_guard lock(mutex_);
  return prev_;
}

Result<TranscriptCheck> check_transcript(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return make_error(ErrorCode::io, "cannot open " + path + ": " + std::strerror(errno));
  }
  TranscriptCheck check;
  check.last_hash = std::string(kTranscriptGenesisHash);
  std::string name = base_name(path);
  char* buffer = nullptr;
  std::size_t capacity = 0;
  std::size_t dropped = 0;
  std::vector<std::string> found;
  ssize_t n = 0;
  while ((n = ::getline(&buffer, &capacity, file.get())) > 0) {
    std::string_view line(buffer, static_cast<std::size_t>(n));
    std::string where = name + " line " + std::to_string(check.lines + 1);
    if (line.back() == '\n') {
      line.remove_suffix(1);
    } else {
      found.push_back(where + ": no newline at the end (write interrupted?)");
    }
    std::string stated = check_line(line, check.lines, check.last_hash, where, found);
    // Link the next line to the stated hash so an altered line is reported once, on itself.
    check.last_hash = stated.empty() ? std::string(64, '?') : stated;
    ++check.lines;
    for (auto& problem : found) {
      if (check.problems.size() < kMaxProblems) {
        check.problems.push_back(std::move(problem));
      } else {
        ++dropped;
      }
    }
    found.clear();
  }
  bool read_error = std::ferror(file.get()) != 0;
  std::free(buffer);
  if (read_error) return make_error(ErrorCode::io, "cannot read " + path);
  if (dropped > 0) {
    check.problems.push_back(name + ": " + std::to_string(dropped) + " more problems not listed");
  }
  return check;
}

}  // namespace stimbench
