// WordTable: keys found again with their values, across growth and after clear(); keys that
// differ only in length or in a byte past the eighth are told apart.
#include "core/wordtable.hpp"

#include <gtest/gtest.h>

#include <string>
#include <unordered_map>

TEST(WordTable, FindsWhatWasInsertedAcrossGrowth) {
  qda::WordTable t;
  std::uint32_t v = 0;
  EXPECT_FALSE(t.find("nada", qda::WordTable::hash("nada"), v));
  std::unordered_map<std::string, std::uint32_t> want;
  for (std::uint32_t i = 0; i < 5000; ++i) {  // past the first 1,024 slots several times
    std::string k = "palabra" + std::to_string(i * 7919) + (i % 3 ? "ñ" : "");
    if (want.count(k)) continue;
    ASSERT_FALSE(t.find(k, qda::WordTable::hash(k), v)) << k;
    t.insert(k, qda::WordTable::hash(k), i);
    want[k] = i;
  }
  EXPECT_EQ(t.size(), want.size());
  for (const auto& [k, i] : want) {
    ASSERT_TRUE(t.find(k, qda::WordTable::hash(k), v)) << k;
    EXPECT_EQ(v, i);
  }
  // Prefixes, a longer key, a difference in the ninth byte, the empty key.
  for (std::string k : {"", "a", "abcdefgh", "abcdefghi", "abcdefghj"}) t.insert(k, qda::WordTable::hash(k), static_cast<std::uint32_t>(k.size()) + 100);
  for (std::string k : {"", "a", "abcdefgh", "abcdefghi", "abcdefghj"}) {
    ASSERT_TRUE(t.find(k, qda::WordTable::hash(k), v)) << k;
    EXPECT_EQ(v, k.size() + 100);
  }
  EXPECT_FALSE(t.find("abcdefg", qda::WordTable::hash("abcdefg"), v));
  EXPECT_FALSE(t.find("abcdefghk", qda::WordTable::hash("abcdefghk"), v));
  const std::size_t bytes = t.key_bytes();
  EXPECT_GT(bytes, 0u);
  t.clear();
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.key_bytes(), 0u);
  EXPECT_FALSE(t.find("a", qda::WordTable::hash("a"), v));
  t.insert("a", qda::WordTable::hash("a"), 9);
  ASSERT_TRUE(t.find("a", qda::WordTable::hash("a"), v));
  EXPECT_EQ(v, 9u);
}
