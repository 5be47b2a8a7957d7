// The learnt model: its features, training that learns and is the same every time, the model
// file read back to the same model, and the choice of what to code next.
#include "code/learn.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"

namespace c = qda::code;

namespace {
c::UnitView view(const char* text, std::size_t offset = 0) {
  c::UnitView v{};
  v.text = text;
  v.offset = offset;
  v.category = "anecdota";
  return v;
}

std::vector<std::string> names(const std::vector<c::Feature>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(f.name);
  return out;
}

// A toy study: units about reading are "lectura", units about money "dinero".
struct Toy {
  c::Model m;
  std::vector<c::Example> data;
  Toy() {
    m.codes = {"lectura", "dinero"};
    m.language = "es";
    c::Featurizer fz("es");
    const char* reading[] = {"Los niños leían mejor los cuentos.", "Leímos cuentos en voz alta.",
                             "La lectura de cuentos mejoró.", "Los cuentos les gustaban para leer."};
    const char* money[] = {"No había dinero para el transporte.", "Pagamos el transporte con nuestro dinero.",
                           "El dinero no alcanzaba.", "Faltaba dinero para pagar."};
    auto add = [&](const char* t, int code) {
      c::Example ex;
      ex.labels = {static_cast<std::int8_t>(code == 0), static_cast<std::int8_t>(code == 1)};
      for (const auto& f : fz.extract(view(t), {}, 0, 1)) ex.features.push_back(m.intern(f.name));
      std::sort(ex.features.begin(), ex.features.end());
      data.push_back(ex);
    };
    for (const char* t : reading) add(t, 0);
    for (const char* t : money) add(t, 1);
  }
};
// A training example of a unit with this text, labels (per code) and episode.
c::Example example(c::Model& m, c::Featurizer& fz, const char* text, std::vector<std::int8_t> labels, int episode) {
  c::Example ex;
  ex.labels = std::move(labels);
  ex.episode = episode;
  for (const auto& f : fz.extract(view(text), {}, 0, 1)) ex.features.push_back(m.intern(f.name));
  std::sort(ex.features.begin(), ex.features.end());
  return ex;
}
}  // namespace

TEST(Learn, FeaturesNameStemsPairsRulesAndPlace) {
  c::Featurizer fz("es");
  std::vector<c::Application> rules(1);
  rules[0].code = "apoyo";
  rules[0].by = "rule:apoyo#1";
  const auto& fs = fz.extract(view("Leímos juntas, y leímos.", 10), rules, 0.0, 0.0);
  EXPECT_EQ(names(fs), (std::vector<std::string>{"word:leim", "word:junt", "pair:leim junt", "word:y", "pair:y leim",
                                                 "rule:apoyo", "category:anecdota", "place:first"}));
  // A text feature keeps its first place, in doc code points; punctuation breaks a pair.
  EXPECT_TRUE(fs[0].in_text);
  EXPECT_EQ(fs[0].start, 10u);
  EXPECT_EQ(fs[0].end, 16u);
  EXPECT_EQ(fs[2].start, 10u);
  EXPECT_EQ(fs[2].end, 23u);
  EXPECT_FALSE(fs[5].in_text);
  // The only unit of its episode says nothing of its place.
  EXPECT_EQ(names(fz.extract(view("Sí."), {}, 0.0, 1.0)).back(), "category:anecdota");
}

