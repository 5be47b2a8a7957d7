// Agreement coefficients as published: Cohen (1960), Krippendorff (2011, "Computing
// Krippendorff's alpha-reliability"), with missing values handled by pairability.
#include "report/agreement.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace qda::report {

std::optional<double> percent_agreement(const Matrix& m) {
  double agree = 0, pairs = 0;
  for (const auto& row : m)
    for (std::size_t i = 0; i < row.size(); ++i)
      for (std::size_t j = i + 1; j < row.size(); ++j)
        if (row[i] && row[j]) pairs += 1, agree += *row[i] == *row[j];
  if (pairs == 0) return std::nullopt;
  return agree / pairs;
}

std::optional<double> cohen_kappa(const Matrix& m) {
  std::map<int, double> a, b;
  double n = 0, agree = 0;
  for (const auto& row : m) {
    if (row.size() < 2 || !row[0] || !row[1]) continue;
    n += 1;
    agree += *row[0] == *row[1];
    a[*row[0]] += 1;
    b[*row[1]] += 1;
  }
  if (n == 0) return std::nullopt;
  double pe = 0;
  for (const auto& [k, ca] : a)
    if (auto it = b.find(k); it != b.end()) pe += (ca / n) * (it->second / n);
  double po = agree / n;
  if (pe >= 1) return std::nullopt;
  return (po - pe) / (1 - pe);
}

std::optional<double> krippendorff_alpha_nominal(const Matrix& m) {
  // Coincidences o_ck: every ordered pair of values within a unit, weighted 1/(m_u - 1).
  std::map<std::pair<int, int>, double> o;
  std::map<int, double> nc;
  for (const auto& row : m) {
    std::vector<int> v;
    for (const auto& x : row)
      if (x) v.push_back(*x);
    if (v.size() < 2) continue;
    double w = 1.0 / static_cast<double>(v.size() - 1);
    for (std::size_t i = 0; i < v.size(); ++i)
      for (std::size_t j = 0; j < v.size(); ++j)
        if (i != j) o[{v[i], v[j]}] += w;
  }
  double n = 0;
  for (const auto& [ck, x] : o) nc[ck.first] += x, n += x;
  if (n <= 1 || nc.size() < 2) return std::nullopt;
  double disagree = 0, expected = 0;
  for (const auto& [ck, x] : o)
    if (ck.first != ck.second) disagree += x;
  for (const auto& [c, a] : nc)
    for (const auto& [k, b] : nc)
      if (c != k) expected += a * b;
  return 1.0 - (n - 1) * disagree / expected;
}

AgreementTable agreement(const std::vector<CodedUnit>& data, const std::vector<std::string>& codes,
                         std::vector<std::string> coders) {
  AgreementTable t;
  if (coders.empty()) {
    std::set<std::string> s;
    for (const auto& d : data) s.insert(d.coder);
    coders.assign(s.begin(), s.end());
  }
  t.coders = coders;
  // unit -> coder index -> codes (the unit was seen by that coder)
  std::map<std::string, std::map<std::size_t, std::set<std::string>>> seen;
  for (const auto& d : data) {
    auto it = std::find(coders.begin(), coders.end(), d.coder);
    if (it == coders.end()) continue;
    auto& set = seen[d.unit][static_cast<std::size_t>(it - coders.begin())];
    set.insert(d.codes.begin(), d.codes.end());
  }
  std::vector<std::string> units;
  for (const auto& [u, by] : seen)
    if (by.size() >= 2) units.push_back(u);
  t.unit_of_analysis = "unit x code: whether each coder applied the code to a unit at least two coders coded (" +
                       std::to_string(units.size()) + " units)";
  auto fill = [&](CodeAgreement& row, const Matrix& m) {
    row.units = static_cast<long>(m.size());
    row.percent = percent_agreement(m);
    if (coders.size() == 2) row.kappa = cohen_kappa(m);
    row.alpha = krippendorff_alpha_nominal(m);
  };
  Matrix all;
  for (const auto& code : codes) {
    Matrix m;
    for (const auto& u : units) {
      std::vector<std::optional<int>> row(coders.size());
      for (const auto& [ci, set] : seen[u]) row[ci] = set.count(code) ? 1 : 0;
      m.push_back(row);
      all.push_back(std::move(row));
    }
    CodeAgreement row;
    row.code = code;
    fill(row, m);
    t.per_code.push_back(std::move(row));
  }
  fill(t.overall, all);
  return t;
}

}  // namespace qda::report
