// A hash per JSON node of record.json, kept in the manifest, so that verify can say where in
// record.json a change is (a JSON pointer, RFC 6901) and not only that the file changed.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace stimbench {

inline constexpr std::string_view kRecordIndexScheme = "stimbench-merkle-sha256-64";

// {"scheme": kRecordIndexScheme, "nodes": {"<pointer>": "<16 hex>", ...}} over every node of
// `record` (the root is ""). A container's hash covers its members' keys and hashes, so equal
// hashes mean equal content. 64 bits locate a change; the file's SHA-256 proves it.
nlohmann::json record_index(const nlohmann::json& record);

// Where `record` differs from what `index` describes: "/a/b changed", "/a/c added", "/a/d
// removed", the deepest nodes only, at most `limit` (then "... N more"). Empty when equal;
// a single note if `index` is not one record_index() made.
std::vector<std::string> record_differences(const nlohmann::json& index,
                                            const nlohmann::json& record, std::size_t limit = 10);

}  // namespace stimbench