TEST(Learn, LearnsTheToyStudyTheSameWayEveryTime) {
  Toy a, b;
  a.m.train(a.data, {});
  b.m.train(b.data, {});
  EXPECT_EQ(a.m.weights, b.m.weights);
  EXPECT_EQ(a.m.bias, b.m.bias);
  c::Featurizer fz("es");
  std::vector<float> p;
  a.m.predict(fz.extract(view("Leyeron tres cuentos."), {}, 0, 1), p);
  EXPECT_GT(p[0], 0.5f);
  EXPECT_LT(p[1], p[0]);
  const auto& money = fz.extract(view("Sin dinero no hay transporte."), {}, 0, 1);
  a.m.predict(money, p);
  EXPECT_GT(p[1], 0.5f);
  EXPECT_LT(p[0], p[1]);
  auto top = a.m.top_features(money, 1, 3);
  ASSERT_FALSE(top.empty());
  EXPECT_EQ(top[0]->name.rfind("word:", 0), 0u);
  // Another seed: another order of the examples, other weights.
  Toy d;
  c::LearnOptions o;
  o.seed = 7;
  d.m.train(d.data, o);
  EXPECT_NE(d.m.weights, a.m.weights);
}

TEST(Learn, AModelReadBackIsTheSameModel) {
  Toy t;
  c::LearnOptions o;
  o.name = "toy";
  t.m.train(t.data, o);
  t.m.coded = {{"E1.u002", {1}}, {"E1.u001", {0, 1}}, {"E2.u001", {}}};
  qda::model::Codebook cb = qda::model::parse_codebook(
      "language: es\ncodes:\n  - id: lectura\n    label: L\n  - id: dinero\n    label: D\n", "t.yaml");
  auto path = (std::filesystem::temp_directory_path() / "qda-learn-test.model").string();
  t.m.save(path);
  c::Model back = c::Model::load(path, cb);
  std::remove(path.c_str());
  EXPECT_EQ(back.name, "toy");
  EXPECT_EQ(back.codes, t.m.codes);
  EXPECT_EQ(back.bias, t.m.bias);
  EXPECT_EQ(back.coded, t.m.coded);  // the units a person coded, each with its codes ("-": none)
  c::Featurizer fz("es");
  for (const char* s : {"Leyeron tres cuentos.", "Sin dinero no hay transporte.", "Nada que ver."}) {
    std::vector<float> p, q;
    const auto& fs = fz.extract(view(s), {}, 0, 1);
    t.m.predict(fs, p);
    back.predict(fs, q);
    EXPECT_EQ(p, q) << s;
  }
}

// Coding reads a unit's features as the model knows them, without their names: the same
// features in the same order, each once, and the same scores as from extract()'s names — over
// units that repeat words and pairs, share them with units before, and carry rules' codes.
TEST(Learn, KnownFeaturesAreTheNamedOnes) {
  Toy t;
  t.m.train(t.data, {});
  t.m.intern("rule:dinero"), t.m.idf.push_back(2.0f);  // a rule's code the model knows
  t.m.weights.resize(t.m.features.size() * t.m.classes(), 0.5f);
  c::Featurizer named("es"), fast("es");
  std::vector<c::Application> rules(3), before(1);
  rules[0].code = "dinero", rules[0].by = "rule:dinero#1";
  rules[1].code = "dinero", rules[1].by = "rule:dinero#2";
  rules[2].code = "lectura", rules[2].by = "human:ana";
  before[0].code = "lectura", before[0].by = "rule:lectura#1";
  const char* units[] = {"Los cuentos, los cuentos: leímos los cuentos y los cuentos.", "No había dinero; dinero no había.",
                         "Leímos cuentos en voz alta, LEÍMOS cuentos.", "", "¿¿??", "Nada que ver con nada."};
  for (int pass = 0; pass < 2; ++pass)
    for (const char* s : units) {
      const auto& fs = named.extract(view(s), rules, 0.0, 0.5, &before, nullptr);
      std::vector<std::uint32_t> want;
      for (const auto& f : fs) want.push_back(t.m.known(f.name));
      EXPECT_EQ(fast.known(t.m, view(s), rules, 0.0, 0.5, &before, nullptr), want) << s;
      std::vector<float> a, b;
      t.m.scores(fs, a);
      t.m.scores_known(want, b);
      EXPECT_EQ(a, b) << s;
      // Where each was found, and which weighed most: the same features, at the same places.
      ASSERT_EQ(fast.spans().size(), fs.size());
      for (std::size_t i = 0; i < fs.size(); ++i) {
        EXPECT_EQ(fast.spans()[i].in_text, fs[i].in_text) << s << " " << fs[i].name;
        EXPECT_EQ(fast.spans()[i].start, fs[i].start) << s << " " << fs[i].name;
        EXPECT_EQ(fast.spans()[i].end, fs[i].end) << s << " " << fs[i].name;
      }
      for (std::size_t code = 0; code < t.m.codes.size(); ++code) {
        std::vector<std::string> top, top_fast;
        for (const auto* f : t.m.top_features(fs, code, 3)) top.push_back(f->name);
        for (std::size_t i : t.m.top_known(want, code, 3)) top_fast.push_back(t.m.features[want[i] - 1]);
        EXPECT_EQ(top, top_fast) << s;
      }
    }
}

