// The third-person rewrite: tokens, quoted stretches, readings chosen by the CG and by context,
// then each first-person form regenerated in the third person.
#include "rewrite/rewrite.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>
#include <array>
#include <cstdint>
#include <set>

#include "core/text.hpp"
#include "rewrite/verbs.hpp"

namespace qda::rewrite {

struct Token {
  std::uint32_t b = 0, e = 0;    // bytes in the unit text
  std::uint32_t cb = 0, ce = 0;  // code points in the unit text
  std::uint32_t sentence = 0;
  bool word = false, quoted = false, upper_first = false, all_upper = false;
  std::string lower;              // words lower-cased (the cache key); other tokens as written
  const Analysis* a = nullptr;    // set once analysed
  std::vector<int> alive;         // readings left by the grammar (all when it did not run)
  int chosen = -1;                // the reading rewritten; -1 = the token stays as written
  bool ambiguous = false;
  bool tense_pending = false;
  bool first_person = false;      // a word outside quotes that maybe_first_person() lets through
  unsigned char time = 0;         // Tense the word alone gives its sentence (set by tally())
  bool imperfect = false;         // ... and it is an imperfect ("esperaba"), the frame of a past scene
};

Prepared::Prepared() = default;
Prepared::~Prepared() = default;
Prepared::Prepared(Prepared&&) noexcept = default;
Prepared& Prepared::operator=(Prepared&&) noexcept = default;

Gender gender_from(std::string_view attr) {
  if (attr == "f") return Gender::f;
  if (attr == "m") return Gender::m;
  return Gender::unknown;
}

namespace {

// ---- word lists: closed classes of Spanish, not study data ----

bool in(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// Verb classes (lib/rewrite/data/verbs-es.txt says what each is for, with examples).
const Verbs& verbs() { return builtin_verbs(); }
bool accusative_verb(std::string_view lemma) { return verbs().has(VerbClass::accusative, lemma); }
bool dative_verb(std::string_view lemma) { return verbs().has(VerbClass::dative, lemma); }
bool transfer_verb(std::string_view lemma) { return verbs().has(VerbClass::transfer, lemma); }
bool reflexive_infinitive(std::string_view lemma) { return verbs().has(VerbClass::reflexive_infinitive, lemma); }
bool psych_verb(std::string_view lemma) { return verbs().has(VerbClass::psych, lemma); }
bool saying_verb(std::string_view lemma) { return verbs().has(VerbClass::saying, lemma); }
bool pronominal_verb(std::string_view lemma) { return verbs().has(VerbClass::pronominal, lemma); }

// Temporal adverbs that fix the tense of an ambiguous "revisamos" in their sentence.
bool past_adverb(std::string_view w) { return in(w, {"ayer", "anteayer", "antier", "anoche", "pasado", "pasada"}); }
// "hoy" and "ahora" lean to the present but allow a past ("hoy llegamos temprano y ya nos
// esperaba"), so the sentence's own verbs outrank them.
bool present_adverb(std::string_view w) { return in(w, {"hoy", "ahora", "ahorita"}); }

bool clitic_form(std::string_view w) {
  return in(w, {"me", "te", "se", "nos", "os", "lo", "la", "los", "las", "le", "les"});
}

// A literal suffix, compared inline (this runs on every word; memcmp calls showed in profiles).
template <std::size_t N>
bool ends_with(std::string_view s, const char (&t)[N]) {
  constexpr std::size_t n = N - 1;
  if (s.size() < n) return false;
  const char* p = s.data() + s.size() - n;
  for (std::size_t i = 0; i < n; ++i)
    if (p[i] != t[i]) return false;
  return true;
}

// Can this lower-cased word have a first-person reading whose third person differs? Every p1
// verb form that differs from its p3 ends in -o, -oy, -e/-é, -i/-í (present and preterite
// singular, future) or -mos (all plurals); imperfect, conditional and subjunctive singulars
// are the same in both persons. Enclitics end in me/nos (+ lo, la, le…). Everything else is
// never sent to the analyser, which keeps the tool fast on real text.
bool maybe_first_person(std::string_view w) {
  if (w.empty()) return false;
  char last = w.back();
  // Suffix tests first: this runs on every word. (-lo and -le enclitic pairs end in o/e.)
  if (last == 'o' || last == 'e' || last == 'i' || ends_with(w, "é") || ends_with(w, "í") || ends_with(w, "oy") ||
      ends_with(w, "mos") || ends_with(w, "nos"))
    return true;
  if (last == 'a' || last == 's') {
    // me/nos + la, los, las, les
    std::string_view stem = w;
    if (ends_with(w, "la")) stem.remove_suffix(2);
    else if (ends_with(w, "los") || ends_with(w, "las") || ends_with(w, "les")) stem.remove_suffix(3);
    if (stem.size() < w.size() && (ends_with(stem, "me") || ends_with(stem, "nos"))) return true;
  }
  return in(w, {"yo", "me", "mí", "mi", "mis", "mío", "mía", "míos", "mías", "nos", "nosotros", "nosotras", "nuestro",
                "nuestra", "nuestros", "nuestras", "conmigo"});
}

// ---- readings ----

bool is_verb(const Part& p) { return p.verb; }
bool finite(const Part& p) { return is_verb(p) && (p.has("p1") || p.has("p2") || p.has("p3")); }
bool p1(const Part& p) { return p.has("p1"); }

enum class Kind { none, verb, subject, prepositional, conmigo, proclitic, possessive };

Kind kind_of(const Reading& r) {
  const Part& h = r.head();
  if (is_verb(h)) {
    for (const auto& p : r.parts)
      if (p1(p)) return Kind::verb;
    return Kind::none;
  }
  if (h.tags.size() >= 2 && h.tags[0] == "prn" && p1(h)) {
    if (h.tags[1] == "pro") return Kind::proclitic;
    if (h.lemma == "conmigo") return Kind::conmigo;
    if (h.lemma == "mí") return Kind::prepositional;
    if (h.tags[1] == "tn") return Kind::subject;
  }
  if (h.has("pos") && (h.lemma == "mío" || h.lemma == "nuestro")) return Kind::possessive;
  return Kind::none;
}

// The same part with p1 -> p3.
Part to_p3(const Part& p) {
  Part q = p;
  for (auto& t : q.tags)
    if (t == "p1") t = "p3";
  return q;
}

enum class Tense { other, past, present };
Tense tense_of(const Part& p) {
  if (!finite(p)) return Tense::other;
  if (p.has("ifi") || p.has("pii")) return Tense::past;
  if (p.has("pri")) return Tense::present;
  return Tense::other;
}

// The time a finite verb places its sentence in, for the context of an ambiguous "revisamos":
// besides the indicative, a subjunctive follows the time of its clause (sequence of tenses:
// "antes de que entren" is present, "para que se quedara" past) and a future looks from the
// present ("le diré que necesitamos"). Conditionals and imperatives say nothing.
Tense time_of(const Part& p) {
  if (!finite(p)) return Tense::other;
  if (p.has("ifi") || p.has("pii") || p.has("pis")) return Tense::past;
  if (p.has("pri") || p.has("prs") || p.has("fti")) return Tense::present;
  return Tense::other;
}

// ---- text ----

void lower_into(std::string_view w, std::string& out, bool& upper_first, bool& all_upper) {
  out.clear();
  upper_first = false;
  all_upper = true;
  std::size_t i = 0;
  bool first = true;
  while (i < w.size()) {
    unsigned char c = static_cast<unsigned char>(w[i]);
    char32_t cp;
    if (c < 0x80) {
      cp = c;
      ++i;
    } else {
      cp = text::next_cp(w, i);
    }
    bool up = cp < 0x80 ? (cp >= 'A' && cp <= 'Z') : u_isupper(static_cast<UChar32>(cp));
    if (first) upper_first = up;
    if (!up) all_upper = false;
    first = false;
    if (cp < 0x80) out += static_cast<char>(up ? cp + 32 : cp);
    else text::append_utf8(out, static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp))));
  }
}

std::string with_case(std::string_view s, bool upper_first, bool all_upper) {
  if (!upper_first || s.empty()) return std::string(s);
  std::string out;
  std::size_t i = 0;
  bool first = true;
  while (i < s.size()) {
    char32_t cp = text::next_cp(s, i);
    if (first || all_upper) cp = static_cast<char32_t>(u_toupper(static_cast<UChar32>(cp)));
    first = false;
    text::append_utf8(out, cp);
  }
  return out;
}

