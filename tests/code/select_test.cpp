// Exclusive dimensions: one code per unit and dimension, the one the episode leans to.
#include "code/select.hpp"

#include <gtest/gtest.h>

namespace c = qda::code;

namespace {
const char* kBook = R"(dimensions:
  - id: contenido
    label: "Contenido"
    exclusive: true
  - id: origen
    label: "Origen"
codes:
  - {id: cont_a, label: "A", dimension: contenido}
  - {id: cont_b, label: "B", dimension: contenido}
  - {id: cont_c, label: "C", dimension: contenido}
  - {id: orig_a, label: "OA", dimension: origen}
  - {id: orig_b, label: "OB", dimension: origen}
  - {id: ctx, label: "Ctx"}
typology:
  - id: ta
    label: "TA"
    dimensions:
      contenido: {cont_a: 1.0, cont_b: 0.3}
      origen: {orig_a: 1.0}
  - id: tb
    label: "TB"
    dimensions:
      contenido: {cont_b: 1.0}
      origen: {orig_b: 1.0}
)";

c::Application app(const std::string& code, const std::string& by = "") {
  c::Application a;
  a.code = code;
  a.by = by.empty() ? "rule:" + code + "#1" : by;
  return a;
}

std::string codes(const std::vector<c::Application>& apps) {
  std::string s;
  for (const auto& a : apps) {
    s += (s.empty() ? "" : " ") + a.code;
    for (const auto& o : a.over) s += ">" + o;
  }
  return s;
}
}  // namespace

TEST(Select, KeepsTheCodeOfTheTypeTheEpisodeLeansTo) {
  auto cb = qda::model::parse_codebook(kBook, "cb.yaml");
  c::Selector sel(cb);
  ASSERT_TRUE(sel.active());
  // The episode leans to tb (orig_b and cont_b in the first unit, orig_b again in the third).
  std::vector<c::Application> u1{app("cont_b"), app("orig_b")}, u2{app("cont_a"), app("cont_b"), app("ctx")},
      u3{app("orig_b"), app("orig_a")};
  EXPECT_EQ(sel.apply({&u1, &u2, &u3}), 1u);
  EXPECT_EQ(codes(u1), "cont_b orig_b");
  EXPECT_EQ(codes(u2), "cont_b>cont_a ctx");  // cont_a set aside, named on cont_b
  EXPECT_EQ(codes(u3), "orig_b orig_a");      // origen is not exclusive
}

TEST(Select, NearUnitsCountMoreThanFarOnes) {
  auto cb = qda::model::parse_codebook(kBook, "cb.yaml");
  c::Selector sel(cb);
  // A story that moves from ta to tb: five units of ta, then six of tb (orig_b), then one more
  // unit. Counted over the whole episode alike, it leans to tb (8 pairs to 6), and the second
  // unit would keep cont_b. A pair d units away counts .35 + .65 * .7^d (1, .805, .669, .573,
  // ...): the second unit, among the ta units, keeps cont_a (ta 4.22, tb 3.93); the last
  // keeps cont_b (ta 2.90, tb 4.81).
  std::vector<std::vector<c::Application>> u(12);
  for (int i : {0, 2, 3, 4}) u[i] = {app("orig_a")};
  for (int i = 5; i < 11; ++i) u[i] = {app("orig_b")};
  u[1] = {app("cont_a"), app("cont_b")};
  u[11] = {app("cont_a"), app("cont_b")};
  std::vector<std::vector<c::Application>*> ep;
  for (auto& x : u) ep.push_back(&x);
  EXPECT_EQ(sel.apply(ep), 2u);
  EXPECT_EQ(codes(u[1]), "cont_a>cont_b");
  EXPECT_EQ(codes(u[11]), "cont_b>cont_a");
}