TEST(Learn, SuggestionsSpreadOverDocsAndCodes) {
  std::vector<c::Candidate> cands;
  // Doc A has the three most uncertain units, all about code 0.
  for (int i = 0; i < 3; ++i) cands.push_back({"A.u" + std::to_string(i), "A", "", 0, 0.5, 1.0 - i * 0.01, "", {}});
  cands.push_back({"B.u1", "B", "", 1, 0.6, 0.8, "", {}});
  cands.push_back({"C.u1", "C", "", 2, 0.9, 0.2, "", {}});
  auto pick = c::pick_suggestions(cands, 3);
  ASSERT_EQ(pick.size(), 3u);
  EXPECT_EQ(cands[pick[0]].id, "A.u0");
  EXPECT_EQ(cands[pick[1]].id, "B.u1");  // not A.u1: A and code 0 have one already
  // Asking for more than there are gives them all, each once.
  auto all = c::pick_suggestions(cands, 10);
  EXPECT_EQ(all.size(), cands.size());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::unique(all.begin(), all.end()), all.end());
}

TEST(Learn, SuggestionsWeighTheCodesFewUnitsHave) {
  // Two units as unsure, one of a code with 30 coded examples, one of a code with 2: the rare
  // code's unit is the one to code.
  const std::vector<long> positives{30, 2, 5};
  const double common = c::expected_errors({0.5f, 0.02f, 0.01f}, positives);
  const double rare = c::expected_errors({0.02f, 0.5f, 0.01f}, positives);
  EXPECT_GT(rare, 2 * common);
  // With as many examples of each, it is the sum of min(p, 1 - p), scaled.
  EXPECT_NEAR(c::expected_errors({0.3f, 0.9f}, {4, 4}), (0.3 + 0.1) / 5, 1e-6);
  // A code the file lists no count for counts as unseen.
  EXPECT_NEAR(c::expected_errors({0.4f}, {}), 0.4, 1e-6);
}

