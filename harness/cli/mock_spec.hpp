// How a mock is configured, from `stimbench mock` flags or a `mock:?key=value` URI, so the
// standalone and the built-in mock take the same options.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "devices/core/profile.hpp"
#include "devices/core/result.hpp"
#include "devices/mock/mock_server.hpp"
#include "devices/mock/mock_stimulator.hpp"
#include "devices/transport/uri.hpp"

namespace stimbench::cli {

struct MockSpec {
  std::vector<std::string> defects;  // names, as --list-defects prints them
  std::vector<std::string> faults;   // fault SPECs (docs/mock.md)
  std::uint64_t seed = 0;
  std::optional<double> coil_temperature_c;
  double time_scale = 1.0;
  bool line_rate = false;        // replies paced at the profile's serial baud
  bool strict_grid = false;      // a correct unit that checks the step grid on exact decimals
  bool minimal_replies = false;  // MagPro: no reply the sheet does not promise
  // Rapid²: the answer to `[` while enhanced power is on; only for profiles with
  // enhanced_power. nullopt: the mock's default (refuse).
  std::optional<EnhancedTrainMode> enhanced_train;
  // Processing time before each reply; nullopt: none on real time.
  std::optional<std::chrono::microseconds> reply_latency;
};

struct MockSetup {
  MockOptions device;
  MockServerOptions server;
};

// `refuse`, `drop` or `keep` (docs/mock.md); invalid_input names the three otherwise.
Result<EnhancedTrainMode> parse_enhanced_train(const std::string& text);

// Checks names and specs; invalid_input says which one is wrong.
Result<MockSetup> build_mock_setup(const DeviceProfile& profile, const MockSpec& spec);

// The built-in mock's options from its URI: `mock:?defect=a,b&fault=SPEC&seed=N&
// coil_temperature=C&line_rate=on|off&latency=DURATION&strict_grid=on|off&minimal_replies=on|off&
// enhanced_train=refuse|drop|keep`. On virtual time the latency model is on by default: the
// profile's serial wire time plus its reply_latency_s (else the family's typical reply time).
// `run_seed` is --seed, used when the URI names none.
Result<MockSpec> mock_spec_from_uri(const DeviceUri& uri, const DeviceProfile& profile,
                                    std::uint64_t run_seed, bool virtual_time);

// The family's typical processing time before a reply, used when the profile gives none.
std::chrono::microseconds default_reply_latency(const DeviceProfile& profile);

}  // namespace stimbench::cli
