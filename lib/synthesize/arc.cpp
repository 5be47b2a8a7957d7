// Valence lexicon, DCT smoothing and shape classification of narrative arcs.
#include "synthesize/arc.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <numbers>

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/provenance.hpp"
#include "core/sha256.hpp"
#include "core/text.hpp"

namespace qda::synthesize {

Lexicon Lexicon::parse(std::string_view text, const std::string& file) {
  io::require_utf8(text, file);
  Lexicon lx;
  std::map<std::string, Entry> stems;  // sorted: the same order whatever the file's
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
    Entry e;
    auto [ptr, ec] = std::from_chars(num.data(), num.data() + num.size(), e.score);
    if (ec != std::errc() || ptr != num.data() + num.size() || !(e.score >= -1 && e.score <= 1))
      throw ConfigError("score must be a number in [-1, 1], got '" + std::string(num) + "'",
                        Location{file, line_no, static_cast<long>(cols[0].size()) + 2});
    if (word.empty() || word == "*") throw ConfigError("empty word", Location{file, line_no, 1});
    if (cols.size() > 2) {
      std::string_view role = text::trim(cols[2]);
      if (role == "negator") e.role = Role::negator;
      else if (role == "intensifier") e.role = Role::intensifier;
      else if (!role.empty() && role != "valence")
        throw ConfigError("unknown role '" + std::string(role) + "' (expected valence, negator or intensifier)",
                          Location{file, line_no, static_cast<long>(cols[0].size() + cols[1].size()) + 3});
    }
    if (word.back() == '*') stems[word.substr(0, word.size() - 1)] = e;  // the last entry of a stem wins
    else lx.words_[word] = e;
  }
  lx.stems_.assign(stems.begin(), stems.end());
  lx.sort_stems();
  return lx;
}

void Lexicon::sort_stems() {
  std::stable_sort(stems_.begin(), stems_.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  stem_index_.clear(), stem_lengths_.clear();
  for (const auto& [stem, e] : stems_) {
    stem_index_[stem] = e;
    if (stem_lengths_.empty() || stem_lengths_.back() != stem.size()) stem_lengths_.push_back(stem.size());
  }
}

void Lexicon::add(const Lexicon& more) {
  for (const auto& [w, e] : more.words_) words_[w] = e;
  std::map<std::string, Entry> stems(stems_.begin(), stems_.end());
  for (const auto& [s, e] : more.stems_) stems[s] = e;
  stems_.assign(stems.begin(), stems.end());
  sort_stems();
}

Lexicon Lexicon::built_in(const std::string& language) {
  const char* text = embedded_lexicon(language);
  if (!text) return Lexicon{};
  return parse(text, "valence-es.tsv (built in)");
}

Lexicon Lexicon::load(const std::string& path) {
  std::string text = io::read_file(path);
  Lexicon lx = parse(text, path);
  provenance::add_config("lexicon", path, sha256_hex(text));
  return lx;
}

const Lexicon::Entry* Lexicon::find(std::string_view w) const {
  thread_local std::string key;
  key.assign(w);
  if (auto it = words_.find(key); it != words_.end()) return &it->second;
  for (std::size_t n : stem_lengths_) {
    if (n > w.size()) continue;
    key.assign(w.substr(0, n));
    if (auto it = stem_index_.find(key); it != stem_index_.end()) return &it->second;
  }
  return nullptr;
}

double Lexicon::score(std::string_view w) const {
  const Entry* e = find(w);
  return e ? e->score : 0;
}

namespace {
bool ends_clause(char32_t c) {
  switch (c) {
    case U'.': case U',': case U';': case U':': case U'!': case U'?': case U'¡': case U'¿':
    case U'(': case U')': case U'«': case U'»': case U'"': case U'“': case U'”': case U'—':
    case U'…':
      return true;
    default:
      return false;
  }
}
}  // namespace

double Lexicon::valence(std::string_view t) const {
  double sum = 0;
  int hits = 0;
  auto count = [&](double s) {
    if (s != 0) { sum += s; ++hits; }
  };
  // A pending negator (its own score, words left) and intensifier (its factor, words left).
  double neg_score = 0, int_factor = 1;
  int neg_left = 0, int_left = 0;
  auto expire_negator = [&] {
    if (neg_left > 0) count(neg_score);  // it negated nothing: it speaks for itself
    neg_left = 0;
  };
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    const Entry* e = find(word);
    word.clear();
    if (!e) {
      if (neg_left > 0 && --neg_left == 0) count(neg_score);
      if (int_left > 0 && --int_left == 0) int_factor = 1;
      return;
    }
    if (e->role == Role::negator) {
      expire_negator();
      neg_score = e->score;
      neg_left = kNegationWindow;
      return;
    }
    if (e->role == Role::intensifier) {
      int_factor = 1 + e->score;
      int_left = kIntensifierWindow;
      return;
    }
    double s = e->score;
    if (int_left > 0) s = std::clamp(s * int_factor, -1.0, 1.0);
    if (neg_left > 0 && s != 0) s = s > 0 ? s - kNegationShift : s + kNegationShift;
    neg_left = int_left = 0;
    int_factor = 1;
    count(s);
  };
  for (std::size_t i = 0; i < t.size();) {
    char32_t c = text::next_cp(t, i);
    if (text::is_word_cp(c)) {
      text::append_utf8(word, text::fold_cp(c));
      continue;
    }
    flush();
    if (ends_clause(c)) {
      expire_negator();
      int_left = 0;
      int_factor = 1;
    }
  }
  flush();
  expire_negator();
  return hits ? sum / hits : 0;
}

