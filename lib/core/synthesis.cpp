// Writing and reading narrative and structure records.
#include "core/synthesis.hpp"

#include <simdjson.h>

#include "core/error.hpp"
#include "core/json.hpp"

namespace qda::synthesis {

namespace {

void strings(json::Writer& w, std::string_view key, const std::vector<std::string>& v) {
  w.key(key).begin_array();
  for (const auto& s : v) w.value(s);
  w.end_array();
}
void numbers(json::Writer& w, std::string_view key, const std::vector<double>& v) {
  w.key(key).begin_array();
  for (double d : v) w.value(d);
  w.end_array();
}
template <class T>
void maybe(json::Writer& w, std::string_view key, const std::optional<T>& v) {
  w.key(key);
  if (v) w.value(*v);
  else w.null();
}
void counts(json::Writer& w, std::string_view key, const std::vector<std::pair<std::string, std::int64_t>>& v) {
  w.key(key).begin_object();
  for (const auto& [k, n] : v) w.key(k).value(n);
  w.end_object();
}

// A member of a record being read, with its path for messages.
class In {
 public:
  In(simdjson::dom::element e, std::string path, const char* kind) : e_(e), path_(std::move(path)), kind_(kind) {}

  bool has(const char* key) const {
    simdjson::dom::element v;
    return !e_[key].get(v) && !v.is_null();
  }
  std::string str(const char* key) const {
    auto v = get(key);
    if (!v) return {};
    std::string_view s;
    if (v->get(s)) throw bad(key, "a string");
    return std::string(s);
  }
  std::optional<std::string> opt_str(const char* key) const {
    if (!has(key)) return std::nullopt;
    return str(key);
  }
  std::int64_t integer(const char* key) const {
    auto v = get(key);
    if (!v) return 0;
    std::int64_t n;
    if (v->get(n)) throw bad(key, "a whole number");
    return n;
  }
  double num(const char* key) const {
    auto v = get(key);
    if (!v) return 0;
    double d;
    if (v->get(d)) throw bad(key, "a number");
    return d;
  }
  std::optional<double> opt_num(const char* key) const {
    if (!has(key)) return std::nullopt;
    return num(key);
  }
  std::optional<bool> opt_bool(const char* key) const {
    auto v = get(key);
    if (!v) return std::nullopt;
    bool b;
    if (v->get(b)) throw bad(key, "true, false or null");
    return b;
  }
  std::string raw(const char* key) const {
    auto v = get(key);
    return v ? simdjson::minify(*v) : std::string();
  }
  std::vector<std::string> strings(const char* key) const {
    std::vector<std::string> out;
    each(key, [&](const In& item) {
      std::string_view s;
      if (item.e_.get(s)) throw item.bad(nullptr, "a string");
      out.emplace_back(s);
    });
    return out;
  }
  std::vector<double> numbers(const char* key) const {
    std::vector<double> out;
    each(key, [&](const In& item) {
      double d;
      if (item.e_.get(d)) throw item.bad(nullptr, "a number");
      out.push_back(d);
    });
    return out;
  }
  std::vector<std::pair<std::string, std::int64_t>> counts(const char* key) const {
    std::vector<std::pair<std::string, std::int64_t>> out;
    auto v = get(key);
    if (!v) return out;
    simdjson::dom::object o;
    if (v->get(o)) throw bad(key, "an object of counts");
    for (auto [k, n] : o) {
      std::int64_t x;
      if (n.get(x)) throw bad(key, "an object of whole numbers");
      out.emplace_back(std::string(k), x);
    }
    return out;
  }
  // Each item of an array member, as an In with its path.
  template <class F>
  void each(const char* key, F&& f) const {
    auto v = get(key);
    if (!v) return;
    simdjson::dom::array a;
    if (v->get(a)) throw bad(key, "an array");
    std::size_t i = 0;
    for (simdjson::dom::element item : a) f(In(item, at(key) + "[" + std::to_string(i++) + "]", kind_));
  }
  // An object member (nullopt when absent or null).
  std::optional<In> object(const char* key) const {
    auto v = get(key);
    if (!v) return std::nullopt;
    if (!v->is_object()) throw bad(key, "an object or null");
    return In(*v, at(key), kind_);
  }

