// Rule matching: words (accents, case, ñ, whole words), stems, regex, NEAR, negation, minimum
// hits and scope, and spans in doc coordinates.
#include "code/matcher.hpp"

#include <gtest/gtest.h>

#include "model/stem.hpp"
#include "code/unit.hpp"
#include "core/record.hpp"

namespace c = qda::code;

namespace {
std::vector<c::Application> run(const std::string& rules, std::string_view text, std::string_view speaker = "participant",
                                std::size_t offset = 100) {
  static std::vector<std::unique_ptr<c::Codebook>> keep;  // the matcher refers to its codebook
  keep.push_back(std::make_unique<c::Codebook>(qda::model::parse_codebook("codes:\n  - id: x\n    label: X\n    rules:\n" + rules, "t.yaml")));
  c::Matcher m(*keep.back());
  c::Scanner s(m);
  std::vector<c::Application> out;
  s.code(c::UnitView{"u1", "d", speaker, "E", "anecdota", offset, text}, out);
  return out;
}

// A codebook's scanner that codes one unit at a time, given the codes its episode has so far,
// and tells the codes in order, each followed by a space.
struct EpisodeCoder {
  explicit EpisodeCoder(const std::string& codes)
      : cb(qda::model::parse_codebook("codes:\n" + codes, "t.yaml")), m(cb), s(m) {}
  std::string operator()(std::string_view text, const std::vector<std::string>& episode) {
    std::vector<c::Application> out;
    s.code(c::UnitView{"u", "d", "participant", "E", "anecdota", 0, text}, out, &episode);
    std::string codes;
    for (const auto& a : out) codes += a.code + " ";
    return codes;
  }
  c::Codebook cb;
  c::Matcher m;
  c::Scanner s;
};
}  // namespace

TEST(Matcher, WordsFoldedWholeWords) {
  auto a = run("      - words: [\"Educación\"]\n", "La EDUCACION y la educación.");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].by, "rule:x#1");
  EXPECT_EQ(a[0].start, 103u);
  EXPECT_EQ(a[0].end, 112u);
  EXPECT_EQ(a[0].evidence, "EDUCACION");
  EXPECT_TRUE(run("      - words: [\"educa\"]\n", "la educación").empty());
}

TEST(Matcher, EnyeIsNotN) {
  EXPECT_TRUE(run("      - words: [\"año\"]\n", "un ano difícil").empty());
  EXPECT_EQ(run("      - words: [\"año\"]\n", "un AÑO difícil").size(), 1u);
  EXPECT_TRUE(run("      - words: [\"ano\"]\n", "un año difícil").empty());
}

TEST(Matcher, StemsCoverInflections) {
  for (const char* t : {"decidí acompañar", "el acompañamiento", "yo acompañé a la maestra", "Acompañaba"})
    EXPECT_EQ(run("      - stems: [\"acompañar\"]\n", t).size(), 1u) << t;
  EXPECT_TRUE(run("      - stems: [\"acompañar\"]\n", "acompasado").empty());
  EXPECT_EQ(run("      - stems: [\"práctica docente\"]\n", "sus prácticas docentes").at(0).evidence, "prácticas docentes");
}

TEST(Matcher, RegexNearNegationMinHits) {
  EXPECT_EQ(run("      - regex: [\"\\\\b\\\\d+ de \\\\d+ (alumnos|niños)\\\\b\"]\n", "leían 12 de 20 niños").at(0).evidence,
            "12 de 20 niños");
  EXPECT_EQ(run("      - near: [\"maestra NEAR/3 rechaz*\"]\n", "la maestra me rechazó").at(0).evidence, "maestra me rechazó");
  EXPECT_TRUE(run("      - near: [\"maestra NEAR/1 rechaz*\"]\n", "la maestra me rechazó").empty());
  EXPECT_TRUE(run("      - words: [apoyo]\n", "no tuve ningún apoyo").empty());
  EXPECT_EQ(run("      - words: [apoyo]\n", "No. Tuve apoyo").size(), 1u);
  EXPECT_EQ(run("      - words: [apoyo]\n        negation: false\n", "sin apoyo").size(), 1u);
  EXPECT_TRUE(run("      - words: [apoyo]\n        min_hits: 2\n", "un apoyo").empty());
  EXPECT_EQ(run("      - words: [apoyo]\n        min_hits: 2\n", "un apoyo y otro apoyo").size(), 1u);
}

