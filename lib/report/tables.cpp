// Building the study's tables from the records: participants, typology, structures, Giorgi
// tables, codes, agreement and changes.
#include <qda/version.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "core/error.hpp"
#include "core/provenance.hpp"
#include "core/text.hpp"
#include "model/codebook.hpp"
#include "model/study.hpp"
#include "report/agreement.hpp"
#include "report/report.hpp"

namespace qda::report {

namespace {

struct Ctx {
  const Stream& s;
  const model::Study* study;
  const model::Codebook* cb;
  Messages msg;
  NumberFormat num;
  int table_no = 0;
  std::string next_table() { return std::to_string(++table_no); }
  // Per participant, the first level one of its units carries: filled once, so a stream whose
  // participant records lack a level costs one pass over the units, not one per unit.
  std::unordered_map<std::string, std::string> unit_level;
};

Cell count_cell(long n) { return Cell{std::to_string(n), static_cast<double>(n), std::nullopt, {}}; }
Cell text_cell(std::string t) { return Cell{std::move(t), std::nullopt, std::nullopt, {}}; }


// ---- labels: the codebook first, then what the records carry, then the id ----

Section skipped(const Ctx& c, const std::string& id, const std::string& title, const std::string& why) {
  Section s;
  s.id = id;
  s.title = title;
  s.skipped = c.msg.format("doc.skipped", {{"reason", why}});
  return s;
}

std::string source_label(const Ctx& c, const std::string& src) {
  std::string key = "source." + src;
  return c.msg.has(key) ? c.msg.get(key) : c.msg.format("source.other", {{"source", src}});
}

std::string code_label(const Ctx& c, const std::string& code) {
  if (c.cb)
    if (const auto* k = c.cb->find_code(code); k && !k->label.empty()) return k->label;
  for (const auto& st : c.s.structures)
    for (const auto& d : st.dimensions)
      for (const auto& k : d.codes)
        if (k.code == code && !k.label.empty()) return k.label;
  return code;
}

// A type by its label: the structure record's, else the codebook's, else its id.
std::string type_label(const Ctx& c, const std::string& type) {
  for (const auto& s : c.s.structures)
    if (s.type == type && !s.label.empty()) return s.label;
  if (c.cb)
    if (int t = c.cb->type_index(type); t >= 0 && !c.cb->typology[t].label.empty()) return c.cb->typology[t].label;
  return type;
}

std::string dimension_label(const Ctx& c, const std::string& dim) {
  if (c.cb)
    for (const auto& d : c.cb->dimensions)
      if (d.id == dim && !d.label.empty()) return d.label;
  for (const auto& st : c.s.structures)
    for (const auto& d : st.dimensions)
      if (d.dimension == dim && !d.label.empty()) return d.label;
  return dim;
}

std::string shape_label(const Ctx& c, const std::string& shape) {
  return c.msg.has("shape." + shape) ? c.msg.get("shape." + shape) : (shape.empty() ? c.msg.get("shape.none") : shape);
}

// Codes in codebook order, then any others in natural order.
std::vector<std::string> order_codes(const Ctx& c, const std::set<std::string>& seen, bool all_of_codebook) {
  std::vector<std::string> out;
  std::set<std::string> done;
  if (c.cb)
    for (const auto& k : c.cb->codes)
      if (all_of_codebook || seen.count(k.id)) {
        out.push_back(k.id);
        done.insert(k.id);
      }
  std::vector<std::string> rest;
  for (const auto& k : seen)
    if (!done.count(k)) rest.push_back(k);
  std::sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) { return text::natural_less(a, b); });
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

// Sources in the study file's order, then the others in natural order.
std::vector<std::string> order_sources(const Ctx& c, const std::set<std::string>& seen) {
  std::vector<std::string> out;
  if (c.study)
    for (const auto& sp : c.study->sources)
      if (seen.count(sp.source) && std::find(out.begin(), out.end(), sp.source) == out.end()) out.push_back(sp.source);
  for (const auto& s : seen)
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  return out;
}

// The breakdown by level: the study's levels in order, a group (group: otros) in the place
// of its first level, then levels the study does not name; "" collects the unknown.
struct LevelCategory {
  std::string key, label;
};
struct Levels {
  std::vector<LevelCategory> cats;
  std::map<std::string, std::string> key_of;  // level id -> category key
  std::string key(const std::string& level) const {
    auto it = key_of.find(level);
    return it == key_of.end() ? level : it->second;
  }
};

Levels level_categories(const Ctx& c, const std::set<std::string>& seen_levels, bool unknown) {
  Levels L;
  std::set<std::string> have;
  if (c.study)
    for (const auto& lv : c.study->levels) {
      std::string key = lv.group.empty() ? lv.id : "group:" + lv.group;
      L.key_of[lv.id] = key;
      if (!have.insert(key).second) continue;
      std::string label = lv.label.empty() ? lv.id : lv.label;
      if (!lv.group.empty()) {
        auto g = c.study->groups.find(lv.group);
        label = g != c.study->groups.end() ? g->second : lv.group;
      }
      L.cats.push_back({key, label});
    }
  std::vector<std::string> rest;
  for (const auto& l : seen_levels)
    if (!l.empty() && !have.count(L.key(l))) rest.push_back(l);
  std::sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) { return text::natural_less(a, b); });
  for (const auto& l : rest) L.cats.push_back({l, l});
  if (unknown) L.cats.push_back({"", c.msg.get("part.unknown")});
  return L;
}

// A level of a participant: the participant record's, else one of its units'.
std::string level_of(const Ctx& c, const std::string& pid) {
  if (const auto* p = c.s.participant(pid); p && !p->level.empty()) return p->level;
  auto it = c.unit_level.find(pid);
  return it == c.unit_level.end() ? std::string() : it->second;
}

// ---- 1. participants ----