TEST(Learn, SuggestionsPreferTypicalUnits) {
  // Words by id: 0-3 are common to most units, 9 and 10 are a unit's own. (With a model the
  // weights are the model's idf, set where the units are scored.)
  auto cand = [](std::string id, std::string doc, std::size_t code, std::vector<std::uint32_t> words) {
    c::Candidate x;
    x.id = std::move(id), x.doc = std::move(doc), x.code = code, x.uncertainty = 0.5;
    for (std::uint32_t w : words) x.words.emplace_back(w, 0.0f);
    return x;
  };
  std::vector<c::Candidate> cands{cand("A.u1", "A", 0, {0, 1, 2}), cand("B.u1", "B", 1, {0, 1, 3}),
                                  cand("C.u1", "C", 2, {1, 2, 3}), cand("D.u1", "D", 3, {0, 2, 3}),
                                  cand("E.u1", "E", 4, {9, 10})};
  // With no model the words weigh their idf among the candidates.
  c::weigh_by_candidates(cands);
  EXPECT_EQ(cands[4].words[0].second, 0.0f);
  EXPECT_NEAR(cands[0].words[0].second, std::log(6.0 / 4.0) + 1, 1e-6);
  const auto t = c::typicality(cands);
  ASSERT_EQ(t.size(), cands.size());
  // The outlier shares no word with anyone (and a word of one unit weighs nothing).
  EXPECT_EQ(t[4], 0.0);
  for (int i = 0; i < 4; ++i) EXPECT_GT(t[i], 0.3) << i;
  // The mean cosine with the others: A and B share two words of three, each word weighing alike.
  EXPECT_NEAR(t[0], (2.0 / 3 + 2.0 / 3 + 2.0 / 3 + 0) / 4, 1e-9);
  // As unsure as the others, the outlier is suggested last, and only when the rest are taken.
  auto pick = c::pick_suggestions(cands, 5);
  ASSERT_EQ(pick.size(), 5u);
  EXPECT_EQ(cands[pick[4]].id, "E.u1");
  // More uncertainty outweighs a little less typicality.
  cands[4].words = {{0, 1.0f}, {9, 0.0f}};
  cands[4].uncertainty = 3.0;
  EXPECT_EQ(cands[c::pick_suggestions(cands, 1)[0]].id, "E.u1");
}

