// This process's provenance record, and reading and comparing upstream ones.
#include "core/provenance.hpp"

#include <qda/version.hpp>
#include <simdjson.h>

#include "core/error.hpp"
#include "core/json.hpp"

namespace qda::provenance {
namespace {
Provenance& current() {
  static Provenance p;
  return p;
}
}  // namespace

void start(std::string tool, std::vector<std::string> args) {
  Provenance& p = current();
  p.tool = std::move(tool);
  p.version = QDA_VERSION;
  p.args = std::move(args);
  p.config.clear();
}

void add_config(std::string role, std::string file, std::string sha256) {
  for (const auto& c : current().config)
    if (c.role == role && c.file == file) return;
  current().config.push_back(Config{std::move(role), std::move(file), std::move(sha256)});
}

const Provenance& self() { return current(); }

std::string to_json(const Provenance& p) {
  std::string out;
  json::Writer w(out);
  w.begin_object().field("kind", "provenance").field("tool", p.tool).field("version", p.version);
  w.key("args").begin_array();
  for (const auto& a : p.args) w.value(a);
  w.end_array().key("config").begin_array();
  for (const auto& c : p.config)
    w.begin_object().field("role", c.role).field("file", c.file).field("sha256", c.sha256).end_object();
  w.end_array().end_object();
  return out;
}

Provenance read(const std::vector<FieldParser::Field>& fields) {
  namespace dom = simdjson::dom;
  Provenance p;
  auto bad = [](std::string_view key, const char* what) {
    Location l;
    l.key = std::string(key);
    return DataError(std::string("a provenance record's '") + std::string(key) + "' must be " + what, l);
  };
  dom::parser parser;
  for (const auto& f : fields) {
    if (f.key == "tool") p.tool = unquote(f.raw);
    else if (f.key == "version") p.version = unquote(f.raw);
    else if (f.key == "args" || f.key == "config") {
      dom::element e;
      dom::array a;
      if (parser.parse(f.raw.data(), f.raw.size()).get(e) || e.get(a)) throw bad(f.key, "an array");
      for (dom::element item : a) {
        if (f.key == "args") {
          std::string_view s;
          if (item.get(s)) throw bad(f.key, "an array of strings");
          p.args.emplace_back(s);
          continue;
        }
        std::string_view role, file, sha;
        if (item["role"].get(role) || item["file"].get(file) || item["sha256"].get(sha))
          throw bad(f.key, "a list of {role, file, sha256} strings");
        p.config.push_back(Config{std::string(role), std::string(file), std::string(sha)});
      }
    }
  }
  return p;
}

std::string_view short_hash(std::string_view sha256) { return sha256.substr(0, 12); }

std::vector<std::string> mismatches(const Provenance& upstream) {
  std::vector<std::string> out;
  for (const auto& mine : self().config)
    for (const auto& theirs : upstream.config)
      if (theirs.role == mine.role && theirs.sha256 != mine.sha256)
        out.push_back("the " + mine.role + " " + mine.file + " (sha256 " + std::string(short_hash(mine.sha256)) +
                      ") is not the one " + upstream.tool + " used: " + theirs.file + " (sha256 " +
                      std::string(short_hash(theirs.sha256)) + ")");
  return out;
}

}  // namespace qda::provenance
