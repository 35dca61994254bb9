#include "harness/evidence/transcript.hpp"
#include "tests/support/wall_time.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <sstream>
#include <thread>

#include "harness/evidence/hashing.hpp"
#include "tests/evidence/evidence_test_util.hpp"

namespace stimbench {
namespace {

using nlohmann::json;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

json frame(std::int64_t t_ns, const char* dir, const char* hex, json decoded) {
  return {{"t_ns", t_ns}, {"type", "frame"}, {"dir", dir}, {"hex", hex}, {"decoded", decoded}};
}

class TranscriptTest : public ::testing::Test {
 protected:
  // Three lines: tx frame, rx frame, event.
  void write_three() {
    auto writer = TranscriptWriter::create(path_);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    ASSERT_TRUE((*writer)->append(frame(100, "tx", "2A 49 44 4E 3F 0A", "*IDN?")).ok());
    ASSERT_TRUE((*writer)->append(frame(250, "rx", "4F 4B 0A", {{"reply", "OK"}})).ok());
    ASSERT_TRUE((*writer)->append({{"t_ns", 300}, {"type", "event"}, {"text", "armed"}}).ok());
    EXPECT_EQ((*writer)->lines_written(), 3u);
    last_hash_ = (*writer)->last_hash();
    ASSERT_TRUE((*writer)->close().ok());
  }
  std::vector<std::string> problems() {
    auto check = check_transcript(path_);
    EXPECT_TRUE(check.ok());
    return check.ok() ? check->problems : std::vector<std::string>{"unreadable"};
  }

  test::TempDir dir_;
  std::string path_ = dir_.file("transcript.jsonl");
  std::string last_hash_;
};

TEST_F(TranscriptTest, WritesSeqPrevAndHashThatAnIndependentReaderCanRecompute) {
  write_three();
  auto lines = lines_of(test::read_text(path_));
  ASSERT_EQ(lines.size(), 3u);
  std::string prev(64, '0');
  for (std::size_t i = 0; i < lines.size(); ++i) {
    json parsed = json::parse(lines[i]);
    EXPECT_EQ(parsed["seq"], i);
    EXPECT_EQ(parsed["prev"], prev) << "line " << i + 1;
    std::string hash = parsed["hash"];
    // What is hashed: the line with its trailing `,"hash":"…"` member removed.
    std::string member = ",\"hash\":\"" + hash + "\"";
    ASSERT_EQ(lines[i].rfind(member), lines[i].size() - member.size() - 1);
    std::string body = lines[i].substr(0, lines[i].size() - member.size() - 1) + "}";
    EXPECT_EQ(sha256_hex(body), hash);
    // ... which is also the canonical (sorted, compact) dump of the other fields.
    parsed.erase("hash");
    EXPECT_EQ(body, parsed.dump());
    prev = hash;
  }
  EXPECT_EQ(prev, last_hash_);
  EXPECT_EQ(json::parse(lines[0])["hex"], "2A 49 44 4E 3F 0A");
  EXPECT_EQ(json::parse(lines[1])["decoded"]["reply"], "OK");

  auto check = check_transcript(path_);
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->problems.empty()) << check->problems[0];
  EXPECT_EQ(check->lines, 3u);
  EXPECT_EQ(check->last_hash, last_hash_);
}

TEST_F(TranscriptTest, OneTamperedByteIsReportedOnItsLineOnly) {
  write_three();
  std::string text = test::read_text(path_);
  auto pos = text.find("4F 4B");  // in line 2
  ASSERT_NE(pos, std::string::npos);
  text[pos] = '5';
  test::write_text(path_, text);
  auto found = problems();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].find("line 2"), std::string::npos) << found[0];
  EXPECT_NE(found[0].find("hash mismatch"), std::string::npos) << found[0];
}

TEST_F(TranscriptTest, RehashedForgeryBreaksTheNextLinksPrev) {
  write_three();
  auto lines = lines_of(test::read_text(path_));
  json second = json::parse(lines[1]);
  second.erase("hash");
  second["hex"] = "45 52 52 0A";
  std::string body = canonical_json(second);
  lines[1] = body.substr(0, body.size() - 1) + ",\"hash\":\"" + sha256_hex(body) + "\"}";
  test::write_text(path_, join_lines(lines));
  auto found = problems();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].find("line 3"), std::string::npos) << found[0];
  EXPECT_NE(found[0].find("prev"), std::string::npos) << found[0];
}

TEST_F(TranscriptTest, DeletedAndReorderedLinesAreReported) {
  write_three();
  auto lines = lines_of(test::read_text(path_));
  test::write_text(path_, join_lines({lines[0], lines[2]}));
  auto found = problems();
  ASSERT_EQ(found.size(), 2u);  // seq gap and broken prev, both on the line after the hole
  EXPECT_NE(found[0].find("line 2: seq 2, expected 1"), std::string::npos) << found[0];
  EXPECT_NE(found[1].find("line 2: prev"), std::string::npos) << found[1];

  test::write_text(path_, join_lines({lines[1], lines[0], lines[2]}));
  EXPECT_GE(problems().size(), 3u);
}

TEST_F(TranscriptTest, TruncatedLastLineIsReported) {
  write_three();
  std::string text = test::read_text(path_);
  test::write_text(path_, text.substr(0, text.size() - 20));
  auto found = problems();
  ASSERT_FALSE(found.empty());
  EXPECT_NE(found[0].find("line 3: no newline"), std::string::npos) << found[0];
}