// The classes a codebook's codes share: a dimension's (any of its codes) and a type's (any code
// of its column); a code of a dimension and a type is read also as the unit speaking of its
// dimension in an episode of its type.
TEST(Learn, CodesShareTheirDimensionAndType) {
  qda::model::Codebook cb = qda::model::parse_codebook(
      "language: es\n"
      "dimensions:\n  - {id: origen, label: Origen}\n  - {id: logro, label: Logro}\n"
      "codes:\n"
      "  - {id: o1, label: O1, dimension: origen}\n  - {id: o2, label: O2, dimension: origen}\n"
      "  - {id: l1, label: L1, dimension: logro}\n  - {id: l2, label: L2, dimension: logro}\n"
      "  - {id: ctx, label: C}\n"
      "typology:\n"
      "  - id: t1\n    label: T1\n    dimensions: {origen: {o1: 1.0}, logro: {l1: 1.0}}\n"
      "  - id: t2\n    label: T2\n    dimensions: {origen: {o2: 1.0}, logro: {l2: 1.0}}\n",
      "t.yaml");
  c::Model m;
  m.set_codes(cb);
  m.language = "es";
  EXPECT_EQ(m.codes, (std::vector<std::string>{"o1", "o2", "l1", "l2", "ctx"}));
  EXPECT_EQ(m.shared, (std::vector<std::string>{"dimension:origen", "dimension:logro", "type:t1", "type:t2"}));
  ASSERT_EQ(m.factors.size(), 5u);
  EXPECT_EQ(m.factors[1].dimension, 0);
  EXPECT_EQ(m.factors[1].type, 3);
  EXPECT_EQ(m.factors[4].dimension, -1);
  EXPECT_EQ(m.factors[4].type, -1);
  EXPECT_EQ(m.types, (std::vector<std::uint32_t>{2, 3}));
  // Two episodes: one of each type; the uncoded unit of the second (labels -1) learns only its
  // episode's type.
  c::Featurizer fz("es");
  std::vector<c::Example> data;
  auto add = [&](const char* t, std::vector<std::int8_t> labels, int episode) {
    data.push_back(example(m, fz, t, std::move(labels), episode));
  };
  add("La maestra pidió ayuda con la lectura.", {1, 0, 0, 0, 0}, 0);
  add("Los niños leyeron más cuentos.", {0, 0, 1, 0, 0}, 0);
  add("El director mandó revisar los cuadernos.", {0, 1, 0, 0, 0}, 1);
  add("Nadie sabía qué hacer.", {-1, -1, -1, -1, -1}, 1);
  m.train(data, {});
  ASSERT_EQ(m.bias.size(), 9u);
  ASSERT_EQ(m.weights.size(), m.features.size() * 9u);
  // With the shared evidence weighing (as calibration sets it on enough units), the same scores
  // give a code more in an episode of its type.
  m.shared_a = 1, m.shared_b = 1, m.shared_c = 0;
  std::vector<float> s, p1, p2;
  m.scores(fz.extract(view("Los niños leyeron."), {}, 0, 1), s);
  m.probabilities(s, {0.9f, 0.1f}, p1);
  m.probabilities(s, {0.1f, 0.9f}, p2);
  EXPECT_GT(p1[2], p2[2]);  // l1, of t1
  EXPECT_LT(p1[3], p2[3]);  // l2, of t2
  EXPECT_EQ(p1[4], p2[4]);  // ctx has no type
  // An episode's type: its units' type probabilities, averaged and normalised.
  std::vector<float> q;
  std::vector<float> a(9, -10.0f), b(9, -10.0f);
  a[5 + 2] = 10.0f, b[5 + 2] = 0.0f;  // type:t1 sure in one unit, even in the other
  m.episode_types({&a, &b}, q);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_NEAR(q[0] + q[1], 1.0f, 1e-6);
  EXPECT_GT(q[0], 0.9f);
  // Where a person coded a unit of the episode with o2 (of t2), what they coded outweighs what
  // the model reads: the same scores, and the episode is t2's. A unit with codes of both types
  // counts half in each; a code of no type counts nothing, and the model's reading stands.
  std::vector<float> coded, q2;
  m.add_coded_types({1}, coded);
  EXPECT_EQ(coded, (std::vector<float>{0.0f, 1.0f}));
  m.episode_types({&a, &b}, coded, q2);
  EXPECT_NEAR(q2[0] + q2[1], 1.0f, 1e-6);
  EXPECT_GT(q2[1], 0.6f);
  coded.clear();
  m.add_coded_types({0, 2, 3, 4}, coded);
  EXPECT_EQ(coded, (std::vector<float>{0.5f, 0.5f}));
  coded.clear();
  m.add_coded_types({4}, coded);
  m.episode_types({&a, &b}, coded, q2);
  EXPECT_EQ(q2, q);
  // Read back from its file: the same classes, the same probabilities.
  auto path = (std::filesystem::temp_directory_path() / "qda-learn-shared.model").string();
  m.save(path);
  c::Model back = c::Model::load(path, cb);
  std::remove(path.c_str());
  EXPECT_EQ(back.shared, m.shared);
  EXPECT_EQ(back.types, m.types);
  ASSERT_EQ(back.factors.size(), m.factors.size());
  for (std::size_t k = 0; k < m.factors.size(); ++k) {
    EXPECT_EQ(back.factors[k].dimension, m.factors[k].dimension);
    EXPECT_EQ(back.factors[k].type, m.factors[k].type);
  }
  std::vector<float> s2, p3;
  back.scores(fz.extract(view("Los niños leyeron."), {}, 0, 1), s2);
  back.probabilities(s2, {0.9f, 0.1f}, p3);
  EXPECT_EQ(p1, p3);
}

