// Cue detection for segment boundaries; the data comes from the markers file, never from code,
// except the verb-ending heuristic, which is Spanish morphology.
#include "segment/cues.hpp"

#include <fmt/format.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <type_traits>

#include "core/error.hpp"
#include "core/text.hpp"

namespace qda::segment {

namespace {
// FNV-1a over code points.
inline std::uint64_t fnv(const char32_t* w, std::size_t n) {
  std::uint64_t h = 1469598103934665603ull;
  for (std::size_t i = 0; i < n; ++i) h = (h ^ w[i]) * 1099511628211ull;
  return h;
}
inline std::size_t slot_of(std::uint64_t h, std::size_t mask) { return static_cast<std::size_t>(h ^ (h >> 31)) & mask; }
}  // namespace

std::size_t WordSet::insert(std::u32string_view w) {
  if (long i = find(w.data(), w.size()); i >= 0) return static_cast<std::size_t>(i);
  words_.emplace_back(w);
  max_len_ = std::max(max_len_, w.size());
  if (!w.empty() && w.size() < kFiltered) {
    unsigned bit = filter_bit(w[0], w.back());
    filter_[w.size()][bit / 64] |= std::uint64_t{1} << (bit % 64);
  }
  if (words_.size() * 4 > slots_.size()) {  // a quarter full at most, so misses end soon
    slots_.assign(std::max<std::size_t>(16, slots_.size() * 2), 0);
    for (std::size_t i = 0; i < words_.size(); ++i) place(i);
  } else {
    place(words_.size() - 1);
  }
  return words_.size() - 1;
}

void WordSet::place(std::size_t i) {
  const auto& w = words_[i];
  std::size_t mask = slots_.size() - 1;
  std::size_t at = w.empty() ? 0 : slot(w[0], w.size() > 1 ? w[1] : 0, w.back(), w.size()) & mask;
  while (slots_[at]) at = (at + 1) & mask;
  slots_[at] = static_cast<std::uint32_t>(i + 1);
}

void Markers::index() {
  auto build = [](FirstIndex& idx, std::size_t n, auto&& text_of) {
    idx.clear();
    for (std::size_t i = 0; i < n; ++i) {
      const std::u32string& w = text_of(i);
      idx.push_back({w.empty() ? U'\0' : w[0], static_cast<std::uint32_t>(i)});
    }
    std::sort(idx.begin(), idx.end());
  };
  build(phrase_index, phrases.size(), [&](std::size_t i) -> const std::u32string& { return phrases[i].folded; });
  build(filler_index, fillers.size(), [&](std::size_t i) -> const std::u32string& { return fillers[i]; });
  build(prompt_index, prompts.size(), [&](std::size_t i) -> const std::u32string& { return prompts[i]; });
  stopword_set = WordSet{};
  for (const auto& w : stopwords) stopword_set.insert(w);
  for (auto& c : classes) {
    c.word_set = WordSet{};
    for (const auto& w : c.words) c.word_set.insert(w);
  }
}

namespace {
double number(const yaml::Doc& d, const YAML::Node& map, const char* key, double fallback, double lo, double hi) {
  auto v = map[key];
  if (!v) return fallback;
  double x;
  try {
    x = v.as<double>();
  } catch (const YAML::Exception&) {
    throw ConfigError("must be a number", yaml::at(d, v, key));
  }
  if (!(x >= lo && x <= hi)) throw ConfigError("must be between " + fmt::format("{}", lo) + " and " + fmt::format("{}", hi), yaml::at(d, v, key));
  return x;
}

std::vector<std::u32string> folded_list(const yaml::Doc& d, const YAML::Node& map, const char* key) {
  std::vector<std::u32string> out;
  for (const auto& s : yaml::string_list(d, map[key], key)) {
    auto t = text::trim(s);
    if (t.empty()) throw ConfigError("empty phrase", yaml::at(d, map[key], key));
    out.push_back(text::fold32(t));
  }
  return out;
}

inline bool word_at(const CodePoints& f, std::size_t pos, std::size_t end, const std::u32string& w) {
  return pos + w.size() <= end && f.equal(pos, w) &&
         (pos + w.size() == end || !text::is_word_cp(f[pos + w.size()])) && (pos == 0 || !text::is_word_cp(f[pos - 1]));
}
}  // namespace

Markers load_markers(const yaml::Doc& d) {
  const auto& root = d.root;
  if (!root.IsMap()) throw ConfigError("a markers file must be a mapping", yaml::at(d, root));
  yaml::check_keys(d, root, {"markers", "fillers", "tense", "length", "cohesion", "episode_prompts", "episode_requests", "stopwords"}, "markers file");
  Markers m;
  auto classes = root["markers"];
  if (!classes || !classes.IsMap() || classes.size() == 0)
    throw ConfigError("'markers' must map class names to {weight, phrases}", yaml::at(d, classes ? classes : root, "markers"));
  for (const auto& [name, key_node, cls] : yaml::entries(d, classes, "markers")) {
    yaml::check_keys(d, cls, {"weight", "phrases", "words", "within"}, "marker class '" + name + "'");
    MarkerClass c{name, number(d, cls, "weight", 0.5, 0, 1), {}, 0, {}};
    if (cls["words"]) {
      c.words = folded_list(d, cls, "words");
      c.within = static_cast<int>(number(d, cls, "within", 4, 1, 20));
    } else if (cls["within"]) {
      throw ConfigError("'within' needs 'words'", yaml::at(d, cls["within"], "within"));
    }
    m.classes.push_back(std::move(c));
    if (cls["phrases"])
      for (auto& p : folded_list(d, cls, "phrases")) m.phrases.push_back({std::move(p), m.classes.size() - 1});
  }
  std::stable_sort(m.phrases.begin(), m.phrases.end(),
                   [](const auto& a, const auto& b) { return a.folded.size() > b.folded.size(); });
  if (root["fillers"]) m.fillers = folded_list(d, root, "fillers");
  if (root["episode_prompts"]) m.prompts = folded_list(d, root, "episode_prompts");
  if (auto r = root["episode_requests"]; r && !r.IsNull()) {
    if (!r.IsSequence()) throw ConfigError("must be a list of {verbs, objects, within}", yaml::at(d, r, "episode_requests"));
    for (const auto& item : r) {
      if (!item.IsMap()) throw ConfigError("must be a mapping {verbs, objects, within}", yaml::at(d, item, "episode_requests"));
      yaml::check_keys(d, item, {"verbs", "objects", "within"}, "an episode request");
      Markers::Request q;
      q.verbs = folded_list(d, item, "verbs");
      q.objects = folded_list(d, item, "objects");
      if (q.verbs.empty() || q.objects.empty())
        throw ConfigError("an episode request needs verbs and objects", yaml::at(d, item, "episode_requests"));
      q.within = static_cast<int>(number(d, item, "within", 6, 1, 20));
      m.requests.push_back(std::move(q));
    }
  }
  if (root["stopwords"])
    for (auto& w : folded_list(d, root, "stopwords")) m.stopwords.insert(std::move(w));
  if (auto t = root["tense"]) {
    yaml::check_keys(d, t, {"weight", "background"}, "tense");
    m.tense_weight = number(d, t, "weight", m.tense_weight, 0, 1);
    m.tense_background_weight = number(d, t, "background", m.tense_weight, 0, 1);
  }
  if (auto l = root["length"]) {
    yaml::check_keys(d, l, {"weight", "free"}, "length");
    m.length_weight = number(d, l, "weight", m.length_weight, 0, 1);
    m.length_free = static_cast<int>(number(d, l, "free", m.length_free, 0, 100));
  }
  if (auto c = root["cohesion"]) {
    yaml::check_keys(d, c, {"weight", "block", "min_words"}, "cohesion");
    m.cohesion_weight = number(d, c, "weight", m.cohesion_weight, 0, 1);
    m.cohesion_block = static_cast<int>(number(d, c, "block", m.cohesion_block, 1, 50));
    m.cohesion_min_words = static_cast<int>(number(d, c, "min_words", m.cohesion_min_words, 0, 1000));
  }
  m.index();
  return m;
}

namespace {
// The entries of `idx` for phrases starting with `c`, in list order.
std::pair<Markers::FirstIndex::const_iterator, Markers::FirstIndex::const_iterator> starting_with(const Markers::FirstIndex& idx,
                                                                                                 char32_t c) {
  auto a = std::lower_bound(idx.begin(), idx.end(), std::pair<char32_t, std::uint32_t>{c, 0});
  auto b = a;
  while (b != idx.end() && b->first == c) ++b;
  return {a, b};
}
}  // namespace

namespace {
std::optional<MarkerHit> fronted_time(const Markers& m, const Text& t, Span s);
}  // namespace

// Only the phrases that start with the code point at `pos` can match there, so the indexes
// give the same first match as trying the lists in order.
std::optional<MarkerHit> match_marker(const Markers& m, const Text& t, Span s) {
  const auto& f = t.folded;
  const bool indexed = m.phrase_index.size() == m.phrases.size() && m.filler_index.size() == m.fillers.size();
  std::size_t pos = s.start;
  auto skip = [&] {
    while (pos < s.end && !text::is_word_cp(f[pos])) {
      if (f[pos] == U'[') {  // a transcription note is not speech
        std::size_t close = pos + 1;
        while (close < s.end && f[close] != U']') ++close;
        if (close < s.end) pos = close;
      }
      ++pos;
    }
  };
  auto phrase_at = [&](std::size_t at) -> std::optional<MarkerHit> {
    if (indexed) {
      auto [a, b] = starting_with(m.phrase_index, f[at]);
      for (auto it = a; it != b; ++it) {
        const auto& p = m.phrases[it->second];
        if (word_at(f, at, s.end, p.folded)) return MarkerHit{p.cls, Span{at, at + p.folded.size()}};
      }
    } else {
      for (const auto& p : m.phrases)
        if (word_at(f, at, s.end, p.folded)) return MarkerHit{p.cls, Span{at, at + p.folded.size()}};
    }
    return std::nullopt;
  };
  auto filler_at = [&](std::size_t at) -> std::size_t {  // its length, 0 if none
    if (indexed) {
      auto [fa, fb] = starting_with(m.filler_index, f[at]);
      auto it = std::find_if(fa, fb, [&](const auto& e) { return word_at(f, at, s.end, m.fillers[e.second]); });
      return it == fb ? 0 : m.fillers[it->second].size();
    }
    auto it = std::find_if(m.fillers.begin(), m.fillers.end(), [&](const auto& w) { return word_at(f, at, s.end, w); });
    return it == m.fillers.end() ? 0 : it->size();
  };
  skip();
  for (int fillers = 0; fillers <= 3 && pos < s.end; ++fillers) {
    if (auto hit = phrase_at(pos)) {
      // Stacked connectives ("Pero luego", "Y ya después", "Pero, al final"): the next one,
      // past fillers, names the relation when its class weighs more, and the cue spans both.
      pos = hit->where.end;
      skip();
      for (int more = 0; more <= 2 && pos < s.end; ++more) {
        auto next = phrase_at(pos);
        std::size_t n = next ? 0 : filler_at(pos);
        if (!next && !n) next = fronted_time(m, t, Span{pos, s.end});
        if (next) {
          if (m.classes[next->cls].weight > m.classes[hit->cls].weight) return MarkerHit{next->cls, Span{hit->where.start, next->where.end}};
          break;
        }
        if (!n) break;
        pos += n;
        skip();
      }
      return hit;
    }
    std::size_t n = filler_at(pos);
    if (!n) return fronted_time(m, t, Span{pos, s.end});
    pos += n;
    skip();
  }
  return std::nullopt;
}

namespace {
// A request at a word start `pos`: one of its verbs, then one of its objects among the next
// `within` words of the span. The span from the verb to the object.
std::optional<Span> match_request(const Markers::Request& q, const Text& t, std::size_t pos, Span s) {
  for (const auto& v : q.verbs) {
    if (!word_at(t.folded, pos, s.end, v)) continue;
    std::size_t at = pos + v.size();
    for (int w = 0; w < q.within && at < s.end; ++w) {
      while (at < s.end && !text::is_word_cp(t.folded[at])) ++at;  // to the next word
      if (at >= s.end) break;
      for (const auto& o : q.objects)
        if (word_at(t.folded, at, s.end, o)) return Span{pos, at + o.size()};
      while (at < s.end && text::is_word_cp(t.folded[at])) ++at;
    }
    return std::nullopt;
  }
  return std::nullopt;
}
}  // namespace

std::optional<Span> match_prompt(const Markers& m, const Text& t, Span s) {
  if (auto hit = match_phrase_prompt(m, t, s)) return hit;
  if (m.requests.empty()) return std::nullopt;
  for (std::size_t pos = s.start; pos < s.end; ++pos) {
    if (!text::is_word_cp(t.folded[pos]) || (pos > 0 && text::is_word_cp(t.folded[pos - 1]))) continue;
    for (const auto& q : m.requests)
      if (auto hit = match_request(q, t, pos, s)) return hit;
  }
  return std::nullopt;
}

std::optional<Span> match_phrase_prompt(const Markers& m, const Text& t, Span s) {
  const bool indexed = m.prompt_index.size() == m.prompts.size();
  for (std::size_t pos = s.start; pos < s.end; ++pos) {
    if (!text::is_word_cp(t.folded[pos]) || (pos > 0 && text::is_word_cp(t.folded[pos - 1]))) continue;
    if (indexed) {
      auto [a, b] = starting_with(m.prompt_index, t.folded[pos]);
      for (auto it = a; it != b; ++it) {
        const auto& p = m.prompts[it->second];
        if (word_at(t.folded, pos, s.end, p)) return Span{pos, pos + p.size()};
      }
    } else {
      for (const auto& p : m.prompts)
        if (word_at(t.folded, pos, s.end, p)) return Span{pos, pos + p.size()};
    }
  }
  return std::nullopt;
}

const char* tense_name(Tense t) {
  switch (t) {
    case Tense::imperfect: return "imperfect";
    case Tense::preterite: return "preterite";
    case Tense::present: return "present";
    default: return "unknown";
  }
}

namespace {
// A light heuristic on Spanish verb forms (lower case, accents kept): frequent irregular forms
// by list, regular ones by ending, with the nouns that share those endings left out.
// The lists, as one table built once: a form in an earlier list keeps that list's tense, and
// the nouns left out map to unknown (each is a word the ending rules would otherwise reach).
struct TenseForms {
  WordSet words;
  std::vector<Tense> tense;
  void add(std::initializer_list<std::u32string_view> l, Tense t) {
    for (auto w : l)
      if (words.insert(w) == tense.size()) tense.push_back(t);
  }
  TenseForms() {
    add({U"era", U"eras", U"éramos", U"eran", U"iba", U"ibas", U"íbamos", U"iban"}, Tense::imperfect);
    add({U"fue", U"fui", U"fuimos", U"fueron", U"dijo", U"dije", U"dijeron", U"hizo", U"hice", U"hicimos",
         U"hicieron", U"tuvo", U"tuve", U"tuvimos", U"tuvieron", U"pudo", U"pude", U"pudimos", U"pudieron",
         U"puso", U"puse", U"pusimos", U"pusieron", U"vino", U"vine", U"vinieron", U"estuvo", U"estuve",
         U"estuvimos", U"estuvieron", U"quiso", U"quise", U"supo", U"supe", U"dio", U"di", U"dieron", U"vio",
         U"vi", U"vieron", U"hubo", U"trajo", U"traje", U"propuso", U"propuse"},
        Tense::preterite);
    add({U"es", U"son", U"soy", U"somos", U"está", U"están", U"estoy", U"estamos", U"hay", U"creo", U"cree",
         U"creemos", U"pienso", U"piensa", U"considero", U"sigo", U"sigue", U"siguen", U"tengo", U"tiene",
         U"tienen", U"tenemos", U"puedo", U"puede", U"pueden", U"podemos", U"sé", U"sabe", U"saben", U"veo",
         U"siento", U"digo", U"dice", U"dicen", U"hago", U"hace", U"hacen", U"hacemos", U"voy", U"va", U"van",
         U"quiero", U"quiere", U"debe", U"deben", U"debemos", U"necesita", U"necesitan", U"significa",
         U"implica", U"parece", U"considera"},
        Tense::present);
    // Nouns ending like an imperfect (-ía) or a preterite (-é).
    add({U"todavía", U"días", U"energía", U"compañía", U"alegría", U"mayoría", U"garantía", U"teoría", U"policía",
         U"categoría", U"lotería", U"cortesía", U"batería", U"vía"},
        Tense::unknown);
    add({U"café", U"bebé", U"porqué", U"josé"}, Tense::unknown);
  }
};
const TenseForms kTenseForms;

// u_tolower, with the Latin, Greek and Cyrillic blocks from a table.
constexpr char32_t kLowerTable = 0x2000;
const std::vector<char32_t> kLower = [] {
  std::vector<char32_t> t(kLowerTable);
  for (char32_t c = 0; c < kLowerTable; ++c) t[c] = static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
  return t;
}();
inline char32_t lower(char32_t c) {
  if (c < 0x80) return (c >= U'A' && c <= U'Z') ? c + 32 : c;
  if (c < kLowerTable) return kLower[c];
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
}

// Whether the last k code points in `tail` end with `suf` (a literal).
template <std::size_t N>
inline bool ends(const char32_t* tail, std::size_t k, const char32_t (&suf)[N]) {
  constexpr std::size_t n = N - 1;
  if (n > k) return false;
  for (std::size_t i = 0; i < n; ++i)
    if (tail[k - n + i] != suf[i]) return false;
  return true;
}

// The regular endings that end in a, s or n (`end`, lower case) of a word w[0, n), n >= 4.
[[gnu::noinline]] Tense classify_ending(const char32_t* w, std::size_t n, char32_t end) {
  constexpr std::size_t kTail = 6;  // the longest ending
  const std::size_t k = std::min(n, kTail);
  char32_t tail[kTail];
  for (std::size_t i = 0; i + 1 < k; ++i) tail[i] = lower(w[n - k + i]);
  tail[k - 1] = end;
  if (end == U'a') {
    if (ends(tail, k, U"aba")) return Tense::imperfect;
    if (ends(tail, k, U"ía")) {
      if (ends(tail, k, U"logía") || ends(tail, k, U"grafía") || ends(tail, k, U"sofía") || ends(tail, k, U"nomía") ||
          ends(tail, k, U"gogía") || ends(tail, k, U"tría"))
        return Tense::unknown;
      return Tense::imperfect;
    }
    return Tense::unknown;
  }
  if (end == U's') {
    if (ends(tail, k, U"abas") || ends(tail, k, U"ábamos") || ends(tail, k, U"ías") || ends(tail, k, U"íamos")) return Tense::imperfect;
    return Tense::unknown;
  }
  if (ends(tail, k, U"aban") || ends(tail, k, U"ían")) return Tense::imperfect;
  if (ends(tail, k, U"aron") || ends(tail, k, U"ieron")) return Tense::preterite;
  return Tense::unknown;
}

// The tense of the word w[0, n) as written (lower-cased here): the listed forms first, then
// the endings, by their last code point.
inline Tense classify(const char32_t* w, std::size_t n) {
  if (long i = kTenseForms.words.find(w, n, [](char32_t c) { return lower(c); }); i >= 0) return kTenseForms.tense[static_cast<std::size_t>(i)];
  if (n < 4) return Tense::unknown;
  const char32_t end = lower(w[n - 1]);
  switch (end) {
    case U'ó': case U'é': return Tense::preterite;
    case U'a': case U's': case U'n': return classify_ending(w, n, end);
    default: return Tense::unknown;
  }
}

// The first of the classes with time words that has one among the first `within` words of
// s (s starts at a word), before any word read as a verb: the time phrase is fronted, a
// frame for what follows, not the object of a verb ("Eso fue el ciclo pasado").
std::optional<MarkerHit> fronted_time(const Markers& m, const Text& t, Span s) {
  for (std::size_t c = 0; c < m.classes.size(); ++c) {
    const auto& cls = m.classes[c];
    if (cls.within <= 0 || cls.word_set.size() == 0) continue;
    std::size_t i = s.start;
    for (int n = 0; n < cls.within && i < s.end; ++n) {
      while (i < s.end && !text::is_word_cp(t.folded[i])) ++i;
      std::size_t b = i;
      while (i < s.end && text::is_word_cp(t.folded[i])) ++i;
      if (b == i) break;
      if (cls.word_set.find(t.folded.ptr(b, i - b), i - b) >= 0) return MarkerHit{c, Span{s.start, i}};
      if (classify(t.cps.ptr(b, i - b), i - b) != Tense::unknown) break;
    }
  }
  return std::nullopt;
}

// Calls f(begin, end); false from f stops the walk.
template <class F>
inline bool go_on(F& f, std::size_t b, std::size_t e) {
  if constexpr (std::is_same_v<decltype(f(b, e)), bool>) return f(b, e);
  else return f(b, e), true;
}

// The words (letter and digit runs) of `s` in sp, as f(begin, end).
template <class F>
inline void scan_words(const CodePoints& p, Span sp, F&& f) {
  std::size_t i = sp.start;
  while (i < sp.end) {
    while (i < sp.end && !text::is_word_cp(p[i])) ++i;
    std::size_t b = i;
    while (i < sp.end && text::is_word_cp(p[i])) ++i;
    if (b < i && !go_on(f, b, i)) return;
  }
}

// The same from Text::word_bits, a run of bits at a time.
template <class F>
inline void bit_words(const std::vector<std::uint64_t>& bits, Span sp, F&& f) {
  const std::uint64_t* w = bits.data();
  auto next = [&](std::size_t i, std::uint64_t flip) {  // the next bit at or after i that is not `flip`
    while (i < sp.end) {
      if (std::uint64_t x = (w[i / 64] ^ flip) >> (i % 64)) return std::min(sp.end, i + static_cast<std::size_t>(std::countr_zero(x)));
      i = (i | 63) + 1;
    }
    return sp.end;
  };
  for (std::size_t i = sp.start; i < sp.end;) {
    std::size_t b = next(i, 0);
    if (b >= sp.end) return;
    i = next(b, ~std::uint64_t{0});
    if (!go_on(f, b, i)) return;
  }
}

// The words of t.cps (or of t.folded, `s`) in sp: from the bits when they hold for `s`.
template <class F>
inline void for_words(const Text& t, const CodePoints& s, Span sp, F&& f) {
  if ((&s == &t.cps || t.same_words) && t.word_bits.size() * 64 >= t.cps.size()) bit_words(t.word_bits, sp, f);
  else scan_words(s, sp, f);
}

// The stem of a content word (three or more code points, not a stop word): FNV-1a over its
// first five folded code points. Calls f(hash) for a content word only.
class Stemmer {
 public:
  explicit Stemmer(const Markers& m) : m_(m), indexed_(m.stopword_set.size() == m.stopwords.size()) {}
  template <class F>
  void operator()(const char32_t* folded, std::size_t n, F&& f) {
    if (n < 3) return;
    if (indexed_) {
      if (m_.stopword_set.find(folded, n) >= 0) return;
    } else {
      w_.assign(folded, n);
      if (m_.stopwords.count(w_)) return;
    }
    f(fnv(folded, std::min<std::size_t>(n, 5)));
  }