TEST(Select, TiesGoToMoreApplicationsThenCodebookOrder) {
  auto cb = qda::model::parse_codebook(kBook, "cb.yaml");
  c::Selector sel(cb);
  // Alone in its episode: cont_a (ta) and cont_b (tb) lean equally; cont_b has two applications.
  std::vector<c::Application> u{app("cont_a"), app("cont_b", "rule:cont_b#1"), app("cont_b", "rule:cont_b#2")};
  EXPECT_EQ(sel.apply({&u}), 1u);
  EXPECT_EQ(codes(u), "cont_b>cont_a cont_b");
  // One application each, and cont_c has no type: codebook order decides between a and b
  // (lean 1 each), and cont_c (lean 0) loses to both.
  std::vector<c::Application> v{app("cont_c"), app("cont_b"), app("cont_a")};
  EXPECT_EQ(sel.apply({&v}), 2u);
  EXPECT_EQ(codes(v), "cont_a>cont_b>cont_c");
}

TEST(Select, NothingToDoWithoutExclusiveDimensions) {
  std::string book = kBook;
  book.erase(book.find("    exclusive: true\n"), 20);
  auto cb = qda::model::parse_codebook(book, "cb.yaml");
  c::Selector sel(cb);
  EXPECT_FALSE(sel.active());
  std::vector<c::Application> u{app("cont_a"), app("cont_b")};
  EXPECT_EQ(sel.apply({&u}), 0u);
  EXPECT_EQ(codes(u), "cont_a cont_b");
}

namespace {
// origen (not exclusive) told in its first passage, contenido (exclusive) in its last.
std::string passage_book() {
  std::string book = kBook;
  book.replace(book.find("    label: \"Origen\"\n") + 20, 0, "    passage: first\n");
  book.replace(book.find("    exclusive: true\n") + 20, 0, "    passage: last\n");
  return book;
}
}  // namespace

TEST(Select, FirstPassageKeepsTheFirstRunOfUnitsAndSetsTheRestAside) {
  auto cb = qda::model::parse_codebook(passage_book(), "cb.yaml");
  ASSERT_EQ(cb.dimensions.at(1).passage, c::Dimension::Passage::first);
  c::Selector sel(cb);
  // Origin codes in units 2, 3 (a run), then again in 5: the run stays, unit 5's goes aside
  // with the passage it is outside of. Unit 1 has none; ctx is of no dimension and stays.
  std::vector<std::vector<c::Application>> u(5), aside(5);
  u[1] = {app("orig_a")};
  u[2] = {app("orig_b"), app("ctx")};
  u[4] = {app("ctx"), app("orig_a", "rule:orig_a#2"), app("orig_b")};
  std::vector<std::vector<c::Application>*> ep, out;
  for (std::size_t i = 0; i < u.size(); ++i) ep.push_back(&u[i]), out.push_back(&aside[i]);
  EXPECT_EQ(sel.apply(ep, nullptr, &out), 2u);
  EXPECT_EQ(codes(u[1]), "orig_a");
  EXPECT_EQ(codes(u[2]), "orig_b ctx");
  EXPECT_EQ(codes(u[4]), "ctx");
  ASSERT_EQ(aside[4].size(), 2u);
  EXPECT_EQ(aside[4][0].by, "rule:orig_a#2");
  EXPECT_EQ(aside[4][0].passage, c::Dimension::Passage::first);
  EXPECT_EQ(aside[4][1].code, "orig_b");
  for (int i : {0, 1, 2, 3}) EXPECT_TRUE(aside[i].empty()) << i;
}

TEST(Select, LastPassageComesAfterTheChoiceWithinTheDimension) {
  auto cb = qda::model::parse_codebook(passage_book(), "cb.yaml");
  c::Selector sel(cb);
  // contenido is exclusive and told last: the choice first (unit 4 keeps cont_b, the episode
  // leaning to tb), then only the last run (units 3, 4) keeps its codes; unit 1's goes.
  std::vector<std::vector<c::Application>> u(4), aside(4);
  u[0] = {app("cont_b"), app("orig_b")};
  u[2] = {app("cont_b")};
  u[3] = {app("cont_a"), app("cont_b")};
  std::vector<std::vector<c::Application>*> ep, out;
  for (std::size_t i = 0; i < u.size(); ++i) ep.push_back(&u[i]), out.push_back(&aside[i]);
  EXPECT_EQ(sel.apply(ep, nullptr, &out), 2u);
  EXPECT_EQ(codes(u[0]), "orig_b");
  EXPECT_EQ(codes(aside[0]), "cont_b");
  EXPECT_EQ(aside[0][0].passage, c::Dimension::Passage::last);
  EXPECT_EQ(codes(u[2]), "cont_b");
  EXPECT_EQ(codes(u[3]), "cont_b>cont_a");
}