bool sentence_end(std::string_view t) { return t == "." || t == "!" || t == "?" || t == "…" || t == ";"; }

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> toks;
  toks.reserve(s.size() / 4 + 1);
  std::size_t i = 0;
  std::uint32_t cp = 0, sentence = 0;
  while (i < s.size()) {
    std::size_t start = i;
    std::uint32_t cstart = cp;
    char32_t c = text::next_cp(s, i);
    ++cp;
    if (text::is_word_cp(c)) {
      std::size_t j = i;
      while (j < s.size()) {
        std::size_t k = j;
        char32_t d = text::next_cp(s, k);
        if (!text::is_word_cp(d)) break;
        j = k;
        ++cp;
      }
      i = j;
      Token t;
      t.b = static_cast<std::uint32_t>(start), t.e = static_cast<std::uint32_t>(i);
      t.cb = cstart, t.ce = cp, t.sentence = sentence, t.word = true;
      lower_into(s.substr(start, i - start), t.lower, t.upper_first, t.all_upper);
      toks.push_back(std::move(t));
      continue;
    }
    if (c == '\n') { ++sentence; continue; }
    if (c == ' ' || u_isUWhiteSpace(static_cast<UChar32>(c))) continue;
    Token t;
    t.b = static_cast<std::uint32_t>(start), t.e = static_cast<std::uint32_t>(i);
    t.cb = cstart, t.ce = cp, t.sentence = sentence;
    t.lower.assign(s.substr(start, i - start));
    bool end = sentence_end(t.lower);
    toks.push_back(std::move(t));
    if (end) ++sentence;
  }
  return toks;
}

struct Ctx {
  Morphology& m;
  std::vector<Token>& toks;
  std::string_view text;
  Gender gender;
  const model::Roles& roles;
  signed char feminine = -1;  // feminine_group()'s answer once asked (-1: not yet)

  const Analysis& an(Token& t) {
    if (!t.a) t.a = &m.analyse(t.lower);
    return *t.a;
  }
  // Analyses every token that `want` selects: cached forms in one look-up each, the others in
  // one batch through the transducer.
  template <class Want>
  void analyse_all(Want&& want) {
    std::vector<std::string_view> misses;
    for (auto& t : toks)
      if (!t.a && want(t) && !(t.a = m.cached(t.lower))) misses.push_back(t.lower);
    if (misses.empty()) return;
    m.prefetch(misses);
    for (auto& t : toks)
      if (!t.a && want(t)) an(t);
  }
  // The readings of a token still in play.
  std::vector<int> live(Token& t) {
    if (!t.alive.empty()) return t.alive;
    std::vector<int> all(an(t).readings.size());
    for (std::size_t k = 0; k < all.size(); ++k) all[k] = static_cast<int>(k);
    return all;
  }
  // The finite-verb head a context test should look at: the chosen reading, else the first
  // live finite-verb reading; nullptr when the token cannot be a finite verb.
  const Part* finite_head(Token& t) {
    if (!t.word) return nullptr;
    const auto& rs = an(t).readings;
    if (t.chosen >= 0 && finite(rs[t.chosen].head())) return &rs[t.chosen].head();
    if (t.chosen >= 0) return nullptr;
    for (int k : live(t))
      if (finite(rs[k].head())) return &rs[k].head();
    return nullptr;
  }
  std::string_view surface(const Token& t) const { return text.substr(t.b, t.e - t.b); }

  // What a reading would make of the token, for telling readings apart: the generated
  // third-person head ("revisaron"), or the word itself for a reading that changes nothing.
  std::string key(Token& t, int k) {
    const Reading& r = an(t).readings[k];
    Kind kind = kind_of(r);
    if (kind == Kind::none) return t.lower;
    if (kind != Kind::verb) return "kind:" + std::to_string(static_cast<int>(kind));
    std::string g = m.generate(to_p3(r.head()).lexical());
    if (g.empty()) g = t.lower;
    if (r.parts.size() > 1) g += "+enc";
    return g;
  }
  std::set<std::string> keys(Token& t, const std::vector<int>& ks) {
    std::set<std::string> out;
    for (int k : ks) out.insert(key(t, k));
    return out;
  }
};

// «…», “…”, "…", ‘…’ (nesting allowed), and after a verb of saying and a colon the rest of
// the sentence: quoted speech stays as said. An unclosed quotation runs to the end of the unit.
void mark_quotes(Ctx& c) {
  auto& toks = c.toks;
  std::vector<std::string_view> closers;
  for (auto& t : toks) {
    if (!t.word) {
      std::string_view ch = t.lower;
      if (!closers.empty() && ch == closers.back()) { t.quoted = true; closers.pop_back(); continue; }
      std::string_view closer = ch == "«" ? "»" : ch == "“" ? "”" : ch == "‘" ? "’" : ch == "\"" ? "\"" : "";
      if (!closer.empty()) { closers.push_back(closer); t.quoted = true; continue; }
    }
    t.quoted = !closers.empty();
  }
  // After a colon that follows a saying verb of its sentence ("pensé: …"), the rest of the
  // sentence is speech. The words before each colon are read once per sentence, however many
  // colons it holds (`read`: the words up to there; `saying`: a saying verb among them).
  std::size_t read = 0;
  bool saying = false, started = false;
  std::uint32_t sentence = 0;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].quoted || toks[i].lower != ":") continue;
    if (!started || toks[i].sentence != sentence) {  // the first colon of its sentence
      started = true, sentence = toks[i].sentence, saying = false;
      for (read = i; read > 0 && toks[read - 1].sentence == sentence;) --read;
    }
    for (; read < i && !saying; ++read) {
      if (!toks[read].word || toks[read].quoted) continue;
      for (const auto& r : c.an(toks[read]).readings)
        if (is_verb(r.head()) && saying_verb(r.head().lemma)) saying = true;
    }
    if (!saying) continue;
    for (std::size_t j = i + 1; j < toks.size() && toks[j].sentence == toks[i].sentence; ++j) {
      if (j == i + 1 && !toks[j].word && toks[j].quoted) break;  // an opening quote mark takes over
      toks[j].quoted = true;
    }
  }
}

std::size_t prev_word(const std::vector<Token>& toks, std::size_t i) {
  if (i == 0 || !toks[i - 1].word || toks[i - 1].sentence != toks[i].sentence) return SIZE_MAX;
  return i - 1;
}

// The next token of the sentence when it is a word, else SIZE_MAX.
std::size_t next_word(const std::vector<Token>& toks, std::size_t k) {
  if (k + 1 >= toks.size() || !toks[k + 1].word || toks[k + 1].sentence != toks[k].sentence) return SIZE_MAX;
  return k + 1;
}

// Does the word at j make its sentence habitual, i.e. present ("cada semana", "siempre",
// "normalmente", "todos los días", "los viernes", "hoy en día")? A p1 plural preterite with
// these is rare; a past habit is told in the imperfect.
bool habitual_at(const std::vector<Token>& toks, std::size_t j) {
  auto word = [&](std::size_t k) -> std::string_view {
    return k < toks.size() && toks[k].word && toks[k].sentence == toks[j].sentence ? std::string_view(toks[k].lower)
                                                                                    : std::string_view();
  };
  std::string_view w = toks[j].lower;
  // "cada semana", "cada visita", "cada que…"; not "cada maestro", "cada uno".
  if (w == "cada") {
    std::string_view n = word(j + 1);
    return in(n, {"día", "semana", "mes", "año", "ciclo", "bimestre", "trimestre", "semestre", "quincena", "lunes",
                  "martes", "miércoles", "jueves", "viernes", "sábado", "domingo", "vez", "rato", "tanto", "mañana",
                  "tarde", "noche", "hora", "sesión", "visita", "reunión", "junta", "consejo", "clase", "taller",
                  "jornada", "periodo", "período", "que", "dos", "tres", "cuatro", "cinco", "ocho", "quince",
                  "quincena", "fin"}) ||
           (j + 1 < toks.size() && toks[j + 1].word && !toks[j + 1].lower.empty() &&
            std::isdigit(static_cast<unsigned char>(toks[j + 1].lower[0])));
  }
  if (w == "siempre") return word(j - 1) != "como" || j == 0;  // "como siempre" is an aside
  if (in(w, {"normalmente", "generalmente", "usualmente", "habitualmente", "frecuentemente", "diariamente",
             "regularmente", "cotidianamente", "constantemente", "actualmente"}))
    return true;
  // "todavía trabajamos juntas", but "todavía no terminamos" is a preterite in Mexico.
  if (in(w, {"todavía", "aún"})) return word(j + 1) != "no";
  if (w == "hoy") return word(j + 1) == "en" && word(j + 2) == "día";
  if (w == "veces") return word(j - 1) == "a" || word(j - 1) == "algunas";
  if (w == "menudo") return word(j - 1) == "a";
  if (w == "general") return word(j - 1) == "lo" && word(j - 2) == "por";
  // "todos los días", "todas las semanas", "los viernes": a recurring time.
  bool recurring = in(w, {"días", "semanas", "meses", "años", "mañanas", "tardes", "noches", "ciclos", "lunes",
                          "martes", "miércoles", "jueves", "viernes", "sábados", "domingos", "bimestres"});
  if (recurring && j >= 1 && in(word(j - 1), {"los", "las"}))
    return j >= 2 && in(word(j - 2), {"todos", "todas"}) ? true
           : in(w, {"lunes", "martes", "miércoles", "jueves", "viernes", "sábados", "domingos"});
  return false;
}

