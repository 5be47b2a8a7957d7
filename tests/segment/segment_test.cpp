// Unit tests of lib/segment: metrics against NLTK's published values, sentences, cues, docs.
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "core/record.hpp"
#include "segment/metrics.hpp"
#include "segment/segment.hpp"

using namespace qda;
using namespace qda::segment;

namespace {
std::string rep(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}
SentenceSplitter& splitter() {
  static SentenceSplitter s("es", parse_abbreviations(embedded_abbreviations("es"), "built-in"));
  return s;
}
}  // namespace

TEST(Metrics, NltkValues) {
  EXPECT_NEAR(windowdiff("000100000010", "000010000100", 3), 0.30, 1e-9);
  EXPECT_NEAR(pk(rep("0100", 100), rep("1", 400), 2), 0.5, 0.005);  // NLTK publishes two decimals
  EXPECT_NEAR(pk(rep("0100", 100), rep("0", 400), 2), 0.5, 0.005);
  EXPECT_NEAR(pk(rep("0100", 100), rep("0100", 100), 2), 0.0, 1e-9);
  EXPECT_NEAR(windowdiff("000100000010", "000100000010", 3), 0.0, 1e-9);
  EXPECT_THROW(pk("010", "01", 2), std::invalid_argument);
}

TEST(Metrics, DefaultKIsHalfTheMeanSegment) {
  // 2 boundaries in 12 positions: round(12 / 4) = 3
  EXPECT_EQ(pk_count("000100000010", "000100000010").windows, 10);
}

TEST(Metrics, BoundaryString) {
  std::vector<Span> words{{0, 3}, {4, 8}, {10, 12}, {13, 15}};
  EXPECT_EQ(boundary_string(words, {10}), "0100");
  EXPECT_EQ(boundary_string(words, {0, 9, 13}), "0110");
}

TEST(Sentences, AbbreviationsIcuBreaksAfter) {
  for (const char* s : {"La Dra. Pérez llegó.", "Leímos la p. 30 del libro.", "Vinieron de EE. UU. a vernos.",
                        "Ver las pp. 12-14 del texto.", "La Profra. Ana habló con Ud. y con Uds. ayer.",
                        "El núm. 5 del programa.", "Fueron aprox. veinte.", "Lo dice Giorgi et al. en su libro.",
                        "Trajeron libros, etc. y se fueron.", "El Sr. Gómez y la Sra. Ruiz.", "La Lic. Ruiz y el Mtro. Díaz."})
    EXPECT_EQ(splitter().split(s).size(), 1u) << s;
  EXPECT_EQ(splitter().split("Revisamos todo, etc. Nadie faltó.").size(), 2u);
  EXPECT_EQ(splitter().split("Tomé el tip. Pedro llegó.").size(), 2u);  // "p." only as a word
}

TEST(Sentences, EnclosuresAndEllipses) {
  EXPECT_EQ(splitter().split("Me dice: «¿puede venir? Porque no hablan». Y fui.").size(), 2u);
  EXPECT_EQ(splitter().split("No quería –¿para qué?– que yo entrara. Luego sí.").size(), 2u);
  EXPECT_EQ(splitter().split("No hablaban […] Nadie sabía. Fue difícil… Nadie lo esperaba. Pues... Mire.").size(), 3u);
  auto s = splitter().split("  Hola.  Adiós. \n");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "Hola.");
  EXPECT_EQ(s[1], "Adiós.");
}

TEST(Cues, MarkersAfterFillersAndTense) {
  auto m = load_markers(yaml::parse(embedded_markers("es"), "built-in"));
  Text t;
  t.assign("Y pues luego fuimos. Pero no. Luegoso.");
  auto hit = match_marker(m, t, Span{0, 20});
  ASSERT_TRUE(hit);
  EXPECT_EQ(m.classes[hit->cls].name, "sequence");
  EXPECT_EQ(hit->where, (Span{7, 12}));
  EXPECT_TRUE(match_marker(m, t, Span{21, 29}));
  EXPECT_FALSE(match_marker(m, t, Span{30, 38}));  // whole words only
  t.assign("La maestra trabajaba sola y tenía miedo. Un lunes llegué y organicé un taller. Creo que es así.");
  EXPECT_EQ(dominant_tense(t, Span{0, 40}), Tense::imperfect);
  EXPECT_EQ(dominant_tense(t, Span{41, 79}), Tense::preterite);
  EXPECT_EQ(dominant_tense(t, Span{80, 97}), Tense::present);
}

