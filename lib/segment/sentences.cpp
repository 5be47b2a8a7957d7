// Sentence splitting: ICU boundaries, then the breaks ICU gets wrong for this genre removed.
#include "segment/sentences.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "core/error.hpp"
#include "core/text.hpp"

namespace qda::segment {

std::vector<Abbreviation> parse_abbreviations(std::string_view text, const std::string& file) {
  std::vector<Abbreviation> out;
  long line_no = 0;
  for (auto line : text::split(text, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto t = text::trim(line);
    if (t.empty() || t[0] == '#') continue;
    if (!text::valid_utf8(t)) throw ConfigError("invalid UTF-8", Location{file, line_no});
    Abbreviation a;
    auto tab = t.find('\t');
    if (tab != std::string_view::npos) {
      auto flag = text::trim(t.substr(tab + 1));
      if (flag != "lower") throw ConfigError("unknown flag '" + std::string(flag) + "' (expected 'lower')", Location{file, line_no});
      a.lower_only = true;
      t = text::trim(t.substr(0, tab));
    }
    a.folded = text::fold32(t);
    out.push_back(std::move(a));
  }
  return out;
}

namespace {
// u_isUWhiteSpace, with ASCII answered from a table.
const std::array<bool, 128> kAsciiSpace = [] {
  std::array<bool, 128> t{};
  for (UChar32 c = 0; c < 128; ++c) t[static_cast<std::size_t>(c)] = u_isUWhiteSpace(c);
  return t;
}();
inline bool space(char32_t c) { return c < 128 ? kAsciiSpace[c] : u_isUWhiteSpace(static_cast<UChar32>(c)); }
inline bool dash(char32_t c) { return c == U'\u2014' || c == U'\u2013'; }
// The characters of Text::marks: what opens or closes an enclosure, and the line feed that
// ends the search for a closing one.
inline bool ascii_mark(char32_t c) { return c == U'(' || c == U')' || c == U'[' || c == U']' || c == U'"' || c == U'\n'; }
inline bool mark(char32_t c) {
  return c < 128 ? ascii_mark(c) : (c == U'\u00AB' || c == U'\u00BB' || c == U'\u201C' || c == U'\u201D' || dash(c));
}

#if !defined(__SSE2__)
// 0x80 in each byte of x that is zero, exactly (no borrow between bytes).
inline std::uint64_t zero_bytes(std::uint64_t x) {
  constexpr std::uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
  return ~(((x & low7) + low7) | x | low7);
}
// 0x80 in each byte of x (ASCII) that is one of the ASCII marks.
inline std::uint64_t mark_bytes(std::uint64_t x) {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  return zero_bytes(x ^ (ones * '(')) | zero_bytes(x ^ (ones * ')')) | zero_bytes(x ^ (ones * '[')) |
         zero_bytes(x ^ (ones * ']')) | zero_bytes(x ^ (ones * '"')) | zero_bytes(x ^ (ones * '\n'));
}
#endif

// Folding and word agreement of the two-byte code points (U+0080 to U+07FF: Latin-1 and
// Latin Extended, Greek, Cyrillic), read from a table instead of three calls.
struct TwoByte {
  char32_t fold[0x800];
  bool word[0x800], same_word[0x800];
  TwoByte() {
    for (char32_t c = 0x80; c < 0x800; ++c) {
      fold[c] = text::fold_cp(c);
      word[c] = text::is_word_cp(c);
      same_word[c] = word[c] == text::is_word_cp(fold[c]);
    }
  }
};
const TwoByte& two_byte() {
  static const TwoByte t;
  return t;
}
}  // namespace

// One pass over the bytes fills the window. The buffers are sized for the worst case (a code
// point per byte) and trimmed at the end, so they only grow over a stream. Word bits and marks
// are set at k0 + k, their place in the whole text.
template <bool Index>
std::size_t Text::decode(std::string_view s, std::size_t k0, bool& same) {
  const std::size_t n = s.size();
  window_cps_.resize(n);
  window_folded_.resize(n);
  std::uint64_t* wb = word_bits.data();
  auto set_word_bits = [wb, k0](std::size_t at, std::uint64_t bits) {  // bits: at most 16, for at, at + 1, …
    if constexpr (Index) {
      at += k0;
      wb[at / 64] |= bits << (at % 64);
      if (at % 64 > 48) wb[at / 64 + 1] |= bits >> (64 - at % 64);
    } else {
      (void)wb, (void)k0, (void)at, (void)bits;  // clang: captures unused in this instantiation
    }
  };
  auto add_mark = [&](std::size_t at, char32_t c) {
    if constexpr (Index) {
      marks.push_back(static_cast<std::uint32_t>(k0 + at));
      mark_cps.push_back(c);
    }
  };
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  char32_t* cp = window_cps_.data();
  char32_t* fo = window_folded_.data();
  const TwoByte& latin = two_byte();
  std::size_t i = 0, k = 0;  // byte, code point (k <= i)
  while (i < n) {
#if defined(__SSE2__)
    if (i + 16 <= n) {
      // Sixteen bytes are written whatever they are (there is room: k <= i), and the ASCII
      // ones at the front kept.
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const unsigned high = static_cast<unsigned>(_mm_movemask_epi8(v));
      const std::size_t run = high ? static_cast<std::size_t>(std::countr_zero(high)) : 16;
      const __m128i zero = _mm_setzero_si128();
      // Bytes above 0x7F are negative here, so only 'A'..'Z' are in range.
      const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
      const __m128i low = _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(32)));
      const __m128i v16[2] = {_mm_unpacklo_epi8(v, zero), _mm_unpackhi_epi8(v, zero)};
      const __m128i l16[2] = {_mm_unpacklo_epi8(low, zero), _mm_unpackhi_epi8(low, zero)};
      for (int h = 0; h < 2; ++h) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(cp + k + 8 * h), _mm_unpacklo_epi16(v16[h], zero));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(cp + k + 8 * h + 4), _mm_unpackhi_epi16(v16[h], zero));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(fo + k + 8 * h), _mm_unpacklo_epi16(l16[h], zero));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(fo + k + 8 * h + 4), _mm_unpackhi_epi16(l16[h], zero));
      }
      const __m128i folded_case = _mm_or_si128(v, _mm_set1_epi8(0x20));
      const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded_case, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(folded_case, _mm_set1_epi8('z' + 1)));
      const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
      if constexpr (Index) {
        if (unsigned w = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(letter, digit))) & ((1u << run) - 1)) set_word_bits(k, w);
        __m128i is_mark = zero;
        for (char c : {'(', ')', '[', ']', '"', '\n'}) is_mark = _mm_or_si128(is_mark, _mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
        if (unsigned m = static_cast<unsigned>(_mm_movemask_epi8(is_mark)) & ((1u << run) - 1))
          for (; m; m &= m - 1) {
            std::size_t at = k + static_cast<std::size_t>(std::countr_zero(m));
            add_mark(at, cp[at]);
          }
      }
      i += run; k += run;
      if (run == 16) continue;
    }