// Choose among readings the grammar left, for a token whose readings rewrite differently.
void settle(Ctx& c, std::size_t i) {
  Token& t = c.toks[i];
  const auto& rs = c.an(t).readings;
  auto ks = c.live(t);
  auto only = [&](auto pred) {
    std::vector<int> out;
    for (int k : ks)
      if (pred(rs[k])) out.push_back(k);
    return out;
  };
  // Right after "me", "nos", "te" or "yo" comes a verb ("me acuerdo", not the noun "acuerdo").
  std::size_t p = prev_word(c.toks, i);
  if (p != SIZE_MAX && in(c.toks[p].lower, {"me", "nos", "te", "yo"})) {
    auto verbs = only([](const Reading& r) { return is_verb(r.head()); });
    if (!verbs.empty() && verbs.size() < ks.size()) { ks = verbs; t.ambiguous = true; }
  }
  // A p1 plural imperative ("vamos" = let's) has no third person; the indicative ("van") is
  // the narrative's form.
  {
    auto imps = only([](const Reading& r) { return is_verb(r.head()) && r.head().has("imp") && p1(r.head()); });
    if (!imps.empty() && imps.size() < ks.size()) {
      ks = only([](const Reading& r) { return !(is_verb(r.head()) && r.head().has("imp") && p1(r.head())); });
      t.ambiguous = true;
    }
  }
  // "siento", "miento": sentir and mentir, the common verbs, unless a place follows ("me siento
  // en la silla" is sentarse).
  {
    auto rare = only([](const Reading& r) { return is_verb(r.head()) && in(r.head().lemma, {"sentar", "mentar"}); });
    std::size_t n = next_word(c.toks, i);
    bool place = n != SIZE_MAX && in(c.toks[n].lower, {"en", "a", "al", "junto", "frente", "enfrente", "alrededor"});
    if (!rare.empty() && rare.size() < ks.size() && !place) {
      ks = only([](const Reading& r) { return !(is_verb(r.head()) && in(r.head().lemma, {"sentar", "mentar"})); });
      t.ambiguous = true;
    }
  }
  if (c.keys(t, ks).size() == 1) {
    t.alive = ks;
    for (int k : ks)
      if (kind_of(rs[k]) != Kind::none) { t.chosen = k; break; }
    return;
  }
  t.ambiguous = true;
  auto firsts = only([](const Reading& r) { return kind_of(r) != Kind::none; });
  auto others = only([](const Reading& r) { return kind_of(r) == Kind::none; });
  // A bare singular noun does not open a Spanish clause ("Trabajo en la supervisión", "Traje
  // unos materiales"): at the start of a sentence, or after a word that only a verb follows,
  // the verb reading wins over a noun one.
  if (!others.empty() && !firsts.empty()) {
    bool nouns = std::all_of(others.begin(), others.end(), [&](int k) { return rs[k].head().has("n"); });
    bool verbs = std::all_of(firsts.begin(), firsts.end(), [&](int k) { return kind_of(rs[k]) == Kind::verb; });
    bool start = true;
    for (std::size_t j = i; j-- > 0 && c.toks[j].sentence == t.sentence;)
      if (c.toks[j].word || c.toks[j].lower == ",") { start = false; break; }
    std::size_t pw = prev_word(c.toks, i);
    bool verb_slot = start || (pw != SIZE_MAX && in(c.toks[pw].lower, {"no", "ya", "también", "tampoco", "nunca",
                                                                       "siempre", "porque", "cuando", "si", "que"}));
    // ("Y pues... silencio [risas]": a word standing alone is the noun.)
    if (nouns && verbs && verb_slot && next_word(c.toks, i) != SIZE_MAX) { others.clear(); ks = firsts; }
  }
  if (!others.empty()) {
    // A first-person narrative has no use for a second-person imperative ("sé" = saber, not
    // ser); any other rival (noun, preposition, conjunction) wins: leave the word as it is.
    bool imperatives = std::all_of(others.begin(), others.end(), [&](int k) {
      const Part& h = rs[k].head();
      return is_verb(h) && (h.has("imp") || h.has("p2"));
    });
    if (!imperatives) { t.alive = others; t.chosen = -1; return; }
    ks = firsts;
  }
  t.alive = ks;
  std::set<Tense> tenses;
  for (int k : ks) tenses.insert(tense_of(rs[k].head()));
  if (tenses.count(Tense::past) && tenses.count(Tense::present)) { t.tense_pending = true; return; }
  t.chosen = ks.front();
}

// Is the clitic/enclitic's verb first person with the same number, i.e. is it reflexive?
bool reflexive_with(const Part* host, bool plural) {
  return host && p1(*host) && host->has("pl") == plural;
}

// A verb reading of the word at k with the given form tag (inf, ger, pp), or nullptr.
const Part* nonfinite_at(Ctx& c, std::size_t k, std::string_view form) {
  if (k == SIZE_MAX || c.toks[k].quoted) return nullptr;
  for (const auto& r : c.an(c.toks[k]).readings)
    if (is_verb(r.head()) && r.head().has(form)) return &r.head();
  return nullptr;
}

struct Verb {
  std::size_t tok = SIZE_MAX;
  const Part* part = nullptr;
};

// The verb a clitic belongs to, from the verb at j through auxiliaries and modals to the
// participle, gerund or infinitive they carry: "me había preparado", "me estaba esperando",
// "me iba a quedar", "me tuve que ir", "me acaba de llamar" (the clitic climbs to the first).
Verb main_verb(Ctx& c, std::size_t j, const Part* head) {
  Verb v{j, head};
  for (int hops = 0; v.part && hops < 3; ++hops) {
    std::string_view l = v.part->lemma;
    std::size_t n = next_word(c.toks, v.tok);
    std::size_t nn = n == SIZE_MAX ? SIZE_MAX : next_word(c.toks, n);
    std::string_view after = n == SIZE_MAX ? std::string_view() : std::string_view(c.toks[n].lower);
    const Part* next = nullptr;
    std::size_t at = n;
    if (l == "haber") next = nonfinite_at(c, n, "pp");
    else if (in(l, {"estar", "andar", "seguir", "continuar"})) next = nonfinite_at(c, n, "ger");
    else if (in(l, {"poder", "deber", "querer", "soler", "necesitar", "pensar", "intentar", "tratar"}))
      next = nonfinite_at(c, n, "inf");
    if (!next && in(l, {"ir", "volver", "empezar", "comenzar", "llegar", "venir"}) && after == "a")
      next = nonfinite_at(c, at = nn, "inf");
    if (!next && in(l, {"tener", "haber"}) && after == "que") next = nonfinite_at(c, at = nn, "inf");
    if (!next && in(l, {"acabar", "dejar", "terminar", "tratar"}) && after == "de") next = nonfinite_at(c, at = nn, "inf");
    if (!next) break;
    v = {at, next};
  }
  return v;
}

