// Narratives, type scores with their explanation, general structures and imaginative variation.
#include "synthesize/synthesize.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "core/error.hpp"
#include "core/fields.hpp"
#include "core/json.hpp"
#include "core/step.hpp"
#include "core/synthesis.hpp"
#include "core/text.hpp"
#include "core/workers.hpp"

#include <spdlog/spdlog.h>

namespace qda::synthesize {

struct Synthesizer::Unit {
  std::string id;
  std::uint32_t narrative = 0;
  std::uint32_t codes_begin = 0;
  std::uint16_t n_codes = 0;
  float valence = 0;
  std::int64_t seq = 0;
  std::optional<fields::Span> span;  // when the unit has one
  std::uint64_t text_off = 0;
  std::uint32_t text_len = 0;
  bool spooled = false;
};

struct Synthesizer::Narrative {
  std::string id, doc, participant, source, category, attrs;
  std::int64_t episode = 0;
  std::vector<std::uint32_t> units;
};

struct Synthesizer::Scored {
  std::vector<std::uint16_t> present;  // sorted codes found on any unit (ancestors included)
  std::vector<double> score;           // per type
  std::vector<int> assigned;           // type indices, best first
  int best = -1;                       // the best-scoring type, -1 when no type scores
  double margin = 0;                   // its score minus the second's
  std::string reason;                  // why none is assigned ("" when one is)
  bool has_arc = false;
  std::vector<double> valence, smoothed;
  std::string shape, control;  // control: the shape of the first shuffled order
  // Per shape (kShapes), how many of the opt_.arc.shuffles shuffled orders take it.
  std::array<std::uint32_t, 7> control_counts{};
};

struct Synthesizer::Scoring {
  std::string id;
  std::vector<std::uint16_t> codes;   // the units' code sets, one after another
  std::vector<std::uint32_t> ends;    // per unit, where its codes end in `codes`
  std::vector<float> valence;         // per unit
};

// The early results: per narrative (by index in arrival order) its Scored and how many units it
// had then, batches of narratives on the workers, the batch being filled.
struct Synthesizer::Early {
  struct None {};
  struct Result {
    std::uint32_t narrative = 0, units = 0;
    Scored scored;
  };
  explicit Early(int threads) : workers(threads, [](int) { return std::make_unique<None>(); }) {}
  Workers<None> workers;
  std::vector<std::future<std::vector<Result>>> pending;
  std::vector<std::pair<std::uint32_t, Scoring>> batch;
  static constexpr std::size_t kBatch = 64;
};

namespace {

// Position of a bad field: the line comes from the reader, the key from here.
Location at_key(const char* key) {
  Location l;
  l.key = key;
  return l;
}

double round_to(double x, double scale) { return std::round(x * scale) / scale; }

std::string required(const Record& r, const char* key) {
  auto v = r.get_string(key);
  if (!v || v->empty()) throw DataError("a unit needs a non-empty string", at_key(key));
  return *v;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

// The splitmix64 finaliser: seeds of the successive shuffles that share no state.
std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

bool has(const std::vector<std::uint16_t>& sorted, int code) {
  return std::binary_search(sorted.begin(), sorted.end(), static_cast<std::uint16_t>(code));
}

}  // namespace

Synthesizer::Synthesizer(model::Codebook codebook, Options options, const Lexicon* lexicon)
    : ty_(std::move(codebook)), opt_(std::move(options)), lexicon_(lexicon) {
  if (ty_.typology.empty())
    throw ConfigError("the codebook has no typology to synthesize", Location{ty_.file, 0, 0, {}});
  if (ty_.codes.size() >= 65535) throw ConfigError("too many codes (at most 65534)", Location{ty_.file});
  descendants_.resize(ty_.codes.size());
  for (std::size_t c = 0; c < ty_.codes.size(); ++c)
    for (int a = static_cast<int>(c); a >= 0; a = ty_.codes[a].parent_index) descendants_[a].push_back(static_cast<int>(c));
}

Synthesizer::~Synthesizer() {
  early_.reset();  // its workers may still read this object
  if (spool_) std::fclose(spool_);
}

void Synthesizer::add(const Record& r) {
  if (r.kind() == "participant") {
    if (auto id = r.get_string("id")) reach_.try_emplace(*id);
    return;
  }
  if (r.kind() != "unit") return;
  // Interviewer turns are context, episode 0 is the introduction: neither is the description.
  if (r.get_string("speaker").value_or("") != "participant") return;
  std::int64_t episode = r.get_int("episode").value_or(0);
  std::string category = r.get_string("category").value_or("");
  bool in_category = opt_.categories.empty() ||
                     std::find(opt_.categories.begin(), opt_.categories.end(), category) != opt_.categories.end();
  if (episode < 1 || !in_category) {
    // Not part of any narrative: counted, so a participant left with none is told why.
    if (auto p = r.get_string("participant")) {
      Reach& rc = reach_[*p];
      ++rc.units;
      if (!in_category) ++rc.other_category;
      else ++rc.episode0;
    }
    return;
  }
  // Everything that can be wrong with the record is read before anything is kept, so a unit
  // set aside under --on-error=skip leaves no trace (no narrative slot, no codes).
  Unit u;
  u.id = required(r, "id");
  std::string doc = required(r, "doc");
  std::string participant = required(r, "participant");
  std::string source = required(r, "source");
  u.seq = r.get_int("seq").value_or(static_cast<std::int64_t>(units_.size()));
  if (const std::string* span = r.raw("span")) u.span = fields::read_span(*span);
  std::vector<std::string> code_ids;
  if (const std::string* raw = r.raw("codes")) code_ids = fields::read_code_ids(*raw);
  std::string key = doc + '#' + std::to_string(episode);
  auto found = narrative_index_.find(key);
  if (found != narrative_index_.end() && narratives_[found->second].participant != participant)
    throw DataError("unit of " + key + " names participant '" + participant + "', but the episode's earlier units name '" +
                    narratives_[found->second].participant + "'");

  std::vector<std::uint16_t> codes;
  std::vector<std::string> unknown;
  for (const std::string& c : code_ids) {
    int ci = ty_.code_index(c);
    if (ci < 0) {
      unknown.push_back(c);
      continue;
    }
    // A child code speaks for its parent too: the typology may name either level.
    for (int a = ci; a >= 0; a = ty_.codes[a].parent_index) codes.push_back(static_cast<std::uint16_t>(a));
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  bool may_be_exemplar = false;
  for (const Type& t : ty_.typology)
    for (const Weight& w : t.weights) may_be_exemplar = may_be_exemplar || (w.weight > 0 && has(codes, w.code));
  std::string text;
  if (lexicon_ || may_be_exemplar) text = r.get_string("text").value_or("");

  // The record is good: keep it.
  ++reach_[participant].units;
  any_codes_ = any_codes_ || r.raw("codes") != nullptr;
  for (auto& c : unknown)
    if (std::find(unknown_.begin(), unknown_.end(), c) == unknown_.end()) unknown_.push_back(std::move(c));
  if (found == narrative_index_.end()) {
    Narrative n;
    n.id = key;
    n.doc = doc;
    n.episode = episode;
    n.participant = participant;
    n.source = source;
    n.category = category;
    if (const std::string* a = r.raw("attrs")) n.attrs = *a;
    found = narrative_index_.emplace(key, static_cast<std::uint32_t>(narratives_.size())).first;
    narratives_.push_back(std::move(n));
  }
  u.narrative = found->second;
  u.codes_begin = static_cast<std::uint32_t>(code_pool_.size());
  u.n_codes = static_cast<std::uint16_t>(codes.size());
  code_pool_.insert(code_pool_.end(), codes.begin(), codes.end());
  if (lexicon_) u.valence = static_cast<float>(lexicon_->valence(text));
  if (may_be_exemplar && !text.empty()) {
    // The text waits on disk, not in memory, until we know which units are exemplars.
    if (!spool_ && !(spool_ = std::tmpfile())) throw IoError("cannot create a temporary spool file");
    if (std::fwrite(text.data(), 1, text.size(), spool_) != text.size()) throw IoError("cannot write the spool file");
    u.text_off = spool_size_;
    u.text_len = static_cast<std::uint32_t>(text.size());
    u.spooled = true;
    spool_size_ += text.size();
  }
  const std::uint32_t narrative = u.narrative;
  narratives_[narrative].units.push_back(static_cast<std::uint32_t>(units_.size()));
  units_.push_back(std::move(u));
  if (opt_.jobs > 1 && open_narrative_ != narrative) {
    if (open_narrative_ >= 0) close_narrative(static_cast<std::uint32_t>(open_narrative_));
    open_narrative_ = narrative;
  }
}

Synthesizer::Scoring Synthesizer::scoring_of(const Narrative& n) const {
  Scoring in;
  in.id = n.id;
  std::vector<std::uint32_t> order = n.units;  // in seq order, as finish() sorts them
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return units_[a].seq < units_[b].seq; });
  for (auto ui : order) {
    const Unit& u = units_[ui];
    in.codes.insert(in.codes.end(), code_pool_.begin() + u.codes_begin, code_pool_.begin() + u.codes_begin + u.n_codes);
    in.ends.push_back(static_cast<std::uint32_t>(in.codes.size()));
    in.valence.push_back(u.valence);
  }
  return in;
}

void Synthesizer::close_narrative(std::uint32_t n) {
  if (!early_) early_ = std::make_unique<Early>(std::max(1, opt_.jobs - 1));
  early_->batch.emplace_back(n, scoring_of(narratives_[n]));
  if (early_->batch.size() < Early::kBatch) return;
  auto batch = std::make_shared<std::vector<std::pair<std::uint32_t, Scoring>>>(std::move(early_->batch));
  early_->batch.clear();
  early_->pending.push_back(early_->workers.submit<std::vector<Early::Result>>([this, batch](Early::None&) {
    std::vector<Early::Result> out(batch->size());
    for (std::size_t k = 0; k < batch->size(); ++k) {
      out[k].narrative = (*batch)[k].first;
      out[k].units = static_cast<std::uint32_t>((*batch)[k].second.ends.size());
      score((*batch)[k].second, out[k].scored);
    }
    return out;
  }));
}

std::size_t Synthesizer::narrative_count() const { return narratives_.size(); }
std::size_t Synthesizer::unit_count() const { return units_.size(); }

std::vector<std::string> Synthesizer::unknown_codes() const {
  std::vector<std::string> v = unknown_;
  std::sort(v.begin(), v.end());
  return v;
}

std::string Synthesizer::spooled_text(const Unit& u) {
  if (!u.spooled) return {};
  std::string s(u.text_len, '\0');
  if (std::fflush(spool_) != 0 || std::fseek(spool_, static_cast<long>(u.text_off), SEEK_SET) != 0 ||
      std::fread(s.data(), 1, s.size(), spool_) != s.size())
    throw IoError("cannot read back the spool file");
  return s;
}

namespace {
// Score of type `t` given the codes present, minus any code in `removed`: per dimension the
// largest weight among the codes present, summed, as a share of the type's total (Type: the
// codes of a dimension are alternatives).
double type_score(const Type& t, const std::vector<std::uint16_t>& present, const std::vector<char>* removed) {
  if (t.total <= 0) return 0;
  double s = 0;
  std::uint32_t b = 0;
  for (std::uint32_t end : t.group_end) {
    double best = 0;
    for (; b < end; ++b) {
      const Weight& w = t.weights[t.by_dimension[b]];
      if (!has(present, w.code) || (removed && (*removed)[w.code])) continue;
      best = std::max(best, w.weight);
    }
    s += best;
  }
  return s / t.total;
}
}  // namespace

Synthesizer::Decision Synthesizer::decide(const std::vector<double>& scores, const std::vector<std::uint32_t>* support) const {
  Decision d;
  // Every type ranked: best score first; scores move in steps of a dimension, so ties are
  // common: the type more of the narrative's units speak for goes first; then codebook order.
  std::vector<int> ranked(scores.size());
  for (std::size_t t = 0; t < scores.size(); ++t) ranked[t] = static_cast<int>(t);
  std::stable_sort(ranked.begin(), ranked.end(), [&](int a, int b) {
    if (std::abs(scores[a] - scores[b]) > 1e-9) return scores[a] > scores[b];
    return support && (*support)[a] > (*support)[b];
  });
  double best = ranked.empty() ? 0 : scores[ranked[0]];
  if (best <= 0) {
    d.reason = "no_code";
    return d;
  }
  d.best = ranked[0];
  d.margin = best - (ranked.size() > 1 ? scores[ranked[1]] : 0);
  for (int t : ranked)
    if (scores[t] >= opt_.min_score - 1e-12 && scores[t] >= opt_.relative * best - 1e-12) d.assigned.push_back(t);
  if (d.assigned.empty()) d.reason = "below_min_score";
  else if (opt_.min_margin > 0 && d.margin < opt_.min_margin - 1e-12) d.assigned.clear(), d.reason = "margin";
  return d;
}

std::vector<int> Synthesizer::assign(const std::vector<double>& scores, const std::vector<std::uint32_t>* support) const {
  return decide(scores, support).assigned;
}

// Scores one narrative: its types, the decision, and (with a lexicon) its arc and the
// shuffled-order control. Reads only `in` and the codebook's settings, so any thread may.
void Synthesizer::score(const Scoring& in, Scored& s) const {
  const std::size_t n_units = in.ends.size();
  auto unit_codes = [&](std::size_t k) {
    const std::uint16_t* b = in.codes.data() + (k ? in.ends[k - 1] : 0);
    return std::pair<const std::uint16_t*, const std::uint16_t*>(b, in.codes.data() + in.ends[k]);
  };
  s.present.assign(in.codes.begin(), in.codes.end());
  s.valence.assign(in.valence.begin(), in.valence.end());
  std::sort(s.present.begin(), s.present.end());
  s.present.erase(std::unique(s.present.begin(), s.present.end()), s.present.end());
  for (const Type& t : ty_.typology) s.score.push_back(type_score(t, s.present, nullptr));
  std::vector<std::uint32_t> support(ty_.typology.size(), 0);
  for (std::size_t k = 0; k < n_units; ++k) {
    auto [b, e] = unit_codes(k);
    for (std::size_t t = 0; t < ty_.typology.size(); ++t)
      for (const Weight& w : ty_.typology[t].weights)
        if (w.weight > 0 && std::binary_search(b, e, static_cast<std::uint16_t>(w.code))) {
          ++support[t];
          break;
        }
  }
  Decision d = decide(s.score, &support);
  s.assigned = d.assigned;
  s.best = d.best;
  s.margin = d.margin;
  s.reason = d.reason;
  if (lexicon_) {
    s.has_arc = true;
    const Smoother smoother(s.valence.size(), opt_.arc);
    smoother(s.valence, s.smoothed);
    s.shape = classify(s.smoothed, opt_.arc);
    // The control: the same classifier on many shuffled orders of the same units. One order
    // is a coin toss; the structures report the mean over all of them. The first order is the
    // one the narrative record shows.
    const std::uint64_t base = opt_.seed ^ fnv1a(in.id);
    std::vector<double> shuffled, smoothed;
    const int rounds = std::max(1, opt_.arc.shuffles);
    for (int r = 0; r < rounds; ++r) {
      shuffled = s.valence;
      shuffle(shuffled, r == 0 ? base : mix64(base + static_cast<std::uint64_t>(r) * 0x9E3779B97F4A7C15ULL));
      smoother(shuffled, smoothed);
      const std::size_t shape = classify_index(smoothed, opt_.arc);
      ++s.control_counts[shape];
      if (r == 0) s.control = classify(smoothed, opt_.arc);
    }
  } else {
    s.valence.clear();
  }
}

// Every narrative scored (narratives_ in finish()'s order; `position`: where each narrative of
// the arrival order went): the early results of those that got no unit since, the others each
// on its own, in parallel.
void Synthesizer::score_all(std::vector<Scored>& all, const std::vector<std::uint32_t>& position) {
  all.resize(narratives_.size());
  std::vector<char> done(narratives_.size(), 0);
  if (early_) {
    for (auto& f : early_->pending)
      for (auto& r : f.get()) {
        const std::uint32_t now = position[r.narrative];
        if (narratives_[now].units.size() != r.units) continue;
        all[now] = std::move(r.scored);
        done[now] = 1;
      }
    early_.reset();
  }
  parallel_for(narratives_.size(), opt_.jobs, [&](std::size_t i) {
    if (!done[i]) score(scoring_of(narratives_[i]), all[i]);
  });
}

synthesis::Narrative Synthesizer::narrative_record(const Narrative& n, const Scored& s) const {
  synthesis::Narrative r;
  r.id = n.id, r.doc = n.doc, r.episode = n.episode;
  r.participant = n.participant, r.source = n.source, r.attrs = n.attrs, r.category = n.category;
  for (auto ui : n.units) r.units.push_back(units_[ui].id);
  for (std::size_t t = 0; t < ty_.typology.size(); ++t) {
    const Type& type = ty_.typology[t];
    synthesis::TypeScore ts{type.id, round_to(s.score[t], 1e4), {}};
    for (const Weight& wt : type.weights) {
      if (!has(s.present, wt.code)) continue;
      synthesis::Contribution c{ty_.codes[wt.code].id, ty_.dimensions[wt.dimension].id, wt.weight, {}};
      for (auto ui : n.units) {
        const Unit& u = units_[ui];
        const auto* b = code_pool_.data() + u.codes_begin;
        if (std::binary_search(b, b + u.n_codes, static_cast<std::uint16_t>(wt.code))) c.units.push_back(u.id);
      }
      ts.contributions.push_back(std::move(c));
    }
    r.types.push_back(std::move(ts));
  }
  for (int t : s.assigned) r.assigned.push_back(ty_.typology[t].id);
  r.best = s.best < 0 ? std::string() : ty_.typology[s.best].id;
  r.margin = round_to(s.margin, 1e4);
  r.decision = s.assigned.empty() ? "abstained" : "assigned";
  r.reason = s.reason;
  if (s.has_arc) {
    synthesis::NarrativeArc arc;
    for (double v : s.valence) arc.valence.push_back(round_to(v, 1e3));
    for (double v : s.smoothed) arc.smoothed.push_back(round_to(v, 1e3));
    arc.shape = s.shape;
    std::string expected = s.assigned.empty() ? "" : ty_.typology[s.assigned[0]].shape;
    if (!expected.empty()) arc.expected = expected, arc.agrees = s.shape == expected, arc.control_agrees = s.control == expected;
    arc.control_shape = s.control;
    r.arc = std::move(arc);
  }
  return r;
}

synthesis::Structure Synthesizer::structure_record(std::size_t t, const std::vector<Scored>& all) {
  const Type& type = ty_.typology[t];
  auto natural = [](const std::string& a, const std::string& b) { return text::natural_less(a, b); };
  // The narratives showing the type: every narrative whose assigned set contains it.
  auto members = [&](const std::vector<std::vector<int>>& assigned) {
    std::vector<std::uint32_t> m;
    for (std::uint32_t i = 0; i < assigned.size(); ++i)
      if (std::find(assigned[i].begin(), assigned[i].end(), static_cast<int>(t)) != assigned[i].end()) m.push_back(i);
    return m;
  };
  auto participants_of = [&](const std::vector<std::uint32_t>& m) {
    std::set<std::string, decltype(natural)> p(natural);
    for (auto i : m) p.insert(narratives_[i].participant);
    return p;
  };
  std::vector<std::vector<int>> assigned(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) assigned[i] = all[i].assigned;
  const std::vector<std::uint32_t> mine = members(assigned);
  const auto participants = participants_of(mine);
  const long n_part = static_cast<long>(participants.size());
  const bool supported = n_part >= opt_.min_participants;

  synthesis::Structure r;
  r.id = type.id, r.type = type.id, r.label = type.label;
  r.status = supported ? "supported" : "insufficient";
  r.min_participants = opt_.min_participants;
  for (auto i : mine) r.narratives.push_back(narratives_[i].id);
  r.participants.assign(participants.begin(), participants.end());
  r.n_participants = n_part;
  std::map<std::string, std::set<std::string>> by_source;
  for (auto i : mine) by_source[narratives_[i].source].insert(narratives_[i].participant);
  for (const auto& [src, ps] : by_source) r.sources.emplace_back(src, static_cast<std::int64_t>(ps.size()));
  r.dimensions = dimension_codes(type, mine);
  r.variation = variation(t, all, mine, supported);
  r.exemplars = exemplars(type, mine);
  if (lexicon_) r.arc = type_arc(type, all, mine);
  return r;
}

// The cells of the comparison table: per dimension, the codes of that dimension found in the
// type's narratives, ranked by how many participants carry them.
std::vector<synthesis::DimensionCodes> Synthesizer::dimension_codes(const Type& type, const std::vector<std::uint32_t>& mine) const {
  std::vector<long> unit_count(ty_.codes.size(), 0);
  std::vector<std::set<std::string>> code_participants(ty_.codes.size());
  for (auto i : mine)
    for (auto ui : narratives_[i].units) {
      const Unit& u = units_[ui];
      for (std::uint16_t k = 0; k < u.n_codes; ++k) {
        int c = code_pool_[u.codes_begin + k];
        ++unit_count[c];
        code_participants[c].insert(narratives_[i].participant);
      }
    }
  std::vector<synthesis::DimensionCodes> out;
  for (std::size_t d = 0; d < ty_.dimensions.size(); ++d) {
    std::vector<int> found;
    for (std::size_t c = 0; c < ty_.codes.size(); ++c)
      if (ty_.codes[c].dimension_index == static_cast<int>(d) && unit_count[c] > 0) found.push_back(static_cast<int>(c));
    std::stable_sort(found.begin(), found.end(), [&](int a, int b) {
      if (code_participants[a].size() != code_participants[b].size())
        return code_participants[a].size() > code_participants[b].size();
      return unit_count[a] > unit_count[b];
    });
    synthesis::DimensionCodes dc{ty_.dimensions[d].id, ty_.dimensions[d].label, {}};
    for (int c : found) {
      double weight = 0;
      for (const Weight& wt : type.weights)
        if (wt.code == c) weight = wt.weight;
      dc.codes.push_back(synthesis::CodeSupport{ty_.codes[c].id, ty_.codes[c].label,
                                                static_cast<std::int64_t>(code_participants[c].size()), unit_count[c], weight});
    }
    out.push_back(std::move(dc));
  }
  return out;
}

// Free imaginative variation: take a feature away from every narrative, re-score, re-assign,
// and see what is left of the type.
synthesis::Variation Synthesizer::variation(std::size_t t, const std::vector<Scored>& all,
                                            const std::vector<std::uint32_t>& mine, bool supported) const {
  const Type& type = ty_.typology[t];
  struct Removal { std::string kind, id; std::vector<char> removed; };
  std::vector<Removal> features;
  auto remove_with_descendants = [&](std::vector<char>& r, int c) {
    for (int x : descendants_[c]) r[x] = 1;
  };
  for (const Weight& wt : type.weights) {
    bool seen = false;
    for (const auto& f : features) seen = seen || f.id == ty_.codes[wt.code].id;
    if (seen) continue;
    Removal f{"code", ty_.codes[wt.code].id, std::vector<char>(ty_.codes.size(), 0)};
    remove_with_descendants(f.removed, wt.code);
    features.push_back(std::move(f));
  }
  std::vector<int> dims;
  for (const Weight& wt : type.weights)
    if (std::find(dims.begin(), dims.end(), wt.dimension) == dims.end()) dims.push_back(wt.dimension);
  for (int d : dims) {
    Removal f{"dimension", ty_.dimensions[d].id, std::vector<char>(ty_.codes.size(), 0)};
    for (std::size_t c = 0; c < ty_.codes.size(); ++c)
      if (ty_.codes[c].dimension_index == d) remove_with_descendants(f.removed, static_cast<int>(c));
    for (const Type& other : ty_.typology)
      for (const Weight& wt : other.weights)
        if (wt.dimension == d) remove_with_descendants(f.removed, wt.code);
    features.push_back(std::move(f));
  }
  synthesis::Variation v;
  v.essential_share = opt_.essential_share;
  v.min_participants = opt_.min_participants;
  v.rule = "essential when removing the feature loses at least essential_share of the type's narratives, "
           "or takes a supported type below min_participants; otherwise incidental";
  // Participants by number, for counting those left after a removal.
  std::unordered_map<std::string_view, std::uint32_t> pnum;
  std::vector<std::uint32_t> pid(narratives_.size());
  for (std::size_t i = 0; i < narratives_.size(); ++i)
    pid[i] = pnum.emplace(narratives_[i].participant, static_cast<std::uint32_t>(pnum.size())).first->second;
  // Each removal re-scores every narrative on its own: in parallel, one result per removal.
  struct After {
    std::vector<std::uint32_t> kept_all;
    long participants = 0;
  };
  std::vector<After> afters(features.size());
  parallel_for(
      features.size(), opt_.jobs,
      [&](std::size_t k) {
        const Removal& f = features[k];
        After& a = afters[k];
        std::vector<double> sc;
        for (std::uint32_t i = 0; i < all.size(); ++i) {
          const auto& present = all[i].present;
          bool touched = false;
          for (std::uint16_t c : present) touched = touched || f.removed[c];
          if (!touched) {  // nothing of the narrative goes: its scores, so its types, stay
            if (std::find(all[i].assigned.begin(), all[i].assigned.end(), static_cast<int>(t)) != all[i].assigned.end())
              a.kept_all.push_back(i);
            continue;
          }
          sc.clear();
          for (const Type& ot : ty_.typology) sc.push_back(type_score(ot, present, &f.removed));
          auto after = assign(sc, nullptr);  // membership only: the order does not matter here
          if (std::find(after.begin(), after.end(), static_cast<int>(t)) != after.end()) a.kept_all.push_back(i);
        }
        std::vector<char> seen(pnum.size(), 0);
        for (auto i : a.kept_all) a.participants += !seen[pid[i]], seen[pid[i]] = 1;
      },
      1);
  for (std::size_t k = 0; k < features.size(); ++k) {
    const Removal& f = features[k];
    const std::vector<std::uint32_t>& kept_all = afters[k].kept_all;
    long kept = 0;
    for (auto i : kept_all) kept += std::binary_search(mine.begin(), mine.end(), i) ? 1 : 0;
    const long n_after = afters[k].participants;
    const long before = static_cast<long>(mine.size());
    const long lost = before - kept;
    const double share = before ? static_cast<double>(lost) / before : 0;
    const bool below = n_after < opt_.min_participants;
    std::string verdict = before == 0 ? "untested"
                          : (share >= opt_.essential_share - 1e-12 || (supported && below)) ? "essential"
                                                                                           : "incidental";
    v.features.push_back(synthesis::Feature{f.kind, f.id, before, static_cast<std::int64_t>(kept_all.size()), lost,
                                            static_cast<std::int64_t>(kept_all.size()) - kept, round_to(share, 1e4),
                                            static_cast<std::int64_t>(n_after), below, verdict});
  }
  return v;
}

// Exemplars: the units carrying the most of the type's weight, for quotation.
std::vector<synthesis::Exemplar> Synthesizer::exemplars(const Type& type, const std::vector<std::uint32_t>& mine) {
  struct Ex { double contribution; std::uint32_t narrative, unit; };
  std::vector<Ex> ex;
  for (auto i : mine)
    for (auto ui : narratives_[i].units) {
      const Unit& u = units_[ui];
      const auto* b = code_pool_.data() + u.codes_begin;
      double c = 0;
      for (const Weight& wt : type.weights)
        if (std::binary_search(b, b + u.n_codes, static_cast<std::uint16_t>(wt.code))) c += wt.weight;
      if (c <= 0) continue;
      ex.push_back(Ex{c, i, ui});
      std::stable_sort(ex.begin(), ex.end(), [](const Ex& a, const Ex& b) { return a.contribution > b.contribution; });
      if (ex.size() > 3) ex.pop_back();
    }
  std::vector<synthesis::Exemplar> out;
  for (const Ex& e : ex) {
    const Unit& u = units_[e.unit];
    const Narrative& n = narratives_[e.narrative];
    synthesis::Exemplar x{u.id, n.participant, "(" + n.participant + ")", n.id, u.span, round_to(e.contribution, 1e4), {}, {}};
    const auto* b = code_pool_.data() + u.codes_begin;
    for (const Weight& wt : type.weights)
      if (std::binary_search(b, b + u.n_codes, static_cast<std::uint16_t>(wt.code))) x.codes.push_back(ty_.codes[wt.code].id);
    x.text = spooled_text(u);
    out.push_back(std::move(x));
  }
  return out;
}

// The arc of the type: what shapes its narratives take, against the shape it should have.
synthesis::StructureArc Synthesizer::type_arc(const Type& type, const std::vector<Scored>& all,
                                             const std::vector<std::uint32_t>& mine) const {
  std::map<std::string, long> shapes;
  long agree = 0;
  double control = 0;  // sum over the narratives of the share of their shuffles that agree
  const std::size_t expected = type.shape.empty() ? 0 : shape_index(type.shape);
  const double rounds = std::max(1, opt_.arc.shuffles);
  std::vector<double> mean(static_cast<std::size_t>(std::max(2, opt_.arc.points)), 0.0);
  for (auto i : mine) {
    ++shapes[all[i].shape];
    agree += all[i].shape == type.shape;
    if (!type.shape.empty()) control += all[i].control_counts[expected] / rounds;
    for (std::size_t j = 0; j < mean.size() && j < all[i].smoothed.size(); ++j) mean[j] += all[i].smoothed[j] / mine.size();
  }
  synthesis::StructureArc a;
  if (!type.shape.empty()) a.expected = type.shape;
  a.narrative = type.narrative;
  for (const char* sh : kShapes) a.shapes.emplace_back(sh, shapes[sh]);
  if (!type.shape.empty() && !mine.empty()) {
    a.agreement = round_to(static_cast<double>(agree) / mine.size(), 1e4);
    a.control_agreement = round_to(control / mine.size(), 1e4);
  }
  // The mean arc of the type's narratives, and its shape (none without narratives).
  if (!mine.empty()) {
    for (double v : mean) a.mean.push_back(round_to(v, 1e3));
    a.shape = classify(mean, opt_.arc);
  }
  return a;
}

void Synthesizer::finish(io::Output& out) {
  for (auto& n : narratives_)
    std::stable_sort(n.units.begin(), n.units.end(), [&](auto a, auto b) { return units_[a].seq < units_[b].seq; });
  // Natural order of doc, then episode: the same whatever order the shards came in.
  std::vector<std::uint32_t> order(narratives_.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) {
    const Narrative& x = narratives_[a];
    const Narrative& y = narratives_[b];
    if (x.doc != y.doc) return text::natural_less(x.doc, y.doc);
    return x.episode < y.episode;
  });
  std::vector<Narrative> sorted;
  sorted.reserve(narratives_.size());
  std::vector<std::uint32_t> position(narratives_.size());
  for (auto i : order) position[i] = static_cast<std::uint32_t>(sorted.size()), sorted.push_back(std::move(narratives_[i]));
  narratives_ = std::move(sorted);
  for (std::uint32_t i = 0; i < narratives_.size(); ++i)
    for (auto ui : narratives_[i].units) units_[ui].narrative = i;

