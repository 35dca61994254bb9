#include "harness/evidence/evidence_text.hpp"

namespace stimbench {

std::string cap_text(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::size_t cut = max;
  // Back off continuation bytes (10xxxxxx) so a multi-byte character is never split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "... (" + std::to_string(text.size()) +
         " bytes, see transcript)";
}

void cap_strings(nlohmann::json& value, std::size_t max) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > max) value = cap_text(text, max);
    return;
  }
  if (value.is_object() || value.is_array()) {
    for (auto& item : value) cap_strings(item, max);
  }
}

}  // namespace stimbench
