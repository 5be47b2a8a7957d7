// Unit tests of lib/segment: metrics against NLTK's published values, sentences, cues, docs.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/record.hpp"
#include "core/text.hpp"
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

// A long text is decoded a window at a time (issue 24): every code point, folded form, word bit,
// mark and slice reads as a whole decoding gives, in any order of reading.
TEST(Sentences, LongTextReadsAsIfDecodedWhole) {
  const char* pieces[] = {"Había una vez «un niño» (que) — dijo “hola” [risas]\n", "ÁÉÍ Ñandú güero ", "日本語 ", "😀 ",
                          "\"así\" ", "STRASSE Straße ", "p. ej. ", "tres-cuatro ", "…\n\n"};
  std::string s;
  for (unsigned k = 0; s.size() < 5 * Text::kWindowBytes; k = k * 1103515245u + 12345u) s += pieces[(k >> 16) % std::size(pieces)];
  std::u32string ref;
  std::vector<std::size_t> at;  // byte of each code point
  for (std::size_t i = 0; i < s.size();) {
    at.push_back(i);
    ref += text::next_cp(s, i);
  }
  at.push_back(s.size());
  Text t;
  t.assign(s);
  ASSERT_EQ(t.cps.size(), ref.size());
  auto same_at = [&](std::size_t i) {
    ASSERT_EQ(t.cps[i], ref[i]) << i;
    ASSERT_EQ(t.folded[i], text::fold_cp(ref[i])) << i;
    ASSERT_EQ((t.word_bits[i / 64] >> (i % 64)) & 1, text::is_word_cp(ref[i]) ? 1u : 0u) << i;
  };
  for (std::size_t i = 0; i < ref.size(); ++i) same_at(i);
  for (std::size_t i = ref.size(); i-- > 0;) same_at(i);
  for (std::size_t k = 0, i = 7; k < 20000; ++k, i = (i * 2862933555777941757ull + 3037000493ull) % ref.size()) same_at(i);
  std::vector<std::uint32_t> marks;
  std::u32string mark_cps;
  for (std::size_t i = 0; i < ref.size(); ++i)
    if (std::u32string_view(U"()[]\"\n«»“”—–").find(ref[i]) != std::u32string_view::npos) {
      marks.push_back(static_cast<std::uint32_t>(i));
      mark_cps += ref[i];
    }
  EXPECT_EQ(t.marks, marks);
  EXPECT_EQ(std::u32string(t.mark_cps.begin(), t.mark_cps.end()), mark_cps);
  for (std::size_t b : {std::size_t{0}, std::size_t{100}, ref.size() / 3, ref.size() - 40000}) {
    for (std::size_t n : {std::size_t{1}, std::size_t{5000}, std::size_t{40000}}) {
      ASSERT_EQ(std::u32string_view(t.cps.ptr(b, n), n), std::u32string_view(ref).substr(b, n)) << b << " " << n;
      EXPECT_TRUE(t.cps.equal(b, ref.substr(b, n)));
      EXPECT_EQ(t.slice(Span{b, b + n}), std::string_view(s).substr(at[b], at[b + n] - at[b]));
    }
  }
  EXPECT_FALSE(t.cps.equal(ref.size() - 2, U"abc"));
  EXPECT_EQ(t.slice(Span{0, ref.size()}), s);
}

// Cohesion takes each gap's similarity as the sentences come and lets their stems go: the
// depths are those of cosine() over whole blocks, to the last bit, whatever the blocks.
TEST(Cues, CohesionDepthsAreThoseOfWholeBlocks) {
  std::vector<std::vector<std::uint64_t>> bags;
  std::uint64_t r = 24;
  auto next = [&] { return r = r * 6364136223846793005ull + 1442695040888963407ull, r >> 33; };
  for (int i = 0; i < 3000; ++i) {
    std::size_t n = next() % 50 == 0 ? 2000 : next() % 12;  // a few long sentences, some without words
    std::vector<std::uint64_t> bag;
    for (std::size_t k = 0; k < n; ++k) bag.push_back(1000 + next() % (i % 500 < 250 ? 40 : 400));
    std::sort(bag.begin(), bag.end());
    bags.push_back(std::move(bag));
  }
  for (int block : {1, 3, 6}) {
    Markers m;
    m.cohesion_block = block;
    const std::size_t n = bags.size(), w = static_cast<std::size_t>(block);
    std::vector<double> sim(n, -1), depth(n, -1);
    for (std::size_t g = 1; g < n; ++g) {
      std::vector<std::uint64_t> left, right;
      for (std::size_t b = g > w ? g - w : 0; b < g; ++b) left.insert(left.end(), bags[b].begin(), bags[b].end());
      for (std::size_t b = g; b < std::min(n, g + w); ++b) right.insert(right.end(), bags[b].begin(), bags[b].end());
      std::sort(left.begin(), left.end());
      std::sort(right.begin(), right.end());
      if (left.size() >= std::size_t(m.cohesion_min_words) && right.size() >= std::size_t(m.cohesion_min_words)) sim[g] = cosine(left, right);
    }
    for (std::size_t g = 1; g < n; ++g) {
      if (sim[g] < 0) continue;
      double hl = sim[g], hr = sim[g];
      for (std::size_t k = g; k > 1 && sim[k - 1] >= hl; --k) hl = sim[k - 1];
      for (std::size_t k = g; k + 1 < n && sim[k + 1] >= hr; ++k) hr = sim[k + 1];
      depth[g] = (hl - sim[g]) + (hr - sim[g]);
    }
    EXPECT_EQ(cohesion_depths(m, bags), depth) << "block " << block;
  }
}

// A long answer's units are written as they are made: the same units, numbers and boundaries
// as segment() gives.
TEST(Segmenter, LongAnswerWrittenAsSegmented) {
  const char* sentences[] = {"Llegué a la escuela temprano.", "Luego la maestra me llamó a su oficina.", "Los niños jugaban en el patio.",
                             "Al final todos cantaron «la canción de siempre».", "Pero nadie sabía qué hacer [risas].",
                             "Un día fuimos al río con la comunidad."};
  std::string text;
  for (unsigned k = 1; text.size() < 150000; k = k * 1103515245u + 12345u) text += std::string(text.empty() ? "" : " ") + sentences[(k >> 16) % 6];
  std::string line = R"({"kind":"doc","id":"L1","text":")" + text + R"(","turns":[{"speaker":"participant","span":[0,)" +
                     std::to_string(text::cp_length(text)) + "]}]}";
  Segmenter seg(Options{});
  auto d = read_doc(Record::parse(line));
  const std::vector<Unit> units = seg.segment(d);
  ASSERT_GT(units.size(), 600u);
  std::string out;
  seg.write(d, out);
  std::size_t k = 0;
  for (auto l : text::split(out, '\n')) {
    if (l.empty()) continue;
    auto r = Record::parse(std::string(l));
    ASSERT_LT(k, units.size());
    const auto& u = units[k++];
    EXPECT_EQ(r.get_int("seq").value_or(0), static_cast<std::int64_t>(u.seq));
    EXPECT_NE(l.find("\"span\":[" + std::to_string(u.span.start) + "," + std::to_string(u.span.end) + "]"), std::string_view::npos) << k;
    EXPECT_NE(l.find("{\"reason\":\"" + u.boundary.reason + "\""), std::string_view::npos) << k;
  }
  EXPECT_EQ(k, units.size());
}