  find_notes();
  for (const auto& n : notes_) out.line(note::to_json(n));
  std::vector<Scored> all;
  score_all(all, position);
  // The narrative records, made in parallel a block at a time and written in order.
  constexpr std::size_t kBlock = 1024;
  std::vector<std::string> lines;
  for (std::size_t a = 0; a < narratives_.size(); a += kBlock) {
    lines.assign(std::min(kBlock, narratives_.size() - a), std::string());
    parallel_for(lines.size(), opt_.jobs,
                 [&](std::size_t k) { lines[k] = synthesis::to_json(narrative_record(narratives_[a + k], all[a + k])); });
    for (const auto& l : lines) out.line(l);
  }
  for (std::size_t t = 0; t < ty_.typology.size(); ++t) out.line(synthesis::to_json(structure_record(t, all)));
}

void Synthesizer::find_notes() {
  notes_.clear();
  auto add = [&](std::string about, std::string id, std::string reason, std::vector<std::pair<std::string, std::string>> args,
                 std::string message) {
    spdlog::warn("{}", message);
    notes_.push_back(note::Note{"qda-synthesize", std::move(about), std::move(id), std::move(reason), std::move(args),
                                std::move(message)});
  };
  std::string cats;
  for (const auto& c : opt_.categories) cats += (cats.empty() ? "" : ", ") + c;
  // Participants with no narrative, in natural order of id.
  std::unordered_map<std::string, bool> told;
  for (const auto& n : narratives_) told[n.participant] = true;
  std::vector<std::string> ids;
  for (const auto& [id, rc] : reach_)
    if (!told.count(id)) ids.push_back(id);
  std::sort(ids.begin(), ids.end(), [](const auto& a, const auto& b) { return text::natural_less(a, b); });
  for (const auto& id : ids) {
    const Reach& rc = reach_.at(id);
    std::string n = std::to_string(rc.units);
    if (rc.units == 0)
      add("participant", id, "no_units", {},
          "participant " + id + ": no narrative: none of its speech reached qda-synthesize (no doc, or empty ones)");
    else if (rc.other_category == rc.units)
      add("participant", id, "category", {{"units", n}, {"categories", cats}},
          "participant " + id + ": no narrative: none of its units (" + n + ") is in the category " + cats +
              " (an empty answer, or another question)");
    else
      add("participant", id, "episode_0", {{"units", std::to_string(rc.episode0)}},
          "participant " + id + ": no narrative: " + std::to_string(rc.episode0) + (rc.episode0 == 1 ? " unit is" : " units are") +
              " in no episode (episode 0: no episode marker or prompt opened one)");
  }
  if (!units_.empty() && !any_codes_) {
    add("stream", "", "uncoded", {{"units", std::to_string(units_.size())}},
        "no unit carries codes (was qda-code run?): no narrative can be assigned a type");
    return;
  }
  if (units_.empty()) return;
  // Codes the typology weights that no unit of a narrative carries: their types cannot show them.
  std::vector<char> carried(ty_.codes.size(), 0);
  for (std::uint16_t c : code_pool_) carried[c] = 1;
  std::vector<char> noted(ty_.codes.size(), 0);
  for (const Type& t : ty_.typology)
    for (const Weight& w : t.weights) {
      if (w.weight <= 0 || carried[w.code] || noted[w.code]) continue;
      noted[w.code] = 1;
      const auto& code = ty_.codes[w.code];
      add("code", code.id, "code_unused", {{"type", t.id}},
          "code " + code.id + ": type " + t.id + " weights it, but no unit of a narrative carries it");
    }
}

namespace {
// Every record passes through; units are also read for the narratives written at the end.
class SynthesizeStep : public Step {
 public:
  SynthesizeStep(Synthesizer& s, io::Output& out) : Step(&out), s_(s), out_(out) {}
  bool takes(std::string_view kind) const override { return kind == "unit" || kind == "participant"; }
  void record(const RecordView& r) override {
    s_.add(r.record());
    out_.line(r.line);
  }
  void finish() override { s_.finish(out_); }

 private:
  Synthesizer& s_;
  io::Output& out_;
};
}  // namespace

void run(Synthesizer& s, io::LineReader& in, io::Output& out, Accounting& acc, const StepOptions& opts) {
  SynthesizeStep step(s, out);
  run_step(step, in, acc, opts);
}

}  // namespace qda::synthesize
