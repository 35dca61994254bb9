// The extended fault grammar: duplicate, jitter, direction, first=N, device faults; the
// errors a bad rule gets; and the injector's determinism per direction (no sockets here).
#include <gtest/gtest.h>

#include "devices/mock/fault_schedule.hpp"

namespace stimbench {
namespace {

using namespace std::chrono_literals;

FaultRule one_rule(std::string_view spec) {
  Result<FaultSchedule> s = parse_fault_spec(spec);
  EXPECT_TRUE(s.ok()) << spec << ": " << (s ? "" : s.error().message);
  if (!s || s->rules.size() != 1) return {};
  return s->rules[0];
}

std::string error_of(std::string_view spec) {
  Result<FaultSchedule> s = parse_fault_spec(spec);
  EXPECT_FALSE(s.ok()) << spec;
  return s ? "" : s.error().message;
}

// "frame:kind" words for the first n frames of one direction.
std::string fates(const std::string& spec, std::uint64_t seed, int n,
                  FaultDirection direction = FaultDirection::device_to_host) {
  Result<FaultSchedule> s = parse_fault_spec(spec);
  EXPECT_TRUE(s.ok());
  FaultInjector injector(s ? *s : FaultSchedule{}, seed);
  std::string out;
  for (int i = 1; i <= n; ++i) {
    if (std::optional<FaultDecision> d = injector.decide(direction)) {
      out += (out.empty() ? "" : " ") + std::to_string(d->frame) + ":" + to_string(d->rule.kind);
      if (d->rule.kind == FaultKind::delay) out += "=" + std::to_string(d->delay.count());
    }
  }
  return out;
}

TEST(FaultGrammar, EveryNewKindAndModifierParses) {
  EXPECT_EQ(one_rule("duplicate@3").kind, FaultKind::duplicate);
  EXPECT_EQ(one_rule("overtemp@12").kind, FaultKind::overtemp);
  EXPECT_EQ(one_rule("coil_removed@1").kind, FaultKind::coil_removed);
  EXPECT_EQ(one_rule("power_fault@every:9").kind, FaultKind::power_fault);
  FaultRule jittered = one_rule("delay:5ms~2ms@every:2");
  EXPECT_EQ(jittered.delay, 5ms);
  EXPECT_EQ(jittered.jitter, 2ms);
  EXPECT_EQ(one_rule("delay:250us@1").delay, 250us);
  FaultRule to_device = one_rule("drop@2/to=device");
  EXPECT_EQ(to_device.direction, FaultDirection::host_to_device);
  EXPECT_EQ(one_rule("drop@2/to=host").direction, FaultDirection::device_to_host);
  FaultRule limited = one_rule("corrupt@p=0.05/first=3/to=device");
  EXPECT_EQ(limited.first, 3u);
  EXPECT_EQ(limited.direction, FaultDirection::host_to_device);
  EXPECT_EQ(limited.probability, 0.05);
  EXPECT_TRUE(parse_fault_spec("overtemp@3,drop@1")->has_device_faults());
  EXPECT_FALSE(parse_fault_spec("drop@1")->has_device_faults());
}

TEST(FaultGrammar, NewRulesPrintBackInCanonicalForm) {
  for (const char* spec :
       {"duplicate@3", "delay:5ms~2ms@every:2", "delay:250us@1", "drop@2/to=device",
        "corrupt@p=0.05/to=device/first=3", "truncate@every:4/first=1", "overtemp@12",
        "coil_removed@1", "power_fault@p=0.5"}) {
    FaultRule rule = one_rule(spec);
    EXPECT_EQ(to_string(rule), spec);
    EXPECT_EQ(to_string(one_rule(to_string(rule))), spec);
  }
  EXPECT_EQ(to_string(one_rule("drop@2/to=host")), "drop@2");
}

TEST(FaultGrammar, BadRulesSayWhatWasExpected) {
  struct Case {
    const char* spec;
    const char* message;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"dup@3", "unknown kind; expected delay, drop, corrupt, truncate, duplicate"},
           {"duplicate:2ms@3", "duplicate takes no argument"},
           {"delay@3", "delay needs a duration"},
           {"delay:5ms~6ms@3", "jitter (after ~) must be a duration no longer than the delay"},
           {"delay:5ms~x@3", "jitter (after ~)"},
           {"delay:5min@3", "duration must be whole us, ms or s"},
           {"delay:601s@3", "at most 600s"},
           {"drop@2/to=dev", "unknown modifier \"to=dev\"; expected /to=host, /to=device"},
           {"drop@2/to=host/to=device", "direction given twice"},
           {"drop@2/first=0", "first= needs a whole number >= 1"},
           {"drop@2/first=x", "first= needs a whole number >= 1"},
           {"drop@2/first=1/first=2", "first= given twice"},
           {"drop@0", "expected @N, @every:N (N >= 1) or @p=P"},
           {"drop@p=1.5", "p= needs a probability from 0 to 1"},
           {"drop@p=0.1/", "unknown modifier \"\""},
           {"overtemp@2/to=device", "a device fault counts replies; it takes no /to=device"},
           {"drop", "expected KIND[:DURATION]@WHEN"},
           {"drop@1,,drop@2", "empty rule in fault spec"},
           {"  ", "empty fault spec"}}) {
    std::string message = error_of(c.spec);
    EXPECT_NE(message.find(c.message), std::string::npos) << c.spec << " -> " << message;
    if (std::string_view(c.spec).find('@') != std::string_view::npos &&
        std::string_view(c.spec).find(",,") == std::string_view::npos) {
      EXPECT_NE(message.find(std::string("\"") + c.spec + "\""), std::string::npos) << message;
    }
  }
}