// Regular expressions run through ICU only where vectorscan's prefilter says they may match:
// the prefilter must never miss what ICU finds (Unicode \w and \b around ñ), and patterns it
// cannot take (an empty match, \p{…}) still run on every unit.
TEST(Matcher, RegexPrefilterMissesNothing) {
  EXPECT_EQ(run("      - regex: [\"\\\\bno( \\\\w+){0,2} asesoria\\\\b\"]\n", "Dijo: no quería año asesoría.").at(0).evidence,
            "no quería año asesoría");
  EXPECT_EQ(run("      - regex: [\"\\\\bñandu\\\\b\"]\n", "vimos un ñandú").at(0).evidence, "ñandú");
  EXPECT_TRUE(run("      - regex: [\"\\\\bnandu\\\\b\"]\n", "vimos un ñandú").empty());
  EXPECT_EQ(run("      - regex: [\"(niños)?\"]\n", "los niños").at(0).evidence, "niños");
  EXPECT_EQ(run("      - regex: [\"\\\\p{L}+ de \\\\d+\"]\n", "tres de 20").at(0).evidence, "tres de 20");
  EXPECT_TRUE(run("      - regex: [\"\\\\p{L}+ de \\\\d+\"]\n", "tres de veinte").empty());
}

// Far into a long unit, after thousands of hits of one side of a NEAR term and of a regex (and
// many letters of two bytes), the hits and their spans are still exact: NEAR pairs are found
// from sorted hits, and regex offsets are converted by walking on from the last match.
TEST(Matcher, NearAndRegexFarIntoALongUnit) {
  std::string prefix;
  for (int k = 0; k < 2000; ++k) prefix += "la maestra habló con el niño año tras año. ";
  const std::string tail = "Luego me rechazó la maestra, 12 de 20 niños leían.";
  const std::string text = prefix + tail;
  auto near = run("      - near: [\"maestra NEAR/3 rechaz*\"]\n", text, "participant", 0);
  ASSERT_EQ(near.size(), 1u);
  EXPECT_EQ(near[0].evidence, "rechazó la maestra");
  // Spans are code points of the doc: the prefix's "ó", "ñ", "ñ" are one each.
  const std::size_t cps = 2000 * 43 + std::string_view("Luego me ").size();
  EXPECT_EQ(near[0].start, cps);
  EXPECT_EQ(near[0].end, cps + std::string_view("rechazo la maestra").size());
  auto rx = run("      - regex: [\"\\\\b\\\\d+ de \\\\d+ (alumnos|niños)\\\\b\"]\n", text);
  ASSERT_EQ(rx.size(), 1u);
  EXPECT_EQ(rx[0].evidence, "12 de 20 niños");
  auto many = run("      - regex: [\"\\\\bniño\\\\b\"]\n        min_hits: 2000\n", text);
  ASSERT_EQ(many.size(), 1u);
  EXPECT_EQ(many[0].evidence, "niño");
}

TEST(Matcher, Scope) {
  EXPECT_TRUE(run("      - words: [apoyo]\n", "apoyo", "interviewer").empty());
  EXPECT_EQ(run("      - words: [apoyo]\n        scope: {speaker: interviewer}\n", "apoyo", "interviewer").size(), 1u);
  EXPECT_TRUE(run("      - words: [apoyo]\n        scope: {source: [C]}\n", "apoyo").empty());
  EXPECT_TRUE(run("      - words: [apoyo]\n        scope: {category: [retos]}\n", "apoyo").empty());
}

// `after`: a rule fires only when one of the codes it names is already in the episode (given to
// an earlier unit) or comes from a rule without `after` on the same unit.
TEST(Matcher, AfterNeedsTheCodeInTheEpisode) {
  EpisodeCoder code(
      "  - id: antes\n    label: A\n    rules:\n      - words: [visita]\n        after: [nunca]\n"
      "  - id: rechazo\n    label: R\n    rules:\n      - words: [rechazó]\n        negation: false\n"
      "  - id: giro\n    label: G\n    rules:\n      - words: [me buscó]\n        after: [rechazo]\n"
      "  - id: nunca\n    label: N\n    rules:\n      - words: [jamás]\n");
  EXPECT_EQ(code("Un día me buscó.", {}), "");                                 // no rejection before
  EXPECT_EQ(code("Un día me buscó.", {"rechazo"}), "giro ");                   // an earlier unit had it
  EXPECT_EQ(code("Me rechazó y después me buscó.", {}), "rechazo giro ");     // this unit has it
  EXPECT_EQ(code("Un día me buscó.", {"otro"}), "");
  // A dropped conditional application ("antes") before the code another one needs must not hide it.
  EXPECT_EQ(code("Tras la visita me rechazó; luego me buscó.", {}), "rechazo giro ");
  EXPECT_THROW(qda::model::parse_codebook("codes:\n  - id: x\n    label: X\n    rules:\n      - words: [a]\n        after: [nada]\n", "t.yaml"),
               qda::ConfigError);
}

