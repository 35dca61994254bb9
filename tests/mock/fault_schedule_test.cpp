// The fault SPEC grammar, its errors, and the injector's choices (no sockets here).
#include <gtest/gtest.h>

#include "devices/mock/fault_schedule.hpp"

namespace stimbench {
namespace {

using namespace std::chrono_literals;

FaultSchedule parsed(std::string_view spec) {
  Result<FaultSchedule> s = parse_fault_spec(spec);
  EXPECT_TRUE(s.ok()) << spec << ": " << (s ? "" : s.error().message);
  return s ? *s : FaultSchedule{};
}

// Which replies (1-based) a schedule touches among the first n, as "N:kind" words.
std::string fates(const FaultSchedule& schedule, std::uint64_t seed, int n) {
  FaultInjector injector(schedule, seed);
  std::string out;
  for (int i = 1; i <= n; ++i) {
    if (std::optional<FaultRule> f = injector.next()) {
      out += (out.empty() ? "" : " ") + std::to_string(i) + ":" + to_string(f->kind);
    }
  }
  return out;
}

TEST(FaultSpec, EveryKindAndTriggerParses) {
  FaultSchedule s = parsed(
      "delay:50ms@3, drop@5,corrupt@2,truncate@4,stall@6,disconnect@7,drop@every:10,"
      "delay:2s@p=0.25");
  ASSERT_EQ(s.rules.size(), 8u);
  EXPECT_EQ(s.rules[0].kind, FaultKind::delay);
  EXPECT_EQ(s.rules[0].delay, 50ms);
  EXPECT_EQ(s.rules[0].trigger, FaultTrigger::at);
  EXPECT_EQ(s.rules[0].n, 3u);
  EXPECT_EQ(s.rules[1].kind, FaultKind::drop);
  EXPECT_EQ(s.rules[2].kind, FaultKind::corrupt);
  EXPECT_EQ(s.rules[3].kind, FaultKind::truncate);
  EXPECT_EQ(s.rules[4].kind, FaultKind::stall);
  EXPECT_EQ(s.rules[5].kind, FaultKind::disconnect);
  EXPECT_EQ(s.rules[5].n, 7u);
  EXPECT_EQ(s.rules[6].trigger, FaultTrigger::every);
  EXPECT_EQ(s.rules[6].n, 10u);
  EXPECT_EQ(s.rules[7].trigger, FaultTrigger::probability);
  EXPECT_EQ(s.rules[7].probability, 0.25);
  EXPECT_EQ(s.rules[7].delay, 2000ms);
}

TEST(FaultSpec, RulesPrintBackInTheirCanonicalForm) {
  for (const char* spec : {"delay:50ms@3", "drop@5", "corrupt@every:4", "truncate@p=0.1", "stall@1",
                           "disconnect@every:1", "delay:0ms@p=1"}) {
    FaultSchedule s = parsed(spec);
    ASSERT_EQ(s.rules.size(), 1u);
    EXPECT_EQ(to_string(s.rules[0]), spec);
  }
  EXPECT_EQ(to_string(parsed("delay:2s@1").rules[0]), "delay:2000ms@1");
}

TEST(FaultSpec, MistakesAreRefusedWithTheRuleAndTheReason) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "empty fault spec"},
      {"drop@5,", "empty rule"},
      {",drop@5", "empty rule"},
      {"drop", "expected KIND[:DURATION]@WHEN"},
      {"explode@3", "unknown kind"},
      {"Drop@3", "unknown kind"},
      {"delay@3", "delay needs a duration"},
      {"delay:50@3", "duration must be"},
      {"delay:50ns@3", "duration must be"},
      {"delay:-5ms@3", "duration must be"},
      {"delay:601s@3", "duration must be"},
      {"drop:5ms@3", "drop takes no argument"},
      {"drop@0", "expected @N"},
      {"drop@-1", "expected @N"},
      {"drop@3x", "expected @N"},
      {"drop@", "expected @N"},
      {"drop@every:0", "expected @N"},
      {"drop@every:", "expected @N"},
      {"drop@p=1.5", "probability from 0 to 1"},
      {"drop@p=-0.1", "probability from 0 to 1"},
      {"drop@p=nan", "probability from 0 to 1"},
      {"drop@p=", "probability from 0 to 1"},
  };
  for (auto [spec, why] : cases) {
    Result<FaultSchedule> r = parse_fault_spec(spec);
    ASSERT_FALSE(r.ok()) << spec;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_input) << spec;
    EXPECT_NE(r.error().message.find(why), std::string::npos) << spec << ": " << r.error().message;
  }
  Result<FaultSchedule> r = parse_fault_spec("drop@2,explode@3");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("fault rule \"explode@3\": ", 0), 0u) << r.error().message;
}