#else
    if (i + 8 <= n) {
      // Eight bytes are written whatever they are (there is room: k <= i), and the ASCII ones
      // at the front kept.
      std::uint64_t x;
      std::memcpy(&x, p + i, 8);
      for (std::size_t b = 0; b < 8; ++b) {
        char32_t c = p[i + b];
        cp[k + b] = c;
        fo[k + b] = (c >= U'A' && c <= U'Z') ? c + 32 : c;
      }
      std::uint64_t high = x & 0x8080808080808080ull;
      std::size_t run = high ? static_cast<std::size_t>(std::countr_zero(high)) / 8 : 8;
      if constexpr (Index) {
        for (std::size_t b = 0; b < run; ++b)
          if (text::is_word_cp(p[i + b])) set_word_bits(k + b, 1);
        if (std::uint64_t m = mark_bytes(x) & (high ? (high & (0 - high)) - 1 : ~std::uint64_t{0})) {
          for (; m; m &= m - 1) {
            std::size_t at = k + static_cast<std::size_t>(std::countr_zero(m)) / 8;
            add_mark(at, cp[at]);
          }
        }
      }
      i += run; k += run;
      if (run == 8) continue;
    }
#endif
    if (i >= n) break;
    char32_t c = p[i];
    bool word;
    if (c < 0x80) {
      ++i;
      fo[k] = (c >= U'A' && c <= U'Z') ? c + 32 : c;
      word = text::is_word_cp(c);
    } else if ((c & 0xE0) == 0xC0 && i + 1 < n) {
      c = ((c & 0x1F) << 6) | (p[i + 1] & 0x3F);
      i += 2;
      fo[k] = latin.fold[c];
      word = latin.word[c];
      if constexpr (Index) same = same && latin.same_word[c];
    } else {
      c = text::next_cp(s, i);
      fo[k] = text::fold_cp(c);
      word = text::is_word_cp(c);
      if constexpr (Index)
        if (word != text::is_word_cp(fo[k])) same = false;  // (ASCII folds to ASCII of its kind)
    }
    if (word) set_word_bits(k, 1);
    cp[k] = c;
    if (mark(c)) add_mark(k, c);
    ++k;
  }
  window_cps_.resize(k);
  window_folded_.resize(k);
  return k;
}