// `until`: a rule fires only while none of the codes it names was given to an earlier unit of the
// episode; the same unit's codes do not stop it. A code that only a conditional rule gives on the
// unit does not satisfy another rule's `after` there.
TEST(Matcher, UntilStopsOnceTheEpisodeHasTheCode) {
  EpisodeCoder code(
      "  - id: rechazo\n    label: R\n    rules:\n      - words: [no quería]\n        negation: false\n"
      "  - id: renuentes\n    label: N\n    rules:\n      - words: [no quería]\n        negation: false\n"
      "        until: [rechazo, renuentes]\n"
      "  - id: giro\n    label: G\n    rules:\n      - words: [me buscó]\n        after: [renuentes]\n");
  EXPECT_TRUE(code.s.reads_episode());
  EXPECT_EQ(code("Al principio no quería verme.", {}), "rechazo renuentes ");          // first told
  EXPECT_EQ(code("Seguía sin querer: no quería verme.", {"rechazo"}), "rechazo ");       // told before
  EXPECT_EQ(code("Seguía sin querer: no quería verme.", {"renuentes"}), "rechazo ");
  EXPECT_EQ(code("Seguía sin querer: no quería verme.", {"giro", "otro"}), "rechazo renuentes ");
  EXPECT_EQ(code("No quería, y un día me buscó.", {}), "rechazo renuentes ");          // giro: after a conditional code
  EXPECT_EQ(code("No quería, y un día me buscó.", {"renuentes"}), "rechazo giro ");
}

// Negation is looked for only up to the hits a rule uses: the first hit that stands gives the
// span, and min_hits counts only hits that stand.
TEST(Matcher, NegatedHitsAreSkippedNotCounted) {
  auto a = run("      - words: [apoyo]\n", "no apoyo. Luego apoyo");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].start, 116u);
  EXPECT_EQ(a[0].end, 121u);
  EXPECT_TRUE(run("      - words: [apoyo]\n        min_hits: 2\n", "no apoyo. Luego apoyo").empty());
  a = run("      - words: [apoyo]\n        min_hits: 2\n", "no apoyo. Luego apoyo, y más apoyo");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].start, 116u);
}

// Code point spans of several applications, given in codebook order but found anywhere in the
// text, after multi-byte characters.
TEST(Matcher, SpansOfSeveralApplications) {
  auto cb = std::make_unique<c::Codebook>(qda::model::parse_codebook(
      "codes:\n"
      "  - id: fin\n    label: F\n    rules:\n      - words: [señal]\n"
      "  - id: inicio\n    label: I\n    rules:\n      - words: [niñas]\n"
      "  - id: medio\n    label: M\n    rules:\n      - words: [ñandú azul]\n",
      "t.yaml"));
  c::Matcher m(*cb);
  c::Scanner s(m);
  std::vector<c::Application> out;
  std::string_view text = "Las niñas vieron un ñandú   azul y una señal";
  s.code(c::UnitView{"u", "d", "participant", "E", "anecdota", 7, text}, out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].code, "fin");
  EXPECT_EQ(out[0].start, 7u + 39);
  EXPECT_EQ(out[0].end, 7u + 44);
  EXPECT_EQ(out[1].start, 7u + 4);
  EXPECT_EQ(out[1].end, 7u + 9);
  EXPECT_EQ(out[2].evidence, "ñandú   azul");
  EXPECT_EQ(out[2].start, 7u + 20);
  EXPECT_EQ(out[2].end, 7u + 32);
}

// The stem cache gives what a fresh stemmer gives, across growth of its table.
TEST(Stemmer, CacheAgreesWithAFreshStemmer) {
  qda::model::Stemmer cached("es");
  std::vector<std::string> words;
  for (int i = 0; i < 3000; ++i) words.push_back("acompañ" + std::to_string(i) + (i % 2 ? "aba" : "é"));
  words.push_back("Acompañaba");
  words.push_back("");
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& w : words) {
      qda::model::Stemmer fresh("es");
      ASSERT_EQ(cached.stem(w), fresh.stem(w)) << w;
    }
}