// The veto level: where a rule fires on units its code does not fit, the model's held-out folds
// are coded better when it sets those hits aside, and it says at which level (kept in its file);
// where the rule is always right, no level helps and there is none.
// An episode's uncoded units learn its type from what its coded units were given: "lluvia", said
// only in units nobody coded, of episodes whose coded units have codes of t2, is read as t2.
TEST(Learn, UncodedUnitsLearnTheirEpisodesType) {
  qda::model::Codebook cb = qda::model::parse_codebook(
      "language: es\n"
      "dimensions:\n  - {id: origen, label: Origen}\n"
      "codes:\n  - {id: o1, label: O1, dimension: origen}\n  - {id: o2, label: O2, dimension: origen}\n"
      "typology:\n"
      "  - id: t1\n    label: T1\n    dimensions: {origen: {o1: 1.0}}\n"
      "  - id: t2\n    label: T2\n    dimensions: {origen: {o2: 1.0}}\n",
      "t.yaml");
  c::Model m;
  m.set_codes(cb);
  m.language = "es";
  c::Featurizer fz("es");
  std::vector<c::Example> data;
  auto add = [&](const char* t, std::vector<std::int8_t> labels, int episode) {
    data.push_back(example(m, fz, t, std::move(labels), episode));
  };
  for (int e = 0; e < 4; ++e) {
    const bool t2 = e % 2 == 1;
    add(t2 ? "La directora pidió otra forma de trabajar." : "La maestra quería mejorar la lectura.",
        t2 ? std::vector<std::int8_t>{0, 1} : std::vector<std::int8_t>{1, 0}, e);
    add(t2 ? "Con la lluvia no llegó nadie." : "Ese día hubo sol en la comunidad.", {-1, -1}, e);
  }
  m.train(data, {});
  const std::uint32_t rain = m.known("word:lluvi");
  ASSERT_GT(rain, 0u) << "an uncoded unit's word is a feature of the model";
  auto weighs = [&](std::size_t type) { return m.weights[(rain - 1) * m.classes() + m.codes.size() + m.types[type]]; };
  EXPECT_GT(weighs(1), 0.0f);        // type:t2
  EXPECT_GT(weighs(1), weighs(0));   // not type:t1
}

TEST(Learn, AVetoLevelOnlyWhereARuleErrs) {
  auto train = [](bool rule_errs, int rounds = 4) {
    c::Model m;
    m.codes = {"lectura", "dinero"};
    m.language = "es";
    c::Featurizer fz("es");
    std::vector<c::Example> data;
    const char* reading[] = {"Los niños leían mejor los cuentos.", "Leímos cuentos en voz alta.",
                             "La lectura de cuentos mejoró.", "Los cuentos les gustaban para leer.",
                             "Cada mañana leíamos un libro.", "La biblioteca del aula creció.",
                             "Escribieron resúmenes de lo leído.", "Los poemas se leían en voz alta."};
    const char* money[] = {"No había dinero para el transporte.", "Pagamos el transporte con nuestro dinero.",
                           "El dinero no alcanzaba.", "Faltaba dinero para pagar.", "Cobraban cuotas a las familias.",
                           "El presupuesto de la escuela era poco.", "Pedimos dinero prestado.", "Los pagos llegaban tarde."};
    std::vector<c::Application> rule(1), none;
    rule[0].code = "lectura";
    rule[0].by = "rule:lectura#1";
    auto add = [&](const char* t, int code, const std::vector<c::Application>& rules) {
      c::Example ex;
      ex.labels = {static_cast<std::int8_t>(code == 0), static_cast<std::int8_t>(code == 1)};
      for (const auto& f : fz.extract(view(t), rules, 0, 1)) ex.features.push_back(m.intern(f.name));
      std::sort(ex.features.begin(), ex.features.end());
      ex.episode = static_cast<std::int32_t>(data.size());
      data.push_back(ex);
    };
    for (int round = 0; round < rounds; ++round) {
      for (const char* t : reading) add(t, 0, rule);
      for (const char* t : money) add(t, 1, rule_errs ? rule : none);
    }
    m.train(data, {});
    return m;
  };
  c::Model errs = train(true), right = train(false);
  // 64 coded units: a veto. From 48 (under kMinVetoUnits) the rules stand, however they err.
  c::Model few = train(true, 3);
  EXPECT_EQ(few.veto, 0);
  EXPECT_EQ(few.veto_threshold, few.threshold);
  EXPECT_GT(errs.veto, 0);
  EXPECT_LT(errs.veto, 0.1);
  EXPECT_GT(errs.veto_threshold, 0);
  EXPECT_LT(errs.veto_threshold, 1);
  EXPECT_EQ(right.veto, 0);
  EXPECT_EQ(right.veto_threshold, right.threshold);
  qda::model::Codebook cb = qda::model::parse_codebook(
      "language: es\ncodes:\n  - id: lectura\n    label: L\n  - id: dinero\n    label: D\n", "t.yaml");
  auto path = (std::filesystem::temp_directory_path() / "qda-learn-veto.model").string();
  errs.save(path);
  c::Model back = c::Model::load(path, cb);
  right.save(path);
  c::Model back_right = c::Model::load(path, cb);
  std::remove(path.c_str());
  EXPECT_DOUBLE_EQ(back.veto, errs.veto);
  EXPECT_DOUBLE_EQ(back.veto_threshold, errs.veto_threshold);
  EXPECT_EQ(back_right.veto, 0);
}

