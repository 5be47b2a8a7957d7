// SHA-256 (FIPS 180-4) of a byte string, for the configuration hashes of provenance records.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace qda {

// Incremental SHA-256: update() with the bytes in order, then digest() once.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  std::array<std::uint8_t, 32> digest();

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buf_{};
  std::size_t used_ = 0;
  std::uint64_t length_ = 0;
};

// Whether block() uses the processor's SHA instructions (x86 SHA-NI), and, for tests, a switch
// back to the portable code (`portable`: true) for both paths to be checked on one machine.
bool sha256_in_hardware();
void sha256_force_portable(bool portable);

// The digest of `bytes` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace qda
