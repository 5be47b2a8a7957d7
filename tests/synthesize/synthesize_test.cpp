// Unit tests of lib/synthesize: the typology as synthesis reads it, the arc classifier and the scoring.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "synthesize/arc.hpp"
#include "model/codebook.hpp"

using namespace qda;
using namespace qda::synthesize;

namespace {
const char* kCodebook = R"(dimensions:
  - id: d1
    label: D1
codes:
  - id: a
    label: A
    dimension: d1
    children:
      - id: a_child
        label: A child
typology:
  - id: t
    label: T
    shape: rise
    dimensions:
      d1: {a: 1.0, a_child: 0.5}
)";

std::string shape_of(std::vector<double> v) {
  ArcParams p;
  return classify(smooth(v, p), p);
}
}  // namespace

TEST(Typology, LoadsHierarchyAndWeights) {
  model::Codebook t = model::parse_codebook(kCodebook, "cb.yaml");
  ASSERT_EQ(t.codes.size(), 2u);
  EXPECT_EQ(t.codes[1].parent_index, 0);
  EXPECT_EQ(t.codes[0].dimension_index, 0);
  ASSERT_EQ(t.typology.size(), 1u);
  // a and a_child are alternatives for d1: the best of them counts, not their sum.
  EXPECT_DOUBLE_EQ(t.typology[0].total, 1.0);
  ASSERT_EQ(t.typology[0].group_end.size(), 1u);
  ASSERT_EQ(t.typology[0].weights.size(), 2u);
  EXPECT_EQ(t.typology[0].weights[1].code, 1);
  EXPECT_EQ(t.typology[0].shape, "rise");
}

TEST(Typology, MissingCodeIsPositioned) {
  std::string bad = kCodebook;
  bad.replace(bad.find("a_child: 0.5"), 7, "nochild");
  try {
    model::parse_codebook(bad, "cb.yaml");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.describe(), "cb.yaml:16:20: key 'nochild': unknown code 'nochild' (not defined under codes)");
  }
}

TEST(Typology, UnknownShape) {
  std::string bad = kCodebook;
  bad.replace(bad.find("rise"), 4, "zigzag");
  EXPECT_THROW(model::parse_codebook(bad, "cb.yaml"), ConfigError);
}

TEST(Arc, SixShapesAndFlat) {
  EXPECT_EQ(shape_of({-1, -0.5, 0, 0.5, 1}), "rise");
  EXPECT_EQ(shape_of({1, 0.5, 0, -0.5, -1}), "fall");
  EXPECT_EQ(shape_of({1, 0, -0.5, -1, -0.5, 0, 1}), "fall-rise");
  EXPECT_EQ(shape_of({-1, 0, 0.5, 1, 0.5, 0, -1}), "rise-fall");
  EXPECT_EQ(shape_of({-1, 0, 1, 0.75, 0, -1, -0.5, 0.5, 1}), "rise-fall-rise");
  EXPECT_EQ(shape_of({1, 0, -1, -0.5, 0, 1, 0.5, -0.5, -1}), "fall-rise-fall");
  EXPECT_EQ(shape_of({0.02, -0.01, 0.03, 0}), "flat");
  EXPECT_EQ(shape_of({0.5}), "flat");
  EXPECT_TRUE(smooth({}, ArcParams{}).empty());
}

TEST(Arc, SmallWiggleIsNotATurn) {
  // A rise with a dip of 5 % of its range stays a rise.
  EXPECT_EQ(shape_of({-1, -0.5, -0.55, 0, 0.5, 1}), "rise");
}

TEST(Arc, ShuffleIsDeterministic) {
  std::vector<double> a{1, 2, 3, 4, 5, 6}, b = a;
  shuffle(a, 42);
  shuffle(b, 42);
  EXPECT_EQ(a, b);
  std::sort(a.begin(), a.end());
  EXPECT_EQ(a, (std::vector<double>{1, 2, 3, 4, 5, 6}));
}

