// Shared loading of the shipped fixtures for the safety tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "harness/config/envelope_loader.hpp"
#include "harness/config/profile_loader.hpp"
#include "harness/safety/oracle.hpp"

namespace stimbench::test {

inline const std::string kFixtures = std::string(STIMBENCH_SOURCE_DIR) + "/fixtures";

inline DeviceProfile reference_profile() {
  auto p = load_profile_file(kFixtures + "/profiles/reference.yaml");
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  return p.ok() ? *p : DeviceProfile{};
}

inline ClinicalPolicy wassermann() {
  auto p = load_policy_file(kFixtures + "/envelopes/wassermann-1998.yaml");
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  return p.ok() ? *p : ClinicalPolicy{};
}

inline OracleRequest request(std::map<Parameter, double> values,
                             std::optional<double> motor_threshold = std::nullopt) {
  OracleRequest r;
  r.values = std::move(values);
  r.motor_threshold = motor_threshold;
  return r;
}

inline bool has_reason(const OracleVerdict& v, const std::string& limit) {
  return std::any_of(v.reasons.begin(), v.reasons.end(),
                     [&](const OracleReason& r) { return r.limit == limit; });
}

inline const OracleReason* reason(const OracleVerdict& v, const std::string& limit) {
  for (const OracleReason& r : v.reasons) {
    if (r.limit == limit) return &r;
  }
  return nullptr;
}

}  // namespace stimbench::test