// Words between a verb and its complement that say nothing of the complement.
bool filler(std::string_view w) {
  return in(w, {"no", "ya", "muy", "mucho", "poco", "bastante", "demasiado", "más", "menos", "también", "tampoco",
                "siempre", "nunca", "todavía", "aún", "luego", "pronto", "tanto", "incluso", "solo", "sólo", "casi",
                "realmente", "mucha", "muchas", "muchos"}) ||
         (w.size() > 5 && ends_with(w, "mente"));
}

// What follows the verb at k, past adverbs: the first word's index, or SIZE_MAX at the end
// of the sentence or at punctuation.
std::size_t complement_at(Ctx& c, std::size_t k) {
  std::size_t n = next_word(c.toks, k);
  for (int skip = 0; n != SIZE_MAX && skip < 3 && filler(c.toks[n].lower); ++skip) {
    // "mucho trabajo": a quantifier before a noun is part of the object.
    std::size_t nn = next_word(c.toks, n);
    if (nn != SIZE_MAX && in(c.toks[n].lower, {"mucho", "mucha", "muchos", "muchas", "poco", "tanto", "bastante", "demasiado"})) {
      bool noun = false;
      for (const auto& r : c.an(c.toks[nn]).readings) noun = noun || r.head().has("n");
      if (noun) break;
    }
    n = nn;
  }
  return n == SIZE_MAX || c.toks[n].quoted ? SIZE_MAX : n;
}

bool has_tag(Ctx& c, std::size_t k, std::string_view tag) {
  for (const auto& r : c.an(c.toks[k]).readings)
    if (!r.head().tags.empty() && r.head().tags[0] == tag) return true;
  return false;
}

// Does a preposition follow the verb at k ("me preocupaba por", "me quedé en")?
bool preposition_follows(Ctx& c, std::size_t k) {
  std::size_t n = complement_at(c, k);
  return n != SIZE_MAX && has_tag(c, n, "pr") && !in(c.toks[n].lower, {"como"});
}

// Does a direct object follow the verb at k: a noun phrase, a "que" clause, an interrogative,
// an infinitive ("me mandaron un oficio", "me pidió que…", "me explicó cómo…", "me tocó ir")?
// Then the personal clitic is its indirect object. With `number` (the verb's "sg"/"pl") a
// noun phrase of the same number may be the subject instead and does not count.
bool object_follows(Ctx& c, std::size_t k, std::string_view number = {}) {
  // "me dijo: …", "me puso: «…»": the words quoted are the object.
  if (k + 1 < c.toks.size() && c.toks[k + 1].sentence == c.toks[k].sentence && !c.toks[k + 1].word &&
      (c.toks[k + 1].lower == ":" || c.toks[k + 1].quoted))
    return true;
  std::size_t n = complement_at(c, k);
  if (n == SIZE_MAX) return false;
  // "me dejó (muy) claro que…": the clause after the adjective is the object.
  if (std::size_t q = next_word(c.toks, n); q != SIZE_MAX && c.toks[q].lower == "que" && has_tag(c, n, "adj") &&
                                            !has_tag(c, n, "n"))
    return true;
  std::string_view w = c.toks[n].lower;
  if (w == "que" || in(w, {"qué", "cómo", "cuándo", "dónde", "cuánto", "cuánta", "cuántos", "cuántas", "quién",
                           "quiénes", "cuál", "cuáles", "si"}))
    return true;
  const auto& rs = c.an(c.toks[n]).readings;
  bool noun = false, other = false;
  std::string_view num;
  for (const auto& r : rs) {
    const Part& h = r.head();
    std::string_view t0 = h.tags.empty() ? std::string_view() : std::string_view(h.tags[0]);
    if (t0 == "pr" || t0 == "cnjcoo" || t0 == "cnjadv" || t0 == "rel") return false;
    // "me tocó ir", "me pidió apoyarla"; but "me vieron llegar" keeps its direct object.
    if (is_verb(h) && h.has("inf")) return number.empty();
    if (t0 == "det" || t0 == "detnt" || t0 == "num" || t0 == "n" || t0 == "np") {
      noun = true;
      if (num.empty()) num = h.has("pl") ? "pl" : h.has("sg") ? "sg" : "";
    } else if (!finite(h)) {  // a noun that is also a finite verb form ("me hizo falta") is a noun here
      other = true;
    }
  }
  bool determined = has_tag(c, n, "det") || has_tag(c, n, "detnt") || has_tag(c, n, "num");
  if (!noun || (other && !determined)) return false;
  if (number.empty()) return true;
  // A verb of personal object: a bare noun after it says what the person is made ("me nombraron
  // coordinador", "me eligieron representante"), a noun phrase of its own number may be its subject.
  return determined && !num.empty() && num != number;
}

// "me llamó la atención", "me hizo falta", "no me hacía caso": the person is dative.
bool dative_idiom(Ctx& c, const Verb& v) {
  std::string_view l = v.part->lemma;
  std::size_t n = complement_at(c, v.tok);
  if (n == SIZE_MAX) return false;
  if (l == "hacer") return in(c.toks[n].lower, {"falta", "caso"});
  std::size_t nn = next_word(c.toks, n);
  return l == "llamar" && c.toks[n].lower == "la" && nn != SIZE_MAX && c.toks[nn].lower == "atención";
}

// Is the personal clitic of the verb at j (its finite head `head`) a direct object? Only when
// the verb is not a dative one and nothing it could have as a direct object follows it.
bool accusative_object(Ctx& c, std::size_t j, const Part* head, std::size_t clitic = SIZE_MAX) {
  if (!head) return false;
  Verb v = main_verb(c, j, head);
  std::string_view l = v.part->lemma;
  if (dative_verb(l)) return false;
  // "los planes que me mandaron", "lo que más me sorprendió": the relative before the clitic
  // is the verb's object, or a thing as its subject. After a noun it is the object only with
  // a verb that sends things to people ("la pandemia que nos alejó" has it as subject).
  if (clitic != SIZE_MAX && !accusative_verb(l)) {
    std::size_t q = clitic;
    while (q > 0 && c.toks[q - 1].word && c.toks[q - 1].sentence == c.toks[clitic].sentence &&
           (clitic_form(c.toks[q - 1].lower) || filler(c.toks[q - 1].lower)))
      --q;
    std::size_t rel = prev_word(c.toks, q);
    std::size_t ante = rel == SIZE_MAX ? SIZE_MAX : prev_word(c.toks, rel);
    if (ante != SIZE_MAX && c.toks[rel].lower == "que" &&
        (c.toks[ante].lower == "lo" || (transfer_verb(l) && has_tag(c, ante, "n") && !has_tag(c, ante, "vblex"))))
      return false;
  }
  if (dative_idiom(c, v)) return false;
  std::string_view number = accusative_verb(l) && finite(*head) ? (head->has("pl") ? "pl" : "sg") : "";
  return !object_follows(c, v.tok, number);
}

bool reading_with(Ctx& c, std::size_t k, std::initializer_list<std::string_view> tags) {
  if (k == SIZE_MAX) return false;
  for (const auto& r : c.an(c.toks[k]).readings) {
    bool all = true;
    for (auto t : tags) all = all && r.head().has(t);
    if (all) return true;
  }
  return false;
}

// Does a third-person subject stand right before the clitic at i: "la directora (ya) me…",
// "nadie me…", "ella me…"? (Not "en la escuela me…", "a la maestra le…": a preposition
// before the noun phrase makes it something else.)
bool third_person_subject_before(Ctx& c, std::size_t i) {
  std::size_t k = i;
  while (k > 0 && c.toks[k - 1].word && c.toks[k - 1].sentence == c.toks[i].sentence &&
         (clitic_form(c.toks[k - 1].lower) || filler(c.toks[k - 1].lower)))
    --k;
  std::size_t w = prev_word(c.toks, k);
  if (w == SIZE_MAX || c.toks[w].quoted) return false;
  std::string_view s = c.toks[w].lower;
  if (in(s, {"él", "ella", "nadie", "alguien", "usted"})) return true;
  if (!reading_with(c, w, {"n"}) && !reading_with(c, w, {"np"})) return false;
  if (has_tag(c, w, "vblex")) return false;
  std::size_t d = prev_word(c.toks, w);
  if (d == SIZE_MAX || !has_tag(c, d, "det")) return false;
  std::size_t before = prev_word(c.toks, d);
  return before == SIZE_MAX || !has_tag(c, before, "pr");
}

