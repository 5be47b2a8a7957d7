// Valence lexicon, DCT smoothing and shape classification of narrative arcs.
#include "synthesize/arc.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/text.hpp"

namespace qda::synthesize {

Lexicon Lexicon::parse(std::string_view text, const std::string& file) {
  Lexicon lx;
  long line_no = 0;
  for (std::string_view line : text::split(text, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view t = text::trim(line);
    if (t.empty() || t[0] == '#') continue;
    auto cols = text::split(line, '\t');
    if (cols.size() < 2) throw ConfigError("expected 'word<TAB>score'", Location{file, line_no, 1});
    std::string word = text::fold(text::trim(cols[0]));
    std::string_view num = text::trim(cols[1]);
    double s = 0;
    auto [ptr, ec] = std::from_chars(num.data(), num.data() + num.size(), s);
    if (ec != std::errc() || ptr != num.data() + num.size() || s < -1 || s > 1)
      throw ConfigError("score must be a number in [-1, 1], got '" + std::string(num) + "'",
                        Location{file, line_no, static_cast<long>(cols[0].size()) + 2});
    if (word.empty() || word == "*") throw ConfigError("empty word", Location{file, line_no, 1});
    if (word.back() == '*') lx.stems_.emplace_back(word.substr(0, word.size() - 1), s);
    else lx.words_[word] = s;
  }
  std::stable_sort(lx.stems_.begin(), lx.stems_.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return lx;
}

Lexicon Lexicon::load(const std::string& path) { return parse(io::read_file(path), path); }

double Lexicon::score(std::string_view w) const {
  if (auto it = words_.find(std::string(w)); it != words_.end()) return it->second;
  for (const auto& [stem, s] : stems_)
    if (w.size() >= stem.size() && w.compare(0, stem.size(), stem) == 0) return s;
  return 0;
}

double Lexicon::valence(std::string_view t) const {
  double sum = 0;
  int hits = 0;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    double s = score(word);
    if (s != 0) { sum += s; ++hits; }
    word.clear();
  };
  for (std::size_t i = 0; i < t.size();) {
    char32_t c = text::next_cp(t, i);
    if (text::is_word_cp(c)) text::append_utf8(word, text::fold_cp(c));
    else flush();
  }
  flush();
  return hits ? sum / hits : 0;
}

std::vector<double> smooth(const std::vector<double>& x, const ArcParams& p) {
  const std::size_t n = x.size();
  if (n == 0) return {};
  const std::size_t k_max = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, p.low_pass)), n);
  const double pi = std::numbers::pi;
  std::vector<double> coef(k_max, 0.0);  // DCT-II
  for (std::size_t k = 0; k < k_max; ++k)
    for (std::size_t i = 0; i < n; ++i) coef[k] += x[i] * std::cos(pi * k * (2.0 * i + 1) / (2.0 * n));
  std::vector<double> out(static_cast<std::size_t>(std::max(2, p.points)));
  for (std::size_t j = 0; j < out.size(); ++j) {
    // position in unit index space, first unit to last unit
    double t = n == 1 ? 0 : static_cast<double>(j) * (n - 1) / (out.size() - 1);
    double v = coef[0] / n;
    for (std::size_t k = 1; k < k_max; ++k) v += 2.0 / n * coef[k] * std::cos(pi * k * (2.0 * t + 1) / (2.0 * n));
    out[j] = v;
  }
  return out;
}

std::string classify(const std::vector<double>& s, const ArcParams& p) {
  if (s.size() < 2) return "flat";
  auto [lo, hi] = std::minmax_element(s.begin(), s.end());
  double range = *hi - *lo;
  if (range < p.flat) return "flat";
  // Turning points of the series: its ends and every strict change of direction.
  std::vector<double> pts{s.front()};
  int dir = 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    double d = s[i] - s[i - 1];
    int nd = d > 0 ? 1 : d < 0 ? -1 : 0;
    if (nd == 0) continue;
    if (dir != 0 && nd != dir) pts.push_back(s[i - 1]);
    dir = nd;
  }
  pts.push_back(s.back());
  // Drop the smallest movement while it is below the turn threshold: a small end movement is
  // trimmed, a small inner one merges its two neighbours (which then run the same way).
  const double min_move = p.turn * range;
  while (pts.size() > 2) {
    std::size_t at = 0;
    for (std::size_t i = 1; i + 1 < pts.size(); ++i)
      if (std::abs(pts[i + 1] - pts[i]) < std::abs(pts[at + 1] - pts[at])) at = i;
    if (std::abs(pts[at + 1] - pts[at]) >= min_move) break;
    if (at == 0) pts.erase(pts.begin());
    else if (at + 2 == pts.size()) pts.pop_back();
    else pts.erase(pts.begin() + static_cast<long>(at), pts.begin() + static_cast<long>(at) + 2);
  }
  std::string shape;
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
    if (!shape.empty()) shape += '-';
    shape += pts[i + 1] > pts[i] ? "rise" : "fall";
  }
  // More than two turns cannot come out of four DCT terms; keep the first three movements.
  if (std::count(shape.begin(), shape.end(), '-') > 2) shape = shape.substr(0, shape.find('-', shape.find('-', shape.find('-') + 1) + 1));
  return shape.empty() ? "flat" : shape;
}

void shuffle(std::vector<double>& v, std::uint64_t seed) {
  std::uint64_t state = seed;
  auto next = [&state] {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[next() % i]);
}

}  // namespace qda::synthesize
