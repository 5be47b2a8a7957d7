// JSON string escaping and the compact writer.
#include "core/json.hpp"

#include <fmt/format.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

#include "core/text.hpp"

namespace qda::json {

namespace {
inline bool plain(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\'; }

void append_escaped(std::string& out, unsigned char c) {
  static const char* hex = "0123456789abcdef";
  switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    default: out += "\\u00"; out += hex[c >> 4]; out += hex[c & 15];
  }
}
}  // namespace

// Runs of plain bytes are copied whole; finding the next byte to escape is done sixteen bytes
// at a time where SSE2 is available (the last block overlaps the one before rather than
// going byte by byte).
void append_string(std::string& out, std::string_view s) {
  out += '"';
  const char* p = s.data();
  const std::size_t n = s.size();
  std::size_t run = 0, i = 0;  // plain bytes [run, i) not yet copied
  while (i < n) {
#if defined(__SSE2__)
    if (n >= 16) {
      const std::size_t base = std::min(i, n - 16);
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + base));
      const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);  // unsigned v <= 0x1F
      const __m128i special = _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
      const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(special)) >> (i - base);
      if (!mask) {
        i = base + 16;
        continue;
      }
      i += static_cast<std::size_t>(std::countr_zero(mask));
    } else {
      while (i < n && plain(static_cast<unsigned char>(p[i]))) ++i;
      if (i == n) break;
    }
#else
    while (i < n && plain(static_cast<unsigned char>(p[i]))) ++i;
    if (i == n) break;
#endif
    out.append(p + run, i - run);
    append_escaped(out, static_cast<unsigned char>(p[i]));
    run = ++i;
  }
  out.append(p + run, n - run);
  out += '"';
}

std::string quote(std::string_view s) {
  std::string out;
  append_string(out, s);
  return out;
}

void append_number(std::string& out, double v) {
  if (!std::isfinite(v)) { out += "null"; return; }
  if (v == std::floor(v) && std::fabs(v) < 1e15) { fmt::format_to(std::back_inserter(out), "{}", static_cast<long long>(v)); return; }
  fmt::format_to(std::back_inserter(out), "{}", v);
}

void Writer::push() {
  if (depth_ >= 64) deeper_.push_back(first_ >> 63);
  first_ = (first_ << 1) | 1;
  ++depth_;
}
void Writer::pop() {
  first_ >>= 1;
  --depth_;
  if (depth_ >= 64) {
    first_ |= static_cast<std::uint64_t>(deeper_.back()) << 63;
    deeper_.pop_back();
  }
}

Writer& Writer::begin_object() { comma(); out_ += '{'; push(); return *this; }
Writer& Writer::end_object() { out_ += '}'; pop(); return *this; }
Writer& Writer::begin_array() { comma(); out_ += '['; push(); return *this; }
Writer& Writer::end_array() { out_ += ']'; pop(); return *this; }
Writer& Writer::key(std::string_view k) {
  comma();
  append_string(out_, k);
  out_ += ':';
  after_key_ = true;
  return *this;
}
Writer& Writer::value(std::string_view s) { comma(); append_string(out_, s); return *this; }
Writer& Writer::value(std::int64_t v) {
  comma();
  char digits[24];
  out_.append(digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, v).ptr - digits));
  return *this;
}
Writer& Writer::value(double v) { comma(); append_number(out_, v); return *this; }
Writer& Writer::value(bool v) { comma(); out_ += v ? "true" : "false"; return *this; }
Writer& Writer::null() { comma(); out_ += "null"; return *this; }
Writer& Writer::raw(std::string_view j) { comma(); out_ += j; return *this; }

namespace {
// Four hex digits at p, or -1.
long hex4(const char* p) {
  long v = 0;
  for (int k = 0; k < 4; ++k) {
    char c = p[k];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}
}  // namespace

bool unescape(std::string_view raw, std::string* out) {
  if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') return false;
  raw = raw.substr(1, raw.size() - 2);
  if (out) out->clear(), out->reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    std::size_t j = raw.find('\\', i);
    if (j == std::string_view::npos) j = raw.size();
    if (out) out->append(raw.substr(i, j - i));
    if (j == raw.size()) break;
    if (j + 1 >= raw.size()) return false;
    char c = raw[j + 1], ch = 0;
    i = j + 2;
    switch (c) {
      case '"': ch = '"'; break;
      case '\\': ch = '\\'; break;
      case '/': ch = '/'; break;
      case 'b': ch = '\b'; break;
      case 'f': ch = '\f'; break;
      case 'n': ch = '\n'; break;
      case 'r': ch = '\r'; break;
      case 't': ch = '\t'; break;
      case 'u': {
        if (i + 4 > raw.size()) return false;
        long u = hex4(raw.data() + i);
        if (u < 0) return false;
        i += 4;
        if (u >= 0xD800 && u <= 0xDBFF) {  // a surrogate pair
          if (i + 6 > raw.size() || raw[i] != '\\' || raw[i + 1] != 'u') return false;
          long lo = hex4(raw.data() + i + 2);
          if (lo < 0xDC00 || lo > 0xDFFF) return false;
          i += 6;
          u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
          return false;
        }
        if (out) text::append_utf8(*out, static_cast<char32_t>(u));
        continue;
      }
      default:
        return false;
    }
    if (out) *out += ch;
  }
  return true;
}

}  // namespace qda::json
