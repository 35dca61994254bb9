// The boundary generator on the reference profile: counts, unique ids, and expectations.
#include "harness/safety/boundary.hpp"

#include <gtest/gtest.h>

#include <set>

#include "tests/safety/safety_test_util.hpp"

namespace stimbench::test {
namespace {

const BoundaryCase* find(const std::vector<BoundaryCase>& cases, const std::string& id) {
  for (const BoundaryCase& c : cases) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

OracleRequest request_of(const BoundaryCase& c) {
  OracleRequest r;
  for (const auto& [p, v] : c.preconditions) r.values[p] = v;
  if (c.value) r.values[c.parameter] = *c.value;
  return r;
}

TEST(Boundary, ReferenceProfileCountAndUniqueIds) {
  SafetyOracle o(reference_profile(), std::nullopt);
  auto cases = generate_boundary_cases(o, {});
  // 8 limits x (6 edges + off-step + 6 texts) + 144 cap + 90 power raises under a stored
  // frequency (45 drops in the cap table x at/above) + 9 min-wait + 6 max-on-time.
  EXPECT_EQ(cases.size(), 8u * 13 + 144 + 90 + 9 + 6);
  std::set<std::string> ids;
  for (const BoundaryCase& c : cases) EXPECT_TRUE(ids.insert(c.id).second) << c.id;
  // Stable: the same profile gives the same cases in the same order.
  auto again = generate_boundary_cases(o, {});
  ASSERT_EQ(again.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) EXPECT_EQ(again[i].id, cases[i].id);
}

TEST(Boundary, ExpectationsAreTheOraclesVerdict) {
  SafetyOracle o(reference_profile(), std::nullopt);
  for (const BoundaryCase& c : generate_boundary_cases(o, {})) {
    SCOPED_TRACE(c.id);
    EXPECT_EQ(c.value.has_value(), !c.text.has_value());
    if (!c.value) {
      EXPECT_EQ(c.expected.judgement, Judgement::refused);
      continue;
    }
    OracleVerdict v = c.trigger ? o.judge_trigger(request_of(c)) : o.judge_setting(request_of(c));
    EXPECT_EQ(v.judgement, c.expected.judgement);
    EXPECT_EQ(v.describe(), c.expected.describe());
    // Clean preconditions: nothing is "not covered" in a device-only sweep.
    EXPECT_NE(c.expected.judgement, Judgement::not_covered) << c.expected.describe();
  }
}

TEST(Boundary, PowerRaiseUnderAStoredFrequencyAtEveryCapDrop) {
  SafetyOracle o(reference_profile(), std::nullopt);
  std::size_t above = 0, at = 0;
  for (const BoundaryCase& c : generate_boundary_cases(o, {Parameter::power, true, true})) {
    if (c.id.find(".power_raise.") == std::string::npos) continue;
    SCOPED_TRACE(c.id);
    EXPECT_EQ(c.parameter, Parameter::power);
    ASSERT_EQ(c.preconditions.size(), 3u);
    EXPECT_EQ(c.preconditions.back().first, Parameter::frequency);
    if (c.id.ends_with(".above")) {
      ++above;
      EXPECT_TRUE(c.expected.device_must_refuse()) << c.expected.describe();
    } else {
      ++at;
      EXPECT_EQ(c.expected.judgement, Judgement::allowed) << c.expected.describe();
    }
  }
  // The 240 V Super Rapid table drops its cap 45 times between 30 % and 100 %.
  EXPECT_EQ(above, 45u);
  EXPECT_EQ(at, 45u);
}

TEST(Boundary, EdgesOfOneLimit) {
  SafetyOracle o(reference_profile(), std::nullopt);
  auto cases = generate_boundary_cases(o, {Parameter::power, true, false});
  EXPECT_EQ(cases.size(), 13u);
  const std::pair<const char*, Judgement> expected[] = {
      {"power.min-step", Judgement::refused},      {"power.min", Judgement::allowed},
      {"power.min+step", Judgement::allowed},      {"power.max-step", Judgement::allowed},
      {"power.max", Judgement::allowed},           {"power.max+step", Judgement::refused},
      {"power.off_step", Judgement::refused},      {"power.type.comma", Judgement::refused},
      {"power.overflow.1e309", Judgement::refused}};
  for (auto [id, judgement] : expected) {
    const BoundaryCase* c = find(cases, id);
    ASSERT_NE(c, nullptr) << id;
    EXPECT_EQ(c->expected.judgement, judgement) << id << ": " << c->expected.describe();
  }
  EXPECT_EQ(*find(cases, "power.max+step")->value, 101);
  EXPECT_TRUE(has_reason(find(cases, "power.max+step")->expected, "power.max"));
  EXPECT_TRUE(has_reason(find(cases, "power.off_step")->expected, "power.step"));
  EXPECT_EQ(*find(cases, "power.type.empty")->text, "");
  // Power probes run at the lowest frequency, so the cap never decides them.
  EXPECT_EQ(find(cases, "power.max")->preconditions,
            (std::vector<std::pair<Parameter, double>>{{Parameter::frequency, 0.1}}));
}

TEST(Boundary, FrequencyCapAtEveryRow) {
  SafetyOracle o(reference_profile(), std::nullopt);
  auto cases = generate_boundary_cases(o, {Parameter::frequency, false, true});
  int at = 0, above = 0;
  for (const BoundaryCase& c : cases) {
    if (c.id.rfind("frequency_cap@", 0) != 0) continue;
    const bool is_at = c.id.ends_with(".at");
    (is_at ? at : above) += 1;
    EXPECT_EQ(c.expected.judgement, is_at ? Judgement::allowed : Judgement::refused) << c.id;
    if (!is_at) {
      EXPECT_TRUE(has_reason(c.expected, "frequency_cap")) << c.id;
    }
  }
  EXPECT_EQ(at, 72);  // 46 rows, 26 of which span two power levels
  EXPECT_EQ(above, 72);
  const BoundaryCase* top = find(cases, "frequency_cap@p=100.above");
  ASSERT_NE(top, nullptr);
  EXPECT_NEAR(*top->value, 25.1, 1e-9);
  EXPECT_EQ(top->preconditions, (std::vector<std::pair<Parameter, double>>{
                                    {Parameter::frequency, 0.1}, {Parameter::power, 100}}));
  ASSERT_NE(find(cases, "frequency_cap@p=50.at"), nullptr);
  ASSERT_NE(find(cases, "frequency_cap@p=51.at"), nullptr);
  EXPECT_EQ(find(cases, "frequency.max")->expected.judgement, Judgement::allowed);
}

TEST(Boundary, EnergyMinimumWaitAroundItsEdge) {
  SafetyOracle o(reference_profile(), std::nullopt);
  auto cases = generate_boundary_cases(o, {Parameter::train_iti, false, true});
  const BoundaryCase* below = find(cases, "energy.min_wait@p=73,f=25,n=250.below");
  const BoundaryCase* at = find(cases, "energy.min_wait@p=73,f=25,n=250.at");
  const BoundaryCase* above = find(cases, "energy.min_wait@p=73,f=25,n=250.above");
  ASSERT_TRUE(below && at && above);
  EXPECT_TRUE(below->trigger);
  EXPECT_NEAR(*below->value, 21.9, 1e-9);  // minimum wait 21.95 s
  EXPECT_NEAR(*at->value, 22.0, 1e-9);
  EXPECT_EQ(below->expected.judgement, Judgement::refused);
  EXPECT_TRUE(has_reason(below->expected, "energy.min_wait"));
  EXPECT_EQ(at->expected.judgement, Judgement::allowed) << at->expected.describe();
  EXPECT_EQ(above->expected.judgement, Judgement::allowed);
  // 100 %, 10 Hz, 40 pulses: 5.6 s exactly on the grid.
  EXPECT_NEAR(*find(cases, "energy.min_wait@p=100,f=10,n=40.at")->value, 5.6, 1e-9);
  EXPECT_EQ(find(cases, "energy.min_wait@p=80,f=10,n=40.below")->expected.judgement,
            Judgement::refused);
}

TEST(Boundary, EnergyMaximumOnTime) {
  SafetyOracle o(reference_profile(), std::nullopt);
  auto cases = generate_boundary_cases(o, {Parameter::pulses, false, true});
  const BoundaryCase* at = find(cases, "energy.max_on_time@p=100,f=10.at");
  const BoundaryCase* above = find(cases, "energy.max_on_time@p=100,f=10.above");
  ASSERT_TRUE(at && above);
  EXPECT_EQ(*at->value, 250);
  EXPECT_EQ(at->expected.judgement, Judgement::allowed) << at->expected.describe();
  EXPECT_EQ(above->expected.judgement, Judgement::refused);
  EXPECT_TRUE(has_reason(above->expected, "energy.max_on_time"));
}

TEST(Boundary, OptionsTurnOffTextAndCombinedCases) {
  SafetyOracle o(reference_profile(), std::nullopt);
  auto plain = generate_boundary_cases(o, {std::nullopt, false, false});
  EXPECT_EQ(plain.size(), 8u * 7);
  for (const BoundaryCase& c : plain) EXPECT_TRUE(c.value.has_value()) << c.id;
}

}  // namespace
}  // namespace stimbench::test
