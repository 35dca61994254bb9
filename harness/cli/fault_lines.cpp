#include "harness/cli/fault_lines.hpp"

#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>

namespace stimbench::cli {

nlohmann::json fault_line(const FaultEvent& event) {
  const FaultDecision& d = event.decision;
  nlohmann::json line = {{"type", "fault"},
                         {"t_ns", event.t_ns},
                         {"kind", to_string(d.rule.kind)},
                         {"seed", event.seed},
                         {"direction", to_string(d.rule.direction)},
                         {"frame", d.frame},
                         {"rule", to_string(d.rule)}};
  if (d.rule.kind == FaultKind::delay) line["delay_us"] = d.delay.count();
  return line;
}

Status SideTranscript::open(const std::string& path, const Clock& clock) {
  auto writer = TranscriptWriter::create(path);
  if (!writer) return writer.error();
  writer_ = std::move(writer).value();
  append({{"type", "clock"},
          {"t_ns", clock.now_ns()},
          {"source", clock.name()},
          {"resolution_ns", clock.resolution_ns()}});
  return Status::success();
}

void SideTranscript::append(nlohmann::json line) {
  if (!writer_ || !error_.empty()) return;
  if (Status s = writer_->append(std::move(line)); !s) error_ = s.error().message;
}

std::string SideTranscript::finish() {
  if (writer_) {
    if (Status s = writer_->close(); !s && error_.empty()) error_ = s.error().message;
  }
  return error_;
}

void serve_until_signal(boost::asio::io_context& io, const std::string& address,
                        const std::function<void()>& stop) {
  std::printf("%s\n", address.c_str());
  std::fflush(stdout);
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    stop();
    io.stop();
  });
  io.run();
}

}  // namespace stimbench::cli
