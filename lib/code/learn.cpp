// The learnt model: features of a unit, logistic regressions trained by seeded stochastic
// gradient descent, the model file, and the choice of what to code next.
#include "code/learn.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <future>
#include <numeric>
#include <queue>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/json.hpp"
#include "core/provenance.hpp"
#include "core/sha256.hpp"
#include "core/text.hpp"
#include "model/stem.hpp"
#include "rewrite/morphology.hpp"

#include <unicode/uchar.h>

namespace qda::code {

namespace {

std::uint64_t splitmix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::uint64_t fnv(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

float sigmoid(double x) {
  if (x >= 0) return static_cast<float>(1.0 / (1.0 + std::exp(-x)));
  double e = std::exp(x);
  return static_cast<float>(e / (1.0 + e));
}

// The place feature's value for a unit at [lo, hi] of its episode.
const char* place_of(double lo, double hi) {
  if (lo <= 0.0 && hi >= 1.0) return nullptr;  // the only one, or not known: says nothing
  if (hi <= 0.0) return "place:first";
  if (lo >= 1.0) return "place:last";
  return "place:middle";
}

}  // namespace

// ---- features ----

bool lemmas_for(const std::string& l) { return text::language_is(l, "es"); }

// The codebook's loader has checked the language; "" (a REFI-QDA codebook) folds words unstemmed.
Featurizer::Featurizer(const std::string& language, const std::string& lemmas_from)
    : stemmer_(std::make_unique<model::Stemmer>(language)) {
  if (!lemmas_from.empty()) lemmatizer_ = rewrite::Lemmatizer::load(lemmas_from);
}
Featurizer::~Featurizer() = default;

Feature& Featurizer::next() {
  if (used_ == out_.size()) out_.emplace_back();
  Feature& f = out_[used_++];
  f.in_text = false, f.start = f.end = 0;
  return f;
}

namespace {

// Each word of `t` (a run of letters and digits) in order: fn(bytes, first code point, end code
// point, whether it pairs with the word before: punctuation between them breaks a pair).
template <class Fn>
void each_word(std::string_view t, Fn&& fn) {
  std::size_t i = 0, cp = 0;
  bool pairs = false;
  while (i < t.size()) {
    std::size_t at = i;
    char32_t c = text::next_cp(t, i);
    if (!text::is_word_cp(c)) {
      ++cp;
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != 0xA0) pairs = false;  // punctuation breaks a pair
      continue;
    }
    std::size_t wstart = cp, wb = at;
    ++cp;
    while (i < t.size()) {
      std::size_t j = i;
      char32_t d = text::next_cp(t, j);
      if (!text::is_word_cp(d)) break;
      i = j, ++cp;
    }
    fn(t.substr(wb, i - wb), wstart, cp, pairs);
    pairs = true;
  }
}

// The features a unit has beside its words, in order: fn(name).
template <class Fn>
void each_other(const UnitView& u, const std::vector<Application>& rules, double place_lo, double place_hi,
                const std::vector<Application>* before, const std::vector<Application>* after, Fn&& fn) {
  for (const auto& a : rules)
    if (a.by.rfind("rule:", 0) == 0) fn("rule:" + a.code);
  if (before)
    for (const auto& a : *before)
      if (a.by.rfind("rule:", 0) == 0) fn("before:" + a.code);
  if (after)
    for (const auto& a : *after)
      if (a.by.rfind("rule:", 0) == 0) fn("after:" + a.code);
  if (!u.category.empty()) fn(std::string("category:").append(u.category));
  if (!u.source.empty()) fn(std::string("source:").append(u.source));
  if (!u.speaker.empty()) fn(std::string("speaker:").append(u.speaker));
  if (const char* p = place_of(place_lo, place_hi)) fn(std::string(p));
}

}  // namespace

std::uint32_t Featurizer::lemma_id(const std::string& lemma) {
  auto [it, fresh] = lemma_ids_.emplace(lemma, static_cast<std::uint32_t>(lemma_names_.size()));
  if (fresh) {
    lemma_names_.push_back("lemma:" + lemma);
    lemma_seen_.push_back({bound_ ? bound_->known(lemma_names_.back()) : 0, 0});
  }
  return it->second;
}

namespace {
// The word as the analyser reads it best: lower case, accents kept.
void lower_into(std::string& out, std::string_view w) {
  out.clear();
  for (std::size_t i = 0; i < w.size();) {
    const unsigned char b = static_cast<unsigned char>(w[i]);
    if (b < 0x80) {
      out += static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
      ++i;
      continue;
    }
    text::append_utf8(out, static_cast<char32_t>(u_tolower(static_cast<UChar32>(text::next_cp(w, i)))));
  }
}
}  // namespace

void Featurizer::prefetch_lemmas(std::string_view t) {
  // Start again past 400,000 forms (between units only): an open vocabulary stays bounded.
  if (lemma_forms_.size() > 400000 || lemma_forms_.key_bytes() > (std::size_t{1} << 24))
    lemma_forms_.clear(), form_lemmas_.clear(), lemma_flat_.clear();
  lemma_todo_.clear(), lemma_written_.clear();
  each_word(t, [&](std::string_view w, std::size_t, std::size_t, bool) {
    std::uint32_t at;
    if (lemma_forms_.find(w, WordTable::hash(w), at)) return;
    lower_into(lower_, w);
    if (lemma_forms_.find(lower_, WordTable::hash(lower_), at)) {  // its lower-cased form's entry
      lemma_forms_.insert(w, WordTable::hash(w), at);
      return;
    }
    if (std::find(lemma_todo_.begin(), lemma_todo_.end(), lower_) == lemma_todo_.end()) lemma_todo_.push_back(lower_);
    if (w != lower_ && std::find(lemma_written_.begin(), lemma_written_.end(), w) == lemma_written_.end())
      lemma_written_.emplace_back(w);
  });
  if (lemma_todo_.empty()) return;
  auto found = lemmatizer_->lemmas(lemma_todo_);
  for (std::size_t k = 0; k < lemma_todo_.size(); ++k) {
    const auto first = static_cast<std::uint32_t>(lemma_flat_.size());
    // Only the lemmas the word's stem does not already say ("dijo": decir; not "decía": decir).
    word_.assign(lemma_todo_[k]);
    const std::string own = stemmer_->stem(word_);
    for (const auto& l : found[k]) {
      lower_into(lower_, l);
      word_.assign(lower_);
      if (stemmer_->stem(word_) == own) continue;
      lemma_flat_.push_back(lemma_id(lower_));
    }
    form_lemmas_.emplace_back(first, static_cast<std::uint32_t>(lemma_flat_.size()));
    const std::string& f = lemma_todo_[k];
    lemma_forms_.insert(f, WordTable::hash(f), static_cast<std::uint32_t>(form_lemmas_.size() - 1));
  }
  for (const auto& w : lemma_written_) {
    std::uint32_t at = 0;
    lower_into(lower_, w);
    lemma_forms_.find(lower_, WordTable::hash(lower_), at);
    lemma_forms_.insert(w, WordTable::hash(w), at);
  }
}

std::pair<const std::uint32_t*, const std::uint32_t*> Featurizer::lemmas_of(std::string_view w) {
  std::uint32_t at = 0;
  if (!lemma_forms_.find(w, WordTable::hash(w), at)) return {nullptr, nullptr};  // not prefetched
  const auto [first, end] = form_lemmas_[at];
  return {lemma_flat_.data() + first, lemma_flat_.data() + end};
}

const std::vector<Feature>& Featurizer::extract(const UnitView& u, const std::vector<Application>& rules, double place_lo,
                                                double place_hi, const std::vector<Application>* before,
                                                const std::vector<Application>* after) {
  used_ = 0;
  seen_.clear();
  auto add = [&](std::string_view name, bool in_text, std::size_t s, std::size_t e) {
    buf_.assign(name);
    auto [it, fresh] = seen_.emplace(buf_, used_);
    if (!fresh) return;
    Feature& f = next();
    f.name = buf_;
    f.in_text = in_text, f.start = s, f.end = e;
  };
  // Words, stemmed as written (the stem comes folded), pairs of words next to each other, and
  // the words' lemmas.
  std::size_t prev_start = 0;
  std::string feature;
  if (lemmatizer_) prefetch_lemmas(u.text);
  each_word(u.text, [&](std::string_view w, std::size_t ws, std::size_t we, bool pairs) {
    word_.assign(w);
    const std::string& st = stemmer_->stem(word_);
    feature.assign("word:").append(st);
    add(feature, true, u.offset + ws, u.offset + we);
    if (pairs) {
      feature.assign("pair:").append(prev_stem_).append(" ").append(st);
      add(feature, true, u.offset + prev_start, u.offset + we);
    }
    prev_stem_ = st, prev_start = ws;
    if (lemmatizer_)
      for (auto [l, end] = lemmas_of(w); l != end; ++l) add(lemma_names_[*l], true, u.offset + ws, u.offset + we);
  });
  each_other(u, rules, place_lo, place_hi, before, after, [&](const std::string& name) { add(name, false, 0, 0); });
  out_.resize(used_);
  return out_;
}

namespace {
std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) { return (static_cast<std::uint64_t>(a) << 32) | b; }
}  // namespace

