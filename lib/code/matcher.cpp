// One vectorscan pass per unit over its folded text; the checks vectorscan cannot do (whole
// words, Snowball stems, negation, proximity) run only on the few places it reports.
#include "code/matcher.hpp"

#include <hs/hs.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <bit>
#include <chrono>
#include <map>

#include "model/stem.hpp"
#include "core/text.hpp"

namespace qda::code {
using model::Stemmer;

namespace {
// regex: a rule's regular expression in vectorscan's prefilter mode, which may report matches
// ICU will not find but never misses one: it only says when to run ICU on the unit.
enum class Check { word, prefix, stem, regex };

struct Pattern {
  std::string expr;
  Check check;
  std::vector<std::string> stems;  // Check::stem: the stem each word must have
  std::size_t width = 0;           // bytes every match spans; 0 = variable (needs start of match)
};

// Bytes matched by a pattern of hs_escape output alone (a literal): its length less the escapes.
std::size_t literal_width(std::string_view expr) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < expr.size(); ++i, ++n)
    if (expr[i] == '\\') ++i;
  return n;
}

// Where a vectorscan pattern is used: rule index, and for NEAR which term (0 = A, 1 = B).
struct Use {
  int rule;
  int term;  // -1 = a plain hit of the rule; 2k / 2k+1 = term A / B of the rule's k-th NEAR;
             // kRegexTerm = one of its regular expressions may match
};
constexpr int kRegexTerm = -2;
constexpr unsigned kPrefilterFlags = HS_FLAG_UTF8 | HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH;

// A vectorscan pattern that matches wherever the ICU pattern `p` does on folded text (and
// maybe elsewhere), without Unicode classes, which made vectorscan's compile take a second:
// \w and \d also take any non-ASCII character, \b and \B are dropped (\W, \D, \S are already
// wider in ASCII mode). Empty when `p` has a construct this does not know (then ICU runs on
// every unit in scope).
std::string prefilter_expr(std::string_view p) {
  std::string out;
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      if (i + 1 >= p.size()) return {};
      char e = p[++i];
      if (e == 'b' || e == 'B') {
        if (in_class) return {};  // a backspace in ICU's classes: rare, not worth the care
        continue;
      }
      if (e == 'w' || e == 'd') {
        std::string wide = std::string("\\") + e + "\\x{80}-\\x{10ffff}";
        out += in_class ? wide : "[" + wide + "]";
        continue;
      }
      bool known = std::string_view("WDsSntrfv").find(e) != std::string_view::npos ||
                   !(std::isalnum(static_cast<unsigned char>(e)) || static_cast<unsigned char>(e) >= 0x80);
      if (!known) return {};
      out += c;
      out += e;
      continue;
    }
    if (in_class) {
      if (c == '[') return {};  // POSIX classes, nested sets
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];  // a leading ']' is literal
      continue;
    }
    out += c;
  }
  return in_class ? std::string() : out;
}

// Vectorscan speaks PCRE syntax: escape ASCII punctuation and keep UTF-8 letters as they are.
// A phrase's space stays a literal space: `\s+` in 700 phrases took vectorscan over a second
// to compile, so the text is folded with white space runs squeezed instead.
std::string hs_escape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == ' ') out += ' ';  // the folded text has every run of white space as one ' '

    else if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out += ch;
    else { out += '\\'; out += ch; }
  }
  return out;
}

bool is_negator(std::string_view w) {
  return w == "no" || w == "nunca" || w == "ni" || w == "sin" || w == "tampoco";
}

// text::next_cp with the ASCII case inlined: the checks below step through text byte by byte.
inline char32_t next_cp(std::string_view t, std::size_t& i) {
  auto c = static_cast<unsigned char>(t[i]);
  if (c < 0x80) return ++i, c;
  return text::next_cp(t, i);
}

// Code point ending just before byte `b` of valid UTF-8 `t`, and its first byte.
char32_t prev_cp(std::string_view t, std::size_t b, std::size_t& start) {
  start = b - 1;
  if (static_cast<unsigned char>(t[start]) < 0x80) return static_cast<unsigned char>(t[start]);
  while (start > 0 && (static_cast<unsigned char>(t[start]) & 0xC0) == 0x80) --start;
  std::size_t i = start;
  return next_cp(t, i);
}