Section participants(Ctx& c) {
  Section sec;
  sec.id = "participants";
  sec.title = c.msg.get("part.title");
  if (c.s.participants.empty()) return skipped(c, sec.id, sec.title, c.msg.get("part.none"));

  std::set<std::string> seen_sources, seen_levels;
  bool unknown_gender = false, x_gender = false, unknown_level = false, any_level = false;
  for (const auto& p : c.s.participants) {
    seen_sources.insert(p.source);
    seen_levels.insert(p.level);
    if (p.gender.empty()) unknown_gender = true;
    if (p.gender == "x") x_gender = true;
    if (p.level.empty()) unknown_level = true;
    else any_level = true;
  }
  auto sources = order_sources(c, seen_sources);
  Levels levels = level_categories(c, seen_levels, unknown_level);
  std::vector<std::string> genders{"f", "m"};
  if (x_gender) genders.push_back("x");
  if (unknown_gender) genders.push_back("");

  Table t;
  t.id = "participants";
  t.caption = c.msg.format("part.caption", {{"n", c.next_table()}});
  t.header.push_back(c.msg.get("part.col.item"));
  t.align = "l";
  for (const auto& s : sources) {
    t.header.push_back(c.msg.format("source.heading", {{"label", source_label(c, s)}, {"source", s}}));
    t.align += 'r';
  }
  auto group_row = [&](const std::string& label) {
    Row r;
    r.group = true;
    r.cells.push_back(text_cell(label));
    for (std::size_t i = 0; i < sources.size(); ++i) r.cells.push_back(text_cell(""));
    t.rows.push_back(std::move(r));
  };

  Row n_row, age_row;
  n_row.cells.push_back(text_cell(c.msg.get("part.n")));
  age_row.cells.push_back(text_cell(c.msg.get("part.age")));
  std::vector<Row> gender_rows(genders.size()), level_rows(levels.cats.size());
  for (std::size_t g = 0; g < genders.size(); ++g)
    gender_rows[g].cells.push_back(text_cell(genders[g].empty() ? c.msg.get("part.unknown") : c.msg.get("part.gender." + genders[g])));
  for (std::size_t l = 0; l < levels.cats.size(); ++l) level_rows[l].cells.push_back(text_cell(levels.cats[l].label));

  std::vector<std::string> sentences;
  for (const auto& src : sources) {
    std::vector<const Participant*> ps;
    for (const auto& p : c.s.participants)
      if (p.source == src) ps.push_back(&p);
    long n = static_cast<long>(ps.size());
    std::vector<std::string> pieces;

    // n, and the response rate when the study gives the population
    long population = 0;
    if (c.study)
      if (auto it = c.study->population.find(src); it != c.study->population.end()) population = it->second;
    Cell nc = count_cell(n);
    std::string slabel = source_label(c, src);
    if (population > 0) {
      long rate = percent_tenths(n, population);
      nc.text = c.msg.format("part.n_of", {{"n", std::to_string(n)}, {"population", std::to_string(population)},
                                           {"rate", c.num.percent(rate)}});
      nc.percent = rate / 10.0;
      pieces.push_back(c.msg.format("part.para.n_of", {{"source", slabel}, {"n", std::to_string(n)},
                                                       {"population", std::to_string(population)}, {"rate", c.num.percent(rate)}}));
    } else {
      pieces.push_back(c.msg.format("part.para.n", {{"source", slabel}, {"n", std::to_string(n)}}));
    }
    n_row.cells.push_back(nc);

    auto breakdown = [&](const std::vector<long>& counts, std::vector<Row>& rows) {
      auto pct = largest_remainder_tenths(counts);
      for (std::size_t i = 0; i < counts.size(); ++i) {
        Cell cell = count_cell(counts[i]);
        cell.text = c.msg.format("part.count_pct", {{"n", std::to_string(counts[i])}, {"pct", c.num.percent(pct[i])}});
        cell.percent = pct[i] / 10.0;
        rows[i].cells.push_back(cell);
      }
      return pct;
    };
    std::vector<long> gc(genders.size(), 0);
    for (const auto* p : ps)
      gc[static_cast<std::size_t>(std::find(genders.begin(), genders.end(), p->gender) - genders.begin())]++;
    auto gp = breakdown(gc, gender_rows);
    if (gc[0] + gc[1] > 0)
      pieces.push_back(c.msg.format("part.para.gender", {{"women", std::to_string(gc[0])}, {"pw", c.num.percent(gp[0])},
                                                         {"men", std::to_string(gc[1])}, {"pm", c.num.percent(gp[1])}}));

    std::vector<long> ages;
    for (const auto* p : ps)
      if (p->age) ages.push_back(*p->age);
    std::sort(ages.begin(), ages.end());
    // CSV: the minimum, maximum and median each a number in a row of its own.
    if (age_row.csv_rows.empty())
      for (const char* key : {"part.age.min", "part.age.max", "part.age.median"})
        age_row.csv_rows.push_back(Row{{text_cell(c.msg.format(key, {{"age", c.msg.get("part.age")}}))}, false, {}});
    if (ages.empty()) {
      age_row.cells.push_back(text_cell("—"));
      for (auto& r : age_row.csv_rows) r.cells.push_back(text_cell("—"));
    } else {
      std::size_t m = ages.size();
      double median = m % 2 ? static_cast<double>(ages[m / 2]) : (ages[m / 2 - 1] + ages[m / 2]) / 2.0;
      age_row.cells.push_back(text_cell(c.msg.format("part.age.range", {{"min", std::to_string(ages.front())},
                                                                        {"max", std::to_string(ages.back())},
                                                                        {"median", c.num.short_number(median)}})));
      double numbers[] = {static_cast<double>(ages.front()), static_cast<double>(ages.back()), median};
      for (std::size_t k = 0; k < 3; ++k)
        age_row.csv_rows[k].cells.push_back(Cell{c.num.short_number(numbers[k]), numbers[k], std::nullopt, {}});
      std::string age = c.msg.format("part.para.age", {{"min", std::to_string(ages.front())}, {"max", std::to_string(ages.back())}});
      // "37 mujeres (68.5 %) y 17 hombres (31.5 %), de 26 a 65 años": one clause about the people
      if (gc[0] + gc[1] > 0) pieces.back() += ", " + age;
      else pieces.push_back(age);
    }

    if (any_level) {
      std::vector<long> lc(levels.cats.size(), 0);
      for (const auto* p : ps) {
        std::string key = p->level.empty() ? "" : levels.key(p->level);
        for (std::size_t i = 0; i < levels.cats.size(); ++i)
          if (levels.cats[i].key == key) lc[i]++;
      }
      auto lp = breakdown(lc, level_rows);
      std::vector<std::string> items;
      for (std::size_t i = 0; i < lc.size(); ++i)
        if (lc[i] > 0) items.push_back(levels.cats[i].label + " (" + c.num.percent(lp[i]) + ")");
      pieces.push_back(c.msg.format("part.para.level", {{"list", join_list(items, c.msg)}}));
    }
    std::string sentence;
    for (std::size_t i = 0; i < pieces.size(); ++i) sentence += (i ? "; " : "") + pieces[i];
    sentences.push_back(sentence + ".");
  }

  t.rows.push_back(std::move(n_row));
  group_row(c.msg.get("part.gender"));
  for (auto& r : gender_rows) t.rows.push_back(std::move(r));
  t.rows.push_back(std::move(age_row));
  if (any_level) {
    group_row(c.msg.get("part.level"));
    for (auto& r : level_rows) t.rows.push_back(std::move(r));
  }
  t.notes.push_back(c.msg.get("part.note"));
  sec.blocks.push_back(std::move(t));
  for (auto& s : sentences) sec.blocks.push_back(Paragraph{std::move(s), false});
  return sec;
}

// ---- 2. typology ----

// The codes that speak for the type in a dimension (weight > 0), with participant support.
std::string leading_codes(const Ctx& c, const synthesis::DimensionCodes& d) {
  std::vector<std::string> items;
  for (const auto& k : d.codes)
    if (k.weight > 0 && items.size() < 3)
      items.push_back(code_label(c, k.code) + " (" + std::to_string(k.participants) + ")");
  if (items.empty()) return "—";
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "; " : "") + items[i];
  return out;
}

