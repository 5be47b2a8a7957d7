// Meaning templates: read from the codebook's codes, filled in per unit.
#include "rewrite/meaning.hpp"

#include <unicode/uchar.h>

#include <algorithm>

#include "core/text.hpp"

namespace qda::rewrite {

namespace {

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

Meanings Meanings::from(const model::Codebook& cb) {
  Meanings m;
  m.roles_ = cb.roles;
  for (const auto& c : cb.codes)
    if (!c.meaning.empty()) m.add(c.id, c.meaning);
  return m;
}

const std::string& Meanings::role_noun(Gender g) const {
  return g == Gender::f ? roles_.f : g == Gender::m ? roles_.m : roles_.unknown;
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
