#include "harness/runner/transcript_sink.hpp"

#include <gtest/gtest.h>

#include "harness/evidence/evidence_text.hpp"
#include "tests/evidence/evidence_test_util.hpp"

namespace stimbench {
namespace {

using nlohmann::json;

// The JSON object a frame line stands for (docs/evidence-format.md), built as a DOM.
json frame_object(const FrameEvent& frame) {
  json line = {{"type", "frame"},
               {"t_ns", frame.t_ns},
               {"dir", frame.direction == FrameDirection::tx ? "tx" : "rx"},
               {"hex", to_hex(frame.bytes)},
               {"decoded", cap_text(frame.decoded)}};
  if (frame.dropped_bytes > 0) line["dropped_bytes"] = frame.dropped_bytes;
  if (frame.partial) line["partial"] = true;
  return line;
}

std::vector<FrameEvent> sample_frames() {
  std::vector<FrameEvent> frames;
  frames.push_back(
      {FrameDirection::tx, to_bytes(std::string_view("SOUR:AMPL?\n")), 10, "SOUR:AMPL?"});
  frames.push_back({FrameDirection::rx, to_bytes(std::string_view("50\r\n")), 42, "50"});
  frames.push_back({FrameDirection::rx, Bytes(5000, 'x'), 50, std::string(5000, 'x'), 904});
  frames.push_back({FrameDirection::rx, Bytes{0xCF, 'K'}, 60, "partial (no line end)", 0, true});
  frames.push_back({FrameDirection::rx, Bytes{}, -5, test::hostile_text()});
  frames.push_back({FrameDirection::tx, Bytes{0}, 70, std::string(600, '\xE2')});
  return frames;
}

TEST(TranscriptSink, WritesTheSameBytesAsTheJsonObjectsItStandsFor) {
  test::TempDir dir;
  FakeClock clock;
  auto sunk = TranscriptWriter::create(dir.file("sink.jsonl"), TranscriptSync::none);
  auto dom = TranscriptWriter::create(dir.file("dom.jsonl"), TranscriptSync::none);
  ASSERT_TRUE(sunk.ok() && dom.ok());
  TranscriptSink sink(**sunk, clock);
  for (const FrameEvent& frame : sample_frames()) {
    sink.on_frame(frame);
    ASSERT_TRUE((*dom)->append(frame_object(frame)).ok());
  }
  json detail = {{"step", "steps #1 [2/3] get power"},
                 {"nested", {{"text", std::string(700, 'y')}, {"list", {1, "two", nullptr}}}},
                 {"odd", test::hostile_text()}};
  sink.event("step_start", detail);
  json capped = detail;
  cap_strings(capped);
  ASSERT_TRUE((*dom)
                  ->append({{"type", "event"},
                            {"t_ns", clock.now_ns()},
                            {"event", "step_start"},
                            {"detail", capped}})
                  .ok());
  sink.event("empty", nullptr);
  ASSERT_TRUE((*dom)
                  ->append({{"type", "event"},
                            {"t_ns", clock.now_ns()},
                            {"event", "empty"},
                            {"detail", nullptr}})
                  .ok());
  EXPECT_FALSE(sink.broken());
  EXPECT_EQ(sink.frames(), sample_frames().size());
  ASSERT_TRUE((*sunk)->close().ok() && (*dom)->close().ok());
  EXPECT_EQ(test::read_text(dir.file("sink.jsonl")), test::read_text(dir.file("dom.jsonl")));
  auto check = check_transcript(dir.file("sink.jsonl"));
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->problems.empty());
}

TEST(TranscriptSink, KeepsTheFirstWriteError) {
  test::TempDir dir;
  FakeClock clock;
  auto writer = TranscriptWriter::create(dir.file("t.jsonl"), TranscriptSync::none);
  ASSERT_TRUE(writer.ok());
  TranscriptSink sink(**writer, clock);
  ASSERT_TRUE((*writer)->close().ok());
  sink.on_frame(sample_frames().front());
  sink.event("later", json::object());
  ASSERT_TRUE(sink.write_error().has_value());
  EXPECT_EQ(sink.write_error()->code, ErrorCode::closed);
  EXPECT_TRUE(sink.broken());
}

}  // namespace
}  // namespace stimbench
