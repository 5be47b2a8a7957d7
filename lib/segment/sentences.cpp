// Sentence splitting: ICU boundaries, then the breaks ICU gets wrong for this genre removed.
#include "segment/sentences.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

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

void Text::assign(std::string_view s) {
  utf8 = s;
  cps.clear(); folded.clear(); byte_of.clear();
  cp_of.assign(s.size() + 1, 0);
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t at = i;
    char32_t c = text::next_cp(s, i);
    for (std::size_t b = at; b < i; ++b) cp_of[b] = static_cast<std::uint32_t>(cps.size());
    byte_of.push_back(static_cast<std::uint32_t>(at));
    cps.push_back(c);
    folded.push_back(text::fold_cp(c));
  }
  byte_of.push_back(static_cast<std::uint32_t>(s.size()));
  cp_of[s.size()] = static_cast<std::uint32_t>(cps.size());
}

SentenceSplitter::SentenceSplitter(const std::string& lang, std::vector<Abbreviation> abbreviations)
    : abbr_(std::move(abbreviations)) {
  UErrorCode st = U_ZERO_ERROR;
  bi_.reset(icu::BreakIterator::createSentenceInstance(icu::Locale(lang.c_str()), st));
  if (U_FAILURE(st) || !bi_) throw ConfigError("ICU has no sentence rules for language '" + lang + "'");
}

SentenceSplitter::~SentenceSplitter() {
  if (ut_) utext_close(ut_);
}

namespace {
bool space(char32_t c) { return u_isUWhiteSpace(static_cast<UChar32>(c)); }
bool dash(char32_t c) { return c == U'\u2014' || c == U'\u2013'; }
}  // namespace

// A break is wrong when it follows an abbreviation, an ellipsis, or falls inside a quotation,
// a parenthesis or an inciso between dashes that closes later in the same paragraph.
bool SentenceSplitter::suppressed(const Text& t, std::size_t s, std::size_t brk, std::size_t limit) const {
  const auto& f = t.folded;
  std::size_t j = brk;
  while (j > s && space(t.cps[j - 1])) --j;
  std::size_t next = brk;
  while (next < limit && space(t.cps[next])) ++next;
  for (const auto& a : abbr_) {
    std::size_t n = a.folded.size();
    if (j - s < n || f.compare(j - n, n, a.folded) != 0) continue;
    if (j - n > s && text::is_word_cp(t.cps[j - n - 1])) continue;
    if (!a.lower_only) return true;
    if (next < limit && (u_islower(static_cast<UChar32>(t.cps[next])) || u_isdigit(static_cast<UChar32>(t.cps[next]))))
      return true;
  }
  if (j - s >= 3 && f.compare(j - 3, 3, U"...") == 0) return true;
  if (j > s && t.cps[j - 1] == U'\u2026') return true;
  // Open enclosures at the break.
  int guill = 0, curly = 0, paren = 0, square = 0;
  bool ascii = false, inciso = false;
  for (std::size_t i = s; i < brk; ++i) {
    char32_t c = t.cps[i];
    switch (c) {
      case U'\u00AB': ++guill; break;
      case U'\u00BB': guill = guill > 0 ? guill - 1 : 0; break;
      case U'\u201C': ++curly; break;
      case U'\u201D': curly = curly > 0 ? curly - 1 : 0; break;
      case U'(': ++paren; break;
      case U')': paren = paren > 0 ? paren - 1 : 0; break;
      case U'[': ++square; break;
      case U']': square = square > 0 ? square - 1 : 0; break;
      case U'"': ascii = !ascii; break;
      default:
        if (dash(c)) {
          bool joins = i > 0 && i + 1 < t.cps.size() && text::is_word_cp(t.cps[i - 1]) && text::is_word_cp(t.cps[i + 1]);
          if (!joins) inciso = !inciso;
        }
    }
  }
  if (!(guill || curly || paren || square || ascii || inciso)) return false;
  for (std::size_t i = brk; i < limit && t.cps[i] != U'\n'; ++i) {
    char32_t c = t.cps[i];
    if ((guill && c == U'\u00BB') || (curly && c == U'\u201D') || (paren && c == U')') || (square && c == U']') ||
        (ascii && c == U'"') || (inciso && dash(c)))
      return true;
  }
  return false;
}

void SentenceSplitter::split(const Text& t, Span range, std::vector<Span>& out) {
  if (range.start >= range.end) return;
  UErrorCode st = U_ZERO_ERROR;
  std::size_t b0 = t.byte_of[range.start], b1 = t.byte_of[range.end];
  ut_ = utext_openUTF8(ut_, t.utf8.data() + b0, static_cast<int64_t>(b1 - b0), &st);
  bi_->setText(ut_, st);
  if (U_FAILURE(st)) throw DataError(std::string("ICU could not read the text: ") + u_errorName(st));
  auto emit = [&](std::size_t s, std::size_t e) {
    while (s < e && space(t.cps[s])) ++s;
    while (e > s && space(t.cps[e - 1])) --e;
    if (s < e) out.push_back(Span{s, e});
  };
  std::size_t s = range.start;
  bi_->first();
  for (int32_t q = bi_->next(); q != icu::BreakIterator::DONE; q = bi_->next()) {
    std::size_t brk = t.cp_of[b0 + static_cast<std::size_t>(q)];
    if (brk >= range.end) break;
    if (suppressed(t, s, brk, range.end)) continue;
    emit(s, brk);
    s = brk;
  }
  emit(s, range.end);
}

std::vector<std::string> SentenceSplitter::split(std::string_view utf8) {
  Text t;
  t.assign(utf8);
  std::vector<Span> spans;
  split(t, Span{0, t.cps.size()}, spans);
  std::vector<std::string> out;
  for (auto sp : spans) out.emplace_back(utf8.substr(t.byte_of[sp.start], t.byte_of[sp.end] - t.byte_of[sp.start]));
  return out;
}

}  // namespace qda::segment
