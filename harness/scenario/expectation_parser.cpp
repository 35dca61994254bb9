// `expect:` values and which actions they fit.
#include <climits>

#include "harness/config/input_limits.hpp"
#include "harness/scenario/parse_detail.hpp"

namespace stimbench::scenario_detail {

namespace {

const KeyList kExpectKeys = {"accepted",   "refused",         "code", "value", "tolerance",
                             "state",      "state_unchanged", "max",  "min",   "pulses",
                             "refused_by", "failure"};
const KeyList kFailureNames = {"link_fault", "protocol_violation"};
const KeyList kExpectWords = {"accepted", "refused"};
const KeyList kStateNames = {"standby", "armed", "ready", "firing", "fault", "unknown"};
// Alternatives of one any_of: enough for every safe outcome of one step, few enough to read.
constexpr std::size_t kMinAlternatives = input_limits::kMinAlternatives;
constexpr std::size_t kMaxAlternatives = input_limits::kMaxAlternatives;

bool is_command(StepKind kind) {
  switch (kind) {
    case StepKind::remote:
    case StepKind::set:
    case StepKind::arm:
    case StepKind::disarm:
    case StepKind::fire:
    case StepKind::train:
    case StepKind::abort:
    case StepKind::keepalive:
      return true;
    default:
      return false;
  }
}

// `expect: standby` or `expect: 50` are natural slips; point at the mapping form.
std::string scalar_hint(const std::string& word) {
  if (device_state_from_string(word)) return " (write {state: " + word + "})";
  if (parse_number(word)) return " (write {value: " + word + "})";
  return did_you_mean(word, kExpectWords);
}

// Fills `out` from a mapping; false after reporting a problem.
bool parse_expect_map(YamlReader& in, const YAML::Node& node, ParsedExpectation& out) {
  Expectation& e = out.expectation;
  bool good = true;
  std::string main_key;  // the key that chose the kind
  std::optional<YAML::Mark> code_at, tolerance_at, unchanged_at;
  auto choose = [&](Expectation::Kind kind, const std::string& name, const YAML::Node& k) {
    if (!main_key.empty()) {
      in.error(k, "'" + name + "' cannot be combined with '" + main_key + "' in one expect");
      good = false;
      return;
    }
    main_key = name;
    e.kind = kind;
    out.at = k.Mark();
  };
  auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& value) {
    if (name == "accepted" || name == "refused") {
      auto flag = in.boolean(value, name, k);
      if (flag && !*flag) {
        in.error(value, "'" + name + ": false' is ambiguous; write 'expect: " +
                            (name == "accepted" ? "refused" : "accepted") + "'");
      }
      if (!flag || !*flag) {
        good = false;
        return;
      }
      choose(name == "accepted" ? Expectation::Kind::accepted : Expectation::Kind::refused, name,
             k);
    } else if (name == "refused_by") {
      auto who = in.text(value, name, k);
      if (who && *who != "interlock") {
        in.error(value,
                 "'refused_by' takes 'interlock' (the harness's own refusal); for the "
                 "device's, write 'refused: true'");
        who.reset();
      }
      good = good && who.has_value();
      if (who) choose(Expectation::Kind::interlock_refusal, name, k);
    } else if (name == "failure") {
      auto word = in.text(value, name, k);
      if (word == std::optional<std::string>("link_fault")) {
        e.failure = Expectation::Failure::link_fault;
      } else if (word == std::optional<std::string>("protocol_violation")) {
        e.failure = Expectation::Failure::protocol_violation;
      } else if (word) {
        in.error(value, "'failure' takes link_fault or protocol_violation, not '" + *word + "'" +
                            did_you_mean(*word, kFailureNames));
        word.reset();
      }
      good = good && word.has_value();
      if (word) choose(Expectation::Kind::failure, name, k);
    } else if (name == "code") {
      code_at = k.Mark();
      auto code = in.integer(value, name, k);
      if (code && (*code < INT_MIN || *code > INT_MAX)) {
        in.error(value, "'code' is out of range");
        code.reset();
      }
      if (code) e.refusal_code = static_cast<int>(*code);
      good = good && code.has_value();
    } else if (name == "value") {
      e.equals = in.number(value, name, k);
      good = good && e.equals.has_value();
      choose(Expectation::Kind::value, name, k);
    } else if (name == "tolerance") {
      tolerance_at = k.Mark();
      auto tolerance = in.number(value, name, k);
      if (tolerance && *tolerance < 0) {
        in.error(value, "'tolerance' must not be negative");
        tolerance.reset();
      }
      if (tolerance) e.tolerance = *tolerance;
      good = good && tolerance.has_value();
    } else if (name == "state_unchanged") {
      unchanged_at = k.Mark();
      auto flag = in.boolean(value, name, k);
      if (flag) e.state_unchanged = *flag;
      good = good && flag.has_value();
    } else if (name == "max" || name == "min") {
      auto bound = in.number(value, name, k);
      (name == "max" ? e.at_most : e.at_least) = bound;
      good = good && bound.has_value();
      if (main_key != "value" && main_key != "max" && main_key != "min") {
        choose(Expectation::Kind::value, name, k);
      }
    } else if (name == "pulses") {
      auto count = in.integer(value, name, k);
      if (count && *count < 0) {
        in.error(value, "'pulses' must not be negative");
        count.reset();
      }
      if (count) e.pulses_since_train = static_cast<std::uint64_t>(*count);
      good = good && count.has_value();
      if (main_key != "state") {
        if (main_key.empty()) choose(Expectation::Kind::state, name, k);
      }
    } else if (name == "state") {
      auto word = in.text(value, name, k);
      if (word) e.state = device_state_from_string(*word);
      if (word && !e.state) {
        in.error(value, "unknown state '" + *word +
                            "' (one of standby, armed, ready, firing, fault, "
                            "unknown)" +
                            did_you_mean(*word, kStateNames));
      }
      good = good && e.state.has_value();
      if (main_key != "pulses") choose(Expectation::Kind::state, name, k);
    }
  };
  in.for_each_entry(node, kExpectKeys, visit);
  if (good && code_at && main_key != "refused") {
    in.error(*code_at, "'code' goes with 'refused: true'");
    good = false;
  }
  if (good && unchanged_at && main_key != "refused") {
    in.error(*unchanged_at, "'state_unchanged' goes with 'refused: true'");
    good = false;
  }
  if (good && tolerance_at && main_key != "value") {
    in.error(*tolerance_at, "'tolerance' goes with 'value'");
    good = false;
  }
  if (good && e.at_least && e.at_most && *e.at_least > *e.at_most) {
    in.error(node, "'min' " + describe(node["min"]) + " is above 'max' " + describe(node["max"]) +
                       ": no value could pass");
    good = false;
  }
  if (main_key.empty() && good) {
    in.error(node,
             "'expect' needs one of accepted, refused, refused_by, value, max, min, state, "
             "pulses or failure");
    good = false;
  }
  return good;
}

}  // namespace

