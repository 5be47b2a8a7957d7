// A hash table from short strings (word forms) to numbers, for the caches that meet the same
// words again and again: Snowball's stems, a model's stem ids.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qda {

// A 64-bit finaliser (splitmix64's): spreads the bits of a key or of a partial hash.
inline std::uint64_t hash_mix(std::uint64_t h) {
  h ^= h >> 31;
  h *= 0x94d049bb133111ebull;
  return h ^ (h >> 29);
}

// Open addressing over one string of keys: a key seen before costs a hash of its bytes (eight at
// a time) and a probe or two, and no allocation. At most half full; grows by doubling. Keys are
// copied in; a value is any 32-bit number.
class WordTable {
 public:
  static std::uint64_t hash(std::string_view key);

  // The value kept for `key` (whose hash() is `h`) into `value`; false when it has none.
  bool find(std::string_view key, std::uint64_t h, std::uint32_t& value) const;
  // Keep `value` for `key`, which the table does not hold (find() said so).
  void insert(std::string_view key, std::uint64_t h, std::uint32_t value);
  // Forget every key (the slots stay allocated).
  void clear();

  std::size_t size() const { return count_; }
  std::size_t key_bytes() const { return keys_.size(); }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t key = 0, len = 0;  // the key in keys_
    std::uint32_t value = 0;
    bool used = false;
  };
  void rehash(std::size_t slots);
  std::vector<Slot> slots_;  // a power of two of them
  std::string keys_;
  std::size_t count_ = 0;
};

}  // namespace qda