Table typology_table(Ctx& c, const std::vector<const Structure*>& types, bool insufficient) {
  Table t;
  t.id = insufficient ? "typology-insufficient" : "typology";
  t.caption = c.msg.format(insufficient ? "typ.caption_insufficient" : "typ.caption", {{"n", c.next_table()}});
  t.header.push_back(c.msg.get("typ.col.dimension"));
  t.align = "l";
  for (const auto* s : types) {
    t.header.push_back((s->label.empty() ? s->type : s->label) + (insufficient ? " †" : ""));
    t.align += 'p';
  }
  Row head;
  head.cells.push_back(text_cell(c.msg.get("typ.row.participants")));
  for (const auto* s : types)
    head.cells.push_back(Cell{c.msg.format("typ.participants", {{"p", std::to_string(s->n_participants)},
                                                                {"n", std::to_string(s->narratives.size())}}),
                              static_cast<double>(s->n_participants), std::nullopt, {}});
  t.rows.push_back(std::move(head));
  // Rows: the dimensions in the order the records give them (the codebook's).
  std::vector<std::string> dims;
  for (const auto* s : types)
    for (const auto& d : s->dimensions)
      if (std::find(dims.begin(), dims.end(), d.dimension) == dims.end()) dims.push_back(d.dimension);
  for (const auto& dim : dims) {
    Row r;
    r.cells.push_back(text_cell(dimension_label(c, dim)));
    for (const auto* s : types) {
      auto it = std::find_if(s->dimensions.begin(), s->dimensions.end(), [&](const auto& d) { return d.dimension == dim; });
      r.cells.push_back(text_cell(it == s->dimensions.end() ? "—" : leading_codes(c, *it)));
    }
    t.rows.push_back(std::move(r));
  }
  if (insufficient) {
    long min = types.empty() ? 3 : types.front()->min_participants;
    t.notes.push_back(c.msg.format("typ.note_insufficient", {{"min", std::to_string(min)}}));
  }
  return t;
}

// How many narratives got a type, and those that abstained, as such: no code of the typology,
// below the minimum score, or a best type too close to the second (with the two and the margin).
std::optional<std::string> abstentions(const Ctx& c) {
  if (c.s.narratives.empty()) return std::nullopt;
  long typed = 0, no_code = 0, below = 0;
  std::vector<std::string> close;
  for (const auto& n : c.s.narratives) {
    if (!n.assigned.empty()) { ++typed; continue; }
    if (n.reason == "margin") {
      close.push_back(c.msg.format("typ.abstain.close", {{"narrative", n.id}, {"type", type_label(c, n.best)},
                                                         {"margin", c.num.fixed(n.margin, 2)}}));
    } else if (n.reason == "below_min_score") {
      ++below;
    } else {
      ++no_code;
    }
  }
  std::vector<std::string> why;
  if (no_code) why.push_back(c.msg.format("typ.abstain.no_code", {{"n", std::to_string(no_code)}}));
  if (below) why.push_back(c.msg.format("typ.abstain.below", {{"n", std::to_string(below)}}));
  if (!close.empty())
    why.push_back(c.msg.format("typ.abstain.margin", {{"n", std::to_string(close.size())}, {"list", join_list(close, c.msg)}}));
  long all = static_cast<long>(c.s.narratives.size());
  std::string out = c.msg.format("typ.abstain", {{"n", std::to_string(all)}, {"typed", std::to_string(typed)},
                                                 {"abstained", std::to_string(all - typed)}});
  if (!why.empty()) out += ": " + join_list(why, c.msg);
  return out + ".";
}

Section typology(Ctx& c) {
  Section sec;
  sec.id = "typology";
  sec.title = c.msg.get("typ.title");
  if (c.s.structures.empty()) return skipped(c, sec.id, sec.title, c.msg.get("typ.none"));
  std::vector<const Structure*> sup, insuf;
  for (const auto& s : c.s.structures) (s.supported() ? sup : insuf).push_back(&s);
  if (!sup.empty()) sec.blocks.push_back(typology_table(c, sup, false));
  if (!insuf.empty()) sec.blocks.push_back(typology_table(c, insuf, true));
  if (auto p = abstentions(c)) sec.blocks.push_back(Paragraph{std::move(*p), false});

  // Charts: every type, by source and by level of its participants.
  Chart by_source{Chart::Kind::bars, "chart-types-by-source", c.msg.get("chart.by_source"), {}, {}, {}};
  std::set<std::string> srcs;
  for (const auto& s : c.s.structures)
    for (const auto& [src, n] : s.sources) srcs.insert(src);
  auto sources = order_sources(c, srcs);
  std::vector<std::string> type_labels;
  for (const auto& s : c.s.structures) type_labels.push_back(s.label.empty() ? s.type : s.label);
  by_source.categories = type_labels;
  for (const auto& src : sources) {
    Chart::Series se{source_label(c, src), {}};
    for (const auto& s : c.s.structures) {
      long n = 0;
      for (const auto& [k, v] : s.sources)
        if (k == src) n = v;
      se.values.push_back(static_cast<double>(n));
    }
    by_source.series.push_back(std::move(se));
  }
  sec.blocks.push_back(std::move(by_source));

  std::set<std::string> seen_levels;
  bool unknown = false;
  std::map<std::string, std::string> level;  // participant -> level
  for (const auto& s : c.s.structures)
    for (const auto& p : s.participants) {
      std::string l = level_of(c, p);
      level[p] = l;
      seen_levels.insert(l);
      if (l.empty()) unknown = true;
    }
  Levels L = level_categories(c, seen_levels, unknown);
  Chart by_level{Chart::Kind::bars, "chart-types-by-level", c.msg.get("chart.by_level"), {}, {}, {}};
  by_level.categories = type_labels;
  for (const auto& cat : L.cats) {
    Chart::Series se{cat.label, {}};
    for (const auto& s : c.s.structures) {
      long n = 0;
      for (const auto& p : s.participants) {
        const std::string& l = level[p];
        if ((l.empty() ? "" : L.key(l)) == cat.key) ++n;
      }
      se.values.push_back(static_cast<double>(n));
    }
    by_level.series.push_back(std::move(se));
  }
  sec.blocks.push_back(std::move(by_level));
  return sec;
}

// ---- 3. structures ----

// Long quotations keep their head and tail around an elision, as a paper would print them.
std::string elide(const std::string& s) {
  constexpr std::size_t kMax = 60, kHead = 35, kTail = 15;
  std::vector<std::string_view> words;
  std::string_view rest = text::trim(s);
  while (!rest.empty()) {
    auto sp = rest.find(' ');
    words.push_back(rest.substr(0, sp));
    rest = sp == std::string_view::npos ? std::string_view{} : text::trim(rest.substr(sp + 1));
  }
  auto join = [&](std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) {
      if (i > from) out += ' ';
      out.append(words[i]);
    }
    return out;
  };
  if (words.size() <= kMax) return join(0, words.size());
  return join(0, kHead) + " […] " + join(words.size() - kTail, words.size());
}

