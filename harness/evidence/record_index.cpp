#include "harness/evidence/record_index.hpp"

#include <map>
#include <set>

#include "harness/evidence/hashing.hpp"
#include "harness/evidence/transcript.hpp"

namespace stimbench {
namespace {

using NodeHashes = std::map<std::string, std::string>;

// RFC 6901: '~' and '/' inside a member name are escaped.
std::string pointer_segment(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Full SHA-256 of the node; the index keeps a 16-hex prefix. A tag byte per kind, and each
// member's length-prefixed key, keep different shapes from hashing alike.
std::string hash_node(const nlohmann::json& node, const std::string& pointer, NodeHashes& out) {
  std::string material;
  if (node.is_object()) {
    material = "o";
    for (const auto& [key, value] : node.items()) {
      material += std::to_string(key.size()) + ":" + key;
      material += hash_node(value, pointer + "/" + pointer_segment(key), out);
    }
  } else if (node.is_array()) {
    material = "a";
    for (std::size_t i = 0; i < node.size(); ++i) {
      material += hash_node(node[i], pointer + "/" + std::to_string(i), out);
    }
  } else {
    material = "v" + canonical_json(node);
  }
  std::string hash = sha256_hex(material);
  out[pointer] = hash.substr(0, 16);
  return hash;
}

std::string parent_of(const std::string& pointer) {
  auto slash = pointer.rfind('/');
  return slash == std::string::npos ? std::string() : pointer.substr(0, slash);
}

}  // namespace

nlohmann::json record_index(const nlohmann::json& record) {
  NodeHashes hashes;
  hash_node(record, "", hashes);
  nlohmann::json nodes = nlohmann::json::object();
  for (auto& [pointer, hash] : hashes) nodes[pointer] = std::move(hash);
  return {{"scheme", kRecordIndexScheme}, {"nodes", std::move(nodes)}};
}

std::vector<std::string> record_differences(const nlohmann::json& index,
                                            const nlohmann::json& record, std::size_t limit) {
  if (!index.is_object() || index.value("scheme", "") != kRecordIndexScheme ||
      !index.contains("nodes") || !index["nodes"].is_object()) {
    return {"the manifest's record_index is missing or malformed; cannot locate the change"};
  }
  NodeHashes now;
  hash_node(record, "", now);
  const nlohmann::json& before = index["nodes"];
  if (before.contains("") && before[""] == now[""]) return {};

  std::set<std::string> added, removed, changed;
  for (const auto& [pointer, hash] : before.items()) {
    auto found = now.find(pointer);
    if (found == now.end()) {
      removed.insert(pointer);
    } else if (!hash.is_string() || hash.get<std::string>() != found->second) {
      changed.insert(pointer);
    }
  }
  for (const auto& [pointer, hash] : now) {
    if (!before.contains(pointer)) added.insert(pointer);
  }
  // A changed container is reported through its members; an added or removed subtree once, at
  // its top.
  std::set<std::string> parents;
  for (const auto* set : {&added, &removed, &changed}) {
    for (const auto& p : *set) {
      if (!p.empty()) parents.insert(parent_of(p));
    }
  }
  std::vector<std::string> found;
  auto report = [&](const std::string& pointer, const char* what) {
    found.push_back((pointer.empty() ? std::string("(whole document)") : pointer) + " " + what);
  };
  for (const auto& p : changed) {
    if (!parents.count(p)) report(p, "changed");
  }
  for (const auto& p : added) {
    if (!added.count(parent_of(p))) report(p, "added");
  }
  for (const auto& p : removed) {
    if (!removed.count(parent_of(p))) report(p, "removed");
  }
  if (found.empty()) report("", "changed");  // hashes differ yet no node does: a malformed index
  if (found.size() > limit) {
    std::size_t more = found.size() - limit;
    found.resize(limit);
    found.push_back("... " + std::to_string(more) + " more");
  }
  return found;
}

}  // namespace stimbench
