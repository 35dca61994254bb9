#include "harness/runner/transcript_sink.hpp"

#include "harness/evidence/evidence_text.hpp"

namespace stimbench {

void TranscriptSink::append(nlohmann::json line) {
  Status s = writer_.append(std::move(line));
  if (!s && !write_error_) write_error_ = s.error();
}

void TranscriptSink::on_frame(const FrameEvent& frame) {
  ++frames_;
  // `hex` holds every byte; `decoded` is only a reading of them and is capped.
  nlohmann::json line = {{"type", "frame"},
                         {"t_ns", frame.t_ns},
                         {"dir", frame.direction == FrameDirection::tx ? "tx" : "rx"},
                         {"hex", to_hex(frame.bytes)},
                         {"decoded", cap_text(frame.decoded)}};
  if (frame.dropped_bytes > 0) line["dropped_bytes"] = frame.dropped_bytes;
  if (frame.partial) line["partial"] = true;
  append(std::move(line));
}

void TranscriptSink::event(const std::string& type, nlohmann::json detail) {
  cap_strings(detail);
  append({{"type", "event"},
          {"t_ns", clock_.now_ns()},
          {"event", type},
          {"detail", std::move(detail)}});
}

}  // namespace stimbench
