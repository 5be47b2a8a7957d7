#include "core/wordtable.hpp"

#include <cstring>

namespace qda {

std::uint64_t WordTable::hash(std::string_view w) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull ^ w.size();
  std::size_t i = 0;
  for (; i + 8 <= w.size(); i += 8) {
    std::uint64_t x;
    std::memcpy(&x, w.data() + i, 8);
    h = hash_mix(h ^ x) * 0xbf58476d1ce4e5b9ull;
  }
  std::uint64_t x = 0;
  std::memcpy(&x, w.data() + i, w.size() - i);
  return hash_mix(hash_mix(h ^ x) * 0xbf58476d1ce4e5b9ull);
}

bool WordTable::find(std::string_view key, std::uint64_t h, std::uint32_t& value) const {
  if (slots_.empty()) return false;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask; slots_[i].used; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.hash == h && s.len == key.size() && std::memcmp(keys_.data() + s.key, key.data(), key.size()) == 0) {
      value = s.value;
      return true;
    }
  }
  return false;
}

void WordTable::insert(std::string_view key, std::uint64_t h, std::uint32_t value) {
  if (slots_.empty()) rehash(1024);
  else if (2 * (count_ + 1) > slots_.size()) rehash(2 * slots_.size());
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  while (slots_[i].used) i = (i + 1) & mask;
  slots_[i] = Slot{h, static_cast<std::uint32_t>(keys_.size()), static_cast<std::uint32_t>(key.size()), value, true};
  keys_.append(key);
  ++count_;
}

void WordTable::clear() {
  slots_.assign(slots_.size(), Slot{});
  keys_.clear();
  count_ = 0;
}

void WordTable::rehash(std::size_t n) {
  std::vector<Slot> old(n);
  old.swap(slots_);
  const std::size_t mask = n - 1;
  for (const Slot& s : old) {
    if (!s.used) continue;
    std::size_t i = s.hash & mask;
    while (slots_[i].used) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

}  // namespace qda