bool word_before(std::string_view t, std::size_t b) {
  if (b == 0) return false;
  std::size_t s;
  return text::is_word_cp(prev_cp(t, b, s));
}

bool word_at(std::string_view t, std::size_t e) {
  if (e >= t.size()) return false;
  std::size_t i = e;
  return text::is_word_cp(next_cp(t, i));
}

std::size_t word_end(std::string_view t, std::size_t e) {
  while (e < t.size()) {
    std::size_t i = e;
    if (!text::is_word_cp(next_cp(t, i))) break;
    e = i;
  }
  return e;
}

void words_in(std::string_view t, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t i = 0, ws = std::string_view::npos;
  while (i < t.size()) {
    std::size_t s = i;
    bool w = text::is_word_cp(next_cp(t, i));
    if (w && ws == std::string_view::npos) ws = s;
    if (!w && ws != std::string_view::npos) out.push_back(t.substr(ws, s - ws)), ws = std::string_view::npos;
  }
  if (ws != std::string_view::npos) out.push_back(t.substr(ws));
}

// "no", "nunca", "ni", "sin", "tampoco" among the three words before byte `b`, within the
// same sentence: "no hubo acompañamiento" is not evidence of accompaniment.
bool negated(std::string_view t, std::size_t b) {
  std::size_t pos = b;
  for (int k = 0; k < 3; ++k) {
    while (pos > 0) {
      std::size_t s;
      char32_t c = prev_cp(t, pos, s);
      if (text::is_word_cp(c)) break;
      if (c == U'.' || c == U'!' || c == U'?' || c == U';' || c == U':') return false;
      pos = s;
    }
    if (pos == 0) return false;
    std::size_t end = pos;
    while (pos > 0) {
      std::size_t s;
      if (!text::is_word_cp(prev_cp(t, pos, s))) break;
      pos = s;
    }
    if (is_negator(t.substr(pos, end - pos))) return true;
  }
  return false;
}

struct Hit {
  std::size_t start, end;  // bytes of the folded text
  bool operator<(const Hit& o) const { return start != o.start ? start < o.start : end < o.end; }
  bool operator==(const Hit& o) const { return start == o.start && end == o.end; }
};
}  // namespace

struct Matcher::Impl {
  std::vector<const Rule*> rules;
  std::vector<Pattern> patterns;
  std::vector<std::vector<Use>> uses;
  std::vector<std::vector<std::unique_ptr<icu::RegexPattern>>> regex;  // per rule
  std::vector<char> regex_always;  // per rule: a regular expression vectorscan cannot prefilter
  hs_database_t* db = nullptr;
  double ms = 0;
  std::string language;

  ~Impl() { hs_free_database(db); }

  int add(std::string expr, Check check, std::vector<std::string> stems, Use use,
          std::map<std::pair<std::string, int>, int>& seen) {
    auto key = std::make_pair(expr, static_cast<int>(check));
    auto it = seen.find(key);
    int id;
    if (it != seen.end()) id = it->second;
    else {
      id = static_cast<int>(patterns.size());
      seen.emplace(key, id);
      // A literal's start is its end less its width: only the others need vectorscan's start of
      // match, which costs it far more than the match itself.
      std::size_t width =
          check == Check::regex ? 0 : check != Check::stem || stems.size() == 1 ? literal_width(expr) : 0;
      patterns.push_back(Pattern{std::move(expr), check, std::move(stems), width});
      uses.emplace_back();
    }
    uses[id].push_back(use);
    return id;
  }
};

