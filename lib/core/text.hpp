// UTF-8 text utilities: validation, code point counting and offsets, folding, natural order.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qda::text {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool valid_utf8(std::string_view s);
// Byte offset of the first invalid sequence, or npos when `s` is valid.
std::size_t first_invalid_utf8(std::string_view s);

// 1-based line and column (counted in code points) of byte `off` of `s`, for error messages;
// the bytes before `off` are taken as UTF-8.
std::pair<long, long> line_column(std::string_view s, std::size_t off);
// A byte as two upper-case hex digits ("F1"), for error messages.
std::string hex_byte(unsigned char b);

// Number of Unicode code points in valid UTF-8 `s`.
std::size_t cp_length(std::string_view s);

// Decode the code point starting at byte `i`, advancing `i`. Input must be valid UTF-8.
char32_t next_cp(std::string_view s, std::size_t& i);
// Append the UTF-8 encoding of `c` to `out`.
void append_utf8(std::string& out, char32_t c);

// Maps code point offsets to byte offsets of one string (built once, O(1) look-ups).
class CpIndex {
 public:
  explicit CpIndex(std::string_view s);
  std::size_t size_cp() const { return byte_of_.size() - 1; }
  std::size_t byte(std::size_t cp) const { return byte_of_[cp]; }
  // Substring by code point span [start, end).
  std::string_view slice(std::string_view s, std::size_t start, std::size_t end) const {
    return s.substr(byte_of_[start], byte_of_[end] - byte_of_[start]);
  }

 private:
  std::vector<std::uint32_t> byte_of_;
};

// Folding for matching: lower case, diacritics removed, but ñ/Ñ kept as ñ (año ≠ ano).
// One code point in, one code point out, so positions in the folded text are positions in
// the original. Table-driven for Latin scripts; other code points are only lower-cased.
char32_t fold_cp_table(char32_t c);
inline char32_t fold_cp(char32_t c) {
  if (c < 0x80) return (c >= U'A' && c <= U'Z') ? c + 32 : c;  // hot path: no table look-up
  return fold_cp_table(c);
}
// Fold a whole UTF-8 string (same number of code points as the input).
std::string fold(std::string_view s);
// Fold into code points (for position-preserving matching).
std::u32string fold32(std::string_view s);

// True for letters and digits (Unicode), used for whole-word checks.
bool is_word_cp_table(char32_t c);
namespace detail {
inline constexpr std::array<bool, 128> kAsciiWord = [] {
  std::array<bool, 128> t{};
  for (char32_t c = 0; c < 128; ++c) t[c] = (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9');
  return t;
}();
}  // namespace detail
inline bool is_word_cp(char32_t c) {
  if (c < 0x80) return detail::kAsciiWord[c];  // hot path: one load
  return is_word_cp_table(c);
}

// Trim ASCII and Unicode white space (incl. NBSP) at both ends.
std::string_view trim(std::string_view s);
// Collapse runs of white space to one space and trim.
std::string squeeze_spaces(std::string_view s);

// Natural order of ids: "C2" < "C10", "C36.q4" < "C36.q10".
bool natural_less(std::string_view a, std::string_view b);

// Split on a single character (keeps empty fields).
std::vector<std::string_view> split(std::string_view s, char sep);

// Whether a language tag names the language `code` in any region or variant: "es", "es_MX",
// "es-419", "es@ss=standard" are all "es".
bool language_is(std::string_view tag, std::string_view code);

// A hash for unordered containers keyed by std::string that are searched with a string_view
// (with std::equal_to<>): no string is built per lookup.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace qda::text
