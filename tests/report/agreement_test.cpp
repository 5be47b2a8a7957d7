// Agreement coefficients against published values.
#include "report/agreement.hpp"

#include <gtest/gtest.h>

using qda::report::Matrix;
namespace c = qda::report;

namespace {
// Rows are units; columns coders. 0 = missing in the literal tables below.
Matrix by_coder(const std::vector<std::vector<int>>& coders) {
  Matrix m(coders[0].size(), std::vector<std::optional<int>>(coders.size()));
  for (std::size_t c = 0; c < coders.size(); ++c)
    for (std::size_t u = 0; u < coders[c].size(); ++u)
      if (coders[c][u] != 0) m[u][c] = coders[c][u];
  return m;
}
// A 2x2 contingency table (yes/yes, yes/no, no/yes, no/no) as a matrix of two coders.
Matrix table(int yy, int yn, int ny, int nn) {
  Matrix m;
  auto add = [&](int n, int a, int b) { for (int i = 0; i < n; ++i) m.push_back({a, b}); };
  add(yy, 1, 1), add(yn, 1, 2), add(ny, 2, 1), add(nn, 2, 2);
  return m;
}
}  // namespace

// Krippendorff (2011), "Computing Krippendorff's alpha-reliability", example C: 4 observers,
// 12 units, values 1-5, missing data. Nominal alpha = 0.743.
TEST(Agreement, KrippendorffFourCodersMissing) {
  Matrix m = by_coder({{1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0},
                       {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3},
                       {0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0},
                       {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0}});
  ASSERT_TRUE(c::krippendorff_alpha_nominal(m));
  EXPECT_NEAR(*c::krippendorff_alpha_nominal(m), 0.743, 0.0005);
}

// Krippendorff (2011), example A: binary data, two observers, ten units. alpha = 0.095.
TEST(Agreement, KrippendorffBinaryTwoCoders) {
  Matrix m = by_coder({{2, 1, 2, 2, 2, 2, 2, 2, 1, 2}, {1, 1, 1, 2, 2, 1, 2, 2, 2, 2}});
  EXPECT_NEAR(*c::krippendorff_alpha_nominal(m), 0.095, 0.0005);
  EXPECT_NEAR(*c::percent_agreement(m), 0.6, 1e-12);
}

// Wikipedia, "Cohen's kappa": the 50 grant proposals (0.40) and the two tables with the same
// 60 % agreement (0.1304 and 0.2593).
TEST(Agreement, CohenKappaWikipedia) {
  EXPECT_NEAR(*c::cohen_kappa(table(20, 5, 10, 15)), 0.40, 1e-9);
  EXPECT_NEAR(*c::cohen_kappa(table(45, 15, 25, 15)), 0.1304, 0.00005);
  EXPECT_NEAR(*c::cohen_kappa(table(25, 35, 5, 35)), 0.2593, 0.00005);
}

TEST(Agreement, UndefinedCases) {
  EXPECT_FALSE(c::krippendorff_alpha_nominal(Matrix{}));
  EXPECT_FALSE(c::krippendorff_alpha_nominal(by_coder({{1, 1}, {1, 1}})));  // one category
  EXPECT_FALSE(c::percent_agreement(by_coder({{1, 0}, {0, 1}})));           // nothing pairable
}

TEST(Agreement, TablePerCodeAndOverall) {
  std::vector<c::CodedUnit> d = {{"u1", "ana", {"a"}}, {"u1", "luis", {"a"}}, {"u2", "ana", {"b"}},
                                 {"u2", "luis", {}},    {"u3", "ana", {"a"}}};  // u3: one coder only
  auto t = c::agreement(d, {"a", "b"});
  ASSERT_EQ(t.per_code.size(), 2u);
  EXPECT_EQ(t.per_code[0].units, 2);
  EXPECT_NEAR(*t.per_code[0].percent, 1.0, 1e-12);
  EXPECT_NEAR(*t.per_code[1].percent, 0.5, 1e-12);
  EXPECT_EQ(t.overall.units, 4);
  EXPECT_NEAR(*t.overall.percent, 0.75, 1e-12);
  EXPECT_NE(t.unit_of_analysis.find("2 units"), std::string::npos);
}