// The same as reflexive_with() for a proclitic's verb token j, whose form may be first and
// third person alike ("me sentía", "me había preparado"): then the verb decides.
bool reflexive_host(Ctx& c, std::size_t i, std::size_t j, bool plural) {
  Token& host = c.toks[j];
  if (!host.word) return false;
  const auto& rs = c.an(host).readings;
  if (host.chosen >= 0) return reflexive_with(&rs[host.chosen].head(), plural);
  bool first = false, third = false, subjunctive = true;
  const Part* head = nullptr;
  for (int k : c.live(host)) {
    const Part& h = rs[k].head();
    if (!finite(h)) continue;
    if (reflexive_with(&h, plural)) { first = true; head = &h; }
    else if (h.has("p3")) third = true;
    subjunctive = subjunctive && (h.has("prs") || h.has("pis"));
  }
  if (!first) return false;
  if (!third) return true;
  if (third_person_subject_before(c, i)) return false;  // "la directora me esperaba"
  // "a mí me había pasado", "a nosotros nos tocaba": the doubled pronoun is an object.
  if (std::size_t p = prev_word(c.toks, i); p != SIZE_MAX && in(c.toks[p].lower, {"mí", "nosotros", "nosotras"})) {
    std::size_t a = prev_word(c.toks, p);
    if (a != SIZE_MAX && c.toks[a].lower == "a") return false;
  }
  // "Le pedí al director que me diera…": a subjunctive clause under a first-person verb has
  // another subject (the same one would take an infinitive), so its "me" is an object.
  if (subjunctive) {
    std::size_t q = i;
    while (q > 0 && c.toks[q - 1].word && c.toks[q - 1].sentence == host.sentence &&
           (clitic_form(c.toks[q - 1].lower) || filler(c.toks[q - 1].lower)))
      --q;
    if (q > 0 && c.toks[q - 1].lower == "que")
      for (std::size_t k = q - 1; k-- > 0 && c.toks[k].sentence == host.sentence;) {
        const Token& o = c.toks[k];
        if (!o.word || o.quoted || !o.a) continue;
        if (o.chosen >= 0) {
          if (p1(o.a->readings[o.chosen].head()) && finite(o.a->readings[o.chosen].head())) return false;
          break;
        }
      }
  }
  Verb v = main_verb(c, j, head);
  std::string_view lemma = v.part->lemma;
  if (dative_idiom(c, v)) return false;
  if (lemma == "dar") {  // "me daba cuenta" but "me daba miedo"
    std::size_t n = next_word(c.toks, v.tok);
    return n != SIZE_MAX && c.toks[n].lower == "cuenta";
  }
  if (psych_verb(lemma)) return preposition_follows(c, v.tok);
  if (!pronominal_verb(lemma)) return false;
  // "me quedaba en la escuela" but "me quedaba tiempo", "me iba bien": what follows is the subject.
  if (dative_verb(lemma)) {
    std::size_t n = complement_at(c, v.tok);
    if (n != SIZE_MAX && in(c.toks[n].lower, {"bien", "mal", "algo", "nada", "eso", "esto"})) return false;
    // A noun phrase of the verb's number may be its subject ("me quedaba tiempo", "me pasaba
    // lo mismo"); of another number it is the object of the pronominal verb ("me pasaba las
    // noches revisando").
    if (n == SIZE_MAX || !object_follows(c, v.tok)) return true;
    std::string_view number = head->has("pl") ? "pl" : "sg";
    return object_follows(c, v.tok, number);
  }
  return true;
}

// The finite verb that governs an infinitive or gerund at token i: the nearest before it in
// the sentence ("tuve que levantarme"), else the nearest after ("para levantarme, puse…").
Verb governing_verb(Ctx& c, std::size_t i) {
  // A function word that is also a verb form ("para" = parar, "como" = comer) is not one, nor
  // a noun after its article ("la falta de recursos").
  auto verb_at = [&](std::size_t j) -> const Part* {
    Token& t = c.toks[j];
    if (t.quoted || !t.word) return nullptr;
    if (t.chosen < 0) {
      bool noun = false;
      for (const auto& r : c.an(t).readings) {
        std::string_view t0 = r.head().tags.empty() ? std::string_view() : std::string_view(r.head().tags[0]);
        if (in(t0, {"pr", "cnjsub", "cnjcoo", "cnjadv", "det", "detnt", "rel", "prn"})) return nullptr;
        noun = noun || t0 == "n";
      }
      std::size_t p = prev_word(c.toks, j);
      if (noun && p != SIZE_MAX && in(c.toks[p].lower, {"el", "la", "los", "las", "un", "una", "unos", "unas", "mi",
                                                        "su", "sus", "mis", "esta", "este", "esa", "ese", "cada"}))
        return nullptr;
    }
    return c.finite_head(t);
  };
  for (std::size_t j = i; j-- > 0 && c.toks[j].sentence == c.toks[i].sentence;)
    if (const Part* h = verb_at(j)) return {j, h};
  // Forward only within the clause: "para levantarme, puse…", not "…, porque sentimos".
  for (std::size_t j = i + 1; j < c.toks.size() && c.toks[j].sentence == c.toks[i].sentence; ++j) {
    if (c.toks[j].word && in(c.toks[j].lower, {"que", "porque", "y", "pero", "aunque", "cuando", "si", "pues"})) break;
    if (const Part* h = verb_at(j)) return {j, h};
  }
  return {};
}

// Is the participant the object of the verb at j ("me convenció de quedarme", "me mandaron un
// oficio para presentarme")? Then an infinitive after it has the participant as its subject.
bool first_person_object_of(Ctx& c, std::size_t j, bool plural) {
  for (std::size_t k = j; k-- > 0 && c.toks[k].word && c.toks[k].sentence == c.toks[j].sentence;) {
    std::string_view w = c.toks[k].lower;
    if (w == (plural ? "nos" : "me")) return true;
    if (!clitic_form(w)) break;
  }
  return false;
}

// The gender tag of the participant: of the role noun that stands for them when theirs is unknown.
std::string gender_tag(const Ctx& c) {
  if (c.gender == Gender::unknown) return c.roles.unknown_feminine ? "f" : "m";
  return c.gender == Gender::m ? "m" : "f";
}

struct Out {
  std::string text;  // "" = no change
  std::string rule;
};

// Third-person form of a pronoun that refers to the participant: él / ella, or the noun
// phrase when the gender is unknown (the tool never guesses it): the codebook's role noun.
Out person_pronoun(Ctx& c, std::string_view rule) {
  if (c.gender == Gender::unknown) return {c.roles.unknown, std::string(rule)};
  return {c.m.generate("él<prn><tn><p3><" + gender_tag(c) + "><sg>"), std::string(rule)};
}

struct Lexical {
  std::string lf, rule;
};

bool p1_plural_verb(Ctx& c, std::size_t k) {
  const Token& t = c.toks[k];
  if (!t.a || t.chosen < 0) return false;
  const Part& h = t.a->readings[t.chosen].head();
  return is_verb(h) && p1(h) && h.has("pl");
}