 private:
  const Markers& m_;
  bool indexed_;
  std::u32string w_;
};

template <class F>
inline void for_stems(const Markers& m, const Text& t, Span s, F&& f) {
  Stemmer stem(m);
  for_words(t, t.folded, s, [&](std::size_t b, std::size_t e) { stem(t.folded.ptr(b, e - b), e - b, f); });
}

// The tense most words were counted in; unknown on none or a tie.
Tense dominant(const int (&n)[4]) {
  int best = 0;
  for (int k = 1; k < 4; ++k)
    if (n[k] > (best ? n[best] : 0)) best = k;
  if (best == 0) return Tense::unknown;
  for (int k = 1; k < 4; ++k)
    if (k != best && n[k] == n[best]) return Tense::unknown;
  return static_cast<Tense>(best);
}
}  // namespace

namespace {
// Whether a word is inside a quotation of the sentence `s`: «…», “…” or "…" opened in `s`.
// Quoted speech is another voice (the teacher's words, a mother's message); its tense is not
// the narrator's, so it says nothing about a shift in the narrative. Reads Text::marks, the
// positions of the quotes, so the text between words is not read again.
class Quotes {
 public:
  Quotes(const Text& t, Span s)
      : t_(t), at_(static_cast<std::size_t>(std::lower_bound(t.marks.begin(), t.marks.end(), s.start) - t.marks.begin())) {}
  // For the words in text order: is the word starting at `b` quoted?
  bool inside(std::size_t b) {
    for (; at_ < t_.marks.size() && t_.marks[at_] < b; ++at_) {
      switch (t_.mark_cps[at_]) {
        case U'\u00AB': case U'\u201C': ++depth_; break;
        case U'\u00BB': case U'\u201D': if (depth_ > 0) --depth_; break;
        case U'"': ascii_ = !ascii_; break;
        default: break;
      }
    }
    return depth_ > 0 || ascii_;
  }