// The veto's level is chosen on the held-out folds from 0.01 up to the threshold it goes with: a
// rule that errs where the model gives its code 0.2 is set aside at 0.25, not at one of the
// small levels (0.01-0.08) that leave its errors standing; and a level that wins on only three
// folds in five is none.
TEST(Learn, TheVetoLevelReachesUpToTheThreshold) {
  auto held = [](int wrong_folds) {
    std::vector<c::HeldOut> h;
    for (int i = 0; i < 50; ++i) {
      const int fold = i % 5;
      h.push_back({0.9f, true, true, fold});                           // a rule's hit, right
      if (fold < wrong_folds) h.push_back({0.2f, false, true, fold});  // a rule's hit, wrong
      h.push_back({0.7f, true, false, fold});                          // the model's, right
      h.push_back({0.05f, false, false, fold});                        // nothing to code
    }
    return h;
  };
  c::Levels all = c::choose_levels(held(5), 5);
  EXPECT_DOUBLE_EQ(all.threshold, 0.1);  // the first of the thresholds that code them best
  EXPECT_DOUBLE_EQ(all.veto, 0.25);
  EXPECT_DOUBLE_EQ(all.veto_threshold, 0.25);
  c::Levels four = c::choose_levels(held(4), 5);
  EXPECT_DOUBLE_EQ(four.veto, 0.25);
  c::Levels three = c::choose_levels(held(3), 5);
  EXPECT_EQ(three.veto, 0);
  EXPECT_DOUBLE_EQ(three.veto_threshold, three.threshold);
}

namespace {
const char* const kAnalyser = "/usr/share/apertium/apertium-spa-cat";
bool has_analyser() { return std::filesystem::exists(std::string(kAnalyser) + "/spa-cat.automorf.bin"); }
}  // namespace

// With lemmas, a word also stands for what Apertium's analyser says it is a form of, where its
// stem does not say it already: "dijo" is decir (its stem dij is not decir's dec), "fue" is ser
// and ir; "decía" (stem dec), "y" and "que" add nothing. Lower-cased, each once, after the word's
// stem and pair, at the word's place.
TEST(Learn, LemmasJoinTheFormsOfAWord) {
  if (!has_analyser()) GTEST_SKIP() << "apertium-spa-cat is not installed";
  c::Featurizer fz("es", kAnalyser);
  const auto& fs = fz.extract(view("Fue y DIJO que decía", 5), {}, 0.0, 1.0);
  const auto n = names(fs);
  auto at = [&](const std::string& f) { return std::find(n.begin(), n.end(), f) - n.begin(); };
  for (const char* f : {"lemma:ser", "lemma:ir", "lemma:decir"}) EXPECT_LT(at(f), static_cast<long>(n.size())) << f;
  for (const char* f : {"lemma:y", "lemma:que"}) EXPECT_EQ(at(f), static_cast<long>(n.size())) << f;
  EXPECT_EQ(std::count(n.begin(), n.end(), "lemma:decir"), 1);
  EXPECT_LT(at("word:dij"), at("lemma:decir"));
  EXPECT_EQ(fs[static_cast<std::size_t>(at("lemma:decir"))].start, 5u + 6u);  // "DIJO", its first form
  // Without the analyser: no lemma features at all.
  c::Featurizer plain("es");
  for (const auto& f : plain.extract(view("Fue y dijo"), {}, 0.0, 1.0)) EXPECT_NE(f.name.rfind("lemma:", 0), 0u);
  // A directory without the analyser is a configuration error naming the file.
  try {
    c::Featurizer bad("es", "/nonexistent");
    FAIL() << "a missing analyser must be refused";
  } catch (const qda::ConfigError& e) {
    EXPECT_NE(e.describe().find("/nonexistent/spa-cat.automorf.bin"), std::string::npos) << e.describe();
  }
}