// Is the participant's "nos" a group of women? Only when the text says so: "nosotras", "a las
// enfermeras nos…", "las dos enfermeras habríamos…", a feminine plural word said of the group
// ("trabajamos juntas", "nos vean como compañeras"), or a woman speaking of herself and another
// woman ("a mi compañera y a mí"). Otherwise the generic masculine plural.
bool feminine_group_in(Ctx& c);
// The unit's answer, worked out once (every plural object clitic asks it: a long unit holds many).
bool feminine_group(Ctx& c) {
  if (c.feminine < 0) c.feminine = feminine_group_in(c) ? 1 : 0;
  return c.feminine == 1;
}
bool feminine_group_in(Ctx& c) {
  auto& toks = c.toks;
  auto fem_pl = [&](std::size_t k) {
    return reading_with(c, k, {"adj", "f", "pl"}) || reading_with(c, k, {"n", "f", "pl"}) ||
           reading_with(c, k, {"pp", "f", "pl"});
  };
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const Token& t = toks[i];
    if (!t.word || t.quoted) continue;
    std::string_view w = t.lower;
    if (w == "nosotras") return true;
    if (w == "las") {  // "(a) las (dos) enfermeras nos / habríamos"
      std::size_t n = next_word(toks, i);
      if (n != SIZE_MAX && (has_tag(c, n, "num") || in(toks[n].lower, {"todas", "demás"}))) n = next_word(toks, n);
      std::size_t v = n == SIZE_MAX ? SIZE_MAX : next_word(toks, n);
      if (v != SIZE_MAX && reading_with(c, n, {"n", "f", "pl"})) {
        std::size_t p = prev_word(toks, i);
        if (p1_plural_verb(c, v) || (toks[v].lower == "nos" && p != SIZE_MAX && toks[p].lower == "a")) return true;
      }
    }
    if (w == "como" && fem_pl(next_word(toks, i)) && !reading_with(c, next_word(toks, i), {"det"})) return true;
    if (p1_plural_verb(c, i)) {  // "revisamos juntas", "nos sentimos agotadas"
      std::size_t n = next_word(toks, i);
      if (n != SIZE_MAX && (reading_with(c, n, {"adj", "f", "pl"}) || reading_with(c, n, {"pp", "f", "pl"}))) return true;
    }
    if (c.gender == Gender::f && (w == "mí" || w == "yo")) {  // "mi compañera y (a) mí"
      std::size_t p = prev_word(toks, i);
      if (p != SIZE_MAX && toks[p].lower == "a") p = prev_word(toks, p);
      if (p != SIZE_MAX && toks[p].lower == "y") {
        std::size_t q = prev_word(toks, p);
        if (q != SIZE_MAX && (reading_with(c, q, {"n", "f"}) && !reading_with(c, q, {"n", "m"}))) return true;
      }
    }
  }
  return false;
}

// The third-person object clitic for "me"/"nos" when the verb is not first person: dative
// "le", "se" before lo/la, or accusative lo/la/los/las ("me llamaron" -> "la llamaron").
Lexical object_clitic(Ctx& c, bool plural, std::string_view pos, bool accusative, bool before_accusative) {
  std::string num = plural ? "pl" : "sg";
  if (before_accusative || !accusative)
    return {"le<prn><" + std::string(pos) + "><p3><mf><" + num + ">", before_accusative ? "se" : "dative"};
  // A single participant of unknown gender is the role noun ("la persona participante"): its gender.
  std::string g = plural ? (feminine_group(c) ? "f" : "m") : gender_tag(c);
  return {"lo<prn><" + std::string(pos) + "><p3><" + g + "><" + num + ">", "accusative"};
}

// Generated text that still carries post-generation marks ("~le" before "lo") goes through
// the post-generator together with what follows it.
std::string finish_generated(Ctx& c, const std::string& g, std::string_view following = {}) {
  if (g.find('~') == std::string::npos) return g;
  std::string line = g;
  // The post-generator rewrites "~le lo" only before a further word; a stand-in gives it one.
  if (!following.empty()) { line += ' '; line += following; line += " x"; }
  std::string out = c.m.postgenerate(line);
  if (!following.empty()) {
    auto sp = out.find(' ');
    if (sp != std::string::npos) out.resize(sp);
  }
  out.erase(std::remove(out.begin(), out.end(), '~'), out.end());
  return out;
}

Out rewrite_token(Ctx& c, std::size_t i) {
  Token& t = c.toks[i];
  const Reading& r = c.an(t).readings[t.chosen];
  const Part& h = r.head();
  switch (kind_of(r)) {
    case Kind::subject:
      if (h.lemma == "yo") return person_pronoun(c, "subject");
      return {c.m.generate("él<prn><tn><p3><" + std::string(h.has("f") ? "f" : "m") + "><pl>"), "subject"};
    case Kind::prepositional:
      return person_pronoun(c, "prepositional");
    case Kind::conmigo: {
      Out o = person_pronoun(c, "comitative");
      if (!o.text.empty()) o.text = "con " + o.text;
      return o;
    }
    case Kind::possessive: {
      bool plural = h.has("pl");
      bool adjective = h.tags[0] == "adj";
      if (h.lemma == "nuestro") {
        // "nuestro" is both: a determiner before its noun, an adjective after an article
        // ("el nuestro") or at the end of a phrase ("un amigo nuestro.").
        std::size_t p = prev_word(c.toks, i);
        bool next_word = i + 1 < c.toks.size() && c.toks[i + 1].word && c.toks[i + 1].sentence == t.sentence;
        adjective = !next_word ||
                    (p != SIZE_MAX && in(c.toks[p].lower, {"el", "la", "los", "las", "lo", "un", "una", "unos", "unas"}));
      }
      std::string lf = adjective ? "suyo<adj><pos><" + std::string(h.has("f") ? "f" : "m") + ">" : "suyo<det><pos><mf>";
      return {c.m.generate(lf + (plural ? "<pl>" : "<sg>")), "possessive"};
    }
    case Kind::proclitic: {
      bool plural = h.has("pl");
      std::size_t j = i + 1;
      while (j < c.toks.size() && c.toks[j].word && c.toks[j].sentence == t.sentence && clitic_form(c.toks[j].lower)) ++j;
      bool has_host = j < c.toks.size() && c.toks[j].sentence == t.sentence;
      const Part* host = has_host ? c.finite_head(c.toks[j]) : nullptr;
      if (has_host && reflexive_host(c, i, j, plural))
        return {finish_generated(c, c.m.generate("se<prn><pro><ref><p3><mf><sp>")), "clitic.reflexive"};
      bool before_acc = i + 1 < c.toks.size() && c.toks[i + 1].word && c.toks[i + 1].sentence == t.sentence &&
                        in(c.toks[i + 1].lower, {"lo", "la", "los", "las"});
      // "se me olvidó", "se me hizo difícil": after "se" the person is always dative.
      std::size_t p = prev_word(c.toks, i);
      bool after_se = p != SIZE_MAX && c.toks[p].lower == "se";
      bool acc = !before_acc && !after_se && accusative_object(c, j, host, i);
      Lexical l = object_clitic(c, plural, "pro", acc, before_acc);
      return {finish_generated(c, c.m.generate(l.lf), before_acc ? std::string_view(c.toks[i + 1].lower) : ""),
              "clitic." + l.rule};
    }
    case Kind::verb: {
      std::string lf;
      std::string rule;
      bool head_changes = p1(h);
      lf = to_p3(h).lexical();
      if (head_changes) rule = "verb";
      for (std::size_t k = 1; k < r.parts.size(); ++k) {
        const Part& p = r.parts[k];
        lf += '+';
        if (!p1(p)) { lf += p.lexical(); continue; }
        bool plural = p.has("pl");
        Verb gov = finite(h) ? Verb{i, &h} : governing_verb(c, i);
        std::string part_rule;
        // Reflexive when the verb's subject is the participant: a first-person verb, or one
        // whose object the participant is, for a pronominal infinitive ("me convenció de
        // quedarme" -> "la convenció de quedarse"; but "me buscó para pedirme" -> "pedirle").
        // With no verb to take a subject from ("falta de recursos para trasladarnos", "2.
        // Actualizarnos"), or only "ser"/"haber" ("el reto es prepararnos"), the participant is
        // the subject of a pronominal infinitive too.
        bool pronominal = !finite(h) && pronominal_verb(h.lemma) && !psych_verb(h.lemma);
        // After a verb that makes its object do something ("nos obligó a reinventarnos"), any
        // infinitive has the participant as subject.
        std::size_t before = prev_word(c.toks, i);
        bool control = gov.part && before != SIZE_MAX && in(c.toks[before].lower, {"a", "de"}) &&
                       in(gov.part->lemma, {"obligar", "invitar", "convencer", "animar", "forzar", "motivar",
                                            "ayudar", "enseñar", "impulsar", "orillar", "empujar"});
        bool controlled = (!finite(h) && reflexive_infinitive(h.lemma) && (!gov.part || in(gov.part->lemma, {"ser", "haber"}))) ||
                          ((pronominal || control) && gov.part && first_person_object_of(c, gov.tok, plural));
        if (reflexive_with(gov.part, plural) || controlled) {
          lf += "se<prn><enc><ref><p3><mf><sp>";
          part_rule = "reflexive";
        } else {
          bool before_acc = k + 1 < r.parts.size() && r.parts[k + 1].has("prn");
          bool acc = !before_acc && accusative_object(c, i, &h);
          Lexical l = object_clitic(c, plural, "enc", acc, before_acc);
          lf += l.lf;
          part_rule = l.rule;
        }
        rule += (rule.empty() ? "" : "+");
        rule += "enclitic." + part_rule;
      }
      return {finish_generated(c, c.m.generate(lf)), rule};
    }
    case Kind::none:
      break;
  }
  return {};
}

