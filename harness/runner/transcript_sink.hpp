// Streams every frame and runner event into the evidence transcript as it happens.
#pragma once

#include <string>

#include "devices/core/clock.hpp"
#include "devices/drivers/driver.hpp"
#include "harness/evidence/canonical_members.hpp"
#include "harness/evidence/transcript.hpp"
#include "harness/runner/run_context.hpp"

namespace stimbench {

class TranscriptSink final : public FrameObserver, public EventSink {
 public:
  TranscriptSink(TranscriptWriter& writer, const Clock& clock) : writer_(writer), clock_(clock) {}

  void on_frame(const FrameEvent& frame) override;
  void event(const std::string& type, nlohmann::json detail) override;
  bool broken() const override { return write_error_.has_value(); }

  // The first write error, if any: evidence that could not be written must fail the run.
  const std::optional<Error>& write_error() const { return write_error_; }
  std::size_t frames() const { return frames_; }

 private:
  // Appends before_ and after_ (canonical members, see TranscriptWriter::append_members).
  void append_members();

  TranscriptWriter& writer_;
  const Clock& clock_;
  std::optional<Error> write_error_;
  std::size_t frames_ = 0;
  // Reused for every line: once their capacity has grown, a frame allocates nothing here.
  CanonicalMembers before_;
  CanonicalMembers after_;
  std::string detail_;
};

}  // namespace stimbench
