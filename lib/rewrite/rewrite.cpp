// The third-person rewrite: tokens, quoted stretches, readings chosen by the CG and by context,
// then each first-person form regenerated in the third person.
#include "rewrite/rewrite.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>

#include "core/text.hpp"

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

// Verbs whose personal object is a direct object: "me llamaron" -> "la llamaron". Every other
// verb takes "me" as an indirect object ("me dijo" -> "le dijo"), the common case.
bool accusative_verb(std::string_view lemma) {
  return in(lemma, {"llamar", "invitar", "ver", "visitar", "ayudar", "buscar", "conocer", "escuchar", "recibir",
                    "acompañar", "apoyar", "saludar", "llevar", "esperar", "contratar", "nombrar", "felicitar",
                    "entrevistar", "observar", "evaluar", "capacitar", "orientar", "asesorar", "rechazar", "aceptar",
                    "convencer", "animar", "motivar", "seleccionar", "comisionar", "cambiar", "considerar", "tratar",
                    "atender", "incluir", "integrar", "involucrar", "reconocer", "respetar", "corregir", "criticar",
                    "cuestionar", "regañar", "ignorar", "excluir", "formar", "contactar", "localizar", "elegir",
                    "designar", "citar", "supervisar", "visitar", "despedir", "encontrar", "mirar", "oír", "querer",
                    "necesitar", "molestar", "asignar_a"});
}

// Verbs that introduce direct speech after a colon: "me dijo: ya voy" keeps "ya voy".
bool saying_verb(std::string_view lemma) {
  return in(lemma, {"decir", "preguntar", "responder", "contestar", "comentar", "expresar", "exclamar", "gritar",
                    "repetir", "insistir", "advertir", "mencionar", "platicar", "señalar", "afirmar", "añadir",
                    "agregar", "replicar", "explicar", "pedir", "ordenar", "escribir", "plantear", "sugerir",
                    "aclarar", "indicar", "cuestionar", "reclamar", "opinar", "manifestar", "externar", "pensar",
                    "contar", "murmurar", "susurrar", "recalcar", "reiterar"});
}

// Verbs mostly used with a reflexive pronoun. They settle "me sentía", where the verb form is
// first and third person alike: with one of these the "me" is reflexive ("se sentía"),
// otherwise an object ("me decía" -> "le decía").
bool pronominal_verb(std::string_view lemma) {
  return in(lemma, {"sentir", "quedar", "ir", "acordar", "dar", "levantar", "poner", "enterar", "dedicar", "esforzar",
                    "reunir", "acercar", "preocupar", "ocupar", "equivocar", "frustrar", "desesperar", "emocionar",
                    "sorprender", "atrever", "arrepentir", "negar", "quejar", "volver", "tardar", "sentar", "imaginar",
                    "encargar", "organizar", "apoyar", "involucrar", "comprometer", "alegrar", "angustiar", "asustar",
                    "cansar", "confiar", "decidir", "despedir", "dirigir", "enfocar", "enfrentar", "estresar",
                    "identificar", "interesar", "llevar", "mover", "pasar", "percatar", "presentar", "sentar",
                    "sumar", "topar", "tomar", "trasladar", "hacer", "quedar", "animar", "acostumbrar", "adaptar"});
}

// Temporal adverbs that fix the tense of an ambiguous "revisamos" in their sentence.
bool past_adverb(std::string_view w) { return in(w, {"ayer", "anteayer", "antier", "anoche", "pasado", "pasada"}); }
bool present_adverb(std::string_view w) { return in(w, {"hoy", "ahora", "actualmente"}); }

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