// The text is decoded a window at a time, in order (the last window stays): word bits and
// marks are kept for the whole text, the code points of the last window only.
void Text::assign(std::string_view s) {
  utf8 = s;
  const std::size_t n = s.size();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  marks.clear();
  mark_cps.clear();
  word_bits.assign(n / 64 + 2, 0);
  bool same = true;
  std::size_t i = 0, k = 0;  // byte, code point
  do {
    std::size_t e = std::min(n, i + kWindowBytes);
    while (e < n && (p[e] & 0xC0) == 0x80) ++e;  // a window ends before a code point
    lo_ = k;
    len_ = decode<true>(s.substr(i, e - i), k, same);
    k += len_;
    i = e;
  } while (i < n);
  size_ = k;
  // Valid UTF-8: a code point is a byte that does not continue one.
  byte_every64.clear();
  byte_every64.reserve(k / 64 + 2);
  for (std::size_t b = 0, q = 0; b < n; ++b)
    if ((p[b] & 0xC0) != 0x80 && q++ % 64 == 0) byte_every64.push_back(static_cast<std::uint32_t>(b));
  if (k % 64 == 0) byte_every64.push_back(static_cast<std::uint32_t>(n));
  same_words = same;
}

// Reading forward (the usual way) gets most of the window ahead of `b`, reading backward most
// of it behind `e`. A window starts at a 64th code point, whose byte offset is kept, and holds
// about kWindowBytes of UTF-8, more when [b, e) needs it.
void Text::load(std::size_t b, std::size_t e) const {
  constexpr std::size_t kBehind = 1024;
  std::size_t lo = b < lo_ ? (e > kWindowBytes * 3 / 4 ? e - kWindowBytes * 3 / 4 : 0) : (b > kBehind ? b - kBehind : 0);
  lo = std::min(lo, b) / 64 * 64;
  const std::size_t from = byte_every64[lo / 64];
  auto past = std::upper_bound(byte_every64.begin(), byte_every64.end(), static_cast<std::uint32_t>(std::min<std::size_t>(from + kWindowBytes, UINT32_MAX)));
  std::size_t hi = static_cast<std::size_t>(past - byte_every64.begin() - 1) * 64;
  hi = std::min(size_, std::max({hi, e, lo + 64}));
  bool same = true;
  lo_ = lo;
  std::size_t to = byte(hi);
  // (Only the mutable window changes: decode is not const for assign's sake.)
  len_ = const_cast<Text*>(this)->decode<false>(utf8.substr(from, to - from), lo, same);
}

std::size_t Text::byte(std::size_t cp) const {
  std::size_t b = byte_every64[cp / 64];
  for (std::size_t r = cp % 64; r > 0; --r)
    do ++b;
    while (b < utf8.size() && (static_cast<unsigned char>(utf8[b]) & 0xC0) == 0x80);
  return b;
}