// Where a quotation comes from: the participant and the question it answers (C3, q4), or the
// interview's timestamp of its turn (E8, 00:12:31), as far as the unit record tells; else the
// citation the record carries, else the participant.
std::string cite(const Ctx& c, const std::string& unit, const std::string& participant, const std::string& given) {
  if (const auto* u = c.s.unit(unit)) {
    std::string where = !u->start.empty() ? u->start : u->question;
    if (!where.empty()) return c.msg.format("quote.cite", {{"participant", u->participant}, {"where", where}});
  }
  return given.empty() ? "(" + participant + ")" : given;
}

Section structures(Ctx& c) {
  Section sec;
  sec.id = "structures";
  sec.title = c.msg.get("str.title");
  if (c.s.structures.empty()) return skipped(c, sec.id, sec.title, c.msg.get("str.none"));
  Chart arcs{Chart::Kind::lines, "chart-arcs", c.msg.get("chart.arc"), {c.msg.get("chart.arc.start"), c.msg.get("chart.arc.end")}, {}, {}};
  for (const auto& s : c.s.structures) {
    std::string label = s.label.empty() ? s.type : s.label;
    sec.blocks.push_back(Heading{s.supported() ? label : label + " † (" + c.msg.get("str.insufficient") + ")"});
    if (c.cb)
      for (const auto& ty : c.cb->typology)
        if (ty.id == s.type && !ty.description.empty()) sec.blocks.push_back(Paragraph{ty.description, false});
    std::vector<std::string> by_source;
    for (const auto& [src, n] : s.sources) by_source.push_back(src + ": " + std::to_string(n));
    std::string joined;
    for (std::size_t i = 0; i < by_source.size(); ++i) joined += (i ? ", " : "") + by_source[i];
    sec.blocks.push_back(Paragraph{c.msg.format("str.who", {{"n", std::to_string(s.n_participants)}, {"by_source", joined},
                                                            {"narratives", std::to_string(s.narratives.size())}}), false});
    if (!s.variation.features.empty()) {
      Table t;
      t.id = "structure-" + s.type;
      t.caption = c.msg.format("str.caption", {{"n", c.next_table()}, {"type", label}});
      t.header = {c.msg.get("str.col.feature"), c.msg.get("str.col.kind"), c.msg.get("str.col.verdict"),
                  c.msg.get("str.col.narratives"), c.msg.get("str.col.lost"), c.msg.get("str.col.participants")};
      t.align = "lllrrr";
      // CSV: the narratives before and after, each a number of its own.
      t.parts = {{}, {}, {}, {c.msg.get("str.part.before"), c.msg.get("str.part.after")}, {}, {}};
      t.csv_header = {"", "", "", c.msg.get("str.col.narratives.csv"), "", ""};
      std::vector<std::string> essential, incidental;
      for (const auto& f : s.variation.features) {
        std::string flabel = f.feature == "dimension" ? dimension_label(c, f.id) : code_label(c, f.id);
        (f.verdict == "essential" ? essential : incidental).push_back(flabel);
        Row r;
        r.cells = {text_cell(flabel), text_cell(c.msg.get("str.feature." + f.feature)),
                   text_cell(c.msg.get("str.verdict." + f.verdict)),
                   Cell{std::to_string(f.narratives_before) + " → " + std::to_string(f.narratives_after), std::nullopt, std::nullopt,
                        {static_cast<double>(f.narratives_before), static_cast<double>(f.narratives_after)}},
                   Cell{c.num.percent(std::lround(f.lost_share * 1000)), std::nullopt, f.lost_share * 100, {}},
                   count_cell(f.participants_after)};
        t.rows.push_back(std::move(r));
      }
      if (!essential.empty()) sec.blocks.push_back(Paragraph{c.msg.format("str.essential", {{"list", join_list(essential, c.msg)}}), false});
      sec.blocks.push_back(std::move(t));
    }
    if (s.arc) {
      if (!s.arc->narrative.empty()) sec.blocks.push_back(Paragraph{s.arc->narrative, false});
      auto share = [&](const std::optional<double>& v) { return v ? c.num.percent(std::lround(*v * 1000)) : std::string("—"); };
      sec.blocks.push_back(Paragraph{c.msg.format("str.arc", {{"expected", shape_label(c, s.arc->expected.value_or(""))},
                                                              {"shape", shape_label(c, s.arc->shape.value_or(""))},
                                                              {"agreement", share(s.arc->agreement)},
                                                              {"control", share(s.arc->control_agreement)}}), false});
      if (!s.arc->mean.empty()) arcs.series.push_back({label, s.arc->mean});
    }
    if (!s.exemplars.empty()) {
      Quotes q;
      for (const auto& e : s.exemplars)
        q.items.push_back(Quote{elide(e.text), cite(c, e.unit, e.participant, e.cite)});
      sec.blocks.push_back(std::move(q));
    }
  }
  if (!arcs.series.empty()) sec.blocks.push_back(std::move(arcs));
  return sec;
}

// ---- 4. Giorgi tables ----

std::string safe_id(std::string s) {
  for (auto& ch : s)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_')) ch = '-';
  return s;
}

Section giorgi(Ctx& c) {
  Section sec;
  sec.id = "giorgi";
  sec.title = c.msg.get("giorgi.title");
  bool any = std::any_of(c.s.units.begin(), c.s.units.end(), [](const Unit& u) { return u.has_third_person || u.has_meaning; });
  if (!any) return skipped(c, sec.id, sec.title, c.msg.get("giorgi.none"));
  // One table per narrative: qda-synthesize's when present, else each (doc, episode) of the
  // rewritten participant units, in input order.
  struct Group {
    std::string id, participant;
    std::vector<const Unit*> units;
  };
  std::vector<Group> groups;
  if (!c.s.narratives.empty()) {
    for (const auto& n : c.s.narratives) {
      Group g{n.id, n.participant, {}};
      for (const auto& uid : n.units)
        if (const auto* u = c.s.unit(uid)) g.units.push_back(u);
      if (!g.units.empty()) groups.push_back(std::move(g));
    }
  } else {
    std::map<std::string, std::size_t> at;
    for (const auto& u : c.s.units) {
      if (u.speaker == "interviewer" || !(u.has_third_person || u.has_meaning)) continue;
      std::string id = u.doc + "#" + std::to_string(u.episode);
      auto [it, fresh] = at.emplace(id, groups.size());
      if (fresh) groups.push_back(Group{id, u.participant, {}});
      groups[it->second].units.push_back(&u);
    }
  }
  for (const auto& g : groups) {
    Table t;
    t.id = "giorgi-" + safe_id(g.id);
    t.caption = c.msg.format("giorgi.caption", {{"n", c.next_table()}, {"narrative", g.id}, {"cite", "(" + g.participant + ")"}});
    t.header = {c.msg.get("giorgi.col.unit"), c.msg.get("giorgi.col.third"), c.msg.get("giorgi.col.meaning")};
    t.align = "ppp";
    for (const auto* u : g.units) {
      Row r;
      r.cells = {text_cell(u->text), text_cell(u->has_third_person ? u->third_person : "—"),
                 text_cell(u->meaning.empty() ? "—" : u->meaning)};
      t.rows.push_back(std::move(r));
    }
    sec.blocks.push_back(std::move(t));
  }
  return sec;
}