Expectation default_expectation(StepKind kind) {
  Expectation e;
  if (is_command(kind)) e.kind = Expectation::Kind::accepted;
  return e;
}

bool has_reply(StepKind kind) {
  return is_command(kind) || kind == StepKind::get || kind == StepKind::temperature ||
         kind == StepKind::status || kind == StepKind::identify || kind == StepKind::expect_bytes;
}

namespace {

// One expectation: accepted / refused, or a mapping (never any_of).
std::optional<ParsedExpectation> parse_one(YamlReader& in, const YAML::Node& node,
                                           const YAML::Node& key) {
  ParsedExpectation out;
  out.at = in.position(node, key);
  if (node.IsScalar()) {
    const std::string& word = node.Scalar();
    if (word == "accepted" || word == "refused") {
      out.expectation.kind =
          word == "accepted" ? Expectation::Kind::accepted : Expectation::Kind::refused;
      return out;
    }
    in.error(node, "unknown expectation '" + word + "'" + scalar_hint(word));
    return std::nullopt;
  }
  if (!node.IsMap()) {
    in.error(out.at, "'expect' must be accepted, refused or a mapping, not " + describe(node));
    return std::nullopt;
  }
  if (!parse_expect_map(in, node, out)) return std::nullopt;
  return out;
}

bool is_any_of(const YAML::Node& node) {
  return node.IsMap() && node["any_of"];
}

// `{any_of: [alternative, ...]}`: the key stands alone; alternatives are single expectations.
std::optional<ParsedExpectation> parse_any_of(YamlReader& in, const YAML::Node& node) {
  ParsedExpectation out;
  out.expectation.kind = Expectation::Kind::any_of;
  bool good = true;
  YAML::Node list, list_key;
  for (const auto& entry : node) {
    const std::string name = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (name == "any_of") {
      list = entry.second;
      list_key = entry.first;
      out.at = entry.first.Mark();
      continue;
    }
    in.error(entry.first, "'any_of' stands alone in an expect: put '" + name +
                              "' inside the alternatives it belongs to");
    good = false;
  }
  if (!in.expect_list(list, "any_of", list_key)) return std::nullopt;
  if (list.size() < kMinAlternatives || list.size() > kMaxAlternatives) {
    in.error(list_key, "'any_of' takes " + std::to_string(kMinAlternatives) + " to " +
                           std::to_string(kMaxAlternatives) + " alternatives, not " +
                           std::to_string(list.size()) +
                           (list.size() == 1 ? " (write that expectation on its own)" : ""));
    good = false;
  }
  int interlock = 0;
  for (const YAML::Node& item : list) {
    if (is_any_of(item)) {
      in.error(item, "'any_of' cannot be nested: list every alternative in the outer any_of");
      good = false;
      continue;
    }
    auto one = parse_one(in, item, list_key);
    if (!one) {
      good = false;
      continue;
    }
    if (one->expectation.kind == Expectation::Kind::failure) {
      in.error(item, "'failure' stands alone: the harness either detected it or not");
      good = false;
    }
    if (one->expectation.kind == Expectation::Kind::interlock_refusal && ++interlock > 1) {
      in.error(item, "'refused_by: interlock' is already an alternative");
      good = false;
    }
    out.expectation.alternatives.push_back(std::move(one->expectation));
    out.alternatives_at.push_back(one->at);
  }
  if (!good) return std::nullopt;
  return out;
}

}  // namespace