SentenceSplitter::SentenceSplitter(const std::string& lang, std::vector<Abbreviation> abbreviations)
    : abbr_(std::move(abbreviations)) {
  UErrorCode st = U_ZERO_ERROR;
  bi_.reset(icu::BreakIterator::createSentenceInstance(icu::Locale(lang.c_str()), st));
  if (U_FAILURE(st) || !bi_) throw ConfigError("ICU has no sentence rules for language '" + lang + "'");
  for (std::size_t i = 0; i < abbr_.size(); ++i) {
    const auto& f = abbr_[i].folded;
    if (f.size() < 2) abbr_short_.push_back(static_cast<std::uint32_t>(i));
    else abbr_by_end_.push_back({(std::uint64_t(f[f.size() - 1]) << 32) | f[f.size() - 2], static_cast<std::uint32_t>(i)});
  }
  std::sort(abbr_by_end_.begin(), abbr_by_end_.end());
}

SentenceSplitter::~SentenceSplitter() {
  if (ut_) utext_close(ut_);
}

// Whether an abbreviation ends at `j` (the break without the spaces before it). Every
// abbreviation is tried in effect; only those whose last two code points match are compared.
bool SentenceSplitter::abbreviation_before(const Text& t, std::size_t s, std::size_t j, std::size_t next,
                                           std::size_t limit) const {
  const auto& f = t.folded;
  auto matches = [&](const Abbreviation& a) {
    std::size_t n = a.folded.size();
    if (j - s < n || !f.equal(j - n, a.folded)) return false;
    if (j - n > s && text::is_word_cp(t.cps[j - n - 1])) return false;
    if (!a.lower_only) return true;
    return next < limit && (u_islower(static_cast<UChar32>(t.cps[next])) || u_isdigit(static_cast<UChar32>(t.cps[next])));
  };
  for (auto i : abbr_short_)
    if (matches(abbr_[i])) return true;
  if (j - s < 2) return false;
  std::uint64_t key = (std::uint64_t(f[j - 1]) << 32) | f[j - 2];
  auto it = std::lower_bound(abbr_by_end_.begin(), abbr_by_end_.end(), std::pair<std::uint64_t, std::uint32_t>{key, 0});
  for (; it != abbr_by_end_.end() && it->first == key; ++it)
    if (matches(abbr_[it->second])) return true;
  return false;
}

// A break is wrong when it follows an abbreviation, an ellipsis, or falls inside a quotation,
// a parenthesis or an inciso between dashes that closes later in the same paragraph. `open`
// carries the enclosures of the sentence from one break to the next, so its text is scanned
// once however many breaks are suppressed inside it.
bool SentenceSplitter::suppressed(const Text& t, std::size_t s, std::size_t brk, std::size_t limit, Enclosures& open) const {
  const auto& f = t.folded;
  std::size_t j = brk;
  while (j > s && space(t.cps[j - 1])) --j;
  std::size_t next = brk;
  while (next < limit && space(t.cps[next])) ++next;
  if (abbreviation_before(t, s, j, next, limit)) return true;
  if (j - s >= 3 && f[j - 3] == U'.' && f[j - 2] == U'.' && f[j - 1] == U'.') return true;
  if (j > s && t.cps[j - 1] == U'\u2026') return true;
  // Open enclosures at the break: only marked positions can change them.
  auto& o = open;
  const auto& marks = t.marks;
  for (; o.mark < marks.size() && marks[o.mark] < brk; ++o.mark) {
    std::size_t i = marks[o.mark];
    char32_t c = t.mark_cps[o.mark];
    switch (c) {
      case U'\u00AB': ++o.guill; break;
      case U'\u00BB': o.guill = o.guill > 0 ? o.guill - 1 : 0; break;
      case U'\u201C': ++o.curly; break;
      case U'\u201D': o.curly = o.curly > 0 ? o.curly - 1 : 0; break;
      case U'(': ++o.paren; break;
      case U')': o.paren = o.paren > 0 ? o.paren - 1 : 0; break;
      case U'[': ++o.square; break;
      case U']': o.square = o.square > 0 ? o.square - 1 : 0; break;
      case U'"': o.ascii = !o.ascii; break;
      default:
        if (dash(c)) {
          bool joins = i > 0 && i + 1 < t.cps.size() && text::is_word_cp(t.cps[i - 1]) && text::is_word_cp(t.cps[i + 1]);
          if (!joins) o.inciso = !o.inciso;
        }
    }
  }
  if (!(o.guill || o.curly || o.paren || o.square || o.ascii || o.inciso)) return false;
  // A closing character later in the paragraph (before a line feed) keeps the break out.
  for (std::size_t m = o.mark; m < marks.size() && marks[m] < limit; ++m) {
    char32_t c = t.mark_cps[m];
    if (c == U'\n') return false;
    if ((o.guill && c == U'\u00BB') || (o.curly && c == U'\u201D') || (o.paren && c == U')') || (o.square && c == U']') ||
        (o.ascii && c == U'"') || (o.inciso && dash(c)))
      return true;
  }
  return false;
}