// known() reads lemmas as extract() names them, in the same order and places.
TEST(Learn, KnownLemmasAreTheNamedOnes) {
  if (!has_analyser()) GTEST_SKIP() << "apertium-spa-cat is not installed";
  Toy t;
  t.m.train(t.data, {});
  for (const char* f : {"lemma:leer", "lemma:ser", "lemma:dinero", "lemma:el"}) t.m.intern(f), t.m.idf.push_back(1.5f);
  t.m.weights.resize(t.m.features.size() * t.m.classes(), 0.5f);
  c::Featurizer named("es", kAnalyser), fast("es", kAnalyser);
  const char* units[] = {"Leímos, leyeron y LEERÁN: fue el dinero.", "El dinero fue; EL DINERO fue.", "", "Nada",
                         "Leímos cuentos en voz alta."};
  std::size_t lemmas_known = 0;
  for (int pass = 0; pass < 2; ++pass)
    for (const char* s : units) {
      const auto& fs = named.extract(view(s), {}, 0.0, 1.0);
      std::vector<std::uint32_t> want;
      for (const auto& f : fs) want.push_back(t.m.known(f.name)), lemmas_known += f.name.rfind("lemma:", 0) == 0 && want.back();
      EXPECT_EQ(fast.known(t.m, view(s), {}, 0.0, 1.0), want) << s;
      ASSERT_EQ(fast.spans().size(), fs.size());
      for (std::size_t i = 0; i < fs.size(); ++i) EXPECT_EQ(fast.spans()[i].start, fs[i].start) << s << " " << fs[i].name;
    }
  EXPECT_EQ(lemmas_known, 2u * 4u);  // per pass: leer, ser; ser; leer (el and dinero are their own stems)
}

// The words are scaled per code by their naive-Bayes log-count ratios (LearnOptions::nb_mix): on
// few codings a word found only with one code leans further to it than with plain features; a
// word found more with the other code keeps leaning away.
TEST(Learn, NaiveBayesRatiosLeanOnTheWordsOfOneCode) {
  auto weight = [](const c::Model& m, const std::string& f, std::size_t code) {
    auto it = m.index.find(f);
    EXPECT_NE(it, m.index.end()) << f;
    return it == m.index.end() ? 0.0f : m.weights[it->second * m.classes() + code];
  };
  Toy plain, nb;
  c::LearnOptions o0;
  o0.nb_mix = 0;
  o0.min_df = 1;
  c::LearnOptions o1 = o0;
  o1.nb_mix = 0.3;
  plain.m.train(plain.data, o0);
  nb.m.train(nb.data, o1);
  // "cuentos" (stem cuent) is in every reading unit and no money unit; "para" in one reading
  // unit and two money units.
  const float only_plain = weight(plain.m, "word:cuent", 0), only_nb = weight(nb.m, "word:cuent", 0);
  EXPECT_GT(only_plain, 0.0f);
  EXPECT_GT(only_nb, 1.2f * only_plain);
  EXPECT_LT(weight(plain.m, "word:par", 0), 0.0f);
  EXPECT_LT(weight(nb.m, "word:par", 0), 0.0f);
  // Both read the toy study right.
  c::Featurizer fz("es");
  std::vector<float> p;
  nb.m.predict(fz.extract(view("Leyeron tres cuentos."), {}, 0, 1), p);
  EXPECT_GT(p[0], p[1]);
}
