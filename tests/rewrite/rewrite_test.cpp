// Unit tests of qda_rewrite: the morphology in process, the CG, the rewrite rules, meanings.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <fstream>
#include <filesystem>
#include <thread>

#include "rewrite/meaning.hpp"
#include "rewrite/morphology.hpp"
#include "rewrite/rewrite.hpp"
#include "rewrite/verbs.hpp"
#include "core/error.hpp"

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

// Two threads' morphologies share what a form is: each analysis, surface form and default is
// worked out once, whichever thread meets it first, and both read the same object — from
// several threads at once (the sanitizer run checks the locking).
TEST(Morphology, WorkersShareTheirCaches) {
  NEED_MORPHOLOGY();
  auto a = Morphology::load(kDir), b = Morphology::load(kDir);
  b->share_caches_with(*a);
  const Analysis& x = a->analyse("cantamos");
  EXPECT_EQ(&b->analyse("cantamos"), &x);
  EXPECT_EQ(&a->generate("cantar<vblex><pri><p3><pl>"), &b->generate("cantar<vblex><pri><p3><pl>"));
  auto c = Morphology::load(kDir);  // not shared: its own
  EXPECT_NE(&c->analyse("cantamos"), &x);
  EXPECT_EQ(c->analyse("cantamos").readings.size(), x.readings.size());
  std::vector<std::string> words = {"tengo", "fui", "casa", "hicimos", "decirme", "xqz", "era", "revisamos", "visita", "registro"};
  auto work = [&](Morphology& m, int shift) {
    for (int round = 0; round < 20; ++round)
      for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[(i + static_cast<std::size_t>(shift)) % words.size()];
        std::vector<Cohort> s = {{"ayer", &m.analyse("ayer")}, {w, &m.analyse(w)}, {".", &m.analyse(".")}};
        m.disambiguate(s);
        m.generate("cantar<vblex><ifi><p3><sg>");
      }
  };
  std::thread t1([&] { work(*a, 0); }), t2([&] { work(*b, 5); });
  t1.join(), t2.join();
  for (const auto& w : words) EXPECT_EQ(&a->analyse(w), &b->analyse(w)) << w;
}