 private:
  std::optional<simdjson::dom::element> get(const char* key) const {
    simdjson::dom::element v;
    if (!e_.is_object() || e_[key].get(v) || v.is_null()) return std::nullopt;
    return v;
  }
  std::string at(const char* key) const {
    if (!key) return path_;
    return path_.empty() ? std::string(key) : path_ + "." + key;
  }
  DataError bad(const char* key, const char* what) const {
    // Appended piece by piece: g++ 12 warns (-Wrestrict, a false positive) on chained '+'.
    std::string m(1, '\'');
    m.append(at(key)).append("' of a ").append(kind_).append(" record must be ").append(what);
    return DataError(m);
  }

  simdjson::dom::element e_;
  std::string path_;
  const char* kind_;
};

In parse(simdjson::dom::parser& p, std::string_view line, const char* kind) {
  simdjson::dom::element e;
  if (p.parse(line.data(), line.size()).get(e) || !e.is_object()) throw DataError("a record must be a JSON object");
  return In(e, "", kind);
}

}  // namespace

std::string to_json(const Narrative& n) {
  std::string out;
  json::Writer w(out);
  w.begin_object().field("kind", "narrative").field("id", n.id).field("doc", n.doc);
  w.key("episode").value(n.episode);
  w.field("participant", n.participant).field("source", n.source);
  if (!n.attrs.empty()) w.key("attrs").raw(n.attrs);
  if (!n.category.empty()) w.field("category", n.category);
  strings(w, "units", n.units);
  w.key("types").begin_array();
  for (const auto& t : n.types) {
    w.begin_object().field("type", t.type).field("score", t.score).key("contributions").begin_array();
    for (const auto& c : t.contributions) {
      w.begin_object().field("code", c.code).field("dimension", c.dimension).field("weight", c.weight);
      strings(w, "units", c.units);
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array();
  strings(w, "assigned", n.assigned);
  w.key("arc");
  if (!n.arc) {
    w.null();
  } else {
    const NarrativeArc& a = *n.arc;
    w.begin_object();
    numbers(w, "valence", a.valence);
    numbers(w, "smoothed", a.smoothed);
    w.field("shape", a.shape);
    maybe(w, "expected", a.expected);
    maybe(w, "agrees", a.agrees);
    w.key("control").begin_object().field("order", "shuffled").field("shape", a.control_shape);
    maybe(w, "agrees", a.control_agrees);
    w.end_object().end_object();
  }
  w.end_object();
  return out;
}

std::string to_json(const Structure& s) {
  std::string out;
  json::Writer w(out);
  w.begin_object().field("kind", "structure").field("id", s.id).field("type", s.type).field("label", s.label);
  w.field("status", s.status).key("min_participants").value(s.min_participants);
  strings(w, "narratives", s.narratives);
  strings(w, "participants", s.participants);
  w.key("n_participants").value(s.n_participants);
  counts(w, "sources", s.sources);
  w.key("dimensions").begin_array();
  for (const auto& d : s.dimensions) {
    w.begin_object().field("dimension", d.dimension).field("label", d.label).key("codes").begin_array();
    for (const auto& c : d.codes)
      w.begin_object().field("code", c.code).field("label", c.label).field("participants", c.participants)
          .field("units", c.units).field("weight", c.weight).end_object();
    w.end_array().end_object();
  }
  w.end_array();
  const Variation& v = s.variation;
  w.key("variation").begin_object();
  w.key("criterion").begin_object().field("essential_share", v.essential_share);
  w.field("min_participants", v.min_participants).field("rule", v.rule).end_object();
  w.key("features").begin_array();
  for (const auto& f : v.features) {
    w.begin_object().field("feature", f.feature).field("id", f.id);
    w.field("narratives_before", f.narratives_before).field("narratives_after", f.narratives_after);
    w.field("lost", f.lost).field("gained", f.gained).field("lost_share", f.lost_share);
    w.field("participants_after", f.participants_after).field("below_minimum", f.below_minimum);
    w.field("verdict", f.verdict).end_object();
  }
  w.end_array().end_object();
  w.key("exemplars").begin_array();
  for (const auto& e : s.exemplars) {
    w.begin_object().field("unit", e.unit).field("participant", e.participant).field("cite", e.cite);
    w.field("narrative", e.narrative);
    if (e.span) w.key("span").span(e.span->start, e.span->end);
    w.field("contribution", e.contribution);
    strings(w, "codes", e.codes);
    w.field("text", e.text).end_object();
  }
  w.end_array();
  w.key("arc");
  if (!s.arc) {
    w.null();
  } else {
    const StructureArc& a = *s.arc;
    w.begin_object();
    maybe(w, "expected", a.expected);
    if (!a.narrative.empty()) w.field("narrative", a.narrative);
    counts(w, "shapes", a.shapes);
    maybe(w, "agreement", a.agreement);
    maybe(w, "control_agreement", a.control_agreement);
    numbers(w, "mean", a.mean);
    maybe(w, "shape", a.shape);
    w.end_object();
  }
  w.end_object();
  return out;
}

Narrative read_narrative(std::string_view line) {
  static thread_local simdjson::dom::parser p;
  In r = parse(p, line, "narrative");
  Narrative n;
  n.id = r.str("id");
  n.doc = r.str("doc");
  n.episode = r.integer("episode");
  n.participant = r.str("participant");
  n.source = r.str("source");
  n.attrs = r.raw("attrs");
  n.category = r.str("category");
  n.units = r.strings("units");
  r.each("types", [&](const In& t) {
    TypeScore ts{t.str("type"), t.num("score"), {}};
    t.each("contributions", [&](const In& c) {
      ts.contributions.push_back(Contribution{c.str("code"), c.str("dimension"), c.num("weight"), c.strings("units")});
    });
    n.types.push_back(std::move(ts));
  });
  n.assigned = r.strings("assigned");
  if (auto a = r.object("arc")) {
    NarrativeArc arc{a->numbers("valence"), a->numbers("smoothed"), a->str("shape"), a->opt_str("expected"),
                     a->opt_bool("agrees"), {}, {}};
    if (auto c = a->object("control")) arc.control_shape = c->str("shape"), arc.control_agrees = c->opt_bool("agrees");
    n.arc = std::move(arc);
  }
  return n;
}

Structure read_structure(std::string_view line) {
  static thread_local simdjson::dom::parser p;
  In r = parse(p, line, "structure");
  Structure s;
  s.id = r.str("id");
  s.type = r.str("type");
  s.label = r.str("label");
  s.status = r.str("status");
  s.min_participants = r.integer("min_participants");
  s.narratives = r.strings("narratives");
  s.participants = r.strings("participants");
  s.n_participants = r.integer("n_participants");
  s.sources = r.counts("sources");
  r.each("dimensions", [&](const In& d) {
    DimensionCodes dc{d.str("dimension"), d.str("label"), {}};
    d.each("codes", [&](const In& c) {
      dc.codes.push_back(CodeSupport{c.str("code"), c.str("label"), c.integer("participants"), c.integer("units"), c.num("weight")});
    });
    s.dimensions.push_back(std::move(dc));
  });
  if (auto v = r.object("variation")) {
    if (auto c = v->object("criterion"))
      s.variation.essential_share = c->num("essential_share"), s.variation.min_participants = c->integer("min_participants"),
      s.variation.rule = c->str("rule");
    v->each("features", [&](const In& f) {
      s.variation.features.push_back(Feature{f.str("feature"), f.str("id"), f.integer("narratives_before"),
                                             f.integer("narratives_after"), f.integer("lost"), f.integer("gained"),
                                             f.num("lost_share"), f.integer("participants_after"),
                                             f.opt_bool("below_minimum").value_or(false), f.str("verdict")});
    });
  }
  r.each("exemplars", [&](const In& e) {
    Exemplar ex{e.str("unit"), e.str("participant"), e.str("cite"), e.str("narrative"), std::nullopt,
                e.num("contribution"), e.strings("codes"), e.str("text")};
    if (e.has("span")) ex.span = fields::read_span(e.raw("span"), "exemplars[].span");
    s.exemplars.push_back(std::move(ex));
  });
  if (auto a = r.object("arc")) {
    s.arc = StructureArc{a->opt_str("expected"), a->str("narrative"), a->counts("shapes"), a->opt_num("agreement"),
                         a->opt_num("control_agreement"), a->numbers("mean"), a->opt_str("shape")};
  }
  return s;
}

}  // namespace qda::synthesis