void SentenceSplitter::split(const Text& t, Span range, std::vector<Span>& out) {
  if (range.start >= range.end) return;
  UErrorCode st = U_ZERO_ERROR;
  // ICU reads UTF-16 natively (its UTF-8 text provider converts chunk by chunk): the range,
  // not the whole doc, is made UTF-16, in a buffer kept from range to range. A long range (a
  // long written answer) is read from its UTF-8 instead, two bytes a code point fewer; ICU's
  // breaks are then byte offsets into it, counted back into code points as they come.
  const bool utf8 = range.end - range.start > kUtf16Max;
  const auto& cps = t.cps;
  bool bmp = true;
  for (std::size_t c = range.start; c < range.end && bmp && !utf8; ++c) bmp = cps[c] < 0x10000;
  std::string_view bytes;
  if (utf8) {
    bytes = t.slice(range);
    ut_ = utext_openUTF8(ut_, bytes.data(), static_cast<int64_t>(bytes.size()), &st);
  } else {
    utf16_.resize(range.end - range.start);
  }
  if (utf8) {
  } else if (bmp) {
    for (std::size_t c = range.start; c < range.end; ++c) utf16_[c - range.start] = static_cast<char16_t>(cps[c]);
  } else {  // beyond the BMP: UTF-16 offsets are not code points
    utf16_.clear();
    cp_of_utf16_.clear();
    for (std::size_t c = range.start; c < range.end; ++c) {
      cp_of_utf16_.push_back(static_cast<std::uint32_t>(c));
      const char32_t u = cps[c];
      if (u < 0x10000) {
        utf16_ += static_cast<char16_t>(u);
      } else {
        utf16_ += static_cast<char16_t>(0xD7C0 + (u >> 10));
        utf16_ += static_cast<char16_t>(0xDC00 | (u & 0x3FF));
        cp_of_utf16_.push_back(0);  // inside a pair: never a break
      }
    }
    cp_of_utf16_.push_back(static_cast<std::uint32_t>(range.end));
  }
  if (!utf8) ut_ = utext_openUChars(ut_, reinterpret_cast<const UChar*>(utf16_.data()), static_cast<int64_t>(utf16_.size()), &st);
  bi_->setText(ut_, st);
  if (U_FAILURE(st)) throw DataError(std::string("ICU could not read the text: ") + u_errorName(st));
  auto emit = [&](std::size_t s, std::size_t e) {
    while (s < e && space(t.cps[s])) ++s;
    while (e > s && space(t.cps[e - 1])) --e;
    if (s < e) out.push_back(Span{s, e});
  };
  std::size_t s = range.start;
  const std::size_t first = out.size();
  Enclosures open;
  open.mark = static_cast<std::size_t>(std::lower_bound(t.marks.begin(), t.marks.end(), s) - t.marks.begin());
  std::size_t byte = 0, cp = range.start;  // of the UTF-8 read
  auto cp_at = [&](std::size_t to) {
    for (; byte < to; ++byte)
      if ((static_cast<unsigned char>(bytes[byte]) & 0xC0) != 0x80) ++cp;
    return byte < bytes.size() ? cp : range.end;
  };
  bi_->first();
  for (int32_t q = bi_->next(); q != icu::BreakIterator::DONE; q = bi_->next()) {
    std::size_t brk = utf8 ? cp_at(static_cast<std::size_t>(q))
                      : bmp ? range.start + static_cast<std::size_t>(q)
                            : cp_of_utf16_[static_cast<std::size_t>(q)];
    if (brk >= range.end) break;
    if (suppressed(t, s, brk, range.end, open)) continue;
    emit(s, brk);
    s = brk;
    open = Enclosures{open.mark};  // a new sentence: every mark before it is read
  }
  emit(s, range.end);
  notes(t, out, first);
}

