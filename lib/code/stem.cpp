// libstemmer wrapper with a per-word cache.
#include "code/stem.hpp"

#include <libstemmer.h>

#include <stdexcept>

#include <unicode/uchar.h>

#include "core/text.hpp"

namespace qda::code {

namespace {
// Codebooks name languages by ISO code; Snowball wants its own module names.
std::string snowball_name(const std::string& lang) {
  if (lang == "es" || lang == "spa") return "spanish";
  if (lang == "en" || lang == "eng") return "english";
  if (lang == "pt" || lang == "por") return "portuguese";
  if (lang == "fr" || lang == "fra") return "french";
  if (lang == "ca" || lang == "cat") return "catalan";
  return lang;
}
}  // namespace

Stemmer::Stemmer(const std::string& language) {
  sb_ = sb_stemmer_new(snowball_name(language).c_str(), "UTF_8");
  if (!sb_) throw std::invalid_argument("no Snowball stemmer for language '" + language + "'");
}

Stemmer::~Stemmer() { sb_stemmer_delete(sb_); }

const std::string& Stemmer::stem(std::string_view word) {
  auto it = cache_.find(word);
  if (it != cache_.end()) return it->second;
  // Snowball's Spanish rules need the accents (resistía, acompañé end in accented suffixes), so
  // the word is only lower-cased before stemming and the stem folded after.
  std::string lower;
  for (std::size_t i = 0; i < word.size();)
    text::append_utf8(lower, static_cast<char32_t>(u_tolower(static_cast<UChar32>(text::next_cp(word, i)))));
  const sb_symbol* s = sb_stemmer_stem(sb_, reinterpret_cast<const sb_symbol*>(lower.data()), static_cast<int>(lower.size()));
  std::string out = text::fold(s ? std::string_view(reinterpret_cast<const char*>(s), static_cast<std::size_t>(sb_stemmer_length(sb_)))
                                 : std::string_view(lower));
  // Bound the cache so a long run over an open vocabulary cannot grow without limit.
  if (cache_.size() > 200000) cache_.clear();
  return cache_.emplace(std::string(word), std::move(out)).first->second;
}

}  // namespace qda::code
