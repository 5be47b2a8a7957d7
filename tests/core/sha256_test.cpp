// SHA-256 against the test vectors of FIPS 180-4 (NIST's examples) and across block edges.
#include "core/sha256.hpp"

#include <vector>

#include <gtest/gtest.h>

using qda::sha256_hex;

TEST(Sha256, PublishedVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, IncrementalEqualsWhole) {
  std::string s;
  for (int i = 0; i < 300; ++i) s += static_cast<char>('a' + i % 26);
  for (std::size_t cut : {0u, 1u, 55u, 56u, 63u, 64u, 65u, 128u, 299u}) {
    qda::Sha256 h;
    h.update(std::string_view(s).substr(0, cut));
    h.update(std::string_view(s).substr(cut));
    auto d = h.digest();
    std::string hex;
    for (auto b : d) hex += "0123456789abcdef"[b >> 4], hex += "0123456789abcdef"[b & 15];
    EXPECT_EQ(hex, sha256_hex(s)) << cut;
  }
}

// The processor's SHA instructions, where it has them, and the portable code give the same
// digests, block boundaries and all.
TEST(Sha256, HardwareAndPortableAgree) {
  std::string s;
  std::uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 100003; ++i) x ^= x << 13, x ^= x >> 7, x ^= x << 17, s += static_cast<char>(x);
  std::vector<std::string> hw, sw;
  for (std::size_t n : {0u, 3u, 55u, 64u, 65u, 1000u, 100003u}) hw.push_back(sha256_hex(std::string_view(s).substr(0, n)));
  qda::sha256_force_portable(true);
  EXPECT_FALSE(qda::sha256_in_hardware());
  for (std::size_t n : {0u, 3u, 55u, 64u, 65u, 1000u, 100003u}) sw.push_back(sha256_hex(std::string_view(s).substr(0, n)));
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  qda::sha256_force_portable(false);
  EXPECT_EQ(hw, sw);
  if (!qda::sha256_in_hardware()) GTEST_SKIP() << "no SHA instructions here: only the portable code was checked";
}