TEST(Cues, QuotedSpeechKeepsItsOwnTense) {
  Text t;
  t.assign("Me dijo: «Estoy harta, no puedo más, no sé qué hacer». Y dijo \"ya es tarde\".");
  EXPECT_EQ(dominant_tense(t, Span{0, 54}), Tense::preterite);
  EXPECT_EQ(dominant_tense(t, Span{55, 77}), Tense::preterite);
}

TEST(Cues, FrontedTimePhrasesStackedConnectivesAndNotes) {
  auto m = load_markers(yaml::parse(embedded_markers("es"), "built-in"));
  Text t;
  auto cls = [&](const char* s) -> std::string {
    t.assign(s);
    auto hit = match_marker(m, t, Span{0, t.cps.size()});
    return hit ? m.classes[hit->cls].name + ":" + std::string(s).substr(0, 0) + std::to_string(hit->where.start) + "-" +
                     std::to_string(hit->where.end)
               : "none";
  };
  EXPECT_EQ(cls("A las pocas semanas todo cambió."), "frame:0-19");
  EXPECT_EQ(cls("Y para marzo ya leían."), "frame:2-12");
  EXPECT_EQ(cls("Eso fue el ciclo pasado."), "none");           // the time noun after a verb is its object
  EXPECT_EQ(cls("Una maestra con muchos años de servicio."), "none");  // "años": mostly an age
  EXPECT_EQ(cls("Cuando llegué, nadie me saludó."), "frame:0-6");
  EXPECT_EQ(cls("Pero luego no."), "sequence:0-10");             // the stronger of stacked connectives
  EXPECT_EQ(cls("Pero, al final, aceptó."), "closure:0-14");
  EXPECT_EQ(cls("Pero no quiso."), "concession:0-4");
  EXPECT_EQ(cls("Luego pero no."), "sequence:0-5");              // a weaker one after does not take over
  EXPECT_EQ(cls("[risas] Y después se fue."), "sequence:10-17");  // a transcription note is skipped
  EXPECT_EQ(cls("Yo creo que sí."), "evaluation:3-11");
}

TEST(Cues, TimeWordsNeedAClassWithWords) {
  EXPECT_THROW(load_markers(yaml::parse("markers:\n  x:\n    weight: 0.5\n    phrases: [luego]\n    within: 3\n", "m.yaml")), ConfigError);
  auto m = load_markers(yaml::parse("markers:\n  t:\n    weight: 0.5\n    words: [lunes]\n    within: 2\n", "m.yaml"));
  Text t;
  t.assign("El lunes fui.");
  EXPECT_TRUE(match_marker(m, t, Span{0, 13}));
  t.assign("Ese otro lunes fui.");
  EXPECT_FALSE(match_marker(m, t, Span{0, 19}));  // beyond `within`
}

TEST(Sentences, TranscriptionNotes) {
  auto s = splitter().split("Me dijo que no. [risas] Y luego se fue. Yo dije \"¿en serio?\" [risas]. Nadie contestó. No hablaban [risas] nada.");
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0], "Me dijo que no. [risas]");
  EXPECT_EQ(s[1], "Y luego se fue.");
  EXPECT_EQ(s[2], "Yo dije \"¿en serio?\" [risas].");
  EXPECT_EQ(s[4], "No hablaban [risas] nada.");
  EXPECT_EQ(splitter().split("Todo bien... [risas] Y así.").size(), 1u);
}

TEST(Segmenter, BackgroundTenseIsNoCue) {
  Options o;
  o.threshold = 0.3;
  Segmenter seg(o);
  auto d = read_doc(Record::parse(
      R"({"kind":"doc","id":"C1.q4","text":"Organicé un taller con ella. Los niños llegaban contentos y trabajaban mucho.","turns":[{"speaker":"participant","span":[0,77]}]})"));
  EXPECT_EQ(seg.segment(d).size(), 1u);
}