std::optional<ParsedExpectation> parse_expectation(YamlReader& in, const YAML::Node& node,
                                                   const YAML::Node& key) {
  if (is_any_of(node)) return parse_any_of(in, node);
  return parse_one(in, node, key);
}

std::optional<std::string> expectation_mismatch(StepKind kind, Expectation::Kind expected) {
  using Kind = Expectation::Kind;
  if (expected == Kind::none) return std::nullopt;
  const std::string action = to_string(kind);
  std::string allowed;
  bool fits = false;
  const bool triggers = kind == StepKind::fire || kind == StepKind::train || kind == StepKind::send;
  if (expected == Kind::any_of) {  // each alternative is checked on its own
    if (kind == StepKind::send) {
      return std::string("'send' steps take only 'refused_by: interlock', not 'any_of'");
    }
    if (is_command(kind) || kind == StepKind::get || kind == StepKind::temperature ||
        kind == StepKind::status) {
      return std::nullopt;
    }
    return "'" + action + "' steps take no 'expect'";
  }
  if (expected == Kind::failure) {
    if (is_command(kind) || kind == StepKind::get || kind == StepKind::temperature ||
        kind == StepKind::status || kind == StepKind::identify)
      return std::nullopt;
    return "'failure' goes with steps that send a command and read its reply, not '" + action + "'";
  }
  if (expected == Kind::interlock_refusal) {
    if (triggers) return std::nullopt;
    return "'refused_by: interlock' goes with fire, train or send steps, not '" + action + "'";
  }
  if (is_command(kind)) {
    allowed = "accepted or refused";
    fits = expected == Kind::accepted || expected == Kind::refused;
  } else if (kind == StepKind::get || kind == StepKind::temperature) {
    allowed = "{value: ...}";
    fits = expected == Kind::value;
  } else if (kind == StepKind::status) {
    allowed = "{state: ...}";
    fits = expected == Kind::state;
  } else {
    return "'" + action + "' steps take no 'expect'";
  }
  if (fits) return std::nullopt;
  const char* given = expected == Kind::accepted  ? "accepted"
                      : expected == Kind::refused ? "refused"
                      : expected == Kind::value   ? "a value"
                                                  : "a state";
  return "'" + action + "' steps expect " + allowed + ", not " + given;
}

}  // namespace stimbench::scenario_detail