// Words after which a form that is a noun (or adjective) and a first-person verb ("archivo",
// "trabajo", "hermano") is the noun: articles, determiners, possessives, prepositions.
bool noun_cue(std::string_view w) {
  return in(w, {"el", "un", "una", "unos", "unas", "mi", "mis", "tu", "tus", "su", "sus", "nuestro", "nuestra",
                "nuestros", "nuestras", "este", "esta", "estos", "estas", "ese", "esa", "esos", "esas", "aquel",
                "aquella", "aquellos", "aquellas", "del", "al", "cada", "otro", "otra", "otros", "otras", "mucho",
                "mucha", "muchos", "muchas", "poco", "poca", "pocos", "pocas", "algún", "alguna", "algunos",
                "algunas", "ningún", "ninguna", "todo", "toda", "todos", "todas", "cualquier", "mismo", "misma",
                "de", "en", "con", "por", "para", "sin", "sobre", "entre", "hacia", "desde", "hasta", "según",
                "tras", "durante", "mediante", "contra", "buen", "mal", "gran", "primer", "tercer", "nuevo",
                "nueva", "dicho", "dicha", "tanto", "tanta", "cuyo", "cuya", "qué"});
}
// ... and after which it is the verb: "yo", a clitic that is no article and not "se" ("se quedo"
// is a third person written without its accent), "no", "ya".
bool verb_cue(std::string_view w) {
  return in(w, {"yo", "me", "te", "nos", "le", "les", "no", "ya", "nunca", "siempre", "también", "tampoco"});
}

// Settles a token whose readings rewrite differently without the grammar, where the words
// around it are enough: readings that differ only in tense (the rewrite's own context chooses
// among them: adverbs, the unit's and the episode's verbs), and a noun-or-verb form after a
// word that only goes before one of them. False leaves it, and its sentence, to the grammar.
bool local_settle(Ctx& c, std::size_t i) {
  Token& t = c.toks[i];
  const auto& rs = c.an(t).readings;
  auto one_verb = [&](const std::vector<int>& ks) {
    if (ks.empty()) return false;
    for (int k : ks)
      if (!is_verb(rs[k].head()) || rs[k].head().lemma != rs[ks.front()].head().lemma || rs[k].parts.size() != 1)
        return false;
    return true;
  };
  std::vector<int> all = c.live(t);
  if (one_verb(all)) return true;
  const std::size_t pw = prev_word(c.toks, i);
  if (pw == SIZE_MAX || c.toks[pw].quoted) return false;
  const Token& prev = c.toks[pw];
  const bool noun = noun_cue(prev.lower), verb = !noun && verb_cue(prev.lower);
  if (!noun && !verb) return false;
  // Only a noun or adjective against a verb: a function word ("como", "sobre", "bajo") is the
  // grammar's to tell from a verb.
  std::vector<int> keep;
  for (int k : all) {
    const Part& h = rs[k].head();
    if (!is_verb(h) && !h.has("n") && !h.has("adj")) return false;
    if (is_verb(h) == verb) keep.push_back(k);
  }
  if (keep.empty() || keep.size() == all.size()) return false;
  if (c.keys(t, keep).size() == 1 || one_verb(keep)) {
    t.alive = std::move(keep);
    t.ambiguous = true;  // a choice among the analyser's readings, by the word before
    return true;
  }
  return false;
}

Tense dominant(const Tally& t) {
  if (t.past > t.present) return Tense::past;
  if (t.present > t.past) return Tense::present;
  return Tense::other;
}

}  // namespace

Prepared Rewriter::prepare(std::string_view text, Gender g) {
  Prepared p;
  p.text.assign(text);
  p.gender = g;
  p.tokens = tokenize(p.text);
  Ctx c{m_, p.tokens, p.text, g, roles_};
  mark_quotes(c);
  // Analyse, in one batch, only the words that can be first person.
  bool any = false;
  for (auto& t : p.tokens) {
    t.first_person = t.word && !t.quoted && maybe_first_person(t.lower);
    any = any || t.first_person;
  }
  // (Words mark_quotes() analysed already, such as "pensé" before a colon, are first person too.)
  if (!any) return p;
  c.analyse_all([](const Token& t) { return t.first_person; });
  std::vector<std::size_t> open;  // tokens whose readings rewrite differently
  for (std::size_t i = 0; i < p.tokens.size(); ++i) {
    Token& t = p.tokens[i];
    if (!t.first_person) continue;
    // Before the grammar every reading is in play, so the verdict is the form's: cached.
    const Analysis* a = &c.an(t);
    auto [it, fresh_form] = first_person_.try_emplace(a, kNoFirstPerson);
    if (fresh_form) {
      const auto& rs = a->readings;
      bool any = false;
      for (const auto& r : rs) any = any || kind_of(r) != Kind::none;
      if (any) {
        auto ks = c.live(t);
        if (c.keys(t, ks).size() == 1) {
          for (int k : ks)
            if (kind_of(rs[k]) != Kind::none) { it->second = k; break; }
        } else {
          it->second = kOpen;
        }
      }
    }
    if (it->second == kOpen) open.push_back(i);
    else if (it->second >= 0) t.chosen = it->second;
  }
  // The grammar runs only over the sentences that hold such a token the words around it do not
  // settle (local_settle()), and reads only the words near those: four tokens either side, within
  // the sentence (its rules look a few words away; on 5 MB of varied text one unit in 13,447 came
  // out otherwise than with whole sentences, in 2.2 s against 3.0 s). Grammar::always: whole
  // sentences.
  constexpr std::size_t kWindow = 4;
  std::vector<char> near(p.tokens.size(), grammar_ == Grammar::always);
  if (grammar_ == Grammar::needed) {
    for (std::size_t i : open)
      if (!local_settle(c, i))
        for (std::size_t j = i > kWindow ? i - kWindow : 0; j <= i + kWindow && j < p.tokens.size(); ++j)
          if (p.tokens[j].sentence == p.tokens[i].sentence) near[j] = 1;
  } else {
    std::vector<char> open_sentence;  // always: every token of a sentence holding an open one
    for (std::size_t i : open) {
      if (open_sentence.size() <= p.tokens[i].sentence) open_sentence.resize(p.tokens[i].sentence + 1, 0);
      open_sentence[p.tokens[i].sentence] = 1;
    }
    for (std::size_t j = 0; j < p.tokens.size(); ++j)
      near[j] = p.tokens[j].sentence < open_sentence.size() && open_sentence[p.tokens[j].sentence];
  }
  const Token* first = p.tokens.data();
  c.analyse_all([&near, first](const Token& t) { return near[static_cast<std::size_t>(&t - first)] != 0; });
  // Each run of near tokens of one sentence is a window for the grammar. A run longer than
  // kMaxWindow cohorts (words that need the grammar close together all through a long
  // unpunctuated answer) is read in pieces of that size that overlap by kWindow either side, each
  // cohort's verdict taken from the piece where it has that much context: libcg3's time grows
  // faster than a window's length (a run of 40,000 cohorts took minutes).
  constexpr std::size_t kMaxWindow = 64;
  std::vector<Cohort> cohorts, piece;
  std::vector<std::size_t> idx;
  auto take = [&](std::vector<std::vector<int>>& alive, std::size_t from, std::size_t offset, std::size_t to) {
    for (std::size_t k = from; k < to; ++k) {
      auto& a = alive[k - offset];
      std::sort(a.begin(), a.end());
      p.tokens[idx[k]].alive = std::move(a);
    }
  };
  auto run = [&] {
    if (cohorts.empty()) return;
    if (cohorts.size() <= kMaxWindow) {
      auto alive = m_.disambiguate(cohorts);
      take(alive, 0, 0, cohorts.size());
    } else {
      constexpr std::size_t step = kMaxWindow - 2 * kWindow;
      for (std::size_t at = 0; at < cohorts.size(); at += step) {
        const std::size_t lo = at > kWindow ? at - kWindow : 0, hi = std::min(cohorts.size(), at + step + kWindow);
        piece.assign(cohorts.begin() + static_cast<std::ptrdiff_t>(lo), cohorts.begin() + static_cast<std::ptrdiff_t>(hi));
        auto alive = m_.disambiguate(piece);
        take(alive, at, lo, std::min(cohorts.size(), at + step));
      }
    }
    cohorts.clear(), idx.clear();
  };
  for (std::size_t j = 0; j < p.tokens.size(); ++j) {
    Token& t = p.tokens[j];
    if (!near[j] || (j > 0 && t.sentence != p.tokens[j - 1].sentence)) run();
    if (!near[j]) continue;
    const Analysis& a = c.an(t);
    if (!t.word && a.readings.empty()) continue;  // « and the like are blanks to the analyser
    // Defaults are told from evidence for the forms the rewrite chooses among (every word with
    // Grammar::always, as before): the other words keep the grammar's verdict.
    cohorts.push_back({t.word ? std::string_view(t.lower) : c.surface(t), &a, t.first_person || grammar_ == Grammar::always});
    idx.push_back(j);
  }
  run();
  for (std::size_t i : open) {
    settle(c, i);
    p.pending_tense = p.pending_tense || p.tokens[i].tense_pending;
  }
  if (p.pending_tense) p.tally = tally(p);
  return p;
}

