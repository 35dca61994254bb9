#include "harness/runner/transcript_sink.hpp"

#include "harness/evidence/evidence_text.hpp"

namespace stimbench {

void TranscriptSink::append_members() {
  Status s = writer_.append_members(before_.text(), after_.text());
  if (!s && !write_error_) write_error_ = s.error();
}

// Written as canonical members in key order (decoded, dir, dropped_bytes, hex, partial |
// prev, seq | t_ns, type): the same bytes as the JSON object it stands for.
void TranscriptSink::on_frame(const FrameEvent& frame) {
  ++frames_;
  before_.clear();
  after_.clear();
  // `hex` holds every byte; `decoded` is only a reading of them and is capped.
  if (frame.decoded.size() <= kMaxEvidenceText) {
    before_.add_string("decoded", frame.decoded);
  } else {
    before_.add_string("decoded", cap_text(frame.decoded));
  }
  before_.add_string("dir", frame.direction == FrameDirection::tx ? "tx" : "rx");
  if (frame.dropped_bytes > 0) before_.add_uint("dropped_bytes", frame.dropped_bytes);
  before_.add_hex("hex", frame.bytes);
  if (frame.partial) before_.add_true("partial");
  after_.add_int("t_ns", frame.t_ns);
  after_.add_string("type", "frame");
  append_members();
}

// Members detail, event | prev, seq | t_ns, type; `detail` is serialised once, canonically.
void TranscriptSink::event(const std::string& type, nlohmann::json detail) {
  cap_strings(detail);
  try {
    detail_ = canonical_json(detail);
  } catch (const std::exception& e) {
    if (!write_error_) {
      write_error_ = make_error(ErrorCode::internal,
                                std::string("cannot serialise transcript event: ") + e.what());
    }
    return;
  }
  before_.clear();
  after_.clear();
  before_.add_raw("detail", detail_);
  before_.add_string("event", type);
  after_.add_int("t_ns", clock_.now_ns());
  after_.add_string("type", "event");
  append_members();
}

}  // namespace stimbench