std::uint32_t Featurizer::stem_id(const std::string& stem) {
  auto [it, fresh] = stem_ids_.emplace(stem, static_cast<std::uint32_t>(stems_.size()));
  if (fresh) stems_.push_back({});
  return it->second;
}

// What the model knows of each stem's word and of each pair of stems, by stem id.
void Featurizer::bind(const Model& m) {
  bound_ = &m;
  stem_ids_.clear(), stems_.clear(), pairs_.clear(), codes_.clear();
  forms_.clear();
  for (std::size_t k = 0; k < m.features.size(); ++k) {
    const std::string& f = m.features[k];
    const std::uint32_t known = m.idf[k] > 0 ? static_cast<std::uint32_t>(k + 1) : 0;
    if (f.rfind("word:", 0) == 0) {
      stems_[stem_id(f.substr(5))].known = known;
    } else if (f.rfind("pair:", 0) == 0) {
      // Stems are runs of letters and digits: the first space parts the two.
      auto sp = f.find(' ', 5);
      if (sp == std::string::npos) continue;
      std::uint32_t a = stem_id(f.substr(5, sp - 5)), b = stem_id(f.substr(sp + 1));
      pairs_[pair_key(a, b)] = known;
    }
  }
  model_stems_ = stems_.size();
  for (std::size_t l = 0; l < lemma_names_.size(); ++l) lemma_seen_[l] = {m.known(lemma_names_[l]), 0};
}

std::uint32_t Featurizer::form_id(std::string_view w) {
  const std::uint64_t h = WordTable::hash(w);
  if (std::uint32_t id; forms_.find(w, h, id)) return id;
  word_.assign(w);
  const std::uint32_t id = stem_id(stemmer_->stem(word_));
  forms_.insert(w, h, id);
  return id;
}

const std::vector<std::uint32_t>& Featurizer::known(const Model& m, const UnitView& u, const std::vector<Application>& rules,
                                                   double place_lo, double place_hi, const std::vector<Application>* before,
                                                   const std::vector<Application>* after) {
  // Another model, or an open vocabulary that has grown the memory: start again (only between
  // units, which are counted by number).
  // (At most 400,000 forms and 16 MB of their bytes: some 40 MB of tables.)
  if (bound_ != &m || stems_.size() - model_stems_ > 400000 || forms_.size() > 400000 || forms_.key_bytes() > (std::size_t{1} << 24))
    bind(m);
  ++unit_;
  known_.clear(), spans_.clear();
  // The unit's pairs, each counted once: an open-addressing set of at least twice its words.
  std::size_t slots = 16;
  while (slots < u.text.size() + 2) slots *= 2;  // a word and what parts it from the next take two bytes or more
  unit_pairs_.assign(slots, 0);
  const std::size_t mask = slots - 1;
  std::uint32_t prev = 0;
  std::size_t prev_start = 0;
  if (lemmatizer_) prefetch_lemmas(u.text);
  each_word(u.text, [&](std::string_view w, std::size_t wstart, std::size_t wend, bool pairs) {
    const std::uint32_t id = form_id(w);
    Seen& ws = stems_[id];
    if (ws.unit != unit_) ws.unit = unit_, known_.push_back(ws.known), spans_.push_back({true, u.offset + wstart, u.offset + wend});
    if (pairs) {
      const std::uint64_t key = pair_key(prev, id);
      std::size_t i = hash_mix(key) & mask;
      for (; unit_pairs_[i] && unit_pairs_[i] != key + 1; i = (i + 1) & mask) {
      }
      if (!unit_pairs_[i]) {
        unit_pairs_[i] = key + 1;
        auto p = id < model_stems_ && prev < model_stems_ ? pairs_.find(key) : pairs_.end();
        known_.push_back(p == pairs_.end() ? 0 : p->second);
        spans_.push_back({true, u.offset + prev_start, u.offset + wend});
      }
    }
    prev = id, prev_start = wstart;
    if (lemmatizer_)
      for (auto [l, end] = lemmas_of(w); l != end; ++l)
        if (Seen& ls = lemma_seen_[*l]; ls.unit != unit_)
          ls.unit = unit_, known_.push_back(ls.known), spans_.push_back({true, u.offset + wstart, u.offset + wend});
  });
  // Then the others, in extract()'s order (each_other), with no name built for a code seen before.
  auto code = [&](const std::string& id) -> CodeSeen& {
    auto [it, fresh] = codes_.try_emplace(id);
    if (fresh) {
      it->second.rule.known = m.known(name_.assign("rule:").append(id));
      it->second.before.known = m.known(name_.assign("before:").append(id));
      it->second.after.known = m.known(name_.assign("after:").append(id));
    }
    return it->second;
  };
  auto count = [&](Seen& s) {
    if (s.unit != unit_) s.unit = unit_, known_.push_back(s.known);
  };
  for (const auto& a : rules)
    if (a.by.rfind("rule:", 0) == 0) count(code(a.code).rule);
  if (before)
    for (const auto& a : *before)
      if (a.by.rfind("rule:", 0) == 0) count(code(a.code).before);
  if (after)
    for (const auto& a : *after)
      if (a.by.rfind("rule:", 0) == 0) count(code(a.code).after);
  if (!u.category.empty()) known_.push_back(m.known(name_.assign("category:").append(u.category)));
  if (!u.source.empty()) known_.push_back(m.known(name_.assign("source:").append(u.source)));
  if (!u.speaker.empty()) known_.push_back(m.known(name_.assign("speaker:").append(u.speaker)));
  if (const char* p = place_of(place_lo, place_hi)) known_.push_back(m.known(name_.assign(p)));
  spans_.resize(known_.size());  // the others are not in the text
  return known_;
}

// ---- the model ----

void Model::set_codes(const Codebook& cb) {
  codes.clear(), shared.clear(), factors.clear(), types.clear();
  for (const auto& c : cb.codes) codes.push_back(c.id);
  std::vector<int> dim(cb.dimensions.size(), -1), type(cb.typology.size(), -1);
  for (const auto& c : cb.codes)
    if (c.dimension_index >= 0 && dim[static_cast<std::size_t>(c.dimension_index)] < 0) {
      dim[static_cast<std::size_t>(c.dimension_index)] = static_cast<int>(shared.size());
      shared.push_back("dimension:" + cb.dimensions[static_cast<std::size_t>(c.dimension_index)].id);
    }
  for (const auto& c : cb.codes)
    if (c.type_index >= 0 && type[static_cast<std::size_t>(c.type_index)] < 0) {
      type[static_cast<std::size_t>(c.type_index)] = static_cast<int>(shared.size());
      shared.push_back("type:" + cb.typology[static_cast<std::size_t>(c.type_index)].id);
    }
  for (const auto& c : cb.codes)
    factors.push_back({c.dimension_index >= 0 ? dim[static_cast<std::size_t>(c.dimension_index)] : -1,
                       c.type_index >= 0 ? type[static_cast<std::size_t>(c.type_index)] : -1});
  index_shared();
}

