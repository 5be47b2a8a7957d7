// Snowball stemming (libstemmer) of words as written, giving folded stems; cached per word.
#pragma once

#include <string>
#include <functional>
#include <string_view>
#include <unordered_map>

struct sb_stemmer;

namespace qda::code {

// One stemmer per thread of matching: sb_stemmer is not thread-safe, and the cache makes a
// word seen again cost one hash look-up.
class Stemmer {
 public:
  // `language` as in the codebook ("es", "spanish", …). Throws std::invalid_argument when
  // Snowball has no stemmer for it.
  explicit Stemmer(const std::string& language);
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  // The folded stem of a word as written (UTF-8, any case, accents kept). Valid until the next call.
  const std::string& stem(std::string_view word);

 private:
  // Looked up by string_view, so a word seen before costs no allocation.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sb_stemmer* sb_ = nullptr;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> cache_;
};

}  // namespace qda::code