TEST(Lexicon, WordsStemsAndFolding) {
  Lexicon lx = Lexicon::parse("# c\nbien\t0.5\nfrustr*\t-0.8\nfrustrante\t-1\n", "lx.tsv");
  EXPECT_DOUBLE_EQ(lx.score("bien"), 0.5);
  EXPECT_DOUBLE_EQ(lx.score("frustrada"), -0.8);
  EXPECT_DOUBLE_EQ(lx.score("frustrante"), -1);
  EXPECT_DOUBLE_EQ(lx.valence("¡BIEN! Pero frustrada."), (0.5 - 0.8) / 2);
  EXPECT_DOUBLE_EQ(lx.valence("nada que ver"), 0);
  // The longest stem that starts a word is its entry; a stem is no word shorter than itself.
  Lexicon st = Lexicon::parse("feli*\t0.5\nfelicid*\t0.9\nf*\t-0.1\nfelicidades\t1\n", "st.tsv");
  EXPECT_DOUBLE_EQ(st.score("felicidad"), 0.9);
  EXPECT_DOUBLE_EQ(st.score("felices"), 0.5);
  EXPECT_DOUBLE_EQ(st.score("felicidades"), 1);
  EXPECT_DOUBLE_EQ(st.score("fin"), -0.1);
  EXPECT_DOUBLE_EQ(st.score("a"), 0);
  Lexicon more = st;  // a copy keeps its own entries
  more.add(Lexicon::parse("felicid*\t0.2\n", "more.tsv"));
  EXPECT_DOUBLE_EQ(more.score("felicidad"), 0.2);
  EXPECT_DOUBLE_EQ(st.score("felicidad"), 0.9);
  EXPECT_THROW(Lexicon::parse("bien\t2\n", "lx.tsv"), ConfigError);
  EXPECT_THROW(Lexicon::parse("bien\tnan\n", "lx.tsv"), ConfigError);  // NaN is not in [-1, 1]
  EXPECT_THROW(Lexicon::parse("bien\tinf\n", "lx.tsv"), ConfigError);
  EXPECT_THROW(Lexicon::parse("bien 0.5\n", "lx.tsv"), ConfigError);
  // Saved in windows-1252 ("ñ" is 0xF1): refused at its line and column, not folded as garbage.
  try {
    Lexicon::parse("bien\t0.5\nda\xF1" "ino\t-0.5\n", "lx.tsv");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.describe(), "lx.tsv:2:3: not UTF-8 (byte 0xF1): save the file as UTF-8 (an editor's 'ANSI' or "
                            "'Western' is windows-1252)");
  }
}

TEST(Lexicon, NegationShiftsTowardsTheOtherPole) {
  Lexicon lx = Lexicon::parse("no\t-0.1\tnegator\nsin\t0\tnegator\npude\t0.2\nbien\t0.5\n"
                              "problema*\t-0.5\nembargo\t0\nmuy\t0.5\tintensifier\n",
                              "lx.tsv");
  EXPECT_NEAR(lx.valence("No pude."), 0.2 - Lexicon::kNegationShift, 1e-12);
  EXPECT_NEAR(lx.valence("sin problemas"), -0.5 + Lexicon::kNegationShift, 1e-12);
  // A clause boundary ends the negation: the negator then speaks for itself.
  EXPECT_NEAR(lx.valence("no, bien"), (-0.1 + 0.5) / 2, 1e-12);
  // Three unknown words and the negator has expired.
  EXPECT_NEAR(lx.valence("no a la de bien"), (-0.1 + 0.5) / 2, 1e-12);
  EXPECT_NEAR(lx.valence("no la de bien"), 0.5 - Lexicon::kNegationShift, 1e-12);
  // A neutral entry takes the negation and counts nothing: "sin embargo" is not a negation.
  EXPECT_NEAR(lx.valence("sin embargo salió bien"), 0.5, 1e-12);
  EXPECT_NEAR(lx.valence("muy bien"), 0.75, 1e-12);
  EXPECT_NEAR(lx.valence("no muy bien"), 0.75 - Lexicon::kNegationShift, 1e-12);
  EXPECT_NEAR(lx.valence("muy, bien"), 0.5, 1e-12);
  EXPECT_THROW(Lexicon::parse("no\t-0.1\tnegador\n", "lx.tsv"), ConfigError);
}