 private:
  const Text& t_;
  std::size_t at_;
  int depth_ = 0;
  bool ascii_ = false;
};
}  // namespace

Tense dominant_tense(const Text& t, Span s) {
  int n[4] = {0, 0, 0, 0};
  Quotes q(t, s);
  for_words(t, t.cps, s, [&](std::size_t b, std::size_t e) {
    if (!q.inside(b)) ++n[static_cast<int>(classify(t.cps.ptr(b, e - b), e - b))];
  });
  return dominant(n);
}

std::size_t word_count(const Text& t, Span s) {
  std::size_t n = 0;
  for_words(t, t.folded, s, [&](std::size_t, std::size_t) { ++n; });
  return n;
}

std::size_t word_count(const Text& t, Span s, std::size_t limit) {
  std::size_t n = 0;
  if (limit > 0) for_words(t, t.folded, s, [&](std::size_t, std::size_t) { return ++n < limit; });
  return n;
}

void content_words(const Markers& m, const Text& t, Span s, std::vector<std::uint64_t>& out) {
  out.clear();
  for_stems(m, t, s, [&](std::uint64_t h) { out.push_back(h); });
  std::sort(out.begin(), out.end());
}

double cosine(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  auto norm = [](const std::vector<std::uint64_t>& v) {
    double s = 0;
    for (std::size_t i = 0; i < v.size();) {
      std::size_t j = i;
      while (j < v.size() && v[j] == v[i]) ++j;
      s += double(j - i) * double(j - i);
      i = j;
    }
    return std::sqrt(s);
  };
  double dot = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) { ++i; continue; }
    if (b[j] < a[i]) { ++j; continue; }
    std::size_t i2 = i, j2 = j;
    while (i2 < a.size() && a[i2] == a[i]) ++i2;
    while (j2 < b.size() && b[j2] == b[j]) ++j2;
    dot += double(i2 - i) * double(j2 - j);
    i = i2; j = j2;
  }
  double n = norm(a) * norm(b);
  return n > 0 ? dot / n : 0;
}

