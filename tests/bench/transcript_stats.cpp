#include "tests/bench/transcript_stats.hpp"

#include <algorithm>
#include <fstream>
#include <numeric>

#include <nlohmann/json.hpp>

namespace stimbench::bench {

Result<LoopTimes> loop_times(const std::string& transcript_path, const std::string& decoded) {
  std::ifstream in(transcript_path);
  if (!in) return make_error(ErrorCode::io, "cannot open " + transcript_path);
  LoopTimes out;
  std::int64_t last_tx = -1;      // the previous matching command
  std::int64_t awaiting_rx = -1;  // a matching command whose reply is still to come
  std::string text;
  while (std::getline(in, text)) {
    auto line = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!line.is_object() || line.value("type", "") != "frame") continue;
    const std::int64_t t_ns = line.value("t_ns", std::int64_t{0});
    if (line.value("dir", "") == "rx") {
      if (awaiting_rx >= 0) out.latencies_ns.push_back(t_ns - awaiting_rx);
      awaiting_rx = -1;
      continue;
    }
    if (line.value("decoded", "") != decoded) {
      last_tx = awaiting_rx = -1;
      continue;
    }
    if (last_tx >= 0) out.periods_ns.push_back(t_ns - last_tx);
    last_tx = awaiting_rx = t_ns;
  }
  return out;
}

std::int64_t percentile(std::vector<std::int64_t>& samples, int percent) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  std::size_t rank = (samples.size() * static_cast<std::size_t>(percent) + 99) / 100;
  return samples[std::max<std::size_t>(rank, 1) - 1];
}

double mean(const std::vector<std::int64_t>& samples) {
  if (samples.empty()) return 0;
  return static_cast<double>(std::accumulate(samples.begin(), samples.end(), std::int64_t{0})) /
         static_cast<double>(samples.size());
}

}  // namespace stimbench::bench
