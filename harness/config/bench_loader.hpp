// Bench files: the devices one `stimbench run` drives at once (docs/many-devices.md).
//
//   bench: lab-2                     # optional name of this bench
//   devices:
//     - name: left                   # evidence subfolder; letters, digits, _ . -
//       uri: tcp://127.0.0.1:5025
//       profile: reference           # optional: NAME or FILE, else --profile / the scenarios'
//     - name: right
//       uri: serial:///dev/ttyUSB0
//       profile: magstim-rapid2-v9-240v
//       serial: {baud: 9600, parity: none}   # folded into the URI's query
//       host: local                  # reserved for benches shared across machines
//
// Errors are file:line:column, like scenarios and profiles; the run then exits 2.
#pragma once

#include <string>
#include <vector>

#include "devices/core/result.hpp"

namespace stimbench {

struct BenchDevice {
  std::string name;
  std::string uri;      // with any `serial:` settings already in its query
  std::string profile;  // NAME or FILE; empty: the run's profile
  std::string where;    // "file:line:column" of the entry, for later messages
};

struct Bench {
  std::string name;  // `bench:`; empty when not given
  std::vector<BenchDevice> devices;
};

Result<Bench> load_bench_text(const std::string& text, const std::string& file);
Result<Bench> load_bench_file(const std::string& path);

// Devices from repeated --device: "URI" (named dev1, dev2, ... by position) or "NAME=URI".
// Names must be valid and unique; URIs are parsed here so mistakes are found before any
// device is contacted.
Result<Bench> bench_from_device_options(const std::vector<std::string>& options);

}  // namespace stimbench
