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
#include "core/text.hpp"

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
  bool has_arc = false;
  std::vector<double> valence, smoothed;
  std::string shape, control;  // control: the shape of the first shuffled order
  // Per shape (kShapeOrder), how many of the opt_.arc.shuffles shuffled orders take it.
  std::array<std::uint32_t, 7> control_counts{};
};

namespace {

const char* const kShapeOrder[] = {"rise", "fall", "fall-rise", "rise-fall", "rise-fall-rise", "fall-rise-fall", "flat"};

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

std::size_t shape_index(const std::string& shape) {
  for (std::size_t i = 0; i < std::size(kShapeOrder); ++i)
    if (shape == kShapeOrder[i]) return i;
  return std::size(kShapeOrder) - 1;
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
  if (spool_) std::fclose(spool_);
}

void Synthesizer::add(const Record& r) {
  if (r.kind() != "unit") return;
  // Interviewer turns are context, episode 0 is the introduction: neither is the description.
  if (r.get_string("speaker").value_or("") != "participant") return;
  std::int64_t episode = r.get_int("episode").value_or(0);
  if (episode < 1) return;
  std::string category = r.get_string("category").value_or("");
  if (!opt_.categories.empty() &&
      std::find(opt_.categories.begin(), opt_.categories.end(), category) == opt_.categories.end())
    return;
  Unit u;
  u.id = required(r, "id");
  std::string doc = required(r, "doc");
  u.seq = r.get_int("seq").value_or(static_cast<std::int64_t>(units_.size()));
  if (const std::string* span = r.raw("span")) u.span = fields::read_span(*span);

  std::string key = doc + '#' + std::to_string(episode);
  auto [it, fresh] = narrative_index_.try_emplace(key, static_cast<std::uint32_t>(narratives_.size()));
  if (fresh) {
    Narrative n;
    n.id = key;
    n.doc = doc;
    n.episode = episode;
    n.participant = required(r, "participant");
    n.source = required(r, "source");
    n.category = category;
    if (const std::string* a = r.raw("attrs")) n.attrs = *a;
    narratives_.push_back(std::move(n));
  }
  u.narrative = it->second;

  std::vector<std::uint16_t> codes;
  if (const std::string* raw = r.raw("codes")) {
    for (const std::string& c : fields::read_code_ids(*raw)) {
      int ci = ty_.code_index(c);
      if (ci < 0) {
        if (std::find(unknown_.begin(), unknown_.end(), c) == unknown_.end()) unknown_.push_back(c);
        continue;
      }
      // A child code speaks for its parent too: the typology may name either level.
      for (int a = ci; a >= 0; a = ty_.codes[a].parent_index) codes.push_back(static_cast<std::uint16_t>(a));
    }
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  u.codes_begin = static_cast<std::uint32_t>(code_pool_.size());
  u.n_codes = static_cast<std::uint16_t>(codes.size());
  code_pool_.insert(code_pool_.end(), codes.begin(), codes.end());

  bool may_be_exemplar = false;
  for (const Type& t : ty_.typology)
    for (const Weight& w : t.weights) may_be_exemplar = may_be_exemplar || (w.weight > 0 && has(codes, w.code));
  if (lexicon_ || may_be_exemplar) {
    std::string text = r.get_string("text").value_or("");
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
  }
  narratives_[u.narrative].units.push_back(static_cast<std::uint32_t>(units_.size()));
  units_.push_back(std::move(u));
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

std::vector<int> Synthesizer::assign(const std::vector<double>& scores, const std::vector<std::uint32_t>* support) const {
  double best = 0;
  for (double s : scores) best = std::max(best, s);
  std::vector<int> out;
  if (best <= 0) return out;
  for (std::size_t t = 0; t < scores.size(); ++t)
    if (scores[t] >= opt_.min_score - 1e-12 && scores[t] >= opt_.relative * best - 1e-12) out.push_back(static_cast<int>(t));
  // Best first. Scores move in steps of a dimension, so ties are common: the type more of the
  // narrative's units speak for goes first; then codebook order.
  std::stable_sort(out.begin(), out.end(), [&](int a, int b) {
    if (std::abs(scores[a] - scores[b]) > 1e-9) return scores[a] > scores[b];
    return support && (*support)[a] > (*support)[b];
  });
  return out;
}

void Synthesizer::score_all(std::vector<Scored>& all) const {
  all.resize(narratives_.size());
  for (std::size_t i = 0; i < narratives_.size(); ++i) {
    const Narrative& n = narratives_[i];
    Scored& s = all[i];
    for (auto ui : n.units) {
      const Unit& u = units_[ui];
      s.present.insert(s.present.end(), code_pool_.begin() + u.codes_begin, code_pool_.begin() + u.codes_begin + u.n_codes);
      s.valence.push_back(u.valence);
    }
    std::sort(s.present.begin(), s.present.end());
    s.present.erase(std::unique(s.present.begin(), s.present.end()), s.present.end());
    for (const Type& t : ty_.typology) s.score.push_back(type_score(t, s.present, nullptr));
    std::vector<std::uint32_t> support(ty_.typology.size(), 0);
    for (auto ui : n.units) {
      const Unit& u = units_[ui];
      const auto* b = code_pool_.data() + u.codes_begin;
      for (std::size_t t = 0; t < ty_.typology.size(); ++t)
        for (const Weight& w : ty_.typology[t].weights)
          if (w.weight > 0 && std::binary_search(b, b + u.n_codes, static_cast<std::uint16_t>(w.code))) {
            ++support[t];
            break;
          }
    }
    s.assigned = assign(s.score, &support);
    if (lexicon_) {
      s.has_arc = true;
      const Smoother smoother(s.valence.size(), opt_.arc);
      smoother(s.valence, s.smoothed);
      s.shape = classify(s.smoothed, opt_.arc);
      // The control: the same classifier on many shuffled orders of the same units. One order
      // is a coin toss; the structures report the mean over all of them. The first order is the
      // one the narrative record shows.
      const std::uint64_t base = opt_.seed ^ fnv1a(n.id);
      std::vector<double> shuffled, smoothed;
      const int rounds = std::max(1, opt_.arc.shuffles);
      for (int r = 0; r < rounds; ++r) {
        shuffled = s.valence;
        shuffle(shuffled, r == 0 ? base : mix64(base + static_cast<std::uint64_t>(r) * 0x9E3779B97F4A7C15ULL));
        smoother(shuffled, smoothed);
        std::string shape = classify(smoothed, opt_.arc);
        ++s.control_counts[shape_index(shape)];
        if (r == 0) s.control = std::move(shape);
      }
    } else {
      s.valence.clear();
    }
  }
}

std::string Synthesizer::narrative_json(const Narrative& n, const Scored& s) const {
  std::string out;
  json::Writer w(out);
  w.begin_object().field("kind", "narrative").field("id", n.id).field("doc", n.doc);
  w.key("episode").value(n.episode);
  w.field("participant", n.participant).field("source", n.source);
  if (!n.attrs.empty()) w.key("attrs").raw(n.attrs);
  if (!n.category.empty()) w.field("category", n.category);
  w.key("units").begin_array();
  for (auto ui : n.units) w.value(units_[ui].id);
  w.end_array();
  w.key("types").begin_array();
  for (std::size_t t = 0; t < ty_.typology.size(); ++t) {
    const Type& type = ty_.typology[t];
    w.begin_object().field("type", type.id).field("score", round_to(s.score[t], 1e4));
    w.key("contributions").begin_array();
    for (const Weight& wt : type.weights) {
      if (!has(s.present, wt.code)) continue;
      w.begin_object().field("code", ty_.codes[wt.code].id).field("dimension", ty_.dimensions[wt.dimension].id);
      w.field("weight", wt.weight).key("units").begin_array();
      for (auto ui : n.units) {
        const Unit& u = units_[ui];
        const auto* b = code_pool_.data() + u.codes_begin;
        if (std::binary_search(b, b + u.n_codes, static_cast<std::uint16_t>(wt.code))) w.value(u.id);
      }
      w.end_array().end_object();
    }
    w.end_array().end_object();
  }
  w.end_array();
  w.key("assigned").begin_array();
  for (int t : s.assigned) w.value(ty_.typology[t].id);
  w.end_array();
  w.key("arc");
  if (!s.has_arc) {
    w.null();
  } else {
    w.begin_object().key("valence").begin_array();
    for (double v : s.valence) w.value(round_to(v, 1e3));
    w.end_array().key("smoothed").begin_array();
    for (double v : s.smoothed) w.value(round_to(v, 1e3));
    w.end_array().field("shape", s.shape);
    std::string expected = s.assigned.empty() ? "" : ty_.typology[s.assigned[0]].shape;
    w.key("expected");
    if (expected.empty()) w.null(); else w.value(expected);
    w.key("agrees");
    if (expected.empty()) w.null(); else w.value(s.shape == expected);
    w.key("control").begin_object().field("order", "shuffled").field("shape", s.control).key("agrees");
    if (expected.empty()) w.null(); else w.value(s.control == expected);
    w.end_object().end_object();
  }
  w.end_object();
  return out;
}

std::string Synthesizer::structure_json(std::size_t t, const std::vector<Scored>& all) {
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

  std::string out;
  json::Writer w(out);
  w.begin_object().field("kind", "structure").field("id", type.id).field("type", type.id).field("label", type.label);
  w.field("status", supported ? "supported" : "insufficient");
  w.key("min_participants").value(static_cast<std::int64_t>(opt_.min_participants));
  w.key("narratives").begin_array();
  for (auto i : mine) w.value(narratives_[i].id);
  w.end_array().key("participants").begin_array();
  for (const auto& p : participants) w.value(p);
  w.end_array().key("n_participants").value(static_cast<std::int64_t>(n_part));
  std::map<std::string, std::set<std::string>> by_source;
  for (auto i : mine) by_source[narratives_[i].source].insert(narratives_[i].participant);
  w.key("sources").begin_object();
  for (const auto& [src, ps] : by_source) w.key(src).value(ps.size());
  w.end_object();

  // The cells of the comparison table: per dimension, the codes of that dimension found in the
  // type's narratives, ranked by how many participants carry them.
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
  w.key("dimensions").begin_array();
  for (std::size_t d = 0; d < ty_.dimensions.size(); ++d) {
    std::vector<int> found;
    for (std::size_t c = 0; c < ty_.codes.size(); ++c)
      if (ty_.codes[c].dimension_index == static_cast<int>(d) && unit_count[c] > 0) found.push_back(static_cast<int>(c));
    std::stable_sort(found.begin(), found.end(), [&](int a, int b) {
      if (code_participants[a].size() != code_participants[b].size())
        return code_participants[a].size() > code_participants[b].size();
      return unit_count[a] > unit_count[b];
    });
    w.begin_object().field("dimension", ty_.dimensions[d].id).field("label", ty_.dimensions[d].label);
    w.key("codes").begin_array();
    for (int c : found) {
      w.begin_object().field("code", ty_.codes[c].id).field("label", ty_.codes[c].label);
      w.key("participants").value(code_participants[c].size()).key("units").value(static_cast<std::int64_t>(unit_count[c]));
      double weight = 0;
      for (const Weight& wt : type.weights)
        if (wt.code == c) weight = wt.weight;
      w.field("weight", weight).end_object();
    }
    w.end_array().end_object();
  }
  w.end_array();

  // Free imaginative variation: take a feature away from every narrative, re-score, re-assign,
  // and see what is left of the type.
  struct Feature { std::string kind, id; std::vector<char> removed; };
  std::vector<Feature> features;
  auto remove_with_descendants = [&](std::vector<char>& r, int c) {
    for (int x : descendants_[c]) r[x] = 1;
  };
  for (const Weight& wt : type.weights) {
    bool seen = false;
    for (const auto& f : features) seen = seen || f.id == ty_.codes[wt.code].id;
    if (seen) continue;
    Feature f{"code", ty_.codes[wt.code].id, std::vector<char>(ty_.codes.size(), 0)};
    remove_with_descendants(f.removed, wt.code);
    features.push_back(std::move(f));
  }
  std::vector<int> dims;
  for (const Weight& wt : type.weights)
    if (std::find(dims.begin(), dims.end(), wt.dimension) == dims.end()) dims.push_back(wt.dimension);
  for (int d : dims) {
    Feature f{"dimension", ty_.dimensions[d].id, std::vector<char>(ty_.codes.size(), 0)};
    for (std::size_t c = 0; c < ty_.codes.size(); ++c)
      if (ty_.codes[c].dimension_index == d) remove_with_descendants(f.removed, static_cast<int>(c));
    for (const Type& other : ty_.typology)
      for (const Weight& wt : other.weights)
        if (wt.dimension == d) remove_with_descendants(f.removed, wt.code);
    features.push_back(std::move(f));
  }
  w.key("variation").begin_object();
  w.key("criterion").begin_object().field("essential_share", opt_.essential_share);
  w.key("min_participants").value(static_cast<std::int64_t>(opt_.min_participants));
  w.field("rule", "essential when removing the feature loses at least essential_share of the type's narratives, "
                  "or takes a supported type below min_participants; otherwise incidental");
  w.end_object().key("features").begin_array();
  for (const Feature& f : features) {
    std::vector<std::vector<int>> after(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      std::vector<double> sc;
      for (const Type& ot : ty_.typology) sc.push_back(type_score(ot, all[i].present, &f.removed));
      after[i] = assign(sc, nullptr);  // membership only: the order does not matter here
    }
    const auto kept_all = members(after);
    long kept = 0;
    for (auto i : kept_all) kept += std::binary_search(mine.begin(), mine.end(), i) ? 1 : 0;
    const long before = static_cast<long>(mine.size());
    const long lost = before - kept;
    const long gained = static_cast<long>(kept_all.size()) - kept;
    const long part_after = static_cast<long>(participants_of(kept_all).size());
    const double share = before ? static_cast<double>(lost) / before : 0;
    const bool below = part_after < opt_.min_participants;
    std::string verdict = before == 0 ? "untested"
                          : (share >= opt_.essential_share - 1e-12 || (supported && below)) ? "essential"
                                                                                           : "incidental";
    w.begin_object().field("feature", f.kind).field("id", f.id);
    w.key("narratives_before").value(static_cast<std::int64_t>(before));
    w.key("narratives_after").value(static_cast<std::int64_t>(kept_all.size()));
    w.key("lost").value(static_cast<std::int64_t>(lost)).key("gained").value(static_cast<std::int64_t>(gained));
    w.field("lost_share", round_to(share, 1e4));
    w.key("participants_after").value(static_cast<std::int64_t>(part_after));
    w.field("below_minimum", below).field("verdict", verdict).end_object();
  }
  w.end_array().end_object();

  // Exemplars: the units carrying the most of the type's weight, for quotation.
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
  w.key("exemplars").begin_array();
  for (const Ex& e : ex) {
    const Unit& u = units_[e.unit];
    const Narrative& n = narratives_[e.narrative];
    w.begin_object().field("unit", u.id).field("participant", n.participant).field("cite", "(" + n.participant + ")");
    w.field("narrative", n.id);
    if (u.span) w.key("span").span(u.span->start, u.span->end);
    w.field("contribution", round_to(e.contribution, 1e4)).key("codes").begin_array();
    const auto* b = code_pool_.data() + u.codes_begin;
    for (const Weight& wt : type.weights)
      if (std::binary_search(b, b + u.n_codes, static_cast<std::uint16_t>(wt.code))) w.value(ty_.codes[wt.code].id);
    w.end_array().field("text", spooled_text(u)).end_object();
  }
  w.end_array();

  // The arc of the type: what shapes its narratives take, against the shape it should have.
  w.key("arc");
  if (!lexicon_) {
    w.null();
  } else {
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
    w.begin_object().key("expected");
    if (type.shape.empty()) w.null(); else w.value(type.shape);
    if (!type.narrative.empty()) w.field("narrative", type.narrative);
    w.key("shapes").begin_object();
    for (const char* sh : kShapeOrder) w.key(sh).value(static_cast<std::int64_t>(shapes[sh]));
    w.end_object();
    const bool rated = !type.shape.empty() && !mine.empty();
    w.key("agreement");
    if (rated) w.value(round_to(static_cast<double>(agree) / mine.size(), 1e4)); else w.null();
    w.key("control_agreement");
    if (rated) w.value(round_to(control / mine.size(), 1e4)); else w.null();
    // The mean arc of the type's narratives, and its shape (none without narratives).
    w.key("mean").begin_array();
    if (!mine.empty())
      for (double v : mean) w.value(round_to(v, 1e3));
    w.end_array().key("shape");
    if (mine.empty()) w.null(); else w.value(classify(mean, opt_.arc));
    w.end_object();
  }
  w.end_object();
  return out;
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
  for (auto i : order) sorted.push_back(std::move(narratives_[i]));
  narratives_ = std::move(sorted);
  for (std::uint32_t i = 0; i < narratives_.size(); ++i)
    for (auto ui : narratives_[i].units) units_[ui].narrative = i;

  std::vector<Scored> all;
  score_all(all);
  for (std::size_t i = 0; i < narratives_.size(); ++i) out.line(narrative_json(narratives_[i], all[i]));
  for (std::size_t t = 0; t < ty_.typology.size(); ++t) out.line(structure_json(t, all));
}

namespace {
// Every record passes through; units are also read for the narratives written at the end.
class SynthesizeStep : public Step {
 public:
  SynthesizeStep(Synthesizer& s, io::Output& out) : Step(&out), s_(s), out_(out) {}
  bool takes(std::string_view kind) const override { return kind == "unit"; }
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