Smoother::Smoother(std::size_t n, const ArcParams& p)
    : n_(n),
      k_(std::min<std::size_t>(static_cast<std::size_t>(std::max(1, p.low_pass)), n)),
      points_(static_cast<std::size_t>(std::max(2, p.points))) {
  const double pi = std::numbers::pi;
  analysis_.resize(k_ * n_);
  for (std::size_t k = 0; k < k_; ++k)
    for (std::size_t i = 0; i < n_; ++i) analysis_[k * n_ + i] = std::cos(pi * k * (2.0 * i + 1) / (2.0 * n_));
  synthesis_.resize(points_ * k_);
  for (std::size_t j = 0; j < points_; ++j) {
    // position in unit index space, first unit to last unit
    double t = n_ <= 1 ? 0 : static_cast<double>(j) * (n_ - 1) / (points_ - 1);
    for (std::size_t k = 0; k < k_; ++k)
      synthesis_[j * k_ + k] = k == 0 ? 1.0 / n_ : 2.0 / n_ * std::cos(pi * k * (2.0 * t + 1) / (2.0 * n_));
  }
}

void Smoother::operator()(const std::vector<double>& x, std::vector<double>& out) const {
  out.clear();
  if (n_ == 0) return;
  double coef[64];
  std::vector<double> big;
  double* c = coef;
  if (k_ > 64) { big.resize(k_); c = big.data(); }
  for (std::size_t k = 0; k < k_; ++k) {
    double s = 0;
    for (std::size_t i = 0; i < n_; ++i) s += x[i] * analysis_[k * n_ + i];  // DCT-II
    c[k] = s;
  }
  out.resize(points_);
  for (std::size_t j = 0; j < points_; ++j) {
    double v = 0;
    for (std::size_t k = 0; k < k_; ++k) v += c[k] * synthesis_[j * k_ + k];
    out[j] = v;
  }
}

std::vector<double> smooth(const std::vector<double>& x, const ArcParams& p) {
  std::vector<double> out;
  Smoother(x.size(), p)(x, out);
  return out;
}

namespace {
// The turning points of a series as classify() reads them, in a buffer on the stack for the usual
// lengths (at most one point per value of the series, plus one): none for a flat series (fewer
// than two values, or a range below p.flat); else its ends and every strict change of direction,
// then the smallest movement dropped while it is below the turn threshold (a small end movement
// is trimmed, a small inner one merges its two neighbours, which then run the same way).
struct TurningPoints {
  double local[66];
  std::vector<double> big;
  double* pts = local;
  std::size_t n = 0;
  TurningPoints(const std::vector<double>& s, const ArcParams& p) {
    if (s.size() < 2) return;
    auto [lo, hi] = std::minmax_element(s.begin(), s.end());
    const double range = *hi - *lo;
    if (range < p.flat) return;
    if (s.size() + 1 > std::size(local)) big.resize(s.size() + 1), pts = big.data();
    pts[n++] = s.front();
    int dir = 0;
    for (std::size_t i = 1; i < s.size(); ++i) {
      double d = s[i] - s[i - 1];
      int nd = d > 0 ? 1 : d < 0 ? -1 : 0;
      if (nd == 0) continue;
      if (dir != 0 && nd != dir) pts[n++] = s[i - 1];
      dir = nd;
    }
    pts[n++] = s.back();
    const double min_move = p.turn * range;
    while (n > 2) {
      std::size_t at = 0;
      for (std::size_t i = 1; i + 1 < n; ++i)
        if (std::abs(pts[i + 1] - pts[i]) < std::abs(pts[at + 1] - pts[at])) at = i;
      if (std::abs(pts[at + 1] - pts[at]) >= min_move) break;
      const std::size_t drop = at == 0 || at + 2 == n ? 1 : 2, from = at + 2 == n ? n - 1 : at;
      std::copy(pts + from + drop, pts + n, pts + from);
      n -= drop;
    }
  }
  TurningPoints(const TurningPoints&) = delete;
  TurningPoints& operator=(const TurningPoints&) = delete;
  // Whether the movement from point i to the next rises.
  bool up(std::size_t i) const { return pts[i + 1] > pts[i]; }
};
}  // namespace

std::string classify(const std::vector<double>& s, const ArcParams& p) {
  const TurningPoints tp(s, p);
  std::string shape;
  // More than two turns cannot come out of four DCT terms; keep the first three movements.
  for (std::size_t i = 0; i + 1 < tp.n && i < 3; ++i) {
    if (!shape.empty()) shape += '-';
    shape += tp.up(i) ? "rise" : "fall";
  }
  return shape.empty() ? "flat" : shape;
}

std::size_t shape_index(std::string_view shape) {
  for (std::size_t i = 0; i < std::size(kShapes); ++i)
    if (shape == kShapes[i]) return i;
  return kFlatShape;
}

std::size_t classify_index(const std::vector<double>& s, const ArcParams& p) {
  const TurningPoints tp(s, p);
  const std::size_t moves = tp.n ? std::min<std::size_t>(tp.n - 1, 3) : 0;
  if (moves == 0) return kFlatShape;
  for (std::size_t i = 1; i < moves; ++i)
    if (tp.up(i) == tp.up(i - 1)) return kFlatShape;  // not a name of kShapes ("rise-rise")
  switch (moves) {
    case 1: return tp.up(0) ? 0 : 1;
    case 2: return tp.up(0) ? 3 : 2;
    default: return tp.up(0) ? 4 : 5;
  }
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
