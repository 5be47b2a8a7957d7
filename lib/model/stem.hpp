// Snowball stemming (libstemmer) of words as written, giving folded stems; cached per word.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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
  // An open-addressing table over one string of keys: a word seen before costs a hash of a few
  // bytes and a probe or two, and no allocation.
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t key = 0, len = 0;  // the word in keys_
    std::uint32_t stem = 0;          // 1 + its index in stems_; 0 = empty slot
  };
  void rehash(std::size_t slots);
  sb_stemmer* sb_ = nullptr;
  std::vector<Slot> slots_;  // a power of two of them, at most half full
  std::string keys_;
  std::vector<std::string> stems_;
  std::string uncached_;  // the stem of a word too long to keep
};

}  // namespace qda::model