// ---- 5. codes ----

Section codes(Ctx& c) {
  Section sec;
  sec.id = "codes";
  sec.title = c.msg.get("codes.title");
  bool any = std::any_of(c.s.units.begin(), c.s.units.end(), [](const Unit& u) { return u.has_codes; });
  if (!any) return skipped(c, sec.id, sec.title, c.msg.get("codes.none"));

  // Columns: total, each source, each gender, each level category.
  std::set<std::string> seen_codes, seen_sources, seen_levels;
  bool x_gender = false, unknown_level = false;
  for (const auto& u : c.s.units) {
    if (!u.has_codes) continue;
    for (const auto& a : u.codes) seen_codes.insert(a.code);
    seen_sources.insert(u.source);
    std::string l = u.level.empty() ? level_of(c, u.participant) : u.level;
    seen_levels.insert(l);
    if (l.empty()) unknown_level = true;
    if (u.gender == "x") x_gender = true;
  }
  auto sources = order_sources(c, seen_sources);
  Levels L = level_categories(c, seen_levels, unknown_level);
  struct Column {
    std::string header;
    std::function<bool(const Unit&, const std::string& level_key)> takes;
  };
  std::vector<Column> cols;
  cols.push_back({c.msg.get("codes.col.total"), [](const Unit&, const std::string&) { return true; }});
  for (const auto& s : sources) cols.push_back({source_label(c, s), [s](const Unit& u, const std::string&) { return u.source == s; }});
  std::vector<std::string> genders{"f", "m"};
  if (x_gender) genders.push_back("x");
  for (const auto& g : genders)
    cols.push_back({c.msg.get("part.gender." + g), [g](const Unit& u, const std::string&) { return u.gender == g; }});
  for (const auto& cat : L.cats)
    cols.push_back({cat.label, [k = cat.key](const Unit&, const std::string& lk) { return lk == k; }});

  auto code_ids = order_codes(c, seen_codes, true);
  std::map<std::string, std::size_t> row_of;
  for (std::size_t i = 0; i < code_ids.size(); ++i) row_of[code_ids[i]] = i;
  std::vector<std::vector<long>> units(code_ids.size(), std::vector<long>(cols.size(), 0));
  std::vector<std::vector<std::set<std::string>>> people(code_ids.size(), std::vector<std::set<std::string>>(cols.size()));
  for (const auto& u : c.s.units) {
    if (!u.has_codes) continue;
    std::string l = u.level.empty() ? level_of(c, u.participant) : u.level;
    std::string lk = l.empty() ? "" : L.key(l);
    std::set<std::string> once;  // a code applied twice to a unit (rule and person) counts once
    for (const auto& a : u.codes) {
      if (!once.insert(a.code).second) continue;
      std::size_t r = row_of[a.code];
      for (std::size_t k = 0; k < cols.size(); ++k)
        if (cols[k].takes(u, lk)) {
          units[r][k]++;
          people[r][k].insert(u.participant);
        }
    }
  }
  Table t;
  t.id = "codes";
  t.caption = c.msg.format("codes.caption", {{"n", c.next_table()}});
  t.header.push_back(c.msg.get("codes.col.code"));
  t.align = "l";
  t.parts.push_back({});
  for (const auto& col : cols) {
    t.header.push_back(col.header);
    t.align += 'r';
    t.parts.push_back({c.msg.get("codes.part.units"), c.msg.get("codes.part.participants")});
  }
  for (std::size_t r = 0; r < code_ids.size(); ++r) {
    Row row;
    row.cells.push_back(text_cell(code_label(c, code_ids[r])));
    for (std::size_t k = 0; k < cols.size(); ++k)
      row.cells.push_back(Cell{c.msg.format("codes.cell", {{"units", std::to_string(units[r][k])},
                                                           {"participants", std::to_string(people[r][k].size())}}),
                               static_cast<double>(units[r][k]), std::nullopt,
                               {static_cast<double>(units[r][k]), static_cast<double>(people[r][k].size())}});
    t.rows.push_back(std::move(row));
  }
  sec.blocks.push_back(std::move(t));
  // Participants per code, each bar in the codebook's colour of the code where it gives one.
  Chart chart{Chart::Kind::hbars, "chart-codes", c.msg.get("chart.codes"), {}, {}, {}};
  Chart::Series se{c.msg.get("codes.part.participants"), {}};
  for (std::size_t r = 0; r < code_ids.size(); ++r) {
    chart.categories.push_back(code_label(c, code_ids[r]));
    se.values.push_back(static_cast<double>(people[r][0].size()));
    const auto* k = c.cb ? c.cb->find_code(code_ids[r]) : nullptr;
    chart.colors.push_back(k ? k->color : std::string());
  }
  chart.series.push_back(std::move(se));
  sec.blocks.push_back(std::move(chart));
  return sec;
}

// ---- what made the tables ----

// The codebook and study versions behind the tables: those the stream's provenance records name
// (the steps that made it), then qda-report's own where they differ; by file name and the start
// of the hash, so the line is the same wherever the study is checked out.
std::string made_by(const Ctx& c) {
  std::vector<provenance::Config> seen;
  auto note = [&](const provenance::Config& k) {
    if (k.role != "codebook" && k.role != "study") return;
    for (const auto& s : seen)
      if (s.role == k.role && s.sha256 == k.sha256) return;
    seen.push_back(k);
  };
  for (const auto& p : c.s.provenance)
    for (const auto& k : p.config) note(k);
  for (const auto& k : provenance::self().config) note(k);
  std::stable_sort(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.role < b.role; });
  std::string files;
  for (const auto& k : seen) {
    if (!files.empty()) files += "; ";
    files += c.msg.format("doc.made_by." + k.role, {{"file", std::filesystem::path(k.file).filename().string()},
                                                    {"hash", std::string(provenance::short_hash(k.sha256))}});
  }
  if (files.empty()) return {};
  return c.msg.format("doc.made_by", {{"version", QDA_VERSION}, {"files", files}});
}

// ---- 6. agreement ----

