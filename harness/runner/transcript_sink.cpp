#include "harness/runner/transcript_sink.hpp"

namespace stimbench {

void TranscriptSink::append(nlohmann::json line) {
  Status s = writer_.append(std::move(line));
  if (!s && !write_error_) write_error_ = s.error();
}

void TranscriptSink::on_frame(const FrameEvent& frame) {
  ++frames_;
  append({{"type", "frame"},
          {"t_ns", frame.t_ns},
          {"dir", frame.direction == FrameDirection::tx ? "tx" : "rx"},
          {"hex", to_hex(frame.bytes)},
          {"decoded", frame.decoded}});
}

void TranscriptSink::event(const std::string& type, nlohmann::json detail) {
  append({{"type", "event"},
          {"t_ns", clock_.now_ns()},
          {"event", type},
          {"detail", std::move(detail)}});
}

}  // namespace stimbench