// A unit read from its fields is written as Record::serialize_to would write it with `codes`
// set: compact, keys escaped, `codes` replaced in place or added at the end. A key given twice is
// refused by the record layer (JSON would keep one of them, and tools disagree on which).
TEST(Unit, WrittenAsTheRecordWouldBe) {
  std::vector<c::Application> apps{{"x", "rule:x#1", 3, 8, "a \"b\"", "", {}, {}, {}, {}, -1, {}}, {"y", "ana", 0, 2, "ab", "nota", {}, {}, {}, {}, -1, {}}};
  for (std::string line : {
           R"({"kind": "unit", "id": "u\u0031", "doc": "d", "span": [ 3, 8 ], "text": "a \"b\"", "x\ty": {"k": 1}})",
           R"({"kind":"unit","codes":[1],"id":"u1","doc":"d","span":[3,8],"text":"a \"b\"","episode":  2 })",
           R"({"kind":"unit","id":"u1","doc":"d","span":[3,8],"text":"a \"b\"","speaker":"interviewer"})"}) {
    qda::FieldParser p;
    c::Unit u;
    const auto& fields = p.parse(line);
    c::read_unit(fields, u);
    EXPECT_EQ(u.id, "u1");
    EXPECT_EQ(u.text, "a \"b\"");
    EXPECT_EQ(u.start, 3u);
    EXPECT_EQ(u.end, 8u);
    std::string codes;
    qda::fields::append_codes(codes, apps);
    std::string written = u.line.substr(0, u.codes_at) + (u.has_codes ? "" : ",\"codes\":") + codes + u.line.substr(u.codes_end);
    qda::Record rec = qda::Record::parse(line);
    rec.set_raw("codes", codes);
    EXPECT_EQ(written, rec.serialize()) << line;
  }
  qda::FieldParser p;
  c::Unit u;
  EXPECT_THROW(p.parse(R"({"kind":"unit","codes":[1],"id":"u1","codes":2})"), qda::DataError);
  EXPECT_THROW(c::read_unit(p.parse(R"({"kind":"unit","id":"u1","doc":"d","span":[3,9],"text":"a \"b\""})"), u), qda::DataError);
  EXPECT_THROW(c::read_unit(p.parse(R"({"kind":"unit","id":1,"doc":"d","span":[3,8],"text":"a \"b\""})"), u), qda::DataError);
  // A span that does not fit the text says so; when the text has its accents as separate code
  // points (NFD: "n" + U+0303 for "ñ"), it says that is why.
  auto message = [&](const char* line) {
    try {
      c::read_unit(p.parse(line), u);
    } catch (const qda::DataError& e) {
      return e.describe();
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(R"({"kind":"unit","id":"u1","doc":"d","span":[0,4],"text":"año"})"),
            "record u1: 'text' has 3 code points but 'span' covers 4");
  EXPECT_EQ(message(R"({"kind":"unit","id":"u1","doc":"d","span":[0,3],"text":"an\u0303o"})"),
            "record u1: 'text' has 4 code points but 'span' covers 3 (its accents are separate code points: the text "
            "is not in NFC, as qda-ingest writes it)");
}

TEST(Matcher, PositionScope) {
  static const c::Codebook cb = qda::model::parse_codebook(
      "codes:\n  - id: x\n    label: X\n    rules:\n      - words: [\"desde entonces\"]\n        scope: {position: [0.6, 1]}\n",
      "t.yaml");
  c::Matcher m(cb);
  c::Scanner s(m);
  EXPECT_TRUE(s.reads_position());
  auto at = [&](double lo, double hi) {
    std::vector<c::Application> out;
    c::UnitView u{"u", "d", "participant", "E", "anecdota", 0, "Y desde entonces planea."};
    u.position_lo = lo, u.position_hi = hi;
    s.code(u, out);
    return out.size();
  };
  EXPECT_EQ(at(0.0, 0.0), 0u);
  EXPECT_EQ(at(0.5, 0.5), 0u);
  EXPECT_EQ(at(0.6, 0.6), 1u);
  EXPECT_EQ(at(1.0, 1.0), 1u);
  EXPECT_EQ(at(0.0, 1.0), 1u);  // the only unit of its episode, or a place not known
  static const c::Codebook plain = qda::model::parse_codebook("codes:\n  - id: x\n    label: X\n    rules:\n      - words: [\"y\"]\n", "t.yaml");
  c::Matcher pm(plain);
  EXPECT_FALSE(c::Scanner(pm).reads_position());
}
