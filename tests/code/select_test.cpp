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
  auto cb = c::parse_codebook(kBook, "cb.yaml");
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
  auto cb = c::parse_codebook(kBook, "cb.yaml");
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
  auto cb = c::parse_codebook(kBook, "cb.yaml");
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
  auto cb = c::parse_codebook(book, "cb.yaml");
  c::Selector sel(cb);
  EXPECT_FALSE(sel.active());
  std::vector<c::Application> u{app("cont_a"), app("cont_b")};
  EXPECT_EQ(sel.apply({&u}), 0u);
  EXPECT_EQ(codes(u), "cont_a cont_b");
}
