// yaml-cpp wrappers: every error carries file, line, column and key.
#include "core/yaml.hpp"

#include <unordered_map>
#include <vector>

#include <yaml-cpp/depthguard.h>

#include "core/io.hpp"
#include "core/sha256.hpp"

namespace qda::yaml {

namespace {
// A YAML alias repeats its anchor's value wherever it is used: a 1 MB scalar aliased a thousand
// times is a gigabyte for every reader that walks the tree, and nested aliases grow
// exponentially ("billion laughs"). Walk the tree as readers will see it, counting bytes and
// nodes, and refuse a file that expands past `budget`. Stops as soon as it is past it.
bool expands_beyond(const YAML::Node& root, std::size_t budget) {
  std::vector<YAML::Node> todo{root};
  std::size_t size = 0;
  while (!todo.empty()) {
    YAML::Node n = todo.back();
    todo.pop_back();
    size += 16;  // a node's own cost, so a bomb of empty nodes counts too
    if (n.IsScalar()) size += n.Scalar().size();
    else if (n.IsSequence())
      for (const auto& item : n) todo.push_back(item);
    else if (n.IsMap())
      for (const auto& kv : n) todo.push_back(kv.first), todo.push_back(kv.second);
    if (size > budget) return true;
  }
  return false;
}
}  // namespace

Doc parse(const std::string& text, const std::string& file) {
  // YAML is UTF-8. yaml-cpp would take other bytes as they are, and a rule saved by an editor
  // in windows-1252 ("acompa\xF1ar") would then silently never match: refuse it where it is.
  io::require_utf8(text, file);
  try {
    Doc d{file, YAML::Load(text), sha256_hex(text)};
    const std::size_t budget = 8 * text.size() + (1 << 20);
    if (expands_beyond(d.root, budget))
      throw ConfigError("the file's aliases (*name) expand it to more than " + std::to_string(budget >> 20) +
                            " MB: write the repeated values out, or use fewer aliases",
                        Location{file});
    return d;
  } catch (const YAML::Exception& e) {
    Location where{file};
    if (e.mark.line >= 0) where.line = e.mark.line + 1, where.column = e.mark.column + 1;
    // yaml-cpp's guard against deep nesting says only "bad file".
    bool deep = dynamic_cast<const YAML::DeepRecursion*>(&e) != nullptr;
    throw ConfigError(deep ? std::string("lists or mappings nested too deeply") : e.msg, where);
  }
}

Doc load(const std::string& path) { return parse(io::read_file(path), path); }

Location at(const Doc& d, const YAML::Node& n, std::string_view key) {
  Location l{d.file};
  if (n.IsDefined() && n.Mark().line >= 0) {
    l.line = n.Mark().line + 1;
    l.column = n.Mark().column + 1;
  }
  l.key = std::string(key);
  return l;
}

std::vector<Entry> entries(const Doc& d, const YAML::Node& n, std::string_view context) {
  if (!n.IsMap()) throw ConfigError(std::string(context) + " must be a mapping", at(d, n));
  std::vector<Entry> out;
  std::unordered_map<std::string, std::size_t> seen;
  for (auto it = n.begin(); it != n.end(); ++it) {
    if (!it->first.IsScalar())
      throw ConfigError("a key in " + std::string(context) + " must be a plain word, not a list or a mapping", at(d, it->first));
    Entry e{it->first.Scalar(), it->first, it->second};
    auto [prev, fresh] = seen.emplace(e.key, out.size());
    if (!fresh)
      throw ConfigError("duplicate key in " + std::string(context) + " (first at line " +
                            std::to_string(out[prev->second].key_node.Mark().line + 1) + "; YAML would keep only one)",
                        at(d, e.key_node, e.key));
    out.push_back(std::move(e));
  }
  return out;
}

std::string scalar(const Doc& d, const YAML::Node& n, std::string_view key) {
  if (!n.IsScalar()) throw ConfigError("must be a string", at(d, n, key));
  return n.Scalar();
}

void check_keys(const Doc& d, const YAML::Node& n, std::initializer_list<std::string_view> allowed,
                std::string_view context) {
  for (const auto& e : entries(d, n, context)) {
    const std::string& k = e.key;
    bool ok = false;
    for (auto a : allowed) ok = ok || a == k;
    if (!ok) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      throw ConfigError("unknown key in " + std::string(context) + " (expected one of: " + list + ")",
                        at(d, e.key_node, k));
    }
  }
}

std::string req_string(const Doc& d, const YAML::Node& map, std::string_view key, std::string_view context) {
  YAML::Node v = map[std::string(key)];
  if (!v) throw ConfigError("missing required key in " + std::string(context), at(d, map, key));
  if (!v.IsScalar()) throw ConfigError("must be a string", at(d, v, key));
  return v.as<std::string>();
}

std::optional<std::string> opt_string(const Doc& d, const YAML::Node& map, std::string_view key) {
  YAML::Node v = map[std::string(key)];
  if (!v || v.IsNull()) return std::nullopt;
  if (!v.IsScalar()) throw ConfigError("must be a string", at(d, v, key));
  return v.as<std::string>();
}

std::vector<std::string> string_list(const Doc& d, const YAML::Node& n, std::string_view key) {
  std::vector<std::string> out;
  if (!n || n.IsNull()) return out;
  if (n.IsScalar()) { out.push_back(n.as<std::string>()); return out; }
  if (!n.IsSequence()) throw ConfigError("must be a string or a list of strings", at(d, n, key));
  for (const auto& item : n) {
    if (!item.IsScalar()) throw ConfigError("list items must be strings", at(d, item, key));
    out.push_back(item.as<std::string>());
  }
  return out;
}

bool opt_bool(const Doc& d, const YAML::Node& map, std::string_view key, bool fallback) {
  YAML::Node v = map[std::string(key)];
  if (!v || v.IsNull()) return fallback;
  bool b;
  if (!v.IsScalar() || !YAML::convert<bool>::decode(v, b)) throw ConfigError("must be true or false", at(d, v, key));
  return b;
}

std::optional<long> opt_int(const Doc& d, const YAML::Node& map, std::string_view key) {
  YAML::Node v = map[std::string(key)];
  if (!v || v.IsNull()) return std::nullopt;
  long x;
  if (!v.IsScalar() || !YAML::convert<long>::decode(v, x)) throw ConfigError("must be an integer", at(d, v, key));
  return x;
}

}  // namespace qda::yaml