TEST(Docs, BadInputNamesTheKey) {
  auto expect_key = [](const char* line, const char* key) {
    try {
      read_doc(Record::parse(line));
      ADD_FAILURE() << line;
    } catch (const DataError& e) {
      EXPECT_EQ(e.where().key, key) << e.message();
    }
  };
  expect_key(R"({"kind":"doc","id":"C1"})", "text");
  expect_key(R"({"kind":"doc","id":"C1","text":"Hola.","turns":[{"speaker":"participant","span":[0,9]}]})", "turns[0].span");
  expect_key(R"({"kind":"doc","id":"C1","text":"Hola.","turns":[{"speaker":"participant","span":[0,5]}],"episodes":[{"label":"x","turn":3,"at":0}]})", "episodes[0].turn");
}

TEST(Segmenter, UnitsTileTheTextAndExplainThemselves) {
  Segmenter seg(Options{});
  auto d = read_doc(Record::parse(
      R"({"kind":"doc","id":"C1.q4","text":"Llegué a la escuela. Un día la maestra me llamó. Sin embargo, no fui.","turns":[{"speaker":"participant","span":[0,69]}]})"));
  const auto& units = seg.segment(d);
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].boundary.reason, "start");
  EXPECT_EQ(units[1].boundary.reason, "marker");
  EXPECT_EQ(units[1].boundary.cue, "Un día");
  EXPECT_EQ(units[2].span, (Span{49, 69}));
  std::string out;
  seg.write(d, out);
  EXPECT_NE(out.find(R"("id":"C1.q4.u003")"), std::string::npos);
  EXPECT_NE(out.find(R"("text":"Sin embargo, no fui.")"), std::string::npos);
}

// Episode prompts: a listed phrase, or a request (a verb of telling, then within a few words a
// word that points at one event). Background and follow-up questions are neither.
TEST(Cues, EpisodeRequests) {
  auto m = load_markers(yaml::parse(embedded_markers("es"), "built-in"));
  auto prompt = [&](const std::string& s) -> std::string {
    Text t;
    t.assign(s);
    auto hit = match_prompt(m, t, Span{0, t.cps.size()});
    if (!hit) return "";
    return std::string(t.slice(Span{hit->start, hit->end}));
  };
  EXPECT_EQ(prompt("Cuéntame cómo fue tu primera práctica."), "Cuéntame cómo fue tu primera");
  EXPECT_EQ(prompt("Platíqueme de cuando llegó a la comunidad."), "Platíqueme");  // a listed prompt
  EXPECT_EQ(prompt("¿Se acuerda de algún momento en que dudó?"), "algún momento en que");
  EXPECT_EQ(prompt("¿Y cómo fue aquella vez?"), "cómo fue aquella");
  EXPECT_EQ(prompt("Descríbame la situación más difícil."), "Descríbame la situación");
  EXPECT_EQ(prompt("Cuéntame un poco de ti."), "");
  EXPECT_EQ(prompt("¿Y qué pasó después?"), "");
  EXPECT_EQ(prompt("¿Cuántos años tienes?"), "");
  EXPECT_EQ(prompt("Cuéntame más."), "");
}

// The study's own prompts are added to the built-in ones (qda-segment --study).
TEST(Segmenter, StudyPromptsOpenEpisodes) {
  const char* doc =
      R"({"kind":"doc","id":"E1","text":"¿Qué tal la mañana?\nBien, gracias, con mucho trabajo en la unidad de salud y muchas visitas.\nVamos ahora a la visita de marzo.\nEse día llegamos temprano.","turns":[{"speaker":"interviewer","span":[0,19]},{"speaker":"participant","span":[20,91]},{"speaker":"interviewer","span":[92,125]},{"speaker":"participant","span":[126,152]}]})";
  auto episodes = [&](const Options& o) {
    Segmenter seg(o);
    auto d = read_doc(Record::parse(doc));
    std::vector<std::size_t> eps;
    for (const auto& u : seg.segment(d)) eps.push_back(u.episode);
    return eps;
  };
  EXPECT_EQ(episodes(Options{}).back(), 0u);  // no prompt the built-in lists know
  Options o;
  o.episode_prompts = {"vamos ahora a"};
  EXPECT_EQ(episodes(o).back(), 1u);
}