TEST(FaultInjectorTest, AtAndEveryPickTheirReplies) {
  EXPECT_EQ(fates(parsed("drop@3,corrupt@5"), 0, 10), "3:drop 5:corrupt");
  EXPECT_EQ(fates(parsed("truncate@every:4"), 0, 12), "4:truncate 8:truncate 12:truncate");
  EXPECT_EQ(fates(FaultSchedule{}, 0, 10), "");
}

TEST(FaultInjectorTest, TheFirstMatchingRuleWins) {
  EXPECT_EQ(fates(parsed("drop@4,corrupt@every:2"), 0, 6), "2:corrupt 4:drop 6:corrupt");
  EXPECT_EQ(fates(parsed("corrupt@every:2,drop@4"), 0, 6), "2:corrupt 4:corrupt 6:corrupt");
}

TEST(FaultInjectorTest, ProbabilitiesFollowTheSeed) {
  FaultSchedule s = parsed("drop@p=0.3");
  std::string a = fates(s, 42, 200);
  EXPECT_EQ(a, fates(s, 42, 200));  // reproducible
  EXPECT_NE(a, fates(s, 43, 200));  // and the seed matters
  FaultInjector injector(s, 42);
  int hits = 0;
  for (int i = 0; i < 10000; ++i) hits += injector.next().has_value();
  EXPECT_NEAR(hits, 3000, 200);
  EXPECT_EQ(injector.replies_seen(), 10000u);
  EXPECT_EQ(fates(parsed("drop@p=0"), 1, 500), "");
  EXPECT_EQ(fates(parsed("drop@p=1"), 1, 3), "1:drop 2:drop 3:drop");
}

TEST(FaultInjectorTest, AnAtRuleDoesNotShiftWhichRepliesAProbabilityHits) {
  // The p= rule draws on every reply, also when the @3 rule wins it.
  FaultInjector alone(parsed("drop@p=0.5"), 7);
  FaultInjector mixed(parsed("corrupt@3,drop@p=0.5"), 7);
  int drops = 0;
  for (int i = 1; i <= 200; ++i) {
    std::optional<FaultRule> a = alone.next();
    std::optional<FaultRule> m = mixed.next();
    if (i == 3) {
      ASSERT_TRUE(m && m->kind == FaultKind::corrupt);
      continue;
    }
    EXPECT_EQ(a.has_value(), m.has_value()) << i;
    drops += a.has_value();
  }
  EXPECT_GT(drops, 50);
}

TEST(FaultBytes, CorruptFlipsTheTopBitOfTheFirstByteAndTruncateHalves) {
  EXPECT_EQ(corrupt_reply(to_bytes("OK\n")), (Bytes{0xCF, 'K', '\n'}));
  EXPECT_EQ(corrupt_reply(Bytes{}), Bytes{});
  EXPECT_EQ(to_text(truncate_reply(to_bytes("READY,REMOTE=1\n"))), "READY,R");
  EXPECT_EQ(to_text(truncate_reply(to_bytes("OK\n"))), "O");
  EXPECT_TRUE(truncate_reply(to_bytes("?")).empty());
}

}  // namespace
}  // namespace stimbench