Section agreement(Ctx& c) {
  Section sec;
  sec.id = "agreement";
  sec.title = c.msg.get("agr.title");
  // A coder is taken to have read every unit of each doc they coded anything in: the stream
  // records what people applied, not what they saw, and people code whole answers.
  std::map<std::string, std::set<std::string>> docs_of;  // coder -> docs
  std::set<std::string> seen_codes;
  for (const auto& u : c.s.units)
    for (const auto& a : u.codes)
      if (a.by.rfind("coder:", 0) == 0) {
        docs_of[a.by.substr(6)].insert(u.doc);
        seen_codes.insert(a.code);
      }
  if (docs_of.size() < 2) return skipped(c, sec.id, sec.title, c.msg.get("agr.none"));
  std::vector<CodedUnit> data;
  for (const auto& u : c.s.units)
    for (const auto& [coder, docs] : docs_of) {
      if (!docs.count(u.doc)) continue;
      CodedUnit cu{u.id, coder, {}};
      for (const auto& a : u.codes)
        if (a.by == "coder:" + coder) cu.codes.push_back(a.code);
      data.push_back(std::move(cu));
    }
  auto codes = order_codes(c, seen_codes, false);
  auto table = report::agreement(data, codes);
  Table t;
  t.id = "agreement";
  std::vector<std::string> coders = table.coders;
  t.caption = c.msg.format("agr.caption", {{"n", c.next_table()}, {"coders", join_list(coders, c.msg)}});
  t.header = {c.msg.get("codes.col.code"), c.msg.get("agr.col.units"), c.msg.get("agr.col.percent"),
              c.msg.get("agr.col.kappa"), c.msg.get("agr.col.alpha")};
  t.align = "lrrrr";
  auto row = [&](const std::string& label, const CodeAgreement& a) {
    auto coef = [&](const std::optional<double>& v) { return v ? Cell{c.num.fixed(*v, 2), *v, std::nullopt, {}} : text_cell("—"); };
    Row r;
    r.cells = {text_cell(label), count_cell(a.units),
               a.percent ? Cell{c.num.percent(std::lround(*a.percent * 1000)), std::nullopt, *a.percent * 100, {}} : text_cell("—"),
               coef(a.kappa), coef(a.alpha)};
    t.rows.push_back(std::move(r));
  };
  for (const auto& a : table.per_code) row(code_label(c, a.code), a);
  row(c.msg.get("agr.overall"), table.overall);
  t.notes.push_back(c.msg.get("agr.note"));
  sec.blocks.push_back(std::move(t));
  return sec;
}

// ---- 7. changes ----

Section changes(Ctx& c) {
  Section sec;
  sec.id = "changes";
  sec.title = c.msg.get("chg.title");
  if (c.s.changes.empty()) return skipped(c, sec.id, sec.title, c.msg.get("chg.none"));
  // Applications gained and lost, per code and per applier: each coder, and the rules together.
  // A change record without `by` (an older qda-code) counts as one application of nobody known.
  std::map<std::string, long> added, removed;
  std::map<std::string, std::set<std::string>> units;
  std::set<std::string> seen, all_units;
  std::vector<std::string> appliers;  // in order of first appearance, the rules first
  std::map<std::string, long> by_added, by_removed;
  std::map<std::string, std::set<std::string>> by_units;
  auto applier = [&](const std::string& by) {
    std::string a = by.rfind("coder:", 0) == 0 ? by.substr(6) : by.rfind("rule:", 0) == 0 ? std::string("\x01rules") : by;
    if (std::find(appliers.begin(), appliers.end(), a) == appliers.end()) appliers.push_back(a);
    return a;
  };
  for (const auto& ch : c.s.changes) {
    seen.insert(ch.code);
    long n = std::max<long>(1, static_cast<long>(ch.by.size()));
    (ch.change == "removed" ? removed : added)[ch.code] += n;
    units[ch.code].insert(ch.unit);
    all_units.insert(ch.unit);
    for (const auto& b : ch.by) {
      std::string a = applier(b);
      (ch.change == "removed" ? by_removed : by_added)[a]++;
      by_units[a].insert(ch.unit);
    }
  }
  Table t;
  t.id = "changes";
  t.caption = c.msg.format("chg.caption", {{"n", c.next_table()}});
  t.header = {c.msg.get("codes.col.code"), c.msg.get("chg.col.added"), c.msg.get("chg.col.removed"), c.msg.get("chg.col.units")};
  t.align = "lrrr";
  long ta = 0, tr = 0;
  for (const auto& code : order_codes(c, seen, false)) {
    Row r;
    r.cells = {text_cell(code_label(c, code)), count_cell(added[code]), count_cell(removed[code]),
               count_cell(static_cast<long>(units[code].size()))};
    ta += added[code];
    tr += removed[code];
    t.rows.push_back(std::move(r));
  }
  Row total;
  total.cells = {text_cell(c.msg.get("codes.col.total")), count_cell(ta), count_cell(tr), count_cell(static_cast<long>(all_units.size()))};
  t.rows.push_back(std::move(total));
  t.notes.push_back(c.msg.get("chg.note"));
  sec.blocks.push_back(std::move(t));

  if (!appliers.empty()) {
    std::stable_partition(appliers.begin(), appliers.end(), [](const std::string& a) { return a == "\x01rules"; });
    std::stable_sort(appliers.begin() + (appliers.front() == "\x01rules" ? 1 : 0), appliers.end(),
                     [](const auto& a, const auto& b) { return text::natural_less(a, b); });
    Table p;
    p.id = "changes-by-coder";
    p.caption = c.msg.format("chg.by.caption", {{"n", c.next_table()}});
    p.header = {c.msg.get("chg.col.coder"), c.msg.get("chg.col.added"), c.msg.get("chg.col.removed"), c.msg.get("chg.col.units")};
    p.align = "lrrr";
    for (const auto& a : appliers) {
      Row r;
      r.cells = {text_cell(a == "\x01rules" ? c.msg.get("chg.rules") : a), count_cell(by_added[a]), count_cell(by_removed[a]),
                 count_cell(static_cast<long>(by_units[a].size()))};
      p.rows.push_back(std::move(r));
    }
    sec.blocks.push_back(std::move(p));
  }
  return sec;
}

// ---- 8. memos ----

// The codebook's memos of its codes, and the memos coders wrote with their codings.
Section memos(Ctx& c) {
  Section sec;
  sec.id = "memos";
  sec.title = c.msg.get("memo.title");
  if (c.cb) {
    Table t;
    t.id = "memos-codebook";
    t.header = {c.msg.get("codes.col.code"), c.msg.get("memo.col.memo")};
    t.align = "lp";
    for (const auto& k : c.cb->codes)
      if (!k.memo.empty()) t.rows.push_back(Row{{text_cell(code_label(c, k.id)), text_cell(k.memo)}, false});
    if (!t.rows.empty()) {
      t.caption = c.msg.format("memo.caption.codebook", {{"n", c.next_table()}});
      sec.blocks.push_back(std::move(t));
    }
  }
  Table m;
  m.id = "memos-codings";
  m.header = {c.msg.get("memo.col.passage"), c.msg.get("codes.col.code"), c.msg.get("chg.col.coder"), c.msg.get("memo.col.memo")};
  m.align = "llll";
  m.align[0] = m.align[3] = 'p';
  for (const auto& u : c.s.units)
    for (const auto& a : u.codes)
      if (!a.memo.empty())
        m.rows.push_back(Row{{text_cell(cite(c, u.id, u.participant, "")), text_cell(code_label(c, a.code)),
                              text_cell(a.by.rfind("coder:", 0) == 0 ? a.by.substr(6) : a.by), text_cell(a.memo)},
                             false});
  if (!m.rows.empty()) {
    m.caption = c.msg.format("memo.caption.codings", {{"n", c.next_table()}});
    sec.blocks.push_back(std::move(m));
  }
  if (sec.blocks.empty()) return skipped(c, sec.id, sec.title, c.msg.get("memo.none"));
  return sec;
}