void Model::index_shared() {
  types.clear();
  for (std::size_t k = 0; k < shared.size(); ++k)
    if (shared[k].rfind("type:", 0) == 0) types.push_back(static_cast<std::uint32_t>(k));
}

std::uint32_t Model::intern(const std::string& feature) {
  auto [it, fresh] = index.emplace(feature, static_cast<std::uint32_t>(features.size()));
  if (fresh) features.push_back(feature);
  return it->second;
}

namespace {
// The weights and biases of one fit of the logistic regressions.
struct Fit {
  std::vector<float> w, b;
};

// Fit on the examples `use` of `ex` (their features filtered, `scale` each example's feature
// value: 1 / sqrt of all the features it had, as predict() reads a unit): seeded AdaGrad, so each
// weight's step shrinks with the gradients it has had and a rare word learns as fast as a
// common one.
void fit(const std::vector<Example>& ex, const std::vector<double>& scale, const std::vector<float>& idf,
         const std::vector<std::size_t>& use, std::size_t F, const std::vector<char>& words, const std::vector<double>& pos_weight,
         const std::vector<float>& bias0, const LearnOptions& o, Fit& out) {
  const std::size_t C = bias0.size();
  out.w.assign(F * C, 0.0f);
  out.b = bias0;
  std::vector<float> g2(F * C, 0.0f), b2(C, 0.0f);
  std::vector<double> score(C), grad(C);
  std::vector<std::size_t> order = use;
  std::uint64_t rng = o.seed;
  constexpr double kEps = 1e-8;
  // Per feature and class, the feature's value is scaled by (1 - mix) + mix * its naive-Bayes
  // log-count ratio among these examples, log((p + alpha) / |p + alpha| / ((q + alpha) /
  // |q + alpha|)), p and q its counts among the class's positive and negative examples (Wang and
  // Manning 2012, NBSVM): on few codings a word seen mostly with a code starts out weighing more
  // for it. The weights are given back on the plain features (each times its scale), so
  // predicting reads a unit as before.
  std::vector<float> r;
  if (o.nb_mix > 0) {
    // The counts p in r itself (then turned into the scales), q beside it: exact in floats.
    r.assign(F * C, 0.0f);
    std::vector<float> q(F * C, 0.0f);
    std::vector<double> sp(C, 0.0), sq(C, 0.0);
    for (std::size_t idx : use) {
      const Example& e = ex[idx];
      for (std::uint32_t f : e.features)
        for (std::size_t c = 0; c < C; ++c)
          if (e.labels[c] >= 0) (e.labels[c] > 0 ? r : q)[f * C + c] += 1;
    }
    for (std::size_t f = 0; f < F; ++f)
      for (std::size_t c = 0; c < C; ++c) sp[c] += r[f * C + c] + o.nb_alpha, sq[c] += q[f * C + c] + o.nb_alpha;
    for (std::size_t f = 0; f < F; ++f)
      for (std::size_t c = 0; c < C; ++c) {
        if (!words[f]) { r[f * C + c] = 1.0f; continue; }
        const double ratio = std::log(((r[f * C + c] + o.nb_alpha) / sp[c]) / ((q[f * C + c] + o.nb_alpha) / sq[c]));
        r[f * C + c] = static_cast<float>(1 - o.nb_mix + o.nb_mix * ratio);
      }
  }
  const std::vector<float> ones(C, 1.0f);
  auto scale_of = [&](std::uint32_t f) { return r.empty() ? ones.data() : &r[static_cast<std::size_t>(f) * C]; };
  for (int epoch = 0; epoch < o.epochs; ++epoch) {
    for (std::size_t k = order.size(); k > 1; --k) std::swap(order[k - 1], order[splitmix(rng) % k]);  // Fisher-Yates
    for (std::size_t idx : order) {
      const Example& e = ex[idx];
      const double v = scale[idx];
      for (std::size_t c = 0; c < C; ++c) score[c] = out.b[c];
      for (std::uint32_t f : e.features) {
        const float* w = &out.w[static_cast<std::size_t>(f) * C];
        const float* rf = scale_of(f);
        const double x = idf[f] * v;
        for (std::size_t c = 0; c < C; ++c) score[c] += w[c] * x * rf[c];
      }
      for (std::size_t c = 0; c < C; ++c) {
        if (e.labels[c] < 0) { grad[c] = 0; continue; }
        double y = e.labels[c];
        grad[c] = (sigmoid(score[c]) - y) * (y > 0 ? pos_weight[c] : 1.0);
        b2[c] += static_cast<float>(grad[c] * grad[c]);
        out.b[c] -= static_cast<float>(o.rate * grad[c] / std::sqrt(b2[c] + kEps));
      }
      for (std::uint32_t f : e.features) {
        float* w = &out.w[static_cast<std::size_t>(f) * C];
        float* h = &g2[static_cast<std::size_t>(f) * C];
        const float* rf = scale_of(f);
        const double x = idf[f] * v;
        for (std::size_t c = 0; c < C; ++c) {
          if (e.labels[c] < 0) continue;
          double g = grad[c] * x * rf[c] + o.l2 * w[c];
          h[c] += static_cast<float>(g * g);
          w[c] -= static_cast<float>(o.rate * g / std::sqrt(h[c] + kEps));
        }
      }
    }
  }
  for (std::size_t i = 0; i < r.size(); ++i) out.w[i] *= r[i];
}

// A logistic regression of what the scores should have said on a few inputs (the last one 1, the
// intercept), by Newton's method, with Platt's targets (not 0 and 1, which overfit): Platt's
// scaling of one score, or the shared classes' scaling of two. `beta` starts as given.
template <std::size_t N>
void calibrate(const std::vector<std::array<double, N>>& xs, const std::vector<char>& ys, std::array<double, N>& beta) {
  double pos = 0, neg = 0;
  for (char y : ys) (y ? pos : neg) += 1;
  const double hi = (pos + 1) / (pos + 2), lo = 1 / (neg + 2);
  for (int it = 0; it < 50; ++it) {
    std::array<double, N> g{};
    std::array<std::array<double, N>, N> h{};
    for (std::size_t k = 0; k < N; ++k) h[k][k] = 1e-6;
    for (std::size_t j = 0; j < xs.size(); ++j) {
      double z = 0;
      for (std::size_t k = 0; k < N; ++k) z += beta[k] * xs[j][k];
      double p = sigmoid(z), d = p - (ys[j] ? hi : lo), w = std::max(p * (1 - p), 1e-9);
      for (std::size_t k = 0; k < N; ++k) {
        g[k] += d * xs[j][k];
        for (std::size_t l = 0; l < N; ++l) h[k][l] += w * xs[j][k] * xs[j][l];
      }
    }
    // Solve h * step = g (Gauss-Jordan with partial pivoting; N is 2 or 3).
    std::array<double, N> step = g;
    bool singular = false;
    for (std::size_t col = 0; col < N && !singular; ++col) {
      std::size_t piv = col;
      for (std::size_t r = col + 1; r < N; ++r)
        if (std::fabs(h[r][col]) > std::fabs(h[piv][col])) piv = r;
      if (std::fabs(h[piv][col]) < 1e-12) singular = true;
      std::swap(h[col], h[piv]), std::swap(step[col], step[piv]);
      for (std::size_t r = 0; r < N && !singular; ++r) {
        if (r == col) continue;
        double f = h[r][col] / h[col][col];
        for (std::size_t l = col; l < N; ++l) h[r][l] -= f * h[col][l];
        step[r] -= f * step[col];
      }
    }
    if (singular) break;
    double largest = 0;
    for (std::size_t k = 0; k < N; ++k) {
      step[k] /= h[k][k];
      beta[k] -= step[k];
      largest = std::max(largest, std::fabs(step[k]));
    }
    if (largest < 1e-9) break;
  }
}

// The shared classes' evidence for a code: log of its dimension's probability times its
// episode's type's share (either alone when the code has only one of them).
double shared_evidence(const Model::Factors& f, const float* s, std::size_t C, const std::vector<float>& q,
                       const std::vector<std::uint32_t>& types) {
  double e = 0;
  if (f.dimension >= 0) e += std::log(std::max(sigmoid(s[C + static_cast<std::size_t>(f.dimension)]), 1e-6f));
  if (f.type >= 0) {
    auto t = std::lower_bound(types.begin(), types.end(), static_cast<std::uint32_t>(f.type));
    e += std::log(std::max(q[static_cast<std::size_t>(t - types.begin())], 1e-6f));
  }
  return e;
}

bool has_shared(const Model::Factors& f) { return f.dimension >= 0 || f.type >= 0; }
}  // namespace