Matcher::Matcher(const Codebook& cb) : cb_(cb), impl_(std::make_unique<Impl>()) {
  auto t0 = std::chrono::steady_clock::now();
  Impl& m = *impl_;
  m.language = cb.language;
  std::map<std::pair<std::string, int>, int> seen;
  for (const auto& c : cb.codes)
    for (const auto& r : c.rules) {
      int ri = static_cast<int>(m.rules.size());
      m.rules.push_back(&r);
      for (const auto& w : r.words) m.add(hs_escape(w), Check::word, {}, Use{ri, -1}, seen);
      for (const auto& st : r.stems) {
        // A stem is a prefix of every word that has it: match the prefix, verify by stemming.
        std::string e = hs_escape(st[0]);
        for (std::size_t k = 1; k < st.size(); ++k) e += "\\S* " + hs_escape(st[k]);
        m.add(e, Check::stem, st, Use{ri, -1}, seen);
      }
      for (std::size_t k = 0; k < r.near.size(); ++k) {
        const Near& n = r.near[k];
        int slot = static_cast<int>(2 * k);
        m.add(hs_escape(n.a.word), n.a.prefix ? Check::prefix : Check::word, {}, Use{ri, slot}, seen);
        m.add(hs_escape(n.b.word), n.b.prefix ? Check::prefix : Check::word, {}, Use{ri, slot + 1}, seen);
      }
      auto& rx = m.regex.emplace_back();
      for (const auto& p : r.regex) {
        UErrorCode st = U_ZERO_ERROR;
        UParseError pe{};
        rx.emplace_back(icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(p), pe, st));
        if (U_FAILURE(st)) throw ConfigError("invalid regular expression '" + p + "'", r.where);
      }
      // Run ICU only on units where vectorscan's approximation of one of the rule's regular
      // expressions matches, unless one of them is beyond vectorscan (then on every unit: see
      // also the compile below).
      bool always = false;
      std::vector<std::string> pre;
      for (const auto& p : r.regex) {
        std::string e = prefilter_expr(p);
        if (e.empty()) always = true;
        else pre.push_back(std::move(e));
      }
      m.regex_always.push_back(always);
      if (!always)
        for (auto& p : pre) m.add(std::move(p), Check::regex, {}, Use{ri, kRegexTerm}, seen);
    }
  // A prefilter pattern vectorscan rejects (one that can match the empty string, say) is left
  // out and its rules run ICU on every unit; any other rejected pattern is a codebook error.
  std::vector<char> left_out(m.patterns.size());
  while (!m.patterns.empty()) {
    std::vector<const char*> exprs;
    std::vector<unsigned> flags, ids;
    for (std::size_t i = 0; i < m.patterns.size(); ++i) {
      if (left_out[i]) continue;
      exprs.push_back(m.patterns[i].expr.c_str());
      flags.push_back(m.patterns[i].check == Check::regex ? kPrefilterFlags
                      : HS_FLAG_UTF8 | (m.patterns[i].width ? 0u : unsigned{HS_FLAG_SOM_LEFTMOST}));
      ids.push_back(static_cast<unsigned>(i));
    }
    if (exprs.empty()) break;
    hs_compile_error_t* err = nullptr;
    if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                         nullptr, &m.db, &err) == HS_SUCCESS)
      break;
    std::string msg = err && err->message ? err->message : "unknown error";
    int at = err && err->expression >= 0 ? static_cast<int>(ids[static_cast<std::size_t>(err->expression)]) : -1;
    hs_free_compile_error(err);
    if (at >= 0 && m.patterns[at].check == Check::regex) {
      left_out[at] = 1;
      for (const Use& u : m.uses[at]) m.regex_always[u.rule] = 1;
      continue;
    }
    Location where = at >= 0 ? m.rules[m.uses[at][0].rule]->where : Location{cb.file};
    throw ConfigError("vectorscan cannot compile pattern '" + (at >= 0 ? m.patterns[at].expr : "") + "': " + msg, where);
  }
  m.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

Matcher::~Matcher() = default;
std::size_t Matcher::pattern_count() const { return impl_->patterns.size(); }
double Matcher::compile_ms() const { return impl_->ms; }