// ---- 9. co-occurrence, and the code × participant matrix ----

// Each coded unit's codes, once each, in codebook order; and the codes seen.
struct CodeSets {
  std::vector<std::string> codes;               // in codebook order
  std::vector<std::pair<const Unit*, std::vector<std::size_t>>> units;  // indices into codes
};

CodeSets code_sets(const Ctx& c) {
  std::set<std::string> seen;
  for (const auto& u : c.s.units)
    for (const auto& a : u.codes) seen.insert(a.code);
  CodeSets cs;
  cs.codes = order_codes(c, seen, false);
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < cs.codes.size(); ++i) at[cs.codes[i]] = i;
  for (const auto& u : c.s.units) {
    if (u.codes.empty()) continue;
    std::set<std::size_t> idx;
    for (const auto& a : u.codes) idx.insert(at[a.code]);
    cs.units.push_back({&u, std::vector<std::size_t>(idx.begin(), idx.end())});
  }
  return cs;
}

// Codes are numbered on the page (a matrix of labels would not fit); CSV heads them by id.
std::string numbered(const std::string& label, std::size_t i) { return std::to_string(i + 1) + ". " + label; }

Section cooccurrence(Ctx& c) {
  Section sec;
  sec.id = "cooccurrence";
  sec.title = c.msg.get("cooc.title");
  CodeSets cs = code_sets(c);
  if (cs.codes.size() < 2) return skipped(c, sec.id, sec.title, c.msg.get("cooc.none"));
  std::size_t k = cs.codes.size();
  std::vector<std::vector<long>> n(k, std::vector<long>(k, 0));
  for (const auto& [u, idx] : cs.units)
    for (auto i : idx)
      for (auto j : idx) n[i][j]++;
  Table t;
  t.id = "cooccurrence";
  t.caption = c.msg.format("cooc.caption", {{"n", c.next_table()}});
  t.header.push_back(c.msg.get("codes.col.code"));
  t.csv_header.push_back(c.msg.get("codes.col.code"));
  t.align = "p";
  for (std::size_t j = 0; j < k; ++j) {
    t.header.push_back(std::to_string(j + 1));
    t.csv_header.push_back(cs.codes[j]);
    t.align += 'r';
  }
  for (std::size_t i = 0; i < k; ++i) {
    Row r;
    r.cells.push_back(text_cell(numbered(code_label(c, cs.codes[i]), i)));
    for (std::size_t j = 0; j < k; ++j) r.cells.push_back(count_cell(n[i][j]));
    t.rows.push_back(std::move(r));
  }
  t.notes.push_back(c.msg.get("cooc.note"));
  sec.blocks.push_back(std::move(t));
  return sec;
}

Section code_case(Ctx& c, bool binary) {
  Section sec;
  sec.id = "matrix";
  sec.title = c.msg.get("matrix.title");
  CodeSets cs = code_sets(c);
  if (cs.codes.empty()) return skipped(c, sec.id, sec.title, c.msg.get("codes.none"));
  // Participants in the stream's order: its participant records, then those only units name.
  std::vector<std::string> people;
  std::map<std::string, std::size_t> row;
  for (const auto& p : c.s.participants)
    if (row.emplace(p.id, people.size()).second) people.push_back(p.id);
  for (const auto& u : c.s.units)
    if (row.emplace(u.participant, people.size()).second) people.push_back(u.participant);
  std::vector<std::vector<long>> n(people.size(), std::vector<long>(cs.codes.size(), 0));
  for (const auto& [u, idx] : cs.units)
    for (auto j : idx) n[row[u->participant]][j]++;
  Table t;
  t.id = "matrix";
  t.caption = c.msg.format(binary ? "matrix.caption.binary" : "matrix.caption", {{"n", c.next_table()}});
  t.header = {c.msg.get("matrix.col.participant")};
  t.csv_header = {c.msg.get("matrix.col.participant")};
  t.align = "l";
  std::vector<std::string> legend;
  for (std::size_t j = 0; j < cs.codes.size(); ++j) {
    t.header.push_back(std::to_string(j + 1));
    t.csv_header.push_back(cs.codes[j]);
    t.align += 'r';
    legend.push_back(numbered(code_label(c, cs.codes[j]), j));
  }
  for (std::size_t i = 0; i < people.size(); ++i) {
    Row r;
    r.cells.push_back(text_cell(people[i]));
    for (long v : n[i]) r.cells.push_back(count_cell(binary ? (v > 0 ? 1 : 0) : v));
    t.rows.push_back(std::move(r));
  }
  std::string joined;
  for (const auto& l : legend) joined += (joined.empty() ? "" : "; ") + l;
  t.notes.push_back(c.msg.format("matrix.note", {{"codes", joined}}));
  sec.blocks.push_back(std::move(t));
  return sec;
}

// ---- 10. retrieval: the coded passages of each code, in context, with their citation ----

Section retrieval(Ctx& c) {
  Section sec;
  sec.id = "retrieval";
  sec.title = c.msg.get("retr.title");
  CodeSets cs = code_sets(c);
  if (cs.codes.empty()) return skipped(c, sec.id, sec.title, c.msg.get("codes.none"));
  for (std::size_t j = 0; j < cs.codes.size(); ++j) {
    Quotes q;
    std::set<std::string> people;
    for (const auto& [u, idx] : cs.units)
      if (std::find(idx.begin(), idx.end(), j) != idx.end()) {
        // The passage as coded (a coder's span may be part of the unit), the unit around it.
        std::string passage = u->text;
        for (const auto& a : u->codes)
          if (a.code == cs.codes[j] && !a.evidence.empty() && a.evidence.size() < u->text.size()) passage = a.evidence;
        q.items.push_back(Quote{elide(passage), cite(c, u->id, u->participant, "")});
        people.insert(u->participant);
      }
    sec.blocks.push_back(Heading{code_label(c, cs.codes[j])});
    sec.blocks.push_back(Paragraph{c.msg.format("retr.count", {{"units", std::to_string(q.items.size())},
                                                              {"participants", std::to_string(people.size())}}), true});
    sec.blocks.push_back(std::move(q));
  }
  return sec;
}

// ---- what did not reach the analysis ----

