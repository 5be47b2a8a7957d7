// Writing and reading narrative and structure records.
#include "core/synthesis.hpp"

#include <simdjson.h>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/json_in.hpp"

namespace qda::synthesis {

using json::In;

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
  w.field("best", n.best).field("margin", n.margin).field("decision", n.decision);
  if (!n.reason.empty()) w.field("reason", n.reason);
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
  In r = json::parse_in(p, line, "narrative");
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
  n.best = r.str("best");
  n.margin = r.num("margin");
  n.decision = r.opt_str("decision").value_or(n.assigned.empty() ? "abstained" : "assigned");
  n.reason = r.str("reason");
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
  In r = json::parse_in(p, line, "structure");
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