namespace {
inline bool closer(char32_t c) { return c == U'\u00BB' || c == U'\u201D' || c == U'"' || c == U')' || c == U']'; }
inline bool opener(char32_t c) { return c == U'\u00BF' || c == U'\u00A1' || c == U'\u00AB' || c == U'\u201C' || c == U'"'; }
}  // namespace

// Transcription notes between sentences ("…esto. [risas] Y luego…"): ICU reads the lower-case
// note as the sentence going on (UAX #29, rule SB8), so the sentence after it is lost; and a
// note ICU sets apart ("[risas].") becomes a sentence of its own. A note after a sentence's
// final . ! or ? belongs to that sentence (the laugh answers what was just said), and the
// next sentence starts at the capital after it; a lone note joins the sentence before it.
void SentenceSplitter::notes(const Text& t, std::vector<Span>& out, std::size_t first) const {
  const auto& marks = t.marks;
  for (std::size_t k = first; k < out.size(); ++k) {
    Span sp = out[k];
    auto m = std::lower_bound(marks.begin(), marks.end(), sp.start);
    if (m == marks.end() || *m >= sp.end) continue;
    // A sentence of notes and punctuation only joins the one before it.
    if (k > first && t.cps[sp.start] == U'[') {
      bool only_notes = true;
      for (std::size_t i = sp.start, depth = 0; i < sp.end && only_notes; ++i) {
        char32_t c = t.cps[i];
        if (c == U'[') ++depth;
        else if (c == U']') depth = depth ? depth - 1 : 0;
        else if (!depth && text::is_word_cp(c)) only_notes = false;
      }
      if (only_notes) {
        out[k - 1].end = sp.end;
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(k));
        --k;
        continue;
      }
    }
    for (; m != marks.end() && *m < sp.end; ++m) {
      std::size_t i = *m;
      if (t.mark_cps[static_cast<std::size_t>(m - marks.begin())] != U'[' || i == sp.start) continue;
      std::size_t j = i;  // before the note: spaces, closing quotes, then . ! ?
      while (j > sp.start && space(t.cps[j - 1])) --j;
      while (j > sp.start && closer(t.cps[j - 1])) --j;
      if (j == sp.start || !(t.cps[j - 1] == U'.' || t.cps[j - 1] == U'!' || t.cps[j - 1] == U'?')) continue;
      if (j >= sp.start + 3 && t.cps[j - 2] == U'.' && t.cps[j - 3] == U'.') continue;  // "..." goes on
      std::size_t close = i + 1;
      while (close < sp.end && t.cps[close] != U']' && t.cps[close] != U'\n') ++close;
      if (close >= sp.end || t.cps[close] != U']') continue;
      std::size_t n = close + 1;
      while (n < sp.end && space(t.cps[n])) ++n;
      std::size_t l = n;
      while (l < sp.end && opener(t.cps[l])) ++l;
      if (l >= sp.end || !u_isupper(static_cast<UChar32>(t.cps[l]))) continue;
      out[k].end = close + 1;
      out.insert(out.begin() + static_cast<std::ptrdiff_t>(k) + 1, Span{n, sp.end});
      break;  // the rest is looked at as sentence k + 1
    }
  }
}

std::vector<std::string> SentenceSplitter::split(std::string_view utf8) {
  Text t;
  t.assign(utf8);
  std::vector<Span> spans;
  split(t, Span{0, t.cps.size()}, spans);
  std::vector<std::string> out;
  for (auto sp : spans) out.emplace_back(t.slice(sp));
  return out;
}

}  // namespace qda::segment