TEST(Arc, SmootherMatchesSmooth) {
  ArcParams p;
  std::vector<double> v{0.1, -0.4, 0.3, 0.2, -0.1, 0.6, 0.0};
  std::vector<double> out;
  Smoother(v.size(), p)(v, out);
  std::vector<double> ref = smooth(v, p);
  ASSERT_EQ(out.size(), ref.size());
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_NEAR(out[i], ref[i], 1e-12);
  // With as many coefficients as units the reconstruction passes through every unit.
  std::vector<double> three{0.2, -0.5, 0.4};
  ArcParams q;
  q.points = 3;
  std::vector<double> s3 = smooth(three, q);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(s3[i], three[i], 1e-12);
}

// The general Spanish lexicon is built in; a study's lexicon adds to it, its entries winning;
// within one file the last entry of a word or stem wins.
TEST(Lexicon, BuiltInAndAdded) {
  Lexicon lx = Lexicon::built_in("es");
  EXPECT_GT(lx.size(), 1000u);
  EXPECT_TRUE(Lexicon::built_in("xx").empty());
  EXPECT_EQ(Lexicon::built_in("es_MX").size(), lx.size());
  EXPECT_GT(lx.valence("me sentí muy feliz y tranquila"), 0.3);
  EXPECT_LT(lx.valence("tenía mucho miedo, fue horrible"), -0.3);
  EXPECT_EQ(lx.valence("la clínica abre a las ocho"), 0.0);
  Lexicon ours = Lexicon::parse("feliz\t-0.5\nvisita*\t0.3\nvisita*\t0.4\n", "ours.tsv");
  EXPECT_DOUBLE_EQ(ours.score("visitamos"), 0.4);
  lx.add(ours);
  EXPECT_DOUBLE_EQ(lx.score("feliz"), -0.5);
  EXPECT_DOUBLE_EQ(lx.score("visitas"), 0.4);
  EXPECT_GT(lx.score("tranquila"), 0.0);  // the built-in entries stay
}

// The shuffled-order control counts shapes by classify_index(); it must name the shape
// classify() names, on every kind of series: smoothed ones of any length, raw ones with ties and
// plateaus (values from a few levels), short and long ones, any threshold.
TEST(Arc, ClassifyIndexIsTheShapeClassifyNames) {
  std::uint64_t state = 7;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  std::size_t seen[std::size(kShapes)] = {};
  for (int trial = 0; trial < 20000; ++trial) {
    ArcParams p;
    p.turn = trial % 3 == 0 ? 0.05 : trial % 3 == 1 ? 0.2 : 0.4;
    p.flat = trial % 5 == 0 ? 0.0 : 0.1;
    const std::size_t n = 1 + next() % (trial % 7 == 0 ? 90 : 25);
    std::vector<double> v(n);
    const int levels = 2 + static_cast<int>(next() % 5);
    for (auto& x : v) x = trial % 2 ? static_cast<double>(next() % 2001) / 1000.0 - 1.0
                                    : static_cast<double>(next() % static_cast<std::uint64_t>(levels)) / (levels - 1) - 0.5;
    std::vector<double> s = trial % 4 == 0 ? v : smooth(v, p);
    const std::size_t got = classify_index(s, p);
    ASSERT_EQ(got, shape_index(classify(s, p))) << "trial " << trial << ", " << n << " values";
    ++seen[got];
  }
  for (std::size_t k = 0; k < std::size(kShapes); ++k) EXPECT_GT(seen[k], 0u) << kShapes[k];
}