Levels choose_levels(const std::vector<HeldOut>& held, int folds) {
  // F1 over all the held-out units' codes, coded as qda-code combines rules and model: a rule's
  // code stands unless the model vetoes it (its probability below `v`; 0: no veto), and the
  // model adds from the threshold `t` on.
  auto f1_at = [&](double t, double v, int fold = -1) {
    long tp = 0, fp = 0, fn = 0;
    for (const auto& h : held) {
      if (fold >= 0 && h.fold != fold) continue;
      bool yes = (h.ruled && !(h.p < v)) || h.p >= t;
      tp += yes && h.y, fp += yes && !h.y, fn += !yes && h.y;
    }
    return tp ? 2.0 * tp / (2.0 * tp + fp + fn) : 0.0;
  };
  Levels l;
  // The threshold at which they were coded best with every rule hit standing (the first of
  // equals): the model's own unless the researcher sets one.
  double best = -1;
  for (int k = 1; k < 20; ++k)
    if (double f1 = f1_at(k * 0.05, 0); f1 > best + 1e-12) best = f1, l.threshold = k * 0.05;
  l.veto_threshold = l.threshold;
  // The veto level (and its threshold) at which they were coded better still, if any: what the
  // model vetoes with codebook learning.veto "auto". From a hit the model finds all but
  // impossible (0.01) to one it finds less probable than what it adds itself (the level at the
  // threshold: the rule's hit a feature of the model, no more); never above the threshold, where
  // qda-code would set aside a code the model finds probable enough to add...
  const double no_veto = best;
  double veto = 0, veto_threshold = l.threshold;
  for (double v : {0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.18, 0.25, 0.35, 0.5})
    for (int k = 1; k < 20; ++k) {
      if (v > k * 0.05 + 1e-9) continue;
      if (double f1 = f1_at(k * 0.05, v); f1 > best + 1e-12) best = f1, veto = v, veto_threshold = k * 0.05;
    }
  if (!(best > no_veto + 1e-12)) return l;
  // ...and only if it codes them better on at least four folds in five: on few codings a level
  // that helps on the pooled folds by chance costs more than it gives.
  int wins = 0;
  for (int k = 0; k < folds; ++k) wins += f1_at(veto_threshold, veto, k) > f1_at(l.threshold, 0, k) + 1e-12;
  if (5 * wins < 4 * folds) return l;
  l.veto = veto, l.veto_threshold = veto_threshold;
  return l;
}

