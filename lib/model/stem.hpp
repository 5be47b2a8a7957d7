// Snowball stemming (libstemmer) of words as written, giving folded stems; cached per word.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/wordtable.hpp"

struct sb_stemmer;

namespace qda::model {

// One stemmer per thread of matching: sb_stemmer is not thread-safe, and the cache makes a
// word seen again cost one hash look-up.
class Stemmer {
 public:
  // `language` as in the codebook ("es", "spanish", …); "" (a codebook that names none, as a
  // REFI-QDA one) gives each word folded, unstemmed. Throws std::invalid_argument when Snowball
  // has no stemmer for it.
  explicit Stemmer(const std::string& language);
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  // The folded stem of a word as written (UTF-8, any case, accents kept). Valid until the next call.
  const std::string& stem(std::string_view word);

 private:
  sb_stemmer* sb_ = nullptr;
  WordTable table_;  // word as written -> its index in stems_
  std::vector<std::string> stems_;
  std::string uncached_;  // the stem of a word too long to keep
};

}  // namespace qda::model