// The note records of the steps (a doc with no episode, a participant with no narrative, a code
// no unit carries), each with its reason in the report's language. Without notes, a stream that
// went through synthesis says that everything reached it.
Section notes(Ctx& c) {
  Section sec;
  sec.id = "notes";
  sec.title = c.msg.get("note.title");
  if (c.s.notes.empty()) {
    if (c.s.narratives.empty()) return skipped(c, sec.id, sec.title, c.msg.get("note.none"));
    sec.blocks.push_back(Paragraph{c.msg.get("note.all"), false});
    return sec;
  }
  Table t;
  t.id = "notes";
  t.caption = c.msg.format("note.caption", {{"n", c.next_table()}});
  t.header = {c.msg.get("note.col.what"), c.msg.get("note.col.reason")};
  t.align = "lp";
  for (const auto& n : c.s.notes) {
    auto arg = [&](const char* k) -> std::string {
      for (const auto& [key, v] : n.args)
        if (key == k) return v;
      return {};
    };
    std::string what_key = "note.about." + n.about, reason_key = "note.reason." + n.reason;
    std::string what = c.msg.has(what_key) ? c.msg.format(what_key, {{"id", n.id}}) : n.about + " " + n.id;
    if (n.about == "code" && c.cb) what = c.msg.format(what_key, {{"id", code_label(c, n.id)}});
    // Categories and types by their labels where the study and the codebook give them.
    std::vector<std::string> cats;
    const std::string categories = arg("categories");  // split() views it: it must outlive the loop
    for (auto piece : text::split(categories, ',')) {
      std::string id(text::trim(piece));
      std::string label = "«" + id + "»";
      if (c.study)
        for (const auto& cat : c.study->categories)
          if (cat.id == id && !cat.label.empty()) label = "«" + cat.label + "»";
      if (!id.empty()) cats.push_back(label);
    }
    std::string type = type_label(c, arg("type"));
    std::string reason = c.msg.has(reason_key)
                             ? c.msg.format(reason_key, {{"units", arg("units")}, {"categories", join_list(cats, c.msg)}, {"type", type}})
                             : n.message;
    Row r;
    r.cells = {text_cell(what), text_cell(reason)};
    t.rows.push_back(std::move(r));
  }
  sec.blocks.push_back(std::move(t));
  return sec;
}

}  // namespace

const std::vector<std::string>& table_names() {
  static const std::vector<std::string> names{"participants", "notes",   "typology",     "structures", "giorgi", "codes",
                                              "cooccurrence", "matrix", "retrieval", "memos", "agreement", "changes"};
  return names;
}

const std::vector<std::string>& default_tables() {
  static const std::vector<std::string> names{"participants", "notes", "typology", "structures", "giorgi", "codes",
                                              "cooccurrence", "memos", "agreement", "changes"};
  return names;
}

// "Tipo de comunidad" -> "tipo de comunidad" inside a sentence; "VIH" and "ONG" stay as written.
std::string lower_first(const std::string& s) {
  if (s.size() < 2 || !std::isupper(static_cast<unsigned char>(s[0])) || std::isupper(static_cast<unsigned char>(s[1]))) {
    // Accented capitals (Á, É, Ó, …) are two bytes: lower them through the text layer.
    if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xC3 && static_cast<unsigned char>(s[1]) >= 0x80 &&
        static_cast<unsigned char>(s[1]) <= 0x9E && !std::isupper(static_cast<unsigned char>(s[2])))
    {
      std::string out = s;
      out[1] = static_cast<char>(s[1] + 0x20);
      return out;
    }
    return s;
  }
  std::string out = s;
  out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return out;
}

// The study's own words in the catalogue: the study file's `labels` (an attribute's name, or any
// label of the catalogue by its key) and the codebook's (the typology's name, the meaning
// column's heading); without them the catalogue's neutral words ("Tipos", "Nivel", "Significado").
// Labels are written in their file's language: a report in another one keeps the catalogue's.
void study_words(Messages& msg, const model::Study* study, const model::Codebook* cb) {
  static const std::map<std::string, std::string> kAttributes = {
      {"level", "part.level"}, {"gender", "part.gender"}, {"age", "part.age"}};
  // A codebook's language may be a Snowball name ("spanish").
  auto iso = [](const std::string& l) -> std::string {
    if (l == "spanish") return "es";
    if (l == "english") return "en";
    return l.substr(0, 2);
  };
  auto same_language = [&](const std::string& l) { return iso(l) == iso(msg.lang()); };
  if (study) {
    for (const auto& [key, text] : study->labels) {
      auto where = study->label_where.count(key) ? study->label_where.at(key) : Location{study->file};
      if (auto a = kAttributes.find(key); a != kAttributes.end()) {
        if (same_language(study->language)) msg.set(a->second, text);
      } else if (key.find('.') != std::string::npos && msg.has(key)) {
        if (same_language(study->language)) msg.set(key, text);
      } else {
        throw ConfigError("unknown label '" + key + "' (an attribute the report shows: level, gender, age; or a "
                          "report label by its key in lib/report/data/messages.tsv, e.g. typ.title)", where);
      }
    }
  }
  msg.fill("level", lower_first(msg.get("part.level")));
  bool own = cb && same_language(cb->language);
  msg.fill("types", own && !cb->labels.typology.empty() ? cb->labels.typology : msg.get("typ.types"));
  if (own && !cb->labels.meaning.empty()) msg.set("giorgi.col.meaning", cb->labels.meaning);
}

Document build(const Inputs& in, const Options& o) {
  for (const auto& t : o.tables)
    if (std::find(table_names().begin(), table_names().end(), t) == table_names().end())
      throw UsageError("unknown table '" + t + "' (expected participants, notes, typology, structures, giorgi, codes, "
                       "cooccurrence, matrix, retrieval, memos, agreement or changes)");
  std::string lang = !o.lang.empty() ? o.lang : in.study ? in.study->language : "es";
  Messages msg = Messages::for_language(lang);
  study_words(msg, in.study, in.codebook);
  // The study's number convention; without a study file, the language's usual one.
  NumberFormat num = in.study ? NumberFormat::from_example(in.study->number_format)
                              : NumberFormat::from_example(msg.lang() == "es" ? "68.5 %" : "68.5%");
  Ctx c{*in.stream, in.study, in.codebook, msg, num, 0, {}};
  for (const auto& u : in.stream->units)
    if (!u.level.empty()) c.unit_level.emplace(u.participant, u.level);
  Document d;
  d.lang = msg.lang();
  d.title = msg.get("doc.title");
  if (in.study) d.subtitle = in.study->title;
  if (!o.stamp.empty()) d.stamp = msg.format("doc.stamp", {{"stamp", o.stamp}});
  d.provenance = made_by(c);
  d.decimal = num.decimal;
  for (const auto& name : table_names()) {
    const auto& wanted = o.tables.empty() ? default_tables() : o.tables;
    if (std::find(wanted.begin(), wanted.end(), name) == wanted.end()) continue;
    if (name == "participants") d.sections.push_back(participants(c));
    else if (name == "notes") d.sections.push_back(notes(c));
    else if (name == "typology") d.sections.push_back(typology(c));
    else if (name == "structures") d.sections.push_back(structures(c));
    else if (name == "giorgi") d.sections.push_back(giorgi(c));
    else if (name == "codes") d.sections.push_back(codes(c));
    else if (name == "agreement") d.sections.push_back(agreement(c));
    else if (name == "changes") d.sections.push_back(changes(c));
    else if (name == "cooccurrence") d.sections.push_back(cooccurrence(c));
    else if (name == "matrix") d.sections.push_back(code_case(c, o.binary));
    else if (name == "retrieval") d.sections.push_back(retrieval(c));
    else if (name == "memos") d.sections.push_back(memos(c));
  }
  return d;
}

}  // namespace qda::report
