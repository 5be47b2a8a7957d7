// Meaning templates: read from the codebook's codes, filled in per unit.
#include "rewrite/meaning.hpp"

#include <unicode/uchar.h>

#include <algorithm>

#include "core/text.hpp"
#include "core/yaml.hpp"

namespace qda::rewrite {

std::string_view role_noun(Gender g) {
  return g == Gender::f ? "la asesora" : g == Gender::m ? "el asesor" : "la persona asesora";
}

namespace {

void check_template(const yaml::Doc& d, const YAML::Node& n, const std::string& t) {
  for (std::size_t i = t.find('{'); i != std::string::npos; i = t.find('{', i + 1)) {
    auto close = t.find('}', i);
    std::string name = close == std::string::npos ? t.substr(i) : t.substr(i, close - i + 1);
    if (name != "{rol}")
      throw ConfigError("unknown placeholder '" + name + "' in a meaning template (expected {rol})", yaml::at(d, n, "meaning"));
  }
}

void collect(const yaml::Doc& d, const YAML::Node& codes, Meanings& out) {
  if (!codes || codes.IsNull()) return;
  if (!codes.IsSequence()) throw ConfigError("must be a list of codes", yaml::at(d, codes, "codes"));
  for (const auto& c : codes) {
    if (!c.IsMap()) throw ConfigError("a code must be a mapping", yaml::at(d, c));
    auto id = yaml::opt_string(d, c, "id");
    auto meaning = yaml::opt_string(d, c, "meaning");
    if (id && meaning && !meaning->empty()) {
      check_template(d, c["meaning"], *meaning);
      out.add(*id, *meaning);
    }
    collect(d, c["children"], out);
  }
}

// Upper-case the first letter of a sentence that opens with {rol}.
std::string capitalise(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  if (s.empty()) return out;
  char32_t c = text::next_cp(s, i);
  text::append_utf8(out, static_cast<char32_t>(u_toupper(static_cast<UChar32>(c))));
  out.append(s.substr(i));
  return out;
}

}  // namespace

Meanings Meanings::load(const std::string& path) {
  auto d = yaml::load(path);
  if (!d.root.IsMap()) throw ConfigError("a codebook must be a mapping", yaml::at(d, d.root));
  Meanings m;
  collect(d, d.root["codes"], m);
  return m;
}

std::string Meanings::render(const std::vector<std::string>& codes, Gender g) const {
  std::string out;
  std::vector<std::string_view> seen;
  for (const auto& code : codes) {
    if (std::find(seen.begin(), seen.end(), code) != seen.end()) continue;
    seen.push_back(code);
    auto it = templates_.find(code);
    if (it == templates_.end()) continue;
    std::string s;
    const std::string& t = it->second;
    std::size_t pos = 0;
    for (std::size_t i = t.find("{rol}"); i != std::string::npos; i = t.find("{rol}", pos)) {
      s.append(t, pos, i - pos);
      // At the start of the template or of a sentence the role noun opens the sentence.
      auto before = text::trim(std::string_view(s));
      bool opens = before.empty() || before.back() == '.' || before.back() == '!' || before.back() == '?';
      s += opens ? capitalise(role_noun(g)) : std::string(role_noun(g));
      pos = i + 5;
    }
    s.append(t, pos, std::string::npos);
    if (!out.empty()) out += ' ';
    out += text::trim(s);
  }
  return out;
}

}  // namespace qda::rewrite