TEST(Select, AnotherSpeakerNeitherJoinsNorBreaksARun) {
  auto cb = qda::model::parse_codebook(passage_book(), "cb.yaml");
  c::Selector sel(cb);
  // Units 0 and 2 tell the origin, with the interviewer's turn (unit 1) between them: one run,
  // both stay. Unit 4 comes after a participant unit without it: set aside.
  std::vector<std::vector<c::Application>> u(5);
  u[0] = {app("orig_a")};
  u[2] = {app("orig_a")};
  u[4] = {app("orig_a")};
  std::vector<std::vector<c::Application>*> ep;
  for (auto& x : u) ep.push_back(&x);
  const std::vector<bool> participant{true, false, true, true, true};
  EXPECT_EQ(sel.apply(ep, &participant), 1u);
  EXPECT_EQ(codes(u[2]), "orig_a");
  EXPECT_EQ(codes(u[4]), "");
  // Without the speakers, unit 1 is a participant unit with no origin, and breaks the run.
  u[2] = {app("orig_a")}, u[4] = {app("orig_a")};
  EXPECT_EQ(sel.apply(ep), 2u);
  EXPECT_EQ(codes(u[2]), "");
}

// A code with sets_aside, where the choices leave it on a unit, moves the unit's codes of those
// dimensions aside, naming itself; where the choice within its own dimension removed it, it
// sets nothing aside.
TEST(Select, AKeptCodeSetsItsDimensionsAside) {
  auto cb = qda::model::parse_codebook(R"(dimensions:
  - {id: contenido, label: "Contenido", exclusive: true}
  - {id: origen, label: "Origen", exclusive: true}
codes:
  - {id: cont_a, label: "A", dimension: contenido}
  - {id: orig_a, label: "OA", dimension: origen}
  - {id: orig_b, label: "OB", dimension: origen, sets_aside: [contenido]}
  - {id: ctx, label: "Ctx"}
typology:
  - id: ta
    label: "TA"
    dimensions: {contenido: {cont_a: 1.0}, origen: {orig_a: 1.0}}
  - id: tb
    label: "TB"
    dimensions: {origen: {orig_b: 1.0}}
)", "cb.yaml");
  c::Selector sel(cb);
  ASSERT_TRUE(sel.active());
  std::vector<std::vector<c::Application>> u(3), aside(3);
  u[0] = {app("orig_a"), app("cont_a")};
  u[1] = {app("orig_a"), app("orig_b"), app("cont_a")};  // orig_b loses to orig_a: cont_a stays
  u[2] = {app("cont_a"), app("orig_b"), app("ctx")};     // orig_b alone: cont_a goes, ctx stays
  std::vector<std::vector<c::Application>*> ep, out;
  for (std::size_t i = 0; i < u.size(); ++i) ep.push_back(&u[i]), out.push_back(&aside[i]);
  EXPECT_EQ(sel.apply(ep, nullptr, &out), 2u);
  EXPECT_EQ(codes(u[0]), "orig_a cont_a");
  EXPECT_EQ(codes(u[1]), "orig_a>orig_b cont_a");
  EXPECT_TRUE(aside[1].empty());
  EXPECT_EQ(codes(u[2]), "orig_b ctx");
  ASSERT_EQ(codes(aside[2]), "cont_a");
  EXPECT_EQ(aside[2][0].beside, "orig_b");
  EXPECT_EQ(aside[2][0].passage, c::Dimension::Passage::any);
}
