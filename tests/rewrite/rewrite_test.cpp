// Unit tests of qda_rewrite: the morphology in process, the CG, the rewrite rules, meanings.
#include <gtest/gtest.h>

#include <filesystem>

#include "rewrite/meaning.hpp"
#include "rewrite/morphology.hpp"
#include "rewrite/rewrite.hpp"

using namespace qda::rewrite;

namespace {
const char* kDir = "/usr/share/apertium/apertium-spa-cat";

Morphology* morph() {
  static std::unique_ptr<Morphology> m = std::filesystem::exists(std::string(kDir) + "/spa-cat.automorf.bin")
                                             ? Morphology::load(kDir)
                                             : nullptr;
  return m.get();
}
#define NEED_MORPHOLOGY() \
  if (!morph()) GTEST_SKIP() << "apertium-spa-cat not installed"

std::string tp(std::string_view text, Gender g = Gender::f) {
  Rewriter rw(*morph());
  return rw.rewrite(text, g).third_person;
}
}  // namespace

TEST(Analysis, ParsesReadingsAndEnclitics) {
  auto a = parse_analysis("^decirme/decir<vblex><inf>+me<prn><enc><p1><mf><sg>$");
  ASSERT_EQ(a.readings.size(), 1u);
  ASSERT_EQ(a.readings[0].parts.size(), 2u);
  EXPECT_EQ(a.readings[0].head().lemma, "decir");
  EXPECT_TRUE(a.readings[0].parts[1].has("p1"));
  EXPECT_TRUE(parse_analysis("^xyzzy/*xyzzy$").readings.empty());
}

TEST(Morphology, RevisamosIsPreteriteAndPresent) {
  NEED_MORPHOLOGY();
  const auto& a = morph()->analyse("revisamos");
  ASSERT_EQ(a.readings.size(), 2u);
  EXPECT_EQ(a.readings[0].lexical(), "revisar<vblex><ifi><p1><pl>");
  EXPECT_EQ(a.readings[1].lexical(), "revisar<vblex><pri><p1><pl>");
  EXPECT_EQ(morph()->generate("revisar<vblex><ifi><p3><pl>"), "revisaron");
  EXPECT_EQ(morph()->generate("revisar<vblex><pri><p3><pl>"), "revisan");
}

TEST(Morphology, BatchesAgreeWithSingleWords) {
  NEED_MORPHOLOGY();
  // Many small batches through one processor: its state must not leak from one to the next.
  std::vector<std::string> words = {"tengo", "fui", "casa", "me", "hicimos", "nuestro", "decirme", "xqz", "era"};
  for (int round = 0; round < 3; ++round)
    for (std::size_t i = 0; i + 1 < words.size(); ++i) morph()->prefetch({words[i], words[i + 1]});
  EXPECT_EQ(morph()->analyse("tengo").readings.at(0).lexical(), "tener<vblex><pri><p1><sg>");
  EXPECT_EQ(morph()->analyse("hicimos").readings.at(0).lexical(), "hacer<vblex><ifi><p1><pl>");
  EXPECT_TRUE(morph()->analyse("xqz").readings.empty());
}

TEST(Morphology, GrammarUsesAyer) {
  NEED_MORPHOLOGY();
  auto run = [](std::string_view adv) {
    std::vector<Cohort> s = {{adv, &morph()->analyse(adv)},
                             {"revisamos", &morph()->analyse("revisamos")},
                             {".", &morph()->analyse(".")}};
    return morph()->disambiguate(s)[1];
  };
  EXPECT_EQ(run("ayer"), std::vector<int>{0});  // preterite only
  // After "hoy" the grammar's choice is only its default: both stay for the context rules.
  EXPECT_EQ(run("hoy"), (std::vector<int>{0, 1}));
}

TEST(Rewrite, Verbs) {
  NEED_MORPHOLOGY();
  EXPECT_EQ(tp("Realicé la visita"), "Realizó la visita");
  EXPECT_EQ(tp("hacíamos planes"), "hacían planes");
  EXPECT_EQ(tp("tengo miedo y fui"), "tiene miedo y fue");
}

TEST(Rewrite, AmbiguousTense) {
  NEED_MORPHOLOGY();
  EXPECT_EQ(tp("Ayer revisamos los planes."), "Ayer revisaron los planes.");
  EXPECT_EQ(tp("Hoy revisamos los planes."), "Hoy revisan los planes.");
  Rewriter rw(*morph());
  auto r = rw.rewrite("Hoy revisamos los planes.", Gender::f);
  ASSERT_EQ(r.changes.size(), 1u);
  EXPECT_TRUE(r.changes[0].ambiguous);
  EXPECT_EQ(r.changes[0].start, 4u);
  EXPECT_EQ(r.changes[0].end, 13u);
  // The unit's own unambiguous verbs decide.
  EXPECT_EQ(tp("Estoy aquí y trabajamos."), "Está aquí y trabajan.");
  EXPECT_EQ(tp("Llegué y trabajamos."), "Llegó y trabajaron.");
}

TEST(Rewrite, PronounsCliticsPossessives) {
  NEED_MORPHOLOGY();
  EXPECT_EQ(tp("Yo fui", Gender::m), "Él fue");
  EXPECT_EQ(tp("Yo fui", Gender::unknown), "La persona asesora fue");
  EXPECT_EQ(tp("nosotras fuimos"), "ellas fueron");
  EXPECT_EQ(tp("me levanté"), "se levantó");
  EXPECT_EQ(tp("me dijo"), "le dijo");
  EXPECT_EQ(tp("me llamaron", Gender::m), "lo llamaron");
  EXPECT_EQ(tp("me lo dijo"), "se lo dijo");
  EXPECT_EQ(tp("quiso decirme"), "quiso decirle");
  EXPECT_EQ(tp("para mí y conmigo", Gender::m), "para él y con él");
  EXPECT_EQ(tp("mi plan, mis notas, lo mío, nuestro plan"), "su plan, sus notas, lo suyo, su plan");
}

TEST(Rewrite, QuotesStay) {
  NEED_MORPHOLOGY();
  EXPECT_EQ(tp("Dije «yo voy» y “mi casa”"), "Dijo «yo voy» y “mi casa”");
  EXPECT_EQ(tp("Me dijo: yo voy. Fui."), "Le dijo: yo voy. Fue.");
  EXPECT_EQ(tp("Dije \"yo voy"), "Dijo \"yo voy");  // unclosed: the rest stays as said
}

TEST(Rewrite, UnknownWordsAndCase) {
  NEED_MORPHOLOGY();
  EXPECT_EQ(tp("FUI al xqzwv"), "FUE al xqzwv");
  EXPECT_EQ(tp(""), "");
}

TEST(Meaning, RendersRoleNoun) {
  Meanings m;
  m.add("a", "{rol} acompaña.");
  m.add("b", "Para {rol}, todo cambia.");
  EXPECT_EQ(m.render({"a", "b", "a"}, Gender::f), "La asesora acompaña. Para la asesora, todo cambia.");
  EXPECT_EQ(m.render({"a"}, Gender::m), "El asesor acompaña.");
  EXPECT_EQ(m.render({"a"}, Gender::unknown), "La persona asesora acompaña.");
  EXPECT_EQ(m.render({"zzz"}, Gender::f), "");
}