void Model::train(const std::vector<Example>& data, const LearnOptions& o) {
  options = o;
  name = o.name;
  const std::size_t C = codes.size(), K = classes(), F = features.size();
  factors.resize(C);
  // What the fits read: each example's labels over every class, and (below) its features the
  // model keeps. The shared classes' labels come from the codes': one of its codes given, 1;
  // none of them and all of them known, 0; else not known.
  std::vector<Example> kept(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) {
    auto& l = kept[i].labels;
    l.assign(data[i].labels.begin(), data[i].labels.end());
    l.resize(C, 0), l.resize(K, 0);
    for (std::size_t c = 0; c < C; ++c)
      for (int k : {factors[c].dimension, factors[c].type}) {
        if (k < 0) continue;
        std::int8_t& to = l[C + static_cast<std::size_t>(k)];
        if (l[c] == 1) to = 1;
        else if (l[c] < 0 && to == 0) to = -1;
      }
  }
  // A labelled unit knows every code; a codebook example only its own; an uncoded unit none.
  auto labelled = [&](std::size_t i) {
    return std::none_of(kept[i].labels.begin(), kept[i].labels.begin() + static_cast<std::ptrdiff_t>(C),
                        [](std::int8_t l) { return l < 0; });
  };
  // An episode's type is taught by all its units: where a person coded units of an episode with
  // codes of the types S, each unit of it, coded or not, learns type:<t> as 1 for t in S and 0
  // for the others (from the units coded outside the fold `skip` while calibrating, so a held-out
  // unit's codes teach nothing of its own episode). A unit outside such an episode (a codebook
  // example, a coded unit whose episode has no typed code) keeps what its own codes say. The
  // uncoded units then are training examples, and count in the idf. Chosen on the development
  // sets heldout8-35 (14 pairs, 2 seeds, against the units' own codes): rules and model +0.026 ->
  // +0.034, +0.100 -> +0.104, +0.154 -> +0.153 over the rules at 10 / 25 / 50 % coded at random;
  // with the veto +0.028 -> +0.040, +0.163 -> +0.178, +0.253 -> +0.248; the model alone 0.240 ->
  // 0.299, 0.459 -> 0.466, 0.572 -> 0.562.
  std::vector<std::vector<std::int8_t>> base_type(data.size());
  for (std::size_t i = 0; i < data.size(); ++i)
    for (std::uint32_t t : types) base_type[i].push_back(kept[i].labels[C + t]);
  // Per episode (the examples number them in order, from 0 or 1) and type, whether its coded units
  // say it.
  std::size_t episodes = 0;
  for (const auto& ex : data) episodes = std::max(episodes, static_cast<std::size_t>(ex.episode + 1));
  std::vector<char> said(episodes * types.size());
  auto episode_labels = [&](int skip, const std::vector<int>* fold) {
    if (types.empty()) return;  // no type class to teach
    std::fill(said.begin(), said.end(), 0);
    for (std::size_t i = 0; i < data.size(); ++i) {
      if (data[i].episode < 0 || !labelled(i) || (fold && (*fold)[i] == skip)) continue;
      for (std::size_t t = 0; t < types.size(); ++t) said[static_cast<std::size_t>(data[i].episode) * types.size() + t] |= base_type[i][t] == 1;
    }
    for (std::size_t i = 0; i < data.size(); ++i) {
      const char* S = data[i].episode < 0 ? nullptr : said.data() + static_cast<std::size_t>(data[i].episode) * types.size();
      const bool any = S && std::any_of(S, S + types.size(), [](char x) { return x; });
      for (std::size_t t = 0; t < types.size(); ++t)
        kept[i].labels[C + types[t]] = any ? static_cast<std::int8_t>(S[t] ? 1 : 0) : base_type[i][t];
    }
  };
  episode_labels(-1, nullptr);
  auto teaches = [&](std::size_t i) {
    return std::any_of(kept[i].labels.begin(), kept[i].labels.end(), [](std::int8_t l) { return l >= 0; });
  };
  std::vector<long> pos(K, 0), neg(K, 0);
  for (const auto& ex : kept)
    for (std::size_t c = 0; c < K; ++c) {
      if (ex.labels[c] == 1) ++pos[c];
      if (ex.labels[c] == 0) ++neg[c];
    }
  positives.assign(pos.begin(), pos.begin() + static_cast<std::ptrdiff_t>(C));
  // A positive example weighs more where they are rare ((negatives per positive)^0.75, at most
  // 10): a code a few units have is not learnt as "never".
  std::vector<double> pos_weight(K, 1.0);
  for (std::size_t c = 0; c < K; ++c)
    if (pos[c] > 0) pos_weight[c] = std::clamp(std::pow(static_cast<double>(neg[c]) / pos[c], o.balance), 1.0, 10.0);
  // The bias starts at the class's share among the examples that know it.
  std::vector<float> bias0(K);
  for (std::size_t c = 0; c < K; ++c)
    bias0[c] = pos[c] == 0 ? -6.0f : static_cast<float>(std::log((pos[c] * pos_weight[c] + 0.5) / (neg[c] + 0.5)));
  // A feature of one example only can do nothing but remember that example, and one in most of
  // the units (a function word) tells no code from another: both are left out. Uncoded units
  // are not counted: the model's idf is its training examples'.
  std::vector<std::uint32_t> df(F, 0), unit_df(F, 0);
  std::vector<std::size_t> units, trainable;
  std::size_t counted = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (!teaches(i)) continue;
    const bool unit = labelled(i);
    if (unit) units.push_back(i);
    trainable.push_back(i), ++counted;
    for (std::uint32_t f : data[i].features) ++df[f], unit_df[f] += unit;
  }
  // Each feature weighs its inverse document frequency (a word most units have weighs little);
  // a feature the model does not know (one example's, or never seen) weighs as one example's
  // would, so a unit's size counts the same in training and in prediction.
  const double most = o.max_df * static_cast<double>(units.size());
  const double N = static_cast<double>(counted);
  idf_unknown = static_cast<float>(std::log((N + 1) / 2) + 1);
  idf.assign(F, 0.0f);
  std::vector<char> keep(F, 0);
  for (std::size_t f = 0; f < F; ++f) {
    if (df[f] < static_cast<std::uint32_t>(o.min_df)) continue;
    idf[f] = static_cast<float>(std::log((N + 1) / (df[f] + 1.0)) + 1);
    keep[f] = !(units.size() >= 10 && unit_df[f] > most && features[f].rfind("word:", 0) == 0);
  }
  // The words of the text (word:, pair:, lemma:) are scaled by their naive-Bayes ratios in fit();
  // the rules' codes, the neighbours' and what the unit is (source, speaker, place) are not.
  std::vector<char> words(F, 0);
  for (std::size_t f = 0; f < F; ++f)
    words[f] = text_feature(features[f]);
  std::vector<double> scale(data.size(), 0.0);
  for (std::size_t i = 0; i < data.size(); ++i) {
    double norm = 0;
    for (std::uint32_t f : data[i].features) {
      if (keep[f]) kept[i].features.push_back(f);
      double x = idf[f] > 0 ? idf[f] : idf_unknown;
      norm += x * x;
    }
    if (norm > 0) scale[i] = 1.0 / std::sqrt(norm);
  }
  // Calibration: with enough coded units, five fits each without a fifth of them score that
  // fifth (and, for the episodes' types, every unit of their episodes), and the scalings map
  // scores to probabilities that mean what they say on units the model has not seen (a model is
  // sure of its own training units).
  calib_a = 1, calib_b = 0, threshold = 0.5, veto = 0, veto_threshold = 0.5;
  shared_a = 1, shared_b = 0, shared_c = 0;
  Fit f;
  if (o.folds > 1 && units.size() >= 20) {
    std::vector<std::size_t> shuffled = units;
    std::uint64_t rng = o.seed ^ 0x5eedull;
    for (std::size_t k = shuffled.size(); k > 1; --k) std::swap(shuffled[k - 1], shuffled[splitmix(rng) % k]);
    std::vector<int> fold(data.size(), -1);
    for (std::size_t k = 0; k < shuffled.size(); ++k) fold[shuffled[k]] = static_cast<int>(k % static_cast<std::size_t>(o.folds));
    std::vector<std::size_t> in_episodes;  // every unit, coded or not, in episode order
    for (std::size_t i = 0; i < data.size(); ++i)
      if (data[i].episode >= 0) in_episodes.push_back(i);
    std::stable_sort(in_episodes.begin(), in_episodes.end(), [&](auto a, auto b) { return data[a].episode < data[b].episode; });
    struct Held {
      double score, evidence;
      bool shared, y, ruled;
      int fold;
    };
    std::vector<Held> held;
    std::vector<std::int64_t> rule_feature(C, -1);
    for (std::size_t c = 0; c < C; ++c)
      if (auto it = index.find("rule:" + codes[c]); it != index.end()) rule_feature[c] = it->second;
    std::vector<std::vector<float>> s(data.size());
    std::vector<float> q, coded;
    std::vector<std::uint32_t> given;
    std::vector<const std::vector<float>*> ep;
    for (int k = 0; k < o.folds; ++k) {
      std::vector<std::size_t> use;
      for (std::size_t i : trainable)
        if (fold[i] != k) use.push_back(i);
      episode_labels(k, &fold);
      fit(kept, scale, idf, use, F, words, pos_weight, bias0, o, f);
      auto score_of = [&](std::size_t i) {
        auto& si = s[i];
        si.assign(f.b.begin(), f.b.end());
        for (std::uint32_t x : kept[i].features) {
          const float* w = &f.w[static_cast<std::size_t>(x) * K];
          const double v = idf[x] * scale[i];
          for (std::size_t c = 0; c < K; ++c) si[c] += static_cast<float>(w[c] * v);
        }
      };
      for (std::size_t a = 0; a < in_episodes.size();) {
        std::size_t b = a;
        bool any = false;
        while (b < in_episodes.size() && data[in_episodes[b]].episode == data[in_episodes[a]].episode)
          any |= fold[in_episodes[b++]] == k;
        if (!any) {
          a = b;
          continue;
        }
        // The episode's type as qda-code reads it: from its units' scores and from what the
        // coded units outside this fold were given.
        ep.clear();
        coded.assign(types.size(), 0.0f);
        for (std::size_t j = a; j < b; ++j) {
          const std::size_t i = in_episodes[j];
          score_of(i), ep.push_back(&s[i]);
          if (fold[i] < 0 || fold[i] == k) continue;
          given.clear();
          for (std::size_t c = 0; c < C; ++c)
            if (kept[i].labels[c] == 1) given.push_back(static_cast<std::uint32_t>(c));
          add_coded_types(given, coded);
        }
        episode_types(ep, coded, q);
        for (std::size_t j = a; j < b; ++j) {
          std::size_t i = in_episodes[j];
          if (fold[i] != k) continue;
          const auto& fs = data[i].features;
          for (std::size_t c = 0; c < C; ++c) {
            if (pos[c] == 0) continue;
            const bool sh = has_shared(factors[c]);
            held.push_back(Held{s[i][c], sh ? shared_evidence(factors[c], s[i].data(), C, q, types) : 0.0, sh,
                                kept[i].labels[c] == 1,
                                rule_feature[c] >= 0 &&
                                    std::binary_search(fs.begin(), fs.end(), static_cast<std::uint32_t>(rule_feature[c])), k});
          }
        }
        a = b;
      }
    }
    std::vector<std::array<double, 2>> x1;
    std::vector<std::array<double, 3>> x2;
    std::vector<char> y1, y2;
    for (const auto& h : held) {
      x1.push_back({h.score, 1.0}), y1.push_back(h.y);
      if (h.shared) x2.push_back({h.score, h.evidence, 1.0}), y2.push_back(h.y);
    }
    std::array<double, 2> b1{1.0, 0.0};
    calibrate(x1, y1, b1);
    if (!(b1[0] > 0) || !std::isfinite(b1[1])) b1 = {1.0, 0.0};  // a scaling that turns scores round is no scaling
    calib_a = static_cast<float>(b1[0]), calib_b = static_cast<float>(b1[1]);  // as the file keeps them
    std::array<double, 3> b2{b1[0], 0.0, b1[1]};
    if (!x2.empty()) calibrate(x2, y2, b2);
    // The shared classes count only where they say what the code says (b > 0).
    if (!(b2[0] > 0) || !(b2[1] > 0) || !std::isfinite(b2[2])) b2 = {calib_a, 0.0, calib_b};
    shared_a = static_cast<float>(b2[0]), shared_b = static_cast<float>(b2[1]), shared_c = static_cast<float>(b2[2]);
    // The threshold (and the veto level) at which those held-out units were coded best.
    std::vector<HeldOut> scored(held.size());
    for (std::size_t j = 0; j < held.size(); ++j) {
      const auto& h = held[j];
      scored[j] = HeldOut{h.shared ? sigmoid(shared_a * h.score + shared_b * h.evidence + shared_c) : sigmoid(calib_a * h.score + calib_b),
                          h.y, h.ruled, h.fold};
    }
    const Levels l = choose_levels(scored, o.folds);
    threshold = l.threshold;
    // A veto needs a study's worth of codings: from fewer coded units the level is chosen on
    // folds of a handful of units each, and a wrong one costs more than the right one gives.
    if (units.size() >= kMinVetoUnits) veto = l.veto, veto_threshold = l.veto_threshold;
    else veto_threshold = threshold;
  }

  episode_labels(-1, nullptr);
  fit(kept, scale, idf, trainable, F, words, pos_weight, bias0, o, f);
  weights = std::move(f.w);
  bias = std::move(f.b);
  // Weights too small to matter are dropped, so a model read back from its file is this one.
  for (float& w : weights)
    if (std::fabs(w) < 1e-4f) w = 0.0f;
}