std::vector<double> cohesion_depths(const Markers& m, const std::vector<std::vector<std::uint64_t>>& bags) {
  Cohesion c;
  c.clear(m);
  for (const auto& b : bags) c.add(b);
  return c.depths();
}

void Cohesion::clear(const Markers& m) {
  w_ = static_cast<std::size_t>(m.cohesion_block);
  min_words_ = static_cast<std::size_t>(m.cohesion_min_words);
  ids_.clear();
  start_.clear();
  base_ = total_ = first_ = n_ = 0;
  keys_.clear();
  left_.clear();
  right_.clear();
  lo_l_ = hi_l_ = lo_r_ = hi_r_ = 0;
  next_gap_ = 1;
  dot_ = sq_left_ = sq_right_ = 0;
  words_left_ = words_right_ = 0;
  sim_.clear();
  if (slots_.empty()) {
    slots_.assign(1024, Slot{});
    turn_ = 0;
  }
  if (++turn_ == 0) {
    std::fill(slots_.begin(), slots_.end(), Slot{});
    turn_ = 1;
  }
}

void Cohesion::add(const Markers& m, const Text& t, Span s) {
  start_.push_back(total_);
  ++n_;
  for_stems(m, t, s, [&](std::uint64_t h) { intern(h); });
  added();
}

