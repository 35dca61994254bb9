// The active safety envelope: the limits a fire or train start must respect.
// This version holds the device profile's ranges; clinical policy layers on top later.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "devices/core/profile.hpp"

namespace stimbench {

struct EnvelopeViolation {
  Parameter parameter = Parameter::power;
  std::optional<double> value;  // absent: the value could not be read back
  std::string reason;
};

class SafetyEnvelope {
 public:
  explicit SafetyEnvelope(DeviceProfile profile) : profile_(std::move(profile)) {}

  // Every limited parameter must be read back and lie inside its range.
  std::vector<EnvelopeViolation> check(const std::map<Parameter, double>& readback) const;
  const DeviceProfile& profile() const { return profile_; }

 private:
  DeviceProfile profile_;
};

std::string describe(const std::vector<EnvelopeViolation>& violations);

}  // namespace stimbench