void Model::scores(const std::vector<Feature>& fs, std::vector<float>& s) const {
  thread_local std::vector<std::uint32_t> known_of;  // per feature of fs (threads share a model)
  known_of.clear();
  for (const auto& f : fs) known_of.push_back(known(f.name));
  scores_known(known_of, s);
}

void Model::scores_known(const std::vector<std::uint32_t>& known_of, std::vector<float>& s) const {
  const std::size_t K = classes();
  s.assign(bias.begin(), bias.end());
  double norm = 0;
  for (std::uint32_t k : known_of) {
    double x = k ? idf[k - 1] : idf_unknown;
    norm += x * x;
  }
  if (norm <= 0) return;
  const double v = 1.0 / std::sqrt(norm);
  for (std::uint32_t k : known_of) {
    if (!k) continue;
    const float* w = &weights[static_cast<std::size_t>(k - 1) * K];
    const double x = idf[k - 1] * v;
    for (std::size_t c = 0; c < K; ++c) s[c] += static_cast<float>(w[c] * x);
  }
}

void Model::episode_types(const std::vector<const std::vector<float>*>& units, std::vector<float>& q) const {
  const std::size_t C = codes.size();
  q.assign(types.size(), 0.0f);
  if (types.empty()) return;
  double sum = 0;
  for (std::size_t t = 0; t < types.size(); ++t) {
    double m = 0;
    for (const auto* s : units) m += sigmoid((*s)[C + types[t]]);
    q[t] = static_cast<float>(units.empty() ? 0.0 : m / static_cast<double>(units.size()));
    sum += q[t];
  }
  for (float& x : q) x = sum > 0 ? static_cast<float>(x / sum) : 1.0f / static_cast<float>(types.size());
}

void Model::episode_types(const std::vector<const std::vector<float>*>& units, const std::vector<float>& coded,
                          std::vector<float>& q) const {
  episode_types(units, q);
  double n = 0;
  for (float x : coded) n += x;
  if (n <= 0 || coded.size() != q.size()) return;
  for (std::size_t t = 0; t < q.size(); ++t) q[t] = static_cast<float>((coded[t] + kCodedTypePrior * q[t]) / (n + kCodedTypePrior));
}

void Model::add_coded_types(const std::vector<std::uint32_t>& given, std::vector<float>& coded) const {
  coded.resize(types.size(), 0.0f);
  std::vector<std::uint32_t> of;  // the type classes of its codes, each once
  for (std::uint32_t c : given) {
    if (c >= factors.size() || factors[c].type < 0) continue;
    const auto t = static_cast<std::uint32_t>(
        std::lower_bound(types.begin(), types.end(), static_cast<std::uint32_t>(factors[c].type)) - types.begin());
    if (std::find(of.begin(), of.end(), t) == of.end()) of.push_back(t);
  }
  for (std::uint32_t t : of) coded[t] += 1.0f / static_cast<float>(of.size());
}

void Model::probabilities(const std::vector<float>& s, const std::vector<float>& q, std::vector<float>& p) const {
  const std::size_t C = codes.size();
  p.resize(C);
  for (std::size_t c = 0; c < C; ++c)
    p[c] = has_shared(factors[c]) ? sigmoid(shared_a * s[c] + shared_b * shared_evidence(factors[c], s.data(), C, q, types) + shared_c)
                                  : sigmoid(calib_a * s[c] + calib_b);
}

void Model::predict(const std::vector<Feature>& fs, std::vector<float>& p) const {
  std::vector<float> s, q;
  scores(fs, s);
  episode_types({&s}, q);
  probabilities(s, q, p);
}

float Model::weighs(std::uint32_t f, std::size_t c) const {
  // A feature weighs in the code's own score and, through its dimension, in the shared evidence.
  const std::size_t K = classes(), C = codes.size();
  const bool sh = has_shared(factors[c]);
  const int dim = sh ? factors[c].dimension : -1;
  const float* w = &weights[static_cast<std::size_t>(f) * K];
  float x = (sh ? shared_a : calib_a) * w[c];
  if (dim >= 0) x += shared_b * w[C + static_cast<std::size_t>(dim)];
  return x * idf[f];
}

std::vector<const Feature*> Model::top_features(const std::vector<Feature>& fs, std::size_t c, std::size_t k) const {
  std::vector<std::pair<float, const Feature*>> ws;
  for (const auto& f : fs) {
    auto it = index.find(f.name);
    if (it == index.end()) continue;
    if (float x = weighs(it->second, c); x > 0) ws.emplace_back(x, &f);
  }
  // Heaviest first; on a tie, the earlier feature of the unit.
  std::stable_sort(ws.begin(), ws.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<const Feature*> out;
  for (std::size_t i = 0; i < ws.size() && i < k; ++i) out.push_back(ws[i].second);
  return out;
}

std::vector<std::size_t> Model::top_known(const std::vector<std::uint32_t>& known_of, std::size_t c, std::size_t k,
                                          bool against) const {
  std::vector<std::pair<float, std::size_t>> ws;
  for (std::size_t i = 0; i < known_of.size(); ++i)
    if (known_of[i])
      if (float x = against ? -weighs(known_of[i] - 1, c) : weighs(known_of[i] - 1, c); x > 0) ws.emplace_back(x, i);
  std::stable_sort(ws.begin(), ws.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < ws.size() && i < k; ++i) out.push_back(ws[i].second);
  return out;
}

// ---- the model file ----

void Model::save(const std::string& path) const {
  io::Output out(path);
  std::string line;
  {
    json::Writer w(line);
    w.begin_object().field("kind", "qda-model").field("format", 3).field("name", name).field("language", language);
    w.field("codebook_sha256", codebook_sha256).field("units", units).field("examples", examples);
    w.key("options").begin_object().field("epochs", options.epochs).field("rate", options.rate).field("l2", options.l2)
        .field("seed", static_cast<std::int64_t>(options.seed)).field("nb_mix", options.nb_mix).field("nb_alpha", options.nb_alpha)
        .end_object();
    if (lemmas) w.field("lemmas", true);
    w.key("codes").begin_array();
    for (const auto& c : codes) w.value(c);
    w.end_array();
    w.key("positives").begin_array();
    for (long n : positives) w.value(n);
    w.end_array();
    w.key("shared").begin_array();
    for (const auto& c : shared) w.value(c);
    w.end_array();
    w.key("factors").begin_array();
    for (const auto& f : factors) w.begin_array().value(f.dimension).value(f.type).end_array();
    w.end_array();
  }

  line += fmt::format(",\"calibration\":[{},{}],\"shared_calibration\":[{},{},{}],\"threshold\":{:.2f},\"idf_unknown\":{}",
                      static_cast<float>(calib_a), static_cast<float>(calib_b), static_cast<float>(shared_a),
                      static_cast<float>(shared_b), static_cast<float>(shared_c), threshold, idf_unknown);
  if (veto > 0) line += fmt::format(",\"veto\":[{:.2f},{:.2f}]", veto, veto_threshold);
  // Weights as the shortest text that reads back as the same float.
  line += ",\"bias\":[";
  for (std::size_t c = 0; c < bias.size(); ++c) line += fmt::format("{}{}", c ? "," : "", bias[c]);
  line += "]}";
  out.line(line);
  const std::size_t C = classes();
  auto class_name = [&](std::size_t c) -> const std::string& { return c < codes.size() ? codes[c] : shared[c - codes.size()]; };
  // Features in name order, so a model file diffs well.
  std::vector<std::uint32_t> order(features.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return features[a] < features[b]; });
  for (std::uint32_t f : order) {
    if (idf[f] <= 0) continue;  // not known: weighs as an unseen feature
    const float* w = &weights[static_cast<std::size_t>(f) * C];
    line.clear();
    line += "{\"f\":";
    json::append_string(line, features[f]);
    line += fmt::format(",\"idf\":{},\"w\":{{", idf[f]);
    bool first = true;
    for (std::size_t c = 0; c < C; ++c) {
      if (w[c] == 0.0f) continue;
      if (!first) line += ',';
      first = false;
      json::append_string(line, class_name(c));
      line += fmt::format(":{}", w[c]);
    }
    line += "}}";
    out.line(line);
  }
  // The coded units, by id, each with the codes it was given.
  std::vector<const std::pair<const std::string, std::vector<std::uint32_t>>*> units_coded;
  for (const auto& u : coded) units_coded.push_back(&u);
  std::sort(units_coded.begin(), units_coded.end(), [](auto a, auto b) { return a->first < b->first; });
  for (const auto* u : units_coded) {
    line.clear();
    line += "{\"unit\":";
    json::append_string(line, u->first);
    line += ",\"codes\":[";
    for (std::size_t k = 0; k < u->second.size(); ++k) {
      if (k) line += ',';
      json::append_string(line, codes[u->second[k]]);
    }
    line += "]}";
    out.line(line);
  }
  out.commit();
}