struct Scanner::State {
  const Matcher::Impl& m;
  const Codebook& cb;
  hs_scratch_t* scratch = nullptr;
  Stemmer stemmer;
  std::string folded;
  std::vector<std::uint32_t> orig_of;  // per byte of `folded`, the byte of the unit text it comes from
  std::string_view orig;
  struct Raw { unsigned id; std::size_t from, to; };
  std::vector<Raw> raw;
  std::vector<char> active;
  bool any_active = false;
  bool scope_set = false;           // the `active` flags were computed for these three fields
  std::string scope_speaker, scope_source, scope_category;
  std::vector<std::size_t> touched;  // rules with hits in this unit
  std::vector<char> is_touched;
  std::vector<std::size_t> fired;    // the rule of each application of the current unit
  std::vector<std::size_t> always;   // rules with a regular expression vectorscan cannot prefilter
  icu::UnicodeString ufolded;        // `folded` for ICU, made once per unit when a regex runs
  bool ufolded_set = false;
  // Byte offsets in `folded` where a run of word characters starts, made once per unit when a
  // NEAR rule has hits, so words_between costs O(log n) instead of a scan of the text between.
  std::vector<std::size_t> run_starts;
  bool run_starts_set = false;
  std::vector<std::vector<std::unique_ptr<icu::RegexMatcher>>> matchers;  // per rule, made once
  bool reads_episode = false;        // a rule has `after` or `until`
  bool reads_position = false;       // a rule has scope.position
  std::vector<std::vector<Hit>> hits;        // per rule
  std::vector<std::vector<std::vector<Hit>>> near;  // per rule, per NEAR term slot

  State(const Matcher& mm) : m(mm.impl()), cb(mm.codebook()), stemmer(mm.impl().language) {
    if (m.db && hs_alloc_scratch(m.db, &scratch) != HS_SUCCESS) throw std::bad_alloc();
    std::size_t n = m.rules.size();
    active.resize(n);
    is_touched.resize(n);
    for (std::size_t r = 0; r < n; ++r)
      if (m.regex_always[r]) always.push_back(r);
    for (const Rule* r : m.rules) {
      reads_episode = reads_episode || !r->after.empty() || !r->until.empty();
      reads_position = reads_position || r->scope.position_from > 0.0 || r->scope.position_to < 1.0;
    }
    hits.resize(n);
    near.resize(n);
    for (std::size_t r = 0; r < n; ++r) near[r].resize(2 * m.rules[r]->near.size());
    matchers.resize(n);
  }
  ~State() { hs_free_scratch(scratch); }

  static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* ctx) {
    auto* s = static_cast<State*>(ctx);
    std::size_t w = s->m.patterns[id].width;
    if (w) from = to - w;
    s->raw.push_back(Raw{id, static_cast<std::size_t>(from), static_cast<std::size_t>(to)});
    return 0;
  }

  static bool in_scope(const Scope& s, const UnitView& u) {
    std::string_view speaker = u.speaker.empty() ? std::string_view("participant") : u.speaker;
    if (s.speaker != "any" && s.speaker != speaker) return false;
    if (!s.source.empty() && std::find(s.source.begin(), s.source.end(), u.source) == s.source.end()) return false;
    if (!s.category.empty() && std::find(s.category.begin(), s.category.end(), u.category) == s.category.end())
      return false;
    return true;
  }

  // Fold `t` into `folded`, every run of white space squeezed to one ' ', and record for each
  // byte of `folded` the byte of `t` it comes from (orig_of[folded.size()] = t.size()).
  // Written by index into buffers sized up front, ASCII without branches and two-byte
  // sequences from a table: this loop was a sixth of the run time.
  void fold(std::string_view t) {
    orig = t;
    // Slack for the 16-byte stores of the ASCII path, which may write past what they keep.
    folded.resize(t.size() + 32);
    orig_of.resize(t.size() + 33);
    const auto& ft = fold_table();
    char* fo = folded.data();
    std::uint32_t* oo = orig_of.data();
    std::size_t o = 0;
    bool space = false;
    const std::size_t n = t.size();
    for (std::size_t i = 0; i < n;) {
#if defined(__SSE2__)
      // Sixteen bytes at a time while they are printable ASCII with no space after a space:
      // lower-case them, keep the rest of the run for the byte loop below.
      if (i + 16 <= n) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data() + i));
        const __m128i sp = _mm_cmpeq_epi8(v, _mm_set1_epi8(' '));
        const unsigned spm = static_cast<unsigned>(_mm_movemask_epi8(sp));
        unsigned bad = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(' '))));  // controls, non-ASCII
        bad |= spm & ((spm << 1) | static_cast<unsigned>(space));
        const unsigned take = static_cast<unsigned>(std::countr_zero(bad | 0x10000u));
        if (take > 0) {
          const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
          _mm_storeu_si128(reinterpret_cast<__m128i*>(fo + o), _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(32))));
          const __m128i base = _mm_set1_epi32(static_cast<int>(i));
          auto* dst = reinterpret_cast<__m128i*>(oo + o);
          _mm_storeu_si128(dst, _mm_add_epi32(base, _mm_setr_epi32(0, 1, 2, 3)));
          _mm_storeu_si128(dst + 1, _mm_add_epi32(base, _mm_setr_epi32(4, 5, 6, 7)));
          _mm_storeu_si128(dst + 2, _mm_add_epi32(base, _mm_setr_epi32(8, 9, 10, 11)));
          _mm_storeu_si128(dst + 3, _mm_add_epi32(base, _mm_setr_epi32(12, 13, 14, 15)));
          space = (spm >> (take - 1)) & 1u;
          o += take;
          i += take;
          continue;
        }
      }
