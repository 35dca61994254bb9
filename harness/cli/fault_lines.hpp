// The transcript line of one injected fault (docs/mock.md, "Fault lines"), shared by the run
// (built-in mock), `stimbench mock --out` and `stimbench proxy --out`.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "devices/core/clock.hpp"
#include "devices/core/result.hpp"
#include "devices/mock/fault_schedule.hpp"
#include "harness/evidence/transcript.hpp"

namespace stimbench::cli {

nlohmann::json fault_line(const FaultEvent& event);

// The transcript of `stimbench mock --out` and `stimbench proxy --out`: a clock line first,
// then fault and note lines. Without a path it stays closed and drops every line. The first
// write error is kept, so the process still serves and reports it when it ends.
class SideTranscript {
 public:
  Status open(const std::string& path, const Clock& clock);
  void append(nlohmann::json line);
  std::string finish();  // closes; the first error, or empty

 private:
  std::unique_ptr<TranscriptWriter> writer_;
  std::string error_;
};

// Prints the address (the first-line contract, design.md section 3: exactly the address,
// flushed at once), then runs `io` until SIGINT or SIGTERM, calling `stop` first.
void serve_until_signal(boost::asio::io_context& io, const std::string& address,
                        const std::function<void()>& stop);

}  // namespace stimbench::cli