Tally Rewriter::tally(const Prepared& pc) {
  auto& p = const_cast<Prepared&>(pc);  // analyses are filled in lazily; the text is not touched
  // Everything the tally reads is settled by prepare(), so it is computed once per unit (an
  // episode re-reads the tallies of its written units at every flush).
  if (p.tallied) return p.tally;
  Ctx c{m_, p.tokens, p.text, p.gender, roles_};
  Tally out;
  c.analyse_all([](const Token& t) { return t.word && !t.quoted; });
  for (std::size_t i = 0; i < p.tokens.size(); ++i) {
    Token& t = p.tokens[i];
    if (!t.word || t.quoted || t.tense_pending) continue;
    const auto& rs = c.an(t).readings;
    if (rs.empty()) continue;
    unsigned ts = 0;  // bit per Tense seen
    bool pii = true;
    // Where the grammar did not read the word (Grammar::needed), the word before stands in for
    // it: after a clitic a noun reading is no rival ("se habla"), after an article a verb
    // reading is none.
    int only = 0;  // 1: verb readings only, -1: the others only
    if (std::size_t pw = prev_word(p.tokens, i); grammar_ == Grammar::needed && t.alive.empty() && pw != SIZE_MAX) {
      const std::string& w = p.tokens[pw].lower;
      bool verbs = false, others = false;
      for (const auto& r : rs) (is_verb(r.head()) ? verbs : others) = true;
      if (verbs && others) only = in(w, {"se", "me", "te", "nos", "le", "les"}) ? 1 : noun_cue(w) ? -1 : 0;
    }
    auto see = [&](int k) {
      // A second-person imperative reading ("funciona", "mire") is no rival in a narrative.
      if (rs[k].head().has("imp")) return;
      if (only && is_verb(rs[k].head()) != (only > 0)) return;
      ts |= 1u << static_cast<unsigned>(time_of(rs[k].head()));
      pii = pii && rs[k].head().has("pii");
    };
    if (t.alive.empty())
      for (std::size_t k = 0; k < rs.size(); ++k) see(static_cast<int>(k));
    else
      for (int k : t.alive) see(k);
    if (ts == 1u << static_cast<unsigned>(Tense::past)) {
      ++out.past;
      t.time = static_cast<unsigned char>(Tense::past);
      t.imperfect = pii;
    }
    if (ts == 1u << static_cast<unsigned>(Tense::present)) ++out.present, t.time = static_cast<unsigned char>(Tense::present);
  }
  p.tally = out;
  p.tallied = true;
  return out;
}

bool Rewriter::needs_episode(const Prepared& p) { return p.pending_tense && dominant(p.tally) == Tense::other; }

Result Rewriter::finish(Prepared& p, const Tally& episode) {
  Ctx c{m_, p.tokens, p.text, p.gender, roles_};
  Tense unit_tense = dominant(p.tally);
  if (unit_tense == Tense::other) unit_tense = dominant(episode);
  if (unit_tense == Tense::other) unit_tense = Tense::past;  // a told experience is told in the past
  // What each sentence holding a token whose tense is pending says of its time, read once per
  // sentence (not once per such token: a long run-on answer is one sentence of many).
  struct Cues {
    bool pending = false, past = false, habitual = false, now = false, imperfect = false;
    Tally tally;
  };
  std::vector<Cues> cues;
  for (const auto& t : p.tokens) {
    if (!t.tense_pending) continue;
    if (cues.size() <= t.sentence) cues.resize(t.sentence + 1);
    cues[t.sentence].pending = true;
  }
  for (std::size_t j = 0; j < p.tokens.size(); ++j) {
    const Token& o = p.tokens[j];
    if (o.sentence >= cues.size() || !cues[o.sentence].pending || !o.word || o.quoted) continue;
    Cues& q = cues[o.sentence];
    q.past = q.past || past_adverb(o.lower);
    q.habitual = q.habitual || habitual_at(p.tokens, j);
    q.now = q.now || present_adverb(o.lower);
    if (o.tense_pending) continue;
    q.imperfect = q.imperfect || o.imperfect;
    if (o.time == static_cast<unsigned char>(Tense::past)) ++q.tally.past;
    if (o.time == static_cast<unsigned char>(Tense::present)) ++q.tally.present;
  }
  for (auto& t : p.tokens) {
    if (!t.tense_pending) continue;
    const auto& rs = c.an(t).readings;
    // In order: a past adverb in the sentence ("ayer revisamos"), a habitual one ("cada semana
    // revisamos"), "hoy"/"ahora", then the unit's verbs and the episode's.
    const Cues& q = cues[t.sentence];
    const bool past = q.past, habitual = q.habitual, now = q.now, imperfect = q.imperfect;
    const Tally& sentence = q.tally;
    // A habit is told in the present ("cada semana revisamos") unless the rest of the unit tells
    // a past ("Platicamos varias veces, cada semana" among "me dijo", "se rió") or an imperfect
    // beside it sets a past scene ("nos quedábamos— bueno, nos quedamos los jueves"); so are
    // "hoy" and "ahora" ("hoy llegamos temprano y ya nos esperaba el director"). A preterite
    // beside them is another event ("hasta ahora seguimos esperando" after "cambió"), and the
    // verbs of other sentences are not trusted beyond that: relative and embedded clauses
    // ("donde el grupo gana") carry timeless presents.
    Tally others{p.tally.past - sentence.past, p.tally.present - sentence.present};
    Tense tense = Tense::other;
    bool past_scene = imperfect && sentence.present == 0;  // not "antes se hablaba…, ahora se habla"
    if (past) tense = Tense::past;
    else if (habitual) tense = past_scene || dominant(others) == Tense::past ? Tense::past : Tense::present;
    else if (now) tense = past_scene ? Tense::past : Tense::present;
    if (tense == Tense::other) tense = unit_tense;
    for (int k : t.alive)
      if (tense_of(rs[k].head()) == tense) { t.chosen = k; break; }
    if (t.chosen < 0) t.chosen = t.alive.front();
  }
  Result res;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < p.tokens.size(); ++i) {
    Token& t = p.tokens[i];
    if (!t.word || t.quoted || t.chosen < 0) continue;
    Out o = rewrite_token(c, i);
    if (o.text.empty()) continue;  // the generator lacks the form: keep the word as said
    std::string to = with_case(o.text, t.upper_first, t.all_upper && t.lower.size() > 1);
    std::string_view from = c.surface(t);
    if (to == from) continue;
    res.third_person.append(p.text, copied, t.b - copied);
    res.third_person += to;
    copied = t.e;
    res.changes.push_back({t.cb, t.ce, std::string(from), std::move(to), std::move(o.rule), t.ambiguous});
  }
  res.third_person.append(p.text, copied, std::string::npos);
  return res;
}

Result Rewriter::rewrite(std::string_view text, Gender g) {
  Prepared p = prepare(text, g);
  return finish(p, Tally{});
}

}  // namespace qda::rewrite