Tense Cohesion::add_and_tense(const Markers& m, const Text& t, Span s) {
  if (!t.same_words) {
    add(m, t, s);
    return dominant_tense(t, s);
  }
  // The words of the code points are the words of the folded text: one pass for both.
  start_.push_back(total_);
  ++n_;
  int n[4] = {0, 0, 0, 0};
  Stemmer stem(m);
  Quotes q(t, s);
  for_words(t, t.cps, s, [&](std::size_t b, std::size_t e) {
    if (!q.inside(b)) ++n[static_cast<int>(classify(t.cps.ptr(b, e - b), e - b))];
    stem(t.folded.ptr(b, e - b), e - b, [&](std::uint64_t h) { intern(h); });
  });
  added();
  return dominant(n);
}

void Cohesion::add(const std::vector<std::uint64_t>& bag) {
  start_.push_back(total_);
  ++n_;
  for (auto h : bag) intern(h);
  added();
}

// Stem hashes to small ids, in the order they first come. The table is sized by the turn's
// distinct stems, not its words (a long answer's vocabulary is a small part of it), and
// doubles when half full.
void Cohesion::intern(std::uint64_t h) {
  ++total_;
  std::size_t mask = slots_.size() - 1;
  std::size_t at = slot_of(h, mask);
  while (slots_[at].stamp == turn_ && slots_[at].key != h) at = (at + 1) & mask;
  if (slots_[at].stamp == turn_) {
    ids_.push_back(slots_[at].id);
    return;
  }
  const auto n_ids = static_cast<std::uint32_t>(keys_.size());
  slots_[at] = Slot{h, turn_, n_ids};
  keys_.push_back(h);
  left_.push_back(0);
  right_.push_back(0);
  ids_.push_back(n_ids);
  if (keys_.size() * 2 > slots_.size()) {  // twice the slots, and this turn's stems again
    slots_.assign(slots_.size() * 2, Slot{});
    turn_ = 1;
    mask = slots_.size() - 1;
    for (std::uint32_t id = 0; id < keys_.size(); ++id) {
      std::size_t a = slot_of(keys_[id], mask);
      while (slots_[a].stamp == turn_) a = (a + 1) & mask;
      slots_[a] = Slot{keys_[id], turn_, id};
    }
  }
}

