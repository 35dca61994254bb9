// The permit a driver needs to arm, fire, start a train or put raw bytes on the wire. Only
// the harness's interlock (class Interlock) can create one, after judging a fresh read-back
// of the device; a driver spends it on exactly one command. A new step kind therefore cannot
// stimulate without passing the interlock: the compiler refuses the call.
#pragma once

#include <cstdint>
#include <span>
#include <utility>

#include "devices/core/bytes.hpp"
#include "devices/core/result.hpp"

namespace stimbench {

enum class Stimulation { arm, fire, train, raw };
const char* to_string(Stimulation kind);

class Interlock;        // harness/runner/interlock.hpp: the only producer
struct PermitForTests;  // tests/support only: drives a driver without a harness

class StimulationPermit {
 public:
  StimulationPermit(StimulationPermit&& other) noexcept
      : kind_(other.kind_),
        bytes_(std::move(other.bytes_)),
        live_(std::exchange(other.live_, false)) {}
  StimulationPermit& operator=(StimulationPermit&& other) noexcept {
    kind_ = other.kind_;
    bytes_ = std::move(other.bytes_);
    live_ = std::exchange(other.live_, false);
    return *this;
  }
  StimulationPermit(const StimulationPermit&) = delete;
  StimulationPermit& operator=(const StimulationPermit&) = delete;

  Stimulation kind() const { return kind_; }
  bool live() const { return live_; }

  // Spends the permit on one `kind` command (raw: exactly `bytes`). Fails with
  // ErrorCode::interlock when it was granted for something else or already spent.
  Status redeem(Stimulation kind, std::span<const std::uint8_t> bytes = {});

 private:
  friend class Interlock;
  friend struct PermitForTests;
  explicit StimulationPermit(Stimulation kind, Bytes bytes = {})
      : kind_(kind), bytes_(std::move(bytes)) {}

  Stimulation kind_;
  Bytes bytes_;  // raw: the bytes the interlock judged
  bool live_ = true;
};

}  // namespace stimbench
