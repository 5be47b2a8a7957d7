// libstemmer wrapper with a per-word cache.
#include "model/stem.hpp"

#include <libstemmer.h>

#include <cstring>
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

std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 31;
  h *= 0x94d049bb133111ebull;
  return h ^ (h >> 29);
}

std::uint64_t hash_word(std::string_view w) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull ^ w.size();
  std::size_t i = 0;
  for (; i + 8 <= w.size(); i += 8) {
    std::uint64_t x;
    std::memcpy(&x, w.data() + i, 8);
    h = mix(h ^ x) * 0xbf58476d1ce4e5b9ull;
  }
  std::uint64_t x = 0;
  std::memcpy(&x, w.data() + i, w.size() - i);
  return mix(mix(h ^ x) * 0xbf58476d1ce4e5b9ull);
}
}  // namespace

void Stemmer::rehash(std::size_t n) {
  std::vector<Slot> old(n);
  old.swap(slots_);
  const std::size_t mask = n - 1;
  for (const Slot& s : old) {
    if (!s.stem) continue;
    std::size_t i = s.hash & mask;
    while (slots_[i].stem) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

const std::string& Stemmer::stem(std::string_view word) {
  if (slots_.empty()) rehash(1024);
  const std::uint64_t h = hash_word(word);
  std::size_t mask = slots_.size() - 1, i = h & mask;
  for (; slots_[i].stem; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.hash == h && s.len == word.size() && std::memcmp(keys_.data() + s.key, word.data(), word.size()) == 0)
      return stems_[s.stem - 1];
  }
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
  if (stems_.size() > 200000 || keys_.size() + word.size() > kMaxKeys) {
    slots_.assign(slots_.size(), Slot{});
    keys_.clear();
    stems_.clear();
  }
  if (2 * (stems_.size() + 1) > slots_.size()) rehash(2 * slots_.size());
  mask = slots_.size() - 1;
  for (i = h & mask; slots_[i].stem; i = (i + 1) & mask) {
  }
  slots_[i] = Slot{h, static_cast<std::uint32_t>(keys_.size()), static_cast<std::uint32_t>(word.size()),
                   static_cast<std::uint32_t>(stems_.size() + 1)};
  keys_.append(word);
  stems_.push_back(std::move(out));
  return stems_.back();
}

}  // namespace qda::model
