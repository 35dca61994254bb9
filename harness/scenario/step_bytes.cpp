// The byte forms of `send` and `expect_bytes`: hex, {hex:}, {text:}, `??` wildcards.
#include <sstream>

#include "harness/scenario/parse_detail.hpp"

namespace stimbench::scenario_detail {

bool parse_step_bytes(YamlReader& in, Step& step, const std::string& action, const YAML::Node& key,
                      const YAML::Node& value) {
  if (value.IsMap()) {
    bool has_bytes = false;
    auto visit = [&](const std::string& name, const YAML::Node& k, const YAML::Node& v) {
      if (name == "allow_safety_override" || name == "allow_unclassified") {
        if (action != "send") {
          in.error(k, "'" + name + "' applies to 'send' only");
        } else if (auto flag = in.boolean(v, name, k)) {
          (name == "allow_unclassified" ? step.allow_unclassified : step.allow_safety_override) =
              *flag;
        }
        return;
      }
      auto text = in.text(v, name, k);
      if (!text) return;
      if (has_bytes) in.error(k, "'" + action + "' takes one of 'text' or 'hex'");
      has_bytes = true;
      if (name == "text") {
        step.bytes = to_bytes(*text);
      } else if (auto bytes = parse_hex(*text)) {
        step.bytes = std::move(*bytes);
      } else {
        in.error(v, "bad hex in '" + action + "': " + bytes.error().message);
      }
    };
    in.for_each_entry(value, {"text", "hex", "allow_safety_override", "allow_unclassified"}, visit);
    if (!has_bytes) in.error(value, "'" + action + "' needs 'text' or 'hex'");
    if (!has_bytes) return false;
  } else {
    auto text = in.text(value, action, key);
    if (!text) return false;
    // `??` in expect_bytes: a byte the check does not pin down (a serial number, a status).
    std::string hex = *text;
    if (action == "expect_bytes") {
      std::istringstream words(*text);
      std::string word;
      hex.clear();
      while (words >> word) {
        step.any_byte.push_back(word == "??");
        hex += (word == "??" ? std::string("00") : word) + " ";
      }
    }
    auto bytes = parse_hex(hex);
    if (!bytes) {
      in.error(value, "bad hex in '" + action + "': " + bytes.error().message +
                          " (for text write " + action + ": {text: \"...\"})");
      return false;
    }
    step.bytes = std::move(*bytes);
  }
  if (step.bytes.empty()) {
    in.error(in.position(value, key), "'" + action + "' needs at least one byte");
    return false;
  }
  return true;
}

}  // namespace stimbench::scenario_detail