TEST(FaultGrammar, SpecsAreBounded) {
  std::string many;
  for (int i = 1; i <= 257; ++i)
    many += (i > 1 ? "," : "") + std::string("drop@") + std::to_string(i);
  EXPECT_NE(error_of(many).find("more than 256 rules"), std::string::npos);
  EXPECT_NE(error_of(std::string(9000, ' ') + "drop@1").find("longer than 8192 bytes"),
            std::string::npos);
  std::vector<std::string> specs(2, many.substr(0, many.find(",drop@200")));
  Result<FaultSchedule> all = parse_fault_specs(specs);
  ASSERT_FALSE(all.ok());
  EXPECT_NE(all.error().message.find("more than 256 fault rules in all"), std::string::npos);
}

TEST(FaultGrammar, DirectionsCountTheirOwnFrames) {
  Result<FaultSchedule> s = parse_fault_spec("drop@2/to=device,corrupt@2");
  ASSERT_TRUE(s.ok());
  FaultInjector injector(*s, 0);
  EXPECT_FALSE(injector.decide(FaultDirection::device_to_host));
  EXPECT_FALSE(injector.decide(FaultDirection::host_to_device));
  std::optional<FaultDecision> reply = injector.decide(FaultDirection::device_to_host);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->rule.kind, FaultKind::corrupt);
  EXPECT_EQ(reply->frame, 2u);
  std::optional<FaultDecision> command = injector.decide(FaultDirection::host_to_device);
  ASSERT_TRUE(command);
  EXPECT_EQ(command->rule.kind, FaultKind::drop);
  EXPECT_EQ(command->rule.direction, FaultDirection::host_to_device);
}

TEST(FaultGrammar, FirstLimitsHitsWithoutShiftingOtherDraws) {
  EXPECT_EQ(fates("drop@every:2/first=2", 0, 10), "2:drop 4:drop");
  // A used-up rule still draws, so the rules after it see the same stream as behind a rule
  // that never hits: after the one drop, the corrupt hits are those of "drop@p=0,...".
  std::string limited = fates("drop@p=0.5/first=1,corrupt@p=0.5", 7, 60);
  std::string never = fates("drop@p=0,corrupt@p=0.5", 7, 60);
  std::size_t drop_at = limited.find(":drop");
  ASSERT_NE(drop_at, std::string::npos);
  std::size_t word = limited.rfind(' ', drop_at);
  int dropped_frame = std::stoi(limited.substr(word == std::string::npos ? 0 : word + 1));
  auto after = [&](const std::string& text) {
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t end = text.find(' ', pos);
      std::string w = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
      if (std::stoi(w) > dropped_frame) out += w + " ";
      if (end == std::string::npos) break;
      pos = end + 1;
    }
    return out;
  };
  EXPECT_EQ(limited.find(":drop", drop_at + 1), std::string::npos);
  EXPECT_EQ(after(limited), after(never));
  EXPECT_FALSE(after(limited).empty());
}

TEST(FaultGrammar, DuplicateAndDeviceFaultsFireWhereAsked) {
  EXPECT_EQ(fates("duplicate@3,overtemp@5", 0, 6), "3:duplicate 5:overtemp");
}

TEST(FaultGrammar, JitterIsSeededBoundedAndLeavesHitsAlone) {
  std::string a = fates("delay:5ms~2ms@every:1", 11, 200);
  EXPECT_EQ(a, fates("delay:5ms~2ms@every:1", 11, 200));
  EXPECT_NE(a, fates("delay:5ms~2ms@every:1", 12, 200));
  Result<FaultSchedule> s = parse_fault_spec("delay:5ms~2ms@every:1");
  ASSERT_TRUE(s.ok());
  FaultInjector injector(*s, 3);
  std::int64_t low = 1'000'000, high = 0;
  for (int i = 0; i < 2000; ++i) {
    std::optional<FaultDecision> d = injector.decide(FaultDirection::device_to_host);
    ASSERT_TRUE(d);
    low = std::min<std::int64_t>(low, d->delay.count());
    high = std::max<std::int64_t>(high, d->delay.count());
  }
  EXPECT_GE(low, 3000);
  EXPECT_LE(high, 7000);
  EXPECT_LT(low, 3100);  // 2000 draws over 4001 values reach near both ends
  EXPECT_GT(high, 6900);
  // Jitter has its own stream: which frames a p= rule hits does not depend on it.
  auto kinds_only = [](std::string text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '=') {
        while (i < text.size() && text[i] != ' ') ++i;
      }
      if (i < text.size()) out += text[i];
    }
    return out;
  };
  EXPECT_EQ(kinds_only(fates("delay:5ms~2ms@p=0.3", 5, 100)),
            kinds_only(fates("delay:5ms@p=0.3", 5, 100)));
}

}  // namespace
}  // namespace stimbench