// The gap before sentence g is judged once sentence g + w - 1 is added (its right block is
// then whole); the stems of the sentences before the next gap's left block are let go.
void Cohesion::added() {
  sim_.push_back(-1);
  const std::size_t n = n_;
  for (; next_gap_ < n && next_gap_ + w_ <= n; ++next_gap_) gap(next_gap_, next_gap_ + w_);
  // Sentences before lo_l_ are in no block again.
  const std::size_t dead = lo_l_ - first_;
  const std::size_t stems = dead < start_.size() ? start_[dead] - base_ : ids_.size();
  if ((dead >= 256 && dead * 2 >= start_.size()) || (stems >= 4096 && stems * 2 >= ids_.size())) {
    ids_.erase(ids_.begin(), ids_.begin() + static_cast<std::ptrdiff_t>(stems));
    base_ += stems;
    start_.erase(start_.begin(), start_.begin() + static_cast<std::ptrdiff_t>(dead));
    first_ += dead;
  }
}

// The blocks either side of a gap as counts per stem, slid one sentence at a time. Every
// count, dot product and squared norm is an integer, so the similarities are exactly those
// of cosine() over the merged, sorted blocks.
void Cohesion::gap(std::size_t g, std::size_t to) {
  const std::size_t n = n_;
  auto begin = [&](std::size_t bag) { return start_[bag - first_] - base_; };
  auto end = [&](std::size_t bag) { return (bag + 1 < n ? start_[bag + 1 - first_] : total_) - base_; };
  auto add_left = [&](std::size_t bag) {
    for (std::size_t k = begin(bag); k < end(bag); ++k) {
      std::uint32_t id = ids_[k];
      dot_ += right_[id];
      sq_left_ += 2 * std::uint64_t(left_[id]) + 1;
      ++left_[id];
    }
    words_left_ += end(bag) - begin(bag);
  };
  auto drop_left = [&](std::size_t bag) {
    for (std::size_t k = begin(bag); k < end(bag); ++k) {
      std::uint32_t id = ids_[k];
      --left_[id];
      sq_left_ -= 2 * std::uint64_t(left_[id]) + 1;
      dot_ -= right_[id];
    }
    words_left_ -= end(bag) - begin(bag);
  };
  auto add_right = [&](std::size_t bag) {
    for (std::size_t k = begin(bag); k < end(bag); ++k) {
      std::uint32_t id = ids_[k];
      dot_ += left_[id];
      sq_right_ += 2 * std::uint64_t(right_[id]) + 1;
      ++right_[id];
    }
    words_right_ += end(bag) - begin(bag);
  };
  auto drop_right = [&](std::size_t bag) {
    for (std::size_t k = begin(bag); k < end(bag); ++k) {
      std::uint32_t id = ids_[k];
      --right_[id];
      sq_right_ -= 2 * std::uint64_t(right_[id]) + 1;
      dot_ -= left_[id];
    }
    words_right_ -= end(bag) - begin(bag);
  };
  // Left block [lo_l, hi_l), right block [lo_r, hi_r): bags g-w .. g-1 and g .. to-1.
  const std::size_t from = g > w_ ? g - w_ : 0;
  while (hi_l_ < g) add_left(hi_l_++);
  while (lo_l_ < from) drop_left(lo_l_++);
  while (hi_r_ < to) add_right(hi_r_++);
  while (lo_r_ < g) drop_right(lo_r_++);
  if (words_left_ < min_words_ || words_right_ < min_words_) return;
  double norms = std::sqrt(double(sq_left_)) * std::sqrt(double(sq_right_));
  sim_[g] = norms > 0 ? double(dot_) / norms : 0;
}

void Cohesion::finish() {
  for (; next_gap_ < n_; ++next_gap_) gap(next_gap_, std::min(n_, next_gap_ + w_));
}

// Depth of a valley: how far similarity climbs on both sides before it falls again.
double Cohesion::depth(std::size_t g) const {
  const std::size_t n = n_;
  if (n < 2 || g == 0 || g >= n || sim_[g] < 0) return -1;
  double hl = sim_[g], hr = sim_[g];
  for (std::size_t k = g; k > 1 && sim_[k - 1] >= hl; --k) hl = sim_[k - 1];
  for (std::size_t k = g; k + 1 < n && sim_[k + 1] >= hr; ++k) hr = sim_[k + 1];
  return (hl - sim_[g]) + (hr - sim_[g]);
}

const std::vector<double>& Cohesion::depths() {
  finish();
  depth_.assign(n_, -1);
  for (std::size_t g = 1; g < n_; ++g) depth_[g] = depth(g);
  return depth_;
}

}  // namespace qda::segment
