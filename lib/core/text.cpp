// UTF-8 helpers shared by every tool; folding is table-driven for speed.
#include "core/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <simdjson.h>

#include <array>
#include <bit>
#include <cstring>

namespace qda::text {

std::size_t first_invalid_utf8(std::string_view s) {
  // simdjson's validator says whether there is an error many bytes at a time; the loop below
  // finds where it is.
  if (simdjson::validate_utf8(s.data(), s.size())) return std::string_view::npos;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) { ++i; continue; }
    std::size_t len;
    char32_t cp, min;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return i;
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool valid_utf8(std::string_view s) { return first_invalid_utf8(s) == std::string_view::npos; }

std::pair<long, long> line_column(std::string_view s, std::size_t off) {
  long line = 1, col = 1;
  for (std::size_t i = 0; i < off && i < s.size(); ++i) {
    if (s[i] == '\n') ++line, col = 1;
    else if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++col;
  }
  return {line, col};
}

std::string hex_byte(unsigned char b) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return {kDigits[b >> 4], kDigits[b & 15]};
}

std::size_t cp_length(std::string_view s) {
  // Count the bytes that are not continuation bytes (10xxxxxx), eight at a time.
  std::size_t n = 0, i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    std::uint64_t cont = x & ~(x << 1) & 0x8080808080808080ull;
    n += 8 - static_cast<std::size_t>(std::popcount(cont));
  }
  for (; i < s.size(); ++i) n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return n;
}

char32_t next_cp(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) { ++i; return c; }
  std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) out += static_cast<char>(c);
  else if (c < 0x800) { out += static_cast<char>(0xC0 | (c >> 6)); out += static_cast<char>(0x80 | (c & 0x3F)); }
  else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12)); out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18)); out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F)); out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

CpIndex::CpIndex(std::string_view s) {
  byte_of_.reserve(s.size() + 1);
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) byte_of_.push_back(static_cast<std::uint32_t>(i));
  byte_of_.push_back(static_cast<std::uint32_t>(s.size()));
}

namespace {
constexpr char32_t kTableSize = 0x2000;  // Latin, Greek, Cyrillic, Latin Extended Additional

struct FoldTable {
  std::array<char32_t, kTableSize> fold{};
  std::array<bool, kTableSize> word{};
  FoldTable() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    for (char32_t c = 0; c < kTableSize; ++c) {
      word[c] = u_isalnum(static_cast<UChar32>(c));
      char32_t lower = static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
      if (lower == U'ñ') { fold[c] = U'ñ'; continue; }
      char32_t base = lower;
      if (U_SUCCESS(status) && lower >= 0x80) {
        icu::UnicodeString d;
        UErrorCode st = U_ZERO_ERROR;
        nfd->normalize(icu::UnicodeString(static_cast<UChar32>(lower)), d, st);
        if (U_SUCCESS(st) && d.length() > 0) {
          UChar32 first = d.char32At(0);
          bool rest_marks = true;
          for (int32_t k = U16_LENGTH(first); k < d.length(); k += U16_LENGTH(d.char32At(k)))
            if (u_charType(d.char32At(k)) != U_NON_SPACING_MARK) rest_marks = false;
          if (rest_marks) base = static_cast<char32_t>(first);
        }
      }
      fold[c] = base;
    }
  }
};

const FoldTable& table() {
  static const FoldTable t;
  return t;
}
}  // namespace

char32_t fold_cp_table(char32_t c) {
  if (c < kTableSize) return table().fold[c];
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
}

bool is_word_cp_table(char32_t c) {
  if (c < kTableSize) return table().word[c];
  return u_isalnum(static_cast<UChar32>(c));
}

std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); ++i; continue; }
    append_utf8(out, fold_cp(next_cp(s, i)));
  }
  return out;
}

std::u32string fold32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out += fold_cp(next_cp(s, i));
  return out;
}

namespace {
bool is_space_at(std::string_view s, std::size_t i, std::size_t& len) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') { len = 1; return true; }
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) { len = 2; return true; }  // NBSP
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    auto d = static_cast<unsigned char>(s[i + 2]);
    if ((d >= 0x80 && d <= 0x8A) || d == 0xAF || d == 0xA8 || d == 0xA9) { len = 3; return true; }  // U+2000..200A, 202F, 2028/9
  }
  if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBB &&
      static_cast<unsigned char>(s[i + 2]) == 0xBF) { len = 3; return true; }  // stray BOM / ZWNBSP
  return false;
}
}  // namespace

std::string_view trim(std::string_view s) {
  std::size_t len = 0;
  while (!s.empty() && is_space_at(s, 0, len)) s.remove_prefix(len);
  while (!s.empty()) {
    // find the start of the last code point
    std::size_t j = s.size() - 1;
    while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
    if (is_space_at(s, j, len) && j + len == s.size()) s.remove_suffix(len);
    else break;
  }
  return s;
}

std::string squeeze_spaces(std::string_view s) {
  s = trim(s);
  std::string out;
  out.reserve(s.size());
  bool in_space = false;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 0;
    if (is_space_at(s, i, len)) { in_space = true; i += len; continue; }
    if (in_space) out += ' ';
    in_space = false;
    out += s[i++];
  }
  return out;
}

bool natural_less(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t i0 = i, j0 = j;
      while (i < a.size() && digit(a[i])) ++i;
      while (j < b.size() && digit(b[j])) ++j;
      std::string_view na = a.substr(i0, i - i0), nb = b.substr(j0, j - j0);
      while (na.size() > 1 && na[0] == '0') na.remove_prefix(1);
      while (nb.size() > 1 && nb[0] == '0') nb.remove_prefix(1);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      continue;
    }
    if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
    ++i; ++j;
  }
  if ((a.size() - i) != (b.size() - j)) return a.size() - i < b.size() - j;
  return a < b;  // equal under natural order ("C01" vs "C1"): fall back to bytes for a total order
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) { out.push_back(s.substr(start, i - start)); start = i + 1; }
  return out;
}

bool language_is(std::string_view tag, std::string_view code) {
  if (tag.size() < code.size() || tag.substr(0, code.size()) != code) return false;
  return tag.size() == code.size() || tag[code.size()] == '_' || tag[code.size()] == '-' || tag[code.size()] == '@';
}

}  // namespace qda::text