// qda-rewrite -j runs the grammar in processes of its own and in itself: their verdicts are the
// in-process grammar's, from several threads at once (here one process and this one serve two
// threads), and the processes end with the last morphology that shares them.
TEST(Morphology, GrammarProcessesAgreeWithTheProcessItself) {
  NEED_MORPHOLOGY();
  std::vector<std::vector<std::string>> sentences = {
      {"ayer", "revisamos", "."},       {"hoy", "revisamos", "el", "plan", "."},
      {"el", "trabajo", "fue", "duro"}, {"yo", "trabajo", "con", "xqz", "y", "ellas", "."},
      {"nos", "dijeron", "que", "fuimos", "los", "primeros"}, {"registro"}};
  auto verdicts = [&](Morphology& m, bool settle) {
    std::vector<std::vector<std::vector<int>>> all;
    for (const auto& words : sentences) {
      std::vector<Cohort> s;
      for (const auto& w : words) s.push_back({w, &m.analyse(w), settle});
      all.push_back(m.disambiguate(s));
    }
    return all;
  };
  auto own = Morphology::load(kDir);  // in process, caches of its own
  auto expect_true = verdicts(*own, true), expect_false = verdicts(*own, false);
  {
    auto a = Morphology::load(kDir), b = Morphology::load(kDir);
    a->fork_grammar_processes(1);
    b->share_caches_with(*a);
    std::vector<std::vector<std::vector<int>>> got_a, got_b;
    std::thread t1([&] { got_a = verdicts(*a, true); }), t2([&] { got_b = verdicts(*b, false); });
    t1.join(), t2.join();
    EXPECT_EQ(got_a, expect_true);
    EXPECT_EQ(got_b, expect_false);
  }
  // Both morphologies gone: the grammar processes have ended and been waited for.
  errno = 0;
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

// A grammar process that dies is an error that names it (exit 1), not a hang or a silence.
TEST(Morphology, AGrammarProcessThatDiesIsAnError) {
  NEED_MORPHOLOGY();
  // As in the tools (cli::run): a write to the dead process's pipe is EPIPE, not a signal. Without
  // this the test died of SIGPIPE whenever the process was gone before the sentence was sent (a
  // loaded machine, under the sanitizers), and passed when the sentence reached the pipe first.
  std::signal(SIGPIPE, SIG_IGN);
  auto m = Morphology::load(kDir);
  m->fork_grammar_processes(1);
  std::ifstream children("/proc/self/task/" + std::to_string(::getpid()) + "/children");
  long pid = 0;
  if (!(children >> pid) || pid <= 0) GTEST_SKIP() << "/proc does not list this process's children";
  ASSERT_EQ(::kill(static_cast<pid_t>(pid), SIGKILL), 0);
  std::vector<Cohort> s = {{"ayer", &m->analyse("ayer")}, {"cantamos", &m->analyse("cantamos")}, {".", &m->analyse(".")}};
  try {
    m->disambiguate(s);
    FAIL() << "no error";
  } catch (const qda::IoError& e) {
    EXPECT_NE(e.message().find("ended before answering (killed by signal 9)"), std::string::npos) << e.message();
  }
}

// A long answer with no full stop: the grammar reads it in overlapping pieces, and every
// stretch of it is rewritten as the same words are alone.
TEST(Rewrite, ALongRunOnSentenceIsReadInPieces) {
  NEED_MORPHOLOGY();
  // The grammar reads "registro" after "que" as a verb and "bajo" before "la lluvia" as a
  // preposition.
  const std::string piece = "me dijeron que registro los datos y bajo la lluvia llegamos tarde";
  const std::string one = "le dijeron que registra los datos y bajo la lluvia llegaron tarde";
  EXPECT_EQ(tp(piece), one);
  std::string text, want;
  for (int k = 0; k < 120; ++k) {  // some 1,300 words in one sentence, many of them the grammar's
    if (k) text += ", ", want += ", ";
    text += piece, want += one;
  }
  EXPECT_EQ(tp(text), want);
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
  // Unknown gender: the neutral role noun, or the codebook's, and the clitics agree with it.
  EXPECT_EQ(tp("Yo fui", Gender::unknown), "La persona participante fue");
  {
    qda::model::Roles roles{"la enfermera", "el enfermero", "el personal de enfermería", false};
    Rewriter rw(*morph(), roles);
    EXPECT_EQ(rw.rewrite("Yo fui", Gender::unknown).third_person, "El personal de enfermería fue");
    EXPECT_EQ(rw.rewrite("Me llamaron", Gender::unknown).third_person, "Lo llamaron");
    EXPECT_EQ(tp("Me llamaron", Gender::unknown), "La llamaron");
  }
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

TEST(Rewrite, HabitsAreToldInThePresent) {
  NEED_MORPHOLOGY();
  EXPECT_EQ(tp("Cada semana revisamos las evidencias."), "Cada semana revisan las evidencias.");
  EXPECT_EQ(tp("Todos los días compartimos materiales."), "Todos los días comparten materiales.");
  EXPECT_EQ(tp("Siempre trabajamos por proyectos."), "Siempre trabajan por proyectos.");
  EXPECT_EQ(tp("Nos reunimos cada quince días."), "Se reúnen cada quince días.");
  EXPECT_EQ(tp("Hoy en día seguimos el programa."), "Hoy en día siguen el programa.");
  // "cada" of people is no habit; "todavía no" goes with a Mexican preterite.
  EXPECT_EQ(tp("Cada maestro eligió un tema y revisamos los planes."),
            "Cada maestro eligió un tema y revisaron los planes.");
  EXPECT_EQ(tp("Todavía no terminamos el informe."), "Todavía no terminaron el informe.");
  // A past told around it, or an imperfect beside it, makes it a past.
  EXPECT_EQ(tp("Me dijo que sí. Platicamos varias veces, cada semana."),
            "Le dijo que sí. Platicaron varias veces, cada semana.");
  EXPECT_EQ(tp("Nos quedábamos, bueno, nos quedamos los jueves."),
            "Se quedaban, bueno, se quedaron los jueves.");
}

TEST(Rewrite, TenseFromTheVerbsAround) {
  NEED_MORPHOLOGY();
  // A future looks from the present; a subjunctive follows its clause; an imperative reading
  // ("funciona") is no rival.
  EXPECT_EQ(tp("Le diré a la supervisora que necesitamos tiempo."), "Le dirá a la supervisora que necesitan tiempo.");
  EXPECT_EQ(tp("Cuando algo no funciona, decidimos juntos."), "Cuando algo no funciona, deciden juntos.");
  // "Hoy" yields to an imperfect that sets a past scene, not to a present beside it.
  EXPECT_EQ(tp("Hoy llegamos temprano y ya nos esperaba el director."),
            "Hoy llegaron temprano y ya los esperaba el director.");
  EXPECT_EQ(tp("Antes se hablaba de evaluar y ahora se habla de acompañar, pero seguimos igual."),
            "Antes se hablaba de evaluar y ahora se habla de acompañar, pero siguen igual.");
}

// Without the grammar, the word before settles a noun-or-verb form: an article or a possessive
// the noun, "no" or a clitic the verb; "se" does not make "quedo" a first person (a third person
// written without its accent), nor does "nosotras" make "como" a verb. The grammar over every
// sentence (Grammar::always) rewrites them alike.
TEST(Rewrite, TheWordBeforeSettlesNounOrVerb) {
  NEED_MORPHOLOGY();
  const std::pair<const char*, const char*> cases[] = {
      {"Mi trabajo es difícil y no trabajo los sábados.", "Su trabajo es difícil y no trabaja los sábados."},
      {"Cuando vimos el video se quedo callado.", "Cuando vieron el video se quedo callado."},
      {"Nos falta formación a nosotras como asesoras.", "Les falta formación a ellas como asesoras."},
      {"Ayer revisamos el archivo.", "Ayer revisaron el archivo."},
  };
  for (const auto& [in, out] : cases) {
    EXPECT_EQ(tp(in), out) << in;
    Rewriter always(*morph(), qda::model::default_roles("es"), Grammar::always);
    EXPECT_EQ(always.rewrite(in, Gender::f).third_person, out) << in;
  }
}

TEST(Rewrite, SayingVerbBeforeAColonIsRewritten) {
  NEED_MORPHOLOGY();
  EXPECT_EQ(tp("Y después pensé: bueno, vamos a intentarlo."), "Y después pensó: bueno, vamos a intentarlo.");
  EXPECT_EQ(tp("Entonces dije: aquí hay algo."), "Entonces dijo: aquí hay algo.");
}

TEST(Rewrite, DirectOrIndirectObject) {
  NEED_MORPHOLOGY();
  // No direct object after the verb: the person is it.
  EXPECT_EQ(tp("La maestra me abrazó al final."), "La maestra la abrazó al final.");
  EXPECT_EQ(tp("Me mandaron a una zona lejana.", Gender::m), "Lo mandaron a una zona lejana.");
  EXPECT_EQ(tp("La reforma nos dejó sin rumbo.", Gender::m), "La reforma los dejó sin rumbo.");
  EXPECT_EQ(tp("Creí que no iba a venir, pero me sorprendió.", Gender::m),
            "Creyó que no iba a venir, pero lo sorprendió.");
  // A direct object after it (a noun phrase, "que", an infinitive, quoted words): dative.
  EXPECT_EQ(tp("Me mandaron un oficio."), "Le mandaron un oficio.");
  EXPECT_EQ(tp("En esa época nos cambiaron el modelo."), "En esa época les cambiaron el modelo.");
  EXPECT_EQ(tp("Me tocó acompañar a una maestra."), "Le tocó acompañar a una maestra.");
  EXPECT_EQ(tp("La maestra me puso: «escuche esto»."), "La maestra le puso: «escuche esto».");
  EXPECT_EQ(tp("La maestra me confesó en la reunión: «tengo miedo»."), "La maestra le confesó en la reunión: «tengo miedo».");
  EXPECT_EQ(tp("Me dejó claro que no quería asesoría."), "Le dejó claro que no quería asesoría.");
  // Through auxiliaries to the verb that takes the clitic.
  EXPECT_EQ(tp("La directora ya me estaba esperando en la puerta."), "La directora ya la estaba esperando en la puerta.");
  // A verb of personal object keeps it when a noun phrase of its number (its subject) or a
  // bare noun (what the person is made) follows.
  EXPECT_EQ(tp("Me nombraron asesor.", Gender::m), "Lo nombraron asesor.");
  // Idioms and "se me": dative.
  EXPECT_EQ(tp("Me llamó la atención."), "Le llamó la atención.");
  EXPECT_EQ(tp("Me hizo falta tiempo."), "Le hizo falta tiempo.");
  EXPECT_EQ(tp("Se me hizo difícil."), "Se le hizo difícil.");
  // A relative before the clitic: the thing sent, or a thing as subject.
  EXPECT_EQ(tp("Reviso los planes que me mandan."), "Revisa los planes que le mandan.");
  EXPECT_EQ(tp("Lo que más me sorprendió fue su actitud.", Gender::m), "Lo que más le sorprendió fue su actitud.");
  EXPECT_EQ(tp("Fue la pandemia que nos alejó de las escuelas.", Gender::m),
            "Fue la pandemia que los alejó de las escuelas.");
}

TEST(Rewrite, ReflexiveOrObjectWithSyncreticVerbs) {
  NEED_MORPHOLOGY();
  EXPECT_EQ(tp("Me preocupaba que el maestro se sintiera vigilado.", Gender::m),
            "Le preocupaba que el maestro se sintiera vigilado.");
  EXPECT_EQ(tp("Me preocupaba por los niños."), "Se preocupaba por los niños.");
  EXPECT_EQ(tp("Me daba miedo que me rechazara."), "Le daba miedo que la rechazara.");
  EXPECT_EQ(tp("Me daba cuenta de todo."), "Se daba cuenta de todo.");
  EXPECT_EQ(tp("Le pedí al director que me diera la lista.", Gender::m), "Le pidió al director que le diera la lista.");
  EXPECT_EQ(tp("Me había preparado para la reunión."), "Se había preparado para la reunión.");
  EXPECT_EQ(tp("Me había olvidado de la fecha."), "Se había olvidado de la fecha.");
  EXPECT_EQ(tp("Le conté que a mí me había pasado lo mismo."), "Le contó que a ella le había pasado lo mismo.");
  EXPECT_EQ(tp("No me quedaba tiempo."), "No le quedaba tiempo.");
  EXPECT_EQ(tp("Me quedaba en la escuela."), "Se quedaba en la escuela.");
  EXPECT_EQ(tp("Me pasaba las noches revisando."), "Se pasaba las noches revisando.");
  EXPECT_EQ(tp("Me iba bien."), "Le iba bien.");
  EXPECT_EQ(tp("Me hacía falta conocer la comunidad.", Gender::m), "Le hacía falta conocer la comunidad.");
}

TEST(Rewrite, SubjectOfAnInfinitive) {
  NEED_MORPHOLOGY();
  // The participant as the object of the verb before it is the infinitive's subject.
  EXPECT_EQ(tp("Una maestra me convenció de quedarme."), "Una maestra la convenció de quedarse.");
  EXPECT_EQ(tp("Me mandaron un oficio para presentarme."), "Le mandaron un oficio para presentarse.");
  EXPECT_EQ(tp("La pandemia nos obligó a reinventarnos.", Gender::m), "La pandemia los obligó a reinventarse.");
  // ... but not of a purpose clause of someone else's doing.
  EXPECT_EQ(tp("El director me buscó para pedirme ayuda."), "El director la buscó para pedirle ayuda.");
  // No other subject in sight: the speaker's own doing.
  EXPECT_EQ(tp("Y la falta de recursos para trasladarnos."), "Y la falta de recursos para trasladarse.");
  // "para" is not the verb parar, and the search for a verb stops at the clause.
  EXPECT_EQ(tp("Que nos den recursos para movernos."), "Que les den recursos para moverse.");
  EXPECT_EQ(tp("Gracias por tomarnos en cuenta, porque a veces sentimos que no.", Gender::m),
            "Gracias por tomarlos en cuenta, porque a veces sienten que no.");
}

TEST(Rewrite, GroupGenderOnlyWhenTheTextSaysIt) {
  NEED_MORPHOLOGY();
  EXPECT_EQ(tp("A las asesoras nos capacitaron."), "A las asesoras las capacitaron.");
  EXPECT_EQ(tp("Es importante que nos vean como compañeras."), "Es importante que las vean como compañeras.");
  EXPECT_EQ(tp("La supervisora vino a acompañarnos a mi compañera y a mí."),
            "La supervisora vino a acompañarlas a su compañera y a ella.");
  EXPECT_EQ(tp("Ahora visitamos las escuelas solo cuando nos llaman."),
            "Ahora visitan las escuelas solo cuando los llaman.");
}

TEST(Rewrite, VerbOrNounAndHomographs) {
  NEED_MORPHOLOGY();
  // A bare noun does not open a clause: the verb.
  EXPECT_EQ(tp("Trabajo en la supervisión."), "Trabaja en la supervisión.");
  EXPECT_EQ(tp("Traje unos materiales."), "Trajo unos materiales.");
  EXPECT_EQ(tp("No apoyo esa idea."), "No apoya esa idea.");
  EXPECT_EQ(tp("El trabajo es duro."), "El trabajo es duro.");
  EXPECT_EQ(tp("Y pues... silencio."), "Y pues... silencio.");
  // "vamos" = let's has no third person: the indicative.
  EXPECT_EQ(tp("Vamos a hacer una muestra."), "Van a hacer una muestra.");
  // "siento": sentir, unless a place follows (sentarse).
  EXPECT_EQ(tp("Me siento orgulloso.", Gender::m), "Se siente orgulloso.");
  EXPECT_EQ(tp("Me siento en la silla."), "Se sienta en la silla.");
}

TEST(Meaning, RendersRoleNoun) {
  Meanings m;
  m.add("a", "{rol} acompaña.");
  m.add("b", "Para {rol}, todo cambia.");
  // The neutral default without a codebook's roles.
  EXPECT_EQ(m.render({"a", "b", "a"}, Gender::f), "La participante acompaña. Para la participante, todo cambia.");
  EXPECT_EQ(m.render({"a"}, Gender::m), "El participante acompaña.");
  EXPECT_EQ(m.render({"a"}, Gender::unknown), "La persona participante acompaña.");
  EXPECT_EQ(m.render({"zzz"}, Gender::f), "");
  // The codebook's roles.
  m.set_roles({"la promotora", "el promotor", "la persona promotora", true});
  EXPECT_EQ(m.render({"b", "a"}, Gender::f), "Para la promotora, todo cambia. La promotora acompaña.");
  EXPECT_EQ(m.render({"a"}, Gender::m), "El promotor acompaña.");
  EXPECT_EQ(m.render({"a"}, Gender::unknown), "La persona promotora acompaña.");
}

TEST(Verbs, BuiltInClassesAreLanguageData) {
  const Verbs& v = builtin_verbs();
  EXPECT_TRUE(v.has(VerbClass::accusative, "esperar"));
  EXPECT_TRUE(v.has(VerbClass::dative, "decir"));
  EXPECT_TRUE(v.has(VerbClass::reflexive_infinitive, "trasladar"));
  EXPECT_FALSE(v.has(VerbClass::accusative, "decir"));
  EXPECT_FALSE(v.has(VerbClass::dative, ""));
  for (std::size_t c = 0; c < kVerbClasses; ++c) EXPECT_FALSE(v.lemmas(static_cast<VerbClass>(c)).empty()) << c;
}

TEST(Verbs, ParseNamesFileAndLine) {
  Verbs v = Verbs::parse("# comment\n[saying]\n  decir  contar # tail\n\n[psych]\nasustar\n[saying]\nnarrar decir\n", "v.txt");
  EXPECT_EQ(v.lemmas(VerbClass::saying), (std::vector<std::string>{"contar", "decir", "narrar"}));
  EXPECT_TRUE(v.has(VerbClass::psych, "asustar"));
  EXPECT_FALSE(v.has(VerbClass::psych, "decir"));
  try {
    Verbs::parse("[saying]\ndecir\n[speaking]\n", "v.txt");
    FAIL() << "an unknown class must be refused";
  } catch (const qda::ConfigError& e) {
    EXPECT_EQ(e.describe(), "v.txt:3: unknown verb class 'speaking'");
  }
  EXPECT_THROW(Verbs::parse("decir\n", "v.txt"), qda::ConfigError);
  EXPECT_THROW(Verbs::parse("[saying\n", "v.txt"), qda::ConfigError);
}