bool is_verb(const Part& p) {
  return !p.tags.empty() && in(p.tags[0], {"vblex", "vbser", "vbhaver", "vbmod"});
}
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
  for (std::size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].quoted || toks[i].lower != ":") continue;
    bool saying = false;
    for (std::size_t j = i; j-- > 0 && toks[j].sentence == toks[i].sentence && !saying;) {
      if (!toks[j].word || toks[j].quoted) continue;
      for (const auto& r : c.an(toks[j]).readings)
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
  if (c.keys(t, ks).size() == 1) {
    t.alive = ks;
    for (int k : ks)
      if (kind_of(rs[k]) != Kind::none) { t.chosen = k; break; }
    return;
  }
  t.ambiguous = true;
  auto firsts = only([](const Reading& r) { return kind_of(r) != Kind::none; });
  auto others = only([](const Reading& r) { return kind_of(r) == Kind::none; });
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

// The same for a proclitic's verb token, whose form may be first and third person alike.
bool reflexive_host(Ctx& c, Token& host, bool plural) {
  if (!host.word) return false;
  const auto& rs = c.an(host).readings;
  if (host.chosen >= 0) return reflexive_with(&rs[host.chosen].head(), plural);
  bool first = false, third = false;
  std::string_view lemma;
  for (int k : c.live(host)) {
    const Part& h = rs[k].head();
    if (!finite(h)) continue;
    if (reflexive_with(&h, plural)) { first = true; lemma = h.lemma; }
    else if (h.has("p3")) third = true;
  }
  return first && (!third || pronominal_verb(lemma));
}

// The finite verb that governs an infinitive or gerund at token i: the nearest before it in
// the sentence ("tuve que levantarme"), else the nearest after ("para levantarme, puse…").
const Part* governing_verb(Ctx& c, std::size_t i) {
  for (std::size_t j = i; j-- > 0 && c.toks[j].sentence == c.toks[i].sentence;)
    if (!c.toks[j].quoted)
      if (const Part* h = c.finite_head(c.toks[j])) return h;
  for (std::size_t j = i + 1; j < c.toks.size() && c.toks[j].sentence == c.toks[i].sentence; ++j)
    if (!c.toks[j].quoted)
      if (const Part* h = c.finite_head(c.toks[j])) return h;
  return nullptr;
}

std::string gender_tag(Gender g) { return g == Gender::m ? "m" : "f"; }

struct Out {
  std::string text;  // "" = no change
  std::string rule;
};

// Third-person form of a pronoun that refers to the participant: él / ella, or the noun
// phrase when the gender is unknown (the tool never guesses it).
Out person_pronoun(Ctx& c, std::string_view rule) {
  if (c.gender == Gender::unknown) return {"la persona asesora", std::string(rule)};
  return {c.m.generate("él<prn><tn><p3><" + gender_tag(c.gender) + "><sg>"), std::string(rule)};
}

struct Lexical {
  std::string lf, rule;
};

// The third-person object clitic for "me"/"nos" when the verb is not first person: dative
// "le" unless the verb takes a direct object of person ("me llamaron" -> "la llamaron").
Lexical object_clitic(Ctx& c, bool plural, std::string_view pos, std::string_view lemma, bool before_accusative) {
  std::string num = plural ? "pl" : "sg";
  if (before_accusative || !accusative_verb(lemma))
    return {"le<prn><" + std::string(pos) + "><p3><mf><" + num + ">", before_accusative ? "se" : "dative"};
  // "nos" names a group whose gender the text does not give: the generic masculine plural;
  // a single participant of unknown gender is "la persona asesora", hence "la".
  std::string g = plural ? "m" : gender_tag(c.gender);
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
      if (has_host && reflexive_host(c, c.toks[j], plural))
        return {finish_generated(c, c.m.generate("se<prn><pro><ref><p3><mf><sp>")), "clitic.reflexive"};
      bool before_acc = i + 1 < c.toks.size() && c.toks[i + 1].word && c.toks[i + 1].sentence == t.sentence &&
                        in(c.toks[i + 1].lower, {"lo", "la", "los", "las"});
      std::string lemma;
      if (host) lemma = host->lemma;
      Lexical l = object_clitic(c, plural, "pro", lemma, before_acc);
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
        const Part* host = finite(h) ? &h : governing_verb(c, i);
        std::string part_rule;
        if (reflexive_with(host, plural)) {
          lf += "se<prn><enc><ref><p3><mf><sp>";
          part_rule = "reflexive";
        } else {
          bool before_acc = k + 1 < r.parts.size() && r.parts[k + 1].has("prn");
          Lexical l = object_clitic(c, plural, "enc", h.lemma, before_acc);
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
  Ctx c{m_, p.tokens, p.text, g};
  mark_quotes(c);
  // Analyse, in one batch, only the words that can be first person.
  bool fresh = false;
  for (auto& t : p.tokens) {
    t.first_person = t.word && !t.quoted && maybe_first_person(t.lower);
    fresh = fresh || (t.first_person && !t.a);
  }
  // Kept as released: when mark_quotes() already analysed every such word (a verb of saying
  // before a colon), the unit is left as written. This skips "pensé: …" in "Y después pensé:
  // bueno, …" (one gold sentence); fixing it changes the output, so it is the lead's call.
  if (!fresh) return p;
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
  // The grammar runs only over the sentences that hold such a token.
  std::set<std::uint32_t> done;
  for (std::size_t i : open) {
    std::uint32_t s = p.tokens[i].sentence;
    if (done.count(s)) continue;
    done.insert(s);
    std::vector<Cohort> cohorts;
    std::vector<std::size_t> idx;
    c.analyse_all([s](const Token& t) { return t.sentence == s; });
    for (std::size_t j = 0; j < p.tokens.size(); ++j) {
      Token& t = p.tokens[j];
      if (t.sentence != s) continue;
      const Analysis& a = c.an(t);
      if (!t.word && a.readings.empty()) continue;  // « and the like are blanks to the analyser
      cohorts.push_back({t.word ? std::string_view(t.lower) : c.surface(t), &a});
      idx.push_back(j);
    }
    auto alive = m_.disambiguate(cohorts);
    for (std::size_t k = 0; k < idx.size(); ++k) {
      std::sort(alive[k].begin(), alive[k].end());
      p.tokens[idx[k]].alive = alive[k];
    }
  }
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
  Ctx c{m_, p.tokens, p.text, p.gender};
  Tally out;
  c.analyse_all([](const Token& t) { return t.word && !t.quoted; });
  for (auto& t : p.tokens) {
    if (!t.word || t.quoted || t.tense_pending) continue;
    const auto& rs = c.an(t).readings;
    if (rs.empty()) continue;
    unsigned ts = 0;  // bit per Tense seen
    auto see = [&](int k) { ts |= 1u << static_cast<unsigned>(finite(rs[k].head()) ? tense_of(rs[k].head()) : Tense::other); };
    if (t.alive.empty())
      for (std::size_t k = 0; k < rs.size(); ++k) see(static_cast<int>(k));
    else
      for (int k : t.alive) see(k);
    if (ts == 1u << static_cast<unsigned>(Tense::past)) ++out.past;
    if (ts == 1u << static_cast<unsigned>(Tense::present)) ++out.present;
  }
  p.tally = out;
  p.tallied = true;
  return out;
}

Result Rewriter::finish(Prepared& p, const Tally& episode) {
  Ctx c{m_, p.tokens, p.text, p.gender};
  Tense unit_tense = dominant(p.tally);
  if (unit_tense == Tense::other) unit_tense = dominant(episode);
  if (unit_tense == Tense::other) unit_tense = Tense::past;  // a told experience is told in the past
  for (auto& t : p.tokens) {
    if (!t.tense_pending) continue;
    const auto& rs = c.an(t).readings;
    // A temporal adverb in the sentence outranks the tally ("hoy revisamos", "ayer revisamos").
    Tense tense = Tense::other;
    for (const auto& o : p.tokens)
      if (o.sentence == t.sentence && o.word && !o.quoted) {
        if (past_adverb(o.lower)) tense = Tense::past;
        if (present_adverb(o.lower)) tense = Tense::present;
      }
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