#endif
      auto c = static_cast<unsigned char>(t[i]);
      if (c < 0x80) {
        // A space after a space is written and then overwritten: o does not move.
        bool sp = ft.ascii_space[c];
        fo[o] = ft.ascii[c];
        oo[o] = static_cast<std::uint32_t>(i);
        o += !(sp && space);
        space = sp;
        ++i;
        continue;
      }
      std::size_t at = i;
      if (c >= 0xC2 && c < 0xE0 && i + 1 < n) {  // two bytes: U+0080..U+07FF
        const auto& e = ft.two[((c - 0xC0u) << 6) | (static_cast<unsigned char>(t[i + 1]) & 0x3Fu)];
        i += 2;
        if (e.space) {
          if (!space) fo[o] = ' ', oo[o++] = static_cast<std::uint32_t>(at);
          space = true;
          continue;
        }
        space = false;
        if (e.len <= 2) {  // both bytes stored, one or both kept: no loop, no branch on the length
          fo[o] = e.bytes[0], fo[o + 1] = e.bytes[1];
          oo[o] = oo[o + 1] = static_cast<std::uint32_t>(at);
          o += e.len;
          continue;
        }
        if (o + 4 + (n - i) > folded.size()) grow(fo, oo);
        for (int k = 0; k < e.len; ++k) fo[o] = e.bytes[k], oo[o++] = static_cast<std::uint32_t>(at);
        continue;
      }
      char32_t f = text::fold_cp(next_cp(t, i));
      if (is_fold_space(f)) {
        if (!space) fo[o] = ' ', oo[o++] = static_cast<std::uint32_t>(at);
        space = true;
        continue;
      }
      space = false;
      if (o + 4 + (n - i) > folded.size()) grow(fo, oo);  // a fold that lengthens (rare: U+023A)
      char buf[4];
      int len = encode(f, buf);
      for (int k = 0; k < len; ++k) fo[o] = buf[k], oo[o++] = static_cast<std::uint32_t>(at);
    }
    folded.resize(o);
    orig_of[o] = static_cast<std::uint32_t>(t.size());
  }

  void grow(char*& fo, std::uint32_t*& oo) {
    folded.resize(folded.size() * 2 + 8);
    orig_of.resize(folded.size() + 1);
    fo = folded.data();
    oo = orig_of.data();
  }

  static bool is_fold_space(char32_t f) { return f == 0xA0 || (f >= 0x2000 && f <= 0x200A) || f == 0x202F || f == 0x3000; }

  static int encode(char32_t f, char* buf) {
    int n = 0;
    if (f < 0x80) buf[n++] = static_cast<char>(f);
    else if (f < 0x800) buf[n++] = static_cast<char>(0xC0 | (f >> 6)), buf[n++] = static_cast<char>(0x80 | (f & 0x3F));
    else if (f < 0x10000)
      buf[n++] = static_cast<char>(0xE0 | (f >> 12)), buf[n++] = static_cast<char>(0x80 | ((f >> 6) & 0x3F)),
      buf[n++] = static_cast<char>(0x80 | (f & 0x3F));
    else
      buf[n++] = static_cast<char>(0xF0 | (f >> 18)), buf[n++] = static_cast<char>(0x80 | ((f >> 12) & 0x3F)),
      buf[n++] = static_cast<char>(0x80 | ((f >> 6) & 0x3F)), buf[n++] = static_cast<char>(0x80 | (f & 0x3F));
    return n;
  }

  // The fold of every ASCII byte and of every two-byte code point, computed once.
  struct FoldTable {
    char ascii[128];
    bool ascii_space[128];
    struct Two { char bytes[4]; std::uint8_t len; bool space; } two[32 * 64];  // (lead - 0xC0) << 6 | tail
  };
  static const FoldTable& fold_table() {
    static const FoldTable table = [] {
      FoldTable ft{};
      for (unsigned c = 0; c < 128; ++c) {
        bool sp = c == ' ' || (c >= '\t' && c <= '\r');
        ft.ascii_space[c] = sp;
        ft.ascii[c] = sp ? ' ' : static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      }
      for (char32_t cp = 0x80; cp < 0x800; ++cp) {
        auto& e = ft.two[cp];  // (lead - 0xC0) << 6 | tail is the code point itself
        char32_t f = text::fold_cp(cp);
        e.space = is_fold_space(f);
        e.len = static_cast<std::uint8_t>(encode(f, e.bytes));
      }
      return ft;
    }();
    return table;
  }

  // Turn a vectorscan report into a checked hit, or reject it.
  std::vector<std::string_view> ws;  // the words of a stem hit
  bool verify(const Pattern& p, std::size_t from, std::size_t to, Hit& h) {
    std::string_view t = folded;
    if (word_before(t, from)) return false;
    switch (p.check) {
      case Check::word:
        if (word_at(t, to)) return false;
        h = Hit{from, to};
        return true;
      case Check::prefix:
        h = Hit{from, word_end(t, to)};
        return true;
      case Check::stem: {
        std::size_t e = word_end(t, to);
        // Stems come from the words as written (accents matter to Snowball).
        words_in(orig.substr(orig_of[from], orig_of[e] - orig_of[from]), ws);
        if (ws.size() != p.stems.size()) return false;
        for (std::size_t k = 0; k < ws.size(); ++k)
          if (stemmer.stem(ws[k]) != p.stems[k]) return false;
        h = Hit{from, e};
        return true;
      }
      case Check::regex:  // only touches its rule (see Scanner::code)
        return false;
    }
    return false;
  }

  // Turn the byte spans in the unit text of out[first..] into doc code point spans, counting
  // code points once along the text in byte order (not again from the start for each).
  std::vector<std::size_t*> marks;
  void cp_positions(const UnitView& u, std::vector<Application>& out, std::size_t first) {
    marks.clear();
    for (std::size_t i = first; i < out.size(); ++i) marks.push_back(&out[i].start), marks.push_back(&out[i].end);
    std::sort(marks.begin(), marks.end(), [](const std::size_t* a, const std::size_t* b) { return *a < *b; });
    std::size_t byte = 0, cp = 0;
    for (std::size_t* p : marks) {
      cp += text::cp_length(u.text.substr(byte, *p - byte));
      byte = *p;
      *p = u.offset + cp;
    }
  }

  void regex_hits(std::size_t ri) {
    auto& rx = m.regex[ri];
    if (rx.empty()) return;
    if (!ufolded_set) ufolded = icu::UnicodeString::fromUTF8(folded), ufolded_set = true;
    auto& ms = matchers[ri];
    if (ms.empty())
      for (const auto& re : rx) {
        UErrorCode st = U_ZERO_ERROR;
        std::unique_ptr<icu::RegexMatcher> mt(re->matcher(st));
        ms.push_back(U_FAILURE(st) ? nullptr : std::move(mt));
      }
    for (auto& mt : ms) {
      if (!mt) continue;
      UErrorCode st = U_ZERO_ERROR;
      mt->reset(ufolded);
      // Matches come left to right: UTF-16 offsets become code points, and code points bytes of
      // `folded`, by walking on from the last match (not from the start for each: a long unit
      // holds thousands of matches).
      int32_t u16 = 0;
      std::size_t cp = 0, cp_byte = 0, byte = 0;
      auto code_points_to = [&](int32_t to) {
        cp += static_cast<std::size_t>(ufolded.countChar32(u16, to - u16));
        u16 = to;
        return cp;
      };
      auto byte_of = [&](std::size_t want) {
        for (; cp_byte < want && byte < folded.size(); ++cp_byte) next_cp(folded, byte);
        return byte;
      };
      while (mt->find(st) && U_SUCCESS(st)) {
        int32_t s = mt->start(st), e = mt->end(st);
        if (e == s) continue;  // an empty match is no evidence
        if (s < u16) u16 = 0, cp = 0, cp_byte = 0, byte = 0;  // (matches do not overlap; were one to, from the start)
        std::size_t cs = code_points_to(s), ce = code_points_to(e);
        std::size_t bs = byte_of(cs), be = byte_of(ce);
        hits[ri].push_back(Hit{bs, be});
      }
    }
  }

  // The words between byte offsets a and b of `folded` (runs of word characters, a run counted
  // from a even when a falls inside it), from run_starts: the runs that start in [a, b), plus
  // one when a is inside a run. Checked equal to a scan of the text between on the tests, the
  // held-out sets and random text when it replaced that scan.
  int words_between(std::size_t a, std::size_t b) {
    if (a >= b) return 0;
    if (!run_starts_set) {
      run_starts.clear();
      bool in = false;
      for (std::size_t i = 0; i < folded.size();) {
        std::size_t at = i;
        bool w = text::is_word_cp(next_cp(folded, i));
        if (w && !in) run_starts.push_back(at);
        in = w;
      }
      run_starts_set = true;
    }
    auto lo = std::lower_bound(run_starts.begin(), run_starts.end(), a);
    auto hi = std::lower_bound(lo, run_starts.end(), b);
    int n = static_cast<int>(hi - lo);
    if (lo == run_starts.end() || *lo != a) {  // a is not where a run starts: is it inside one?
      std::size_t i = a;
      if (text::is_word_cp(next_cp(folded, i))) ++n;
    }
    return n;
  }

  // A NEAR term's hits: each pair of a hit of one side and a later one of the other side that
  // starts after it ends, with fewer than `distance` words between. For each hit, the later
  // hits of the other side are found from where they start on (sorted), and read only while
  // they are near: linear in the hits (times the distance), where every pair was tried (a long
  // unit holds thousands of "para" and "aprend*").
  void near_pairs(const std::vector<Hit>& firsts, const std::vector<Hit>& seconds, int distance, std::vector<Hit>& out) {
    for (const Hit& f : firsts) {
      auto it = std::lower_bound(seconds.begin(), seconds.end(), f.end, [](const Hit& h, std::size_t at) { return h.start < at; });
      for (; it != seconds.end(); ++it) {
        if (words_between(f.end, it->start) + 1 > distance) break;  // and so are all after it
        if (it->start > f.start) out.push_back(Hit{f.start, it->end});
      }
    }
  }
  void near_hits(std::size_t ri) {
    const Rule& r = *m.rules[ri];
    for (std::size_t k = 0; k < r.near.size(); ++k) {
      const Near& n = r.near[k];
      auto& A = near[ri][2 * k];  // the unit's hits of each side, read here only: sorted in place
      auto& B = near[ri][2 * k + 1];
      std::sort(A.begin(), A.end());
      std::sort(B.begin(), B.end());
      near_pairs(A, B, n.distance, hits[ri]);
      near_pairs(B, A, n.distance, hits[ri]);
    }
  }
};