TEST_F(TranscriptTest, ExistingFileIsNeverReopened) {
  write_three();
  auto again = TranscriptWriter::create(path_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(lines_of(test::read_text(path_)).size(), 3u);
}

TEST_F(TranscriptTest, RejectsMalformedEventsWithoutWritingThem) {
  auto writer = TranscriptWriter::create(path_);
  ASSERT_TRUE(writer.ok());
  auto& w = **writer;
  EXPECT_EQ(w.append(json::array({1, 2})).error().code, ErrorCode::invalid_input);
  EXPECT_FALSE(w.append({{"type", "event"}}).ok());                 // no t_ns
  EXPECT_FALSE(w.append({{"t_ns", 1.5}, {"type", "event"}}).ok());  // not an integer
  EXPECT_FALSE(w.append({{"t_ns", 1}}).ok());                       // no type
  EXPECT_FALSE(w.append({{"t_ns", 1}, {"type", "event"}, {"seq", 9}}).ok());
  EXPECT_FALSE(w.append({{"t_ns", 1}, {"type", "event"}, {"hash", "x"}}).ok());
  EXPECT_FALSE(w.append({{"t_ns", 1}, {"type", "frame"}, {"dir", "up"}, {"hex", "00"}}).ok());
  EXPECT_FALSE(w.append({{"t_ns", 1}, {"type", "frame"}, {"dir", "tx"}}).ok());  // no hex
  EXPECT_EQ(w.lines_written(), 0u);
  EXPECT_TRUE(w.append({{"t_ns", 1}, {"type", "event"}}).ok());  // and it still works after
  ASSERT_TRUE(w.close().ok());
  EXPECT_EQ(w.append({{"t_ns", 2}, {"type", "event"}}).error().code, ErrorCode::closed);
  EXPECT_TRUE(problems().empty());
}

TEST_F(TranscriptTest, RawDeviceBytesStayAsciiAndVerifiable) {
  auto writer = TranscriptWriter::create(path_);
  ASSERT_TRUE(writer.ok());
  std::string raw = test::hostile_text();
  ASSERT_TRUE((*writer)->append(frame(1, "rx", "FF", raw)).ok());
  ASSERT_TRUE((*writer)->close().ok());
  std::string text = test::read_text(path_);
  for (unsigned char c : text) ASSERT_TRUE(c == '\n' || (c >= 0x20 && c < 0x7F)) << int(c);
  EXPECT_TRUE(problems().empty());
}

TEST_F(TranscriptTest, ConcurrentAppendsKeepOneUnbrokenChain) {
  auto writer = TranscriptWriter::create(path_, TranscriptSync::background);
  ASSERT_TRUE(writer.ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 250; ++i) {
        EXPECT_TRUE((*writer)->append({{"t_ns", i}, {"type", "event"}, {"thread", t}}).ok());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE((*writer)->close().ok());
  auto check = check_transcript(path_);
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->lines, 1000u);
  EXPECT_TRUE(check->problems.empty()) << check->problems[0];
}

double append_us_per_line(const std::string& path, TranscriptSync sync, int lines) {
  auto writer = TranscriptWriter::create(path, sync);
  EXPECT_TRUE(writer.ok());
  if (!writer.ok()) return 1e9;
  auto start = wall_now();
  for (int i = 0; i < lines; ++i) {
    EXPECT_TRUE((*writer)
                    ->append(frame(i, "tx", "53 4F 55 52 3A 41 4D 50 4C 20 35 30 0A",
                                   {{"command", "SOUR:AMPL"}, {"value", 50}}))
                    .ok());
  }
  auto elapsed = wall_now() - start;
  EXPECT_TRUE((*writer)->close().ok());
  auto check = check_transcript(path);
  EXPECT_TRUE(check.ok() && check->problems.empty() && check->lines == std::uint64_t(lines));
  return std::chrono::duration<double, std::micro>(elapsed).count() / lines;
}

// A frame append sits on the I/O path, so it must not stall it; every_line is only bounded
// loosely (it is the disk's flush latency), background must stay far below a timing window.
TEST_F(TranscriptTest, AppendCostPerMode) {
  double durable = append_us_per_line(path_, TranscriptSync::every_line, 200);
  double background = append_us_per_line(dir_.file("bg.jsonl"), TranscriptSync::background, 2000);
  double none = append_us_per_line(dir_.file("none.jsonl"), TranscriptSync::none, 2000);
  std::printf("transcript append: every_line %.1f us, background %.1f us, none %.1f us/line\n",
              durable, background, none);
  RecordProperty("every_line_us", static_cast<int>(durable));
  RecordProperty("background_us", static_cast<int>(background));
  EXPECT_LT(durable, 50'000.0);
  EXPECT_LT(background, 1'000.0);
}

TEST_F(TranscriptTest, BackgroundSyncerStopsCleanlyWhenDestroyedWithoutClose) {
  {
    auto writer = TranscriptWriter::create(path_, TranscriptSync::background);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->append({{"t_ns", 1}, {"type", "event"}}).ok());
  }
  EXPECT_TRUE(problems().empty());
  EXPECT_EQ(lines_of(test::read_text(path_)).size(), 1u);
}

}  // namespace
}  // namespace stimbench
