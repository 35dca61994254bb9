// Small string helpers shared by the reference codec and the mock (ASCII only).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace stimbench::reference::text {

bool iequals(std::string_view a, std::string_view b);
std::string to_upper(std::string_view text);
// Strips spaces and tabs at both ends.
std::string_view trim(std::string_view text);
// Splits at every `separator`; "a::b" gives an empty middle part.
std::vector<std::string_view> split(std::string_view text, char separator);
// For error texts: control bytes as '?', '"' as '\'', cut to `max` characters.
std::string printable(std::string_view text, std::size_t max);

}  // namespace stimbench::reference::text