Scanner::Scanner(const Matcher& m) : s_(std::make_unique<State>(m)) {}
bool Scanner::reads_episode() const { return s_->reads_episode; }
bool Scanner::reads_position() const { return s_->reads_position; }
Scanner::~Scanner() = default;

void Scanner::code(const UnitView& u, std::vector<Application>& out, const std::vector<std::string>* episode) {
  State& s = *s_;
  const auto& m = s.m;
  // Scope depends on three fields that change rarely along a stream: recompute on change.
  if (!s.scope_set || u.speaker != s.scope_speaker || u.source != s.scope_source || u.category != s.scope_category) {
    s.scope_set = true;
    s.scope_speaker.assign(u.speaker);
    s.scope_source.assign(u.source);
    s.scope_category.assign(u.category);
    s.any_active = false;
    for (std::size_t r = 0; r < m.rules.size(); ++r) {
      s.active[r] = State::in_scope(m.rules[r]->scope, u);
      s.any_active = s.any_active || s.active[r];
    }
  }
  for (std::size_t r : s.touched) {
    s.hits[r].clear();
    for (auto& v : s.near[r]) v.clear();
    s.is_touched[r] = 0;
  }
  s.touched.clear();
  if (!s.any_active) return;
  auto touch = [&](std::size_t r) {
    if (!s.is_touched[r]) s.is_touched[r] = 1, s.touched.push_back(r);
  };
  s.fold(u.text);
  s.ufolded_set = false;
  s.run_starts_set = false;
  s.raw.clear();
  if (m.db && !s.folded.empty())
    hs_scan(m.db, s.folded.data(), static_cast<unsigned>(s.folded.size()), 0, s.scratch, &State::on_match, &s);
  for (const auto& r : s.raw) {
    Hit h{};
    bool checked = false, ok = false;
    for (const auto& use : m.uses[r.id]) {
      if (!s.active[use.rule]) continue;
      if (use.term == kRegexTerm) {
        touch(static_cast<std::size_t>(use.rule));
        continue;
      }
      if (!checked) ok = s.verify(m.patterns[r.id], r.from, r.to, h), checked = true;
      if (!ok) break;
      touch(static_cast<std::size_t>(use.rule));
      if (use.term < 0) s.hits[use.rule].push_back(h);
      else s.near[use.rule][use.term].push_back(h);
    }
  }
  for (std::size_t r : s.always)
    if (s.active[r]) touch(r);
  std::sort(s.touched.begin(), s.touched.end());  // codebook order
  const std::size_t first = out.size();
  s.fired.clear();
  bool deferred = false;  // a rule with `after` or `until` fired: check its condition at the end
  for (std::size_t ri : s.touched) {
    const Rule& rule = *m.rules[ri];
    if (rule.scope.position_to < u.position_lo || rule.scope.position_from > u.position_hi) continue;
    s.regex_hits(ri);
    s.near_hits(ri);
    auto& hs = s.hits[ri];
    if (hs.empty()) continue;
    std::sort(hs.begin(), hs.end());
    hs.erase(std::unique(hs.begin(), hs.end()), hs.end());
    // Only the first hit that is not negated counts, and whether there are min_hits of them:
    // look for negation only that far.
    const Hit* lead = nullptr;
    int kept = 0;
    for (const Hit& h : hs) {
      if (rule.negation && negated(s.folded, h.start)) continue;
      if (!lead) lead = &h;
      if (++kept >= rule.min_hits) break;
    }
    if (kept < rule.min_hits) continue;
    std::size_t bs = s.orig_of[lead->start], be = s.orig_of[lead->end];
    // Code point positions are filled in below, in one pass over the text for all of them.
    out.push_back(Application{rule.code, rule.name, bs, be, std::string(u.text.substr(bs, be - bs)), {}, {}, {}, {}, {}, -1, {}});
    s.fired.push_back(ri);
    deferred = deferred || !rule.after.empty() || !rule.until.empty();
  }
  s.cp_positions(u, out, first);
  if (!deferred) return;
  // Keep a conditional application only when the episode so far, or this unit through a rule
  // without `after` or `until`, has one of the codes its `after` names, and the episode so far has none of
  // those its `until` names.
  // Decide every application before moving any: the check reads the unit's other applications.
  auto told = [&](const std::string& code) {
    return episode && std::binary_search(episode->begin(), episode->end(), code);
  };
  auto unconditional = [](const Rule& r) { return r.after.empty() && r.until.empty(); };
  auto present = [&](const std::string& code) {
    if (told(code)) return true;
    for (std::size_t i = first; i < out.size(); ++i)
      if (out[i].code == code && unconditional(*m.rules[s.fired[i - first]])) return true;
    return false;
  };
  std::vector<char> keep(out.size() - first);
  for (std::size_t k = 0; k < keep.size(); ++k) {
    const Rule& rule = *m.rules[s.fired[k]];
    keep[k] = (rule.after.empty() || std::any_of(rule.after.begin(), rule.after.end(), present)) &&
              std::none_of(rule.until.begin(), rule.until.end(), told);
  }
  std::size_t w = first;
  for (std::size_t k = 0; k < keep.size(); ++k)
    if (keep[k]) {
      if (w != first + k) out[w] = std::move(out[first + k]);
      ++w;
    }
  out.resize(w);
}

}  // namespace qda::code