Model Model::load(const std::string& path, const Codebook& cb) {
  const std::string bytes = io::read_file(path);
  // The file's digest (for the provenance) beside the parse, on another core.
  auto digest = std::async(std::launch::async, [&bytes] { return sha256_hex(bytes); });
  Model m = parse(bytes, path, cb);
  provenance::add_config("model", path, digest.get());
  return m;
}

Model Model::parse(std::string_view bytes, const std::string& path, const Codebook& cb) {
  Model m;
  auto in = io::LineReader::in_memory(bytes, path);
  io::LineReader& r = *in;
  simdjson::dom::parser parser;
  std::string_view line;
  std::unordered_map<std::string, std::size_t> code_at;
  std::unordered_map<std::string_view, std::size_t> class_at;  // code_at over m.codes and m.shared, once read
  auto fail = [&](const std::string& what) { return ConfigError(what, r.where()); };
  bool header = true;
  while (r.next_record(line)) {
    simdjson::dom::element e;
    if (parser.parse(line.data(), line.size()).get(e) || !e.is_object()) throw fail("not a JSON object: this is not a model file qda-code wrote");
    if (header) {
      header = false;
      std::string_view s;
      if (e["kind"].get_string().get(s) || s != "qda-model") throw fail("not a model file qda-code wrote (no \"kind\":\"qda-model\")");
      std::int64_t format = 0;
      // Format 3 added the coded units' lines ({"unit":…}); a file of format 2 has none or, written
      // before the number changed, reads the same.
      if (e["format"].get_int64().get(format) || (format != 2 && format != 3))
        throw fail("a model file of another format than 2 or 3: retrain it with this qda-code");
      if (!e["name"].get_string().get(s)) m.name = s;
      if (!e["language"].get_string().get(s)) m.language = s;
      if (!e["codebook_sha256"].get_string().get(s)) m.codebook_sha256 = s;
      if (bool b = false; !e["lemmas"].get_bool().get(b)) m.lemmas = b;
      std::int64_t n = 0;
      if (!e["units"].get_int64().get(n)) m.units = n;
      if (!e["examples"].get_int64().get(n)) m.examples = n;
      simdjson::dom::array codes, shared, factors, bias, pos;
      if (e["codes"].get_array().get(codes) || e["shared"].get_array().get(shared) || e["factors"].get_array().get(factors) ||
          e["bias"].get_array().get(bias) || bias.size() != codes.size() + shared.size() || factors.size() != codes.size())
        throw fail("a model needs \"codes\", \"shared\" classes, \"factors\" per code and a \"bias\" per class");
      for (auto c : codes) {
        if (c.get_string().get(s)) throw fail("\"codes\" must be code ids");
        std::string id(s);
        if (!cb.find_code(id)) throw fail("the model has code '" + id + "', which the codebook does not define");
        if (code_at.count(id)) throw fail("code '" + id + "' appears twice in \"codes\"");
        code_at[id] = m.codes.size();
        m.codes.push_back(id);
      }
      for (auto c : shared) {
        if (c.get_string().get(s) || !(s.rfind("dimension:", 0) == 0 || s.rfind("type:", 0) == 0))
          throw fail("\"shared\" classes are named dimension:<id> or type:<id>");
        std::string id(s);
        if (code_at.count(id)) throw fail("class '" + id + "' appears twice in \"shared\"");
        code_at[id] = m.codes.size() + m.shared.size();
        m.shared.push_back(id);
      }
      m.index_shared();
      for (auto f : factors) {
        simdjson::dom::array pair;
        std::int64_t d = 0, t = 0;
        if (f.get_array().get(pair) || pair.size() != 2 || pair.at(0).get_int64().get(d) || pair.at(1).get_int64().get(t))
          throw fail("\"factors\" are [dimension, type] per code");
        auto names = [&](std::int64_t k, const char* prefix) {
          return k == -1 || (k >= 0 && static_cast<std::size_t>(k) < m.shared.size() &&
                             m.shared[static_cast<std::size_t>(k)].rfind(prefix, 0) == 0);
        };
        if (!names(d, "dimension:") || !names(t, "type:"))
          throw fail("\"factors\" must name a shared dimension:… and type:… class, or -1");
        m.factors.push_back({static_cast<int>(d), static_cast<int>(t)});
      }
      for (auto b : bias) {
        double d;
        if (b.get_double().get(d) || !std::isfinite(d)) throw fail("\"bias\" must be numbers");
        m.bias.push_back(static_cast<float>(d));
      }
      if (!e["positives"].get_array().get(pos))
        for (auto p : pos) {
          std::int64_t k = 0;
          if (!p.get_int64().get(k)) m.positives.push_back(k);
        }
      m.positives.resize(m.codes.size(), 0);
      simdjson::dom::array cal;
      if (!e["calibration"].get_array().get(cal)) {
        double a = 0, b = 0;
        if (cal.size() != 2 || cal.at(0).get_double().get(a) || cal.at(1).get_double().get(b) || !(a > 0) || !std::isfinite(b))
          throw fail("\"calibration\" must be [a, b] with a > 0");
        m.calib_a = a, m.calib_b = b;
      }
      if (!e["shared_calibration"].get_array().get(cal)) {
        double a = 0, b = 0, c = 0;
        if (cal.size() != 3 || cal.at(0).get_double().get(a) || cal.at(1).get_double().get(b) || cal.at(2).get_double().get(c) ||
            !(a > 0) || !(b >= 0) || !std::isfinite(b) || !std::isfinite(c))
          throw fail("\"shared_calibration\" must be [a, b, c] with a > 0 and b >= 0");
        m.shared_a = a, m.shared_b = b, m.shared_c = c;
      }
      double iu = 0;
      if (e["idf_unknown"].get_double().get(iu) || !(iu > 0) || !std::isfinite(iu)) throw fail("a model needs \"idf_unknown\", a positive number");
      m.idf_unknown = static_cast<float>(iu);
      double t = 0.5;
      if (e["threshold"].get_double().get(t) == simdjson::SUCCESS && !(t > 0 && t < 1)) throw fail("\"threshold\" must be between 0 and 1");
      m.threshold = t;
      m.veto = 0, m.veto_threshold = t;
      if (simdjson::dom::array v; e["veto"].get_array().get(v) == simdjson::SUCCESS) {
        double level = 0, at = 0;
        if (v.size() != 2 || v.at(0).get_double().get(level) || v.at(1).get_double().get(at) || !(level > 0 && level < 1) ||
            !(at > 0 && at < 1))
          throw fail("\"veto\" must be [level, threshold], both between 0 and 1");
        m.veto = level, m.veto_threshold = at;
      }
      for (std::size_t k = 0; k < m.codes.size(); ++k) class_at[m.codes[k]] = k;
      for (std::size_t k = 0; k < m.shared.size(); ++k) class_at[m.shared[k]] = m.codes.size() + k;
      const auto lines = static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\n'));
      m.features.reserve(lines), m.idf.reserve(lines), m.index.reserve(lines);
      m.weights.reserve(lines * m.classes());
      continue;
    }
    if (std::string_view id; !e["unit"].get_string().get(id)) {
      simdjson::dom::array given;
      if (e["codes"].get_array().get(given)) throw fail("a unit line needs \"unit\" and \"codes\"");
      auto [at, fresh] = m.coded.try_emplace(std::string(id));
      if (!fresh) throw fail("unit '" + std::string(id) + "' appears twice");
      for (auto g : given) {
        std::string_view c;
        auto k = g.get_string().get(c) ? code_at.end() : code_at.find(std::string(c));
        if (k == code_at.end() || k->second >= m.codes.size())
          throw fail("unit '" + std::string(id) + "': \"codes\" must be codes the model lists");
        at->second.push_back(static_cast<std::uint32_t>(k->second));
      }
      continue;
    }
    std::string_view f;
    simdjson::dom::object w;
    if (e["f"].get_string().get(f) || e["w"].get_object().get(w)) throw fail("a feature line needs \"f\" and \"w\"");
    std::string name(f);
    double idf = 0;
    if (e["idf"].get_double().get(idf) || !(idf > 0) || !std::isfinite(idf)) throw fail("feature '" + name + "' needs \"idf\", a positive number");
    const std::size_t before = m.features.size();
    std::uint32_t at = m.intern(name);
    if (m.features.size() == before) throw fail("feature '" + name + "' appears twice");
    m.idf.push_back(static_cast<float>(idf));
    m.weights.resize(m.features.size() * m.classes(), 0.0f);
    for (auto [k, v] : w) {
      auto c = class_at.find(k);
      double d;
      if (c == class_at.end()) throw fail("feature '" + name + "' weighs class '" + std::string(k) + "', which the model does not list");
      if (v.get_double().get(d) || !std::isfinite(d)) throw fail("the weights of '" + name + "' must be numbers");
      m.weights[static_cast<std::size_t>(at) * m.classes() + c->second] = static_cast<float>(d);
    }
  }
  if (header) throw ConfigError("an empty file is not a model", Location{path, 0});
  return m;
}

