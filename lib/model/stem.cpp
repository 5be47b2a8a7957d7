// libstemmer wrapper with a per-word cache.
#include "model/stem.hpp"

#include <libstemmer.h>

#include <stdexcept>

#include <unicode/uchar.h>

#include "core/text.hpp"

namespace qda::model {

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
  if (language.empty()) return;  // a codebook that names no language (REFI-QDA): words only folded
  sb_ = sb_stemmer_new(snowball_name(language).c_str(), "UTF_8");
  if (!sb_) throw std::invalid_argument("no Snowball stemmer for language '" + language + "'");
}

Stemmer::~Stemmer() {
  if (sb_) sb_stemmer_delete(sb_);
}

namespace {
constexpr std::size_t kMaxKeys = std::size_t{1} << 24;  // bytes of cached words
}  // namespace

const std::string& Stemmer::stem(std::string_view word) {
  const std::uint64_t h = WordTable::hash(word);
  if (std::uint32_t k; table_.find(word, h, k)) return stems_[k];
  // Snowball's Spanish rules need the accents (resistía, acompañé end in accented suffixes), so
  // the word is only lower-cased before stemming and the stem folded after.
  std::string lower;
  for (std::size_t k = 0; k < word.size();)
    text::append_utf8(lower, static_cast<char32_t>(u_tolower(static_cast<UChar32>(text::next_cp(word, k)))));
  const sb_symbol* st =
      sb_ ? sb_stemmer_stem(sb_, reinterpret_cast<const sb_symbol*>(lower.data()), static_cast<int>(lower.size())) : nullptr;
  std::string out = text::fold(st ? std::string_view(reinterpret_cast<const char*>(st), static_cast<std::size_t>(sb_stemmer_length(sb_)))
                                  : std::string_view(lower));
  if (word.size() > kMaxKeys) return uncached_ = std::move(out);
  // Bound the cache so a long run over an open vocabulary cannot grow without limit.
  if (stems_.size() > 200000 || table_.key_bytes() + word.size() > kMaxKeys) {
    table_.clear();
    stems_.clear();
  }
  table_.insert(word, h, static_cast<std::uint32_t>(stems_.size()));
  stems_.push_back(std::move(out));
  return stems_.back();
}

}  // namespace qda::model
