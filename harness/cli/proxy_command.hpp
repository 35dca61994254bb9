// `stimbench proxy`: the fault proxy as its own process (docs/mock.md, "Fault proxy").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stimbench::cli {

struct ProxyArgs {
  std::string listen = "tcp://127.0.0.1:0";
  std::string upstream;
  std::vector<std::string> faults;
  std::uint64_t seed = 0;
  std::string profile = "reference";
  std::string out;  // fault transcript; empty: none
  bool allow_remote = false;
};

int proxy_command(const ProxyArgs& args);

}  // namespace stimbench::cli