// ---- what to code next ----

// The number of its codes the model can expect to get wrong, sum of min(p, 1 - p), each code's
// share divided by 1 + the positive examples the model had of it: a code few coded units have is
// where a new coding teaches most, and the macro-F1 a study reports counts each code once.
// Development sets (11 pairs, 24 single sets), rules and model over the rules at 10 / 25 / 50 %
// coded: +0.031 / +0.092 / +0.149 and +0.007 / +0.034 / +0.084 chosen this way; every code alike
// +0.029 / +0.089 / +0.139 and +0.008 / +0.031 / +0.087; at random +0.020 / +0.077 / +0.141 and
// +0.001 / +0.033 / +0.079.
double expected_errors(const std::vector<float>& probs, const std::vector<long>& positives) {
  double sum = 0;
  for (std::size_t k = 0; k < probs.size(); ++k) {
    const double seen = k < positives.size() ? static_cast<double>(positives[k]) : 0.0;
    sum += std::min(probs[k], 1.0f - probs[k]) / (1.0 + seen);
  }
  return sum;
}

void weigh_by_candidates(std::vector<Candidate>& cands) {
  std::vector<std::uint32_t> df;
  for (const auto& c : cands)
    for (auto [w, x] : c.words) {
      if (w >= df.size()) df.resize(w + 1, 0);
      ++df[w];
    }
  const double N = static_cast<double>(cands.size());
  for (auto& c : cands)
    for (auto& [w, x] : c.words) x = df[w] > 1 ? static_cast<float>(std::log((N + 1) / (df[w] + 1.0)) + 1) : 0.0f;
}

// Development sets heldout8-35, rules and model over the rules at 10 / 25 / 50 % coded, chosen by
// --suggest weighed so against not (and at random, one seed): 14 pairs +0.056 / +0.109 / +0.156
// against +0.043 / +0.111 / +0.157 (random +0.029 / +0.105 / +0.155), ahead of random at every
// fraction on 2 pairs against 3; 30 single sets +0.016 / +0.057 / +0.101 against +0.012 / +0.055 /
// +0.094 (random +0.009 / +0.053 / +0.087), on 8 sets against 4. With a model only (the first
// batch chosen as before), the pairs gave +0.048 / +0.112 / +0.157 weighed by typicality, +0.035 /
// +0.110 / +0.159 by its square, +0.039 / +0.114 / +0.159 by its square root. Weighing the words
// among the candidates with a model too (not by the model's idf) did worse on the single sets
// (+0.010 / +0.049 / +0.099).
std::vector<double> typicality(const std::vector<Candidate>& cands) {
  std::uint32_t words = 0;
  for (const auto& c : cands)
    for (auto [w, x] : c.words) words = std::max(words, w + 1);
  // Each candidate's unit vector, summed over all of them.
  std::vector<double> norm(cands.size(), 0.0), sum(words, 0.0);
  for (std::size_t i = 0; i < cands.size(); ++i) {
    for (auto [w, x] : cands[i].words) norm[i] += static_cast<double>(x) * x;
    norm[i] = norm[i] > 0 ? 1.0 / std::sqrt(norm[i]) : 0.0;
    for (auto [w, x] : cands[i].words) sum[w] += x * norm[i];
  }
  std::vector<double> out(cands.size(), 0.0);
  if (cands.size() < 2) return out;
  const double others = static_cast<double>(cands.size() - 1);
  for (std::size_t i = 0; i < cands.size(); ++i) {
    double d = 0;
    for (auto [w, x] : cands[i].words) {
      const double v = x * norm[i];
      d += v * (sum[w] - v);
    }
    out[i] = std::max(d, 0.0) / others;
  }
  return out;
}

std::vector<std::size_t> pick_suggestions(const std::vector<Candidate>& cands, std::size_t n) {
  // Lazy greedy: a candidate's claim only falls as others are picked, so the one on top of the
  // queue whose claim is still current is the best.
  std::unordered_map<std::string, int> per_doc;
  std::unordered_map<std::size_t, int> per_code;
  const std::vector<double> typical = typicality(cands);
  auto claim = [&](std::size_t i) {
    const Candidate& c = cands[i];
    auto d = per_doc.find(c.doc);
    auto k = per_code.find(c.code);
    int times = (d == per_doc.end() ? 0 : d->second) + (k == per_code.end() ? 0 : k->second);
    // A unit that shares no word with the others (typicality 0) comes last, still spread.
    return (0.05 + c.uncertainty) * std::max(typical[i], 1e-9) * std::ldexp(1.0, -times);
  };
  struct Entry {
    double claim;
    std::uint64_t tie;
    std::size_t i;
    bool operator<(const Entry& o) const { return claim != o.claim ? claim < o.claim : tie > o.tie; }
  };
  std::priority_queue<Entry> q;
  for (std::size_t i = 0; i < cands.size(); ++i) q.push(Entry{claim(i), fnv(cands[i].id), i});
  std::vector<std::size_t> out;
  while (out.size() < n && !q.empty()) {
    Entry e = q.top();
    q.pop();
    double now = claim(e.i);
    if (now < e.claim) {
      q.push(Entry{now, e.tie, e.i});
      continue;
    }
    out.push_back(e.i);
    ++per_doc[cands[e.i].doc];
    ++per_code[cands[e.i].code];
  }
  return out;
}

}  // namespace qda::code
