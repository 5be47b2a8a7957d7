// REFI-QDA projects (.qdpx) into participant and doc records: cases and their variables,
// text sources and their plain text.
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <unordered_map>

#include "core/json.hpp"
#include "core/text.hpp"
#include "ingest/ingest.hpp"
#include "refi/refi.hpp"

namespace qda::ingest {

namespace {

// A variable's name as an attribute key: the fixed keys by the usual names, else as written.
std::string attr_key(const std::string& name) {
  static const std::pair<const char*, std::vector<const char*>> known[] = {
      {"gender", {"gender", "sexo", "genero"}}, {"age", {"age", "edad"}}, {"level", {"level", "nivel"}}};
  std::string f = text::squeeze_spaces(text::fold(name));
  for (const auto& [key, names] : known)
    for (const char* n : names)
      if (f == n) return key;
  return name;
}

bool is_integer(std::string_view s) {
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

bool is_json_number(std::string_view s) {
  if (s.empty()) return false;
  std::string t(s);
  char* end = nullptr;
  std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size()) return false;
  // strtod also takes "inf", "nan", hex and a leading '+' or '.', which JSON does not.
  for (char c : t)
    if (!((c >= '0' && c <= '9') || c == '-' || c == '.' || c == 'e' || c == 'E' || c == '+')) return false;
  return t.front() != '+' && t.front() != '.' && t.back() != '.';
}

// Add the typed values of a case or source to `attrs` (keys already there are kept).
void add_values(const refi::Project& p, const std::vector<refi::Value>& values, const Context& ctx, Attrs& attrs,
                const std::string& owner) {
  for (const auto& v : values) {
    const refi::Variable* var = p.variable(v.variable);
    if (!var) throw DataError(owner + ": a value refers to variable " + v.variable + ", which the project does not define");
    std::string key = attr_key(var->name);
    if (key.empty() || v.text.empty()) continue;
    bool taken = false;
    for (const auto& a : attrs) taken |= a.first == key;
    if (taken) continue;
    std::string type = v.type.empty() ? var->type : v.type;
    auto bad = [&](const char* what) {
      return DataError(owner + ": variable '" + var->name + "': '" + v.text + "' is not " + what);
    };
    try {
      if (key == "gender" || key == "age" || key == "level") add_attr(attrs, key, v.text, ctx.levels);
      else if (type == "Integer") {
        if (!is_integer(v.text)) throw bad("a whole number");
        attrs.emplace_back(key, v.text);
      } else if (type == "Float") {
        if (!is_json_number(v.text)) throw bad("a number");
        attrs.emplace_back(key, v.text);
      } else if (type == "Boolean") {
        std::string f = text::fold(v.text);
        if (f == "true" || f == "1") attrs.emplace_back(key, "true");
        else if (f == "false" || f == "0") attrs.emplace_back(key, "false");
        else throw bad("true or false");
      } else {
        attrs.emplace_back(key, json::quote(v.text));
      }
    } catch (DataError& e) {
      if (e.message().rfind(owner, 0) == 0) throw;
      throw DataError(owner + ": variable '" + var->name + "': " + e.message());
    }
  }
}

// Speaker turns in a source's text: lines "Label: words" whose label names a speaker as a
// transcript's would (classify_label with the study's speakers). The text is not changed: a turn
// starts after its label and ends at the last non-blank character before the next label; text
// before the first label is in no turn. Unless both an interviewer's and a participant's label
// are found, the whole text is one participant turn.
std::vector<TurnRec> turns_in(const std::string& text, std::size_t size, const SpeakerConfig& cfg) {
  constexpr std::size_t kPending = static_cast<std::size_t>(-1);  // a turn whose first word is yet to come
  std::vector<TurnRec> turns;
  bool interviewer = false, participant = false;
  std::size_t cp = 0, last_ink = 0;  // code point offset; end of the last non-blank character
  auto close = [&] {
    if (turns.empty()) return;
    if (turns.back().begin == kPending) turns.back().begin = 0, last_ink = 0;  // nothing said: dropped below
    turns.back().end_cp = last_ink;
  };
  for (std::size_t i = 0; i < text.size();) {
    if (i == 0 || text[i - 1] == '\n') {  // a line starts: a speaker's label?
      std::size_t eol = text.find('\n', i);
      std::string_view line = std::string_view(text).substr(i, eol == std::string::npos ? std::string::npos : eol - i);
      std::size_t colon = line.find(':');
      Role role;
      if (colon != std::string_view::npos && colon > 0 && colon <= 60) {
        std::string_view label = text::trim(line.substr(0, colon));
        if (!label.empty() && classify_label(label, cfg, role)) {
          close();
          for (std::size_t end = i + colon + 1; i < end; ++cp) text::next_cp(text, i);  // past the label
          turns.push_back(TurnRec{role, std::string(label), "", "", kPending, 0});
          (role == Role::interviewer ? interviewer : participant) = true;
          if (i >= text.size()) break;
        }
      }
    }
    char32_t c = text::next_cp(text, i);
    if (!(c == U' ' || c == U'\t' || c == U'\n' || c == U'\r')) {
      if (!turns.empty() && turns.back().begin == kPending) turns.back().begin = cp;
      last_ink = cp + 1;
    }
    ++cp;
  }
  close();
  turns.erase(std::remove_if(turns.begin(), turns.end(), [](const TurnRec& t) { return t.end_cp <= t.begin; }), turns.end());
  if (!interviewer || !participant || turns.empty()) return {TurnRec{Role::participant, "", "", "", 0, size}};
  return turns;
}

}  // namespace

void ingest_qdpx(const SourceSpec& src, const Context& ctx, Accounting& acc, Sink& out) {
  if (src.source.empty() || !std::all_of(src.source.begin(), src.source.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    throw ConfigError("a source prefix is capital letters (E, D, …), got '" + src.source + "'", src.where);
  if (!ctx.pseudonyms.empty())
    throw ConfigError("pseudonyms cannot be applied to a REFI-QDA project: replacing names would move the coded passages",
                      src.where);
  // Each project numbers its participants from 1: two under one prefix would collide.
  if (src.files.size() > 1)
    throw ConfigError("give one .qdpx project per source (" + std::to_string(src.files.size()) + " given for source " +
                      src.source + ")", src.where);
  for (std::size_t f = 0; f < src.files.size(); ++f) {
    const std::string& shown = src.display[f];
    refi::Project p;
    refi::Layout l;
    std::vector<ParticipantRec> people;
    std::vector<DocRec> docs;
    try {
      p = refi::read_project(src.files[f]);
      p.file = shown;
      l = refi::layout(p, src.source);
      for (const auto& s : p.skipped) spdlog::warn("{}: {}", shown, s);
      // A case's reference that leads nowhere, or to a source another case already holds, is said.
      for (std::size_t c = 0; c < p.cases.size(); ++c) {
        std::string name = p.cases[c].name.empty() ? p.cases[c].guid : p.cases[c].name;
        for (const auto& g : p.cases[c].sources) {
          auto it = std::find_if(p.sources.begin(), p.sources.end(), [&](const refi::Source& s) { return s.guid == g; });
          if (it == p.sources.end()) spdlog::warn("{}: case '{}' refers to source {}, which the project does not list", shown, name, g);
          else if (int owner = l.participant_of[it - p.sources.begin()]; owner >= 0 && owner != static_cast<int>(c))
            spdlog::warn("{}: source '{}' is in more than one case: its doc goes to the first, {}", shown, it->name,
                         l.participants[owner].id);
        }
        for (const auto& g : p.cases[c].selections) {
          bool listed = std::any_of(p.sources.begin(), p.sources.end(), [&](const refi::Source& s) {
            return std::any_of(s.selections.begin(), s.selections.end(), [&](const refi::Selection& x) { return x.guid == g; });
          });
          if (!listed) spdlog::warn("{}: case '{}' refers to selection {}, which the project does not list", shown, name, g);
        }
      }
      for (const auto& part : l.participants) {
        ParticipantRec rec{part.id, src.source, {}};
        if (part.case_index >= 0) {
          const refi::Case& c = p.cases[part.case_index];
          add_values(p, c.values, ctx, rec.attrs, "case '" + (c.name.empty() ? c.guid : c.name) + "'");
        } else {
          const refi::Source& s = p.sources[part.source_index];
          add_values(p, s.values, ctx, rec.attrs, "source '" + s.name + "'");
        }
        people.push_back(std::move(rec));
      }
      for (std::size_t i = 0; i < p.sources.size(); ++i) {
        if (l.doc_id[i].empty()) continue;
        const refi::Source& s = p.sources[i];
        refi::TextMap map(s.text);
        if (map.size() == 0 || text::trim(map.doc_text()).empty()) {
          spdlog::warn("{}: source '{}' has no text: no doc", shown, s.name);
          continue;
        }
        const ParticipantRec& who = people[l.participant_of[i]];
        DocRec d;
        d.id = l.doc_id[i];
        d.participant = who.id;
        d.source = src.source;
        d.attrs = who.attrs;
        if (l.participants[l.participant_of[i]].case_index >= 0)
          add_values(p, s.values, ctx, d.attrs, "source '" + s.name + "'");
        d.category = src.category;
        d.text = map.doc_text();
        d.turns = turns_in(d.text, map.size(), ctx.speakers);
        d.origin_file = shown;
        d.origin_format = "qdpx";
        d.origin_guid = s.guid;
        d.origin_name = s.name;
        docs.push_back(std::move(d));
      }
    } catch (Error& e) {
      e.locate(Location{shown});
      throw;
    }
    spdlog::debug("{}: {} (origin '{}'): {} cases, {} sources, {} docs", shown, p.entry, p.origin, p.cases.size(),
                  p.sources.size(), docs.size());
    // A participant made for a lone source that gave no doc would stand for nothing.
    std::vector<bool> keep(people.size(), false);
    for (std::size_t i = 0; i < people.size(); ++i) keep[i] = l.participants[i].case_index >= 0;
    for (const auto& d : docs)
      for (std::size_t i = 0; i < people.size(); ++i) keep[i] = keep[i] || people[i].id == d.participant;
    // Each participant, then its docs by natural id (a project is read whole: its docs are few).
    std::unordered_map<std::string, std::vector<std::size_t>> docs_of;
    for (std::size_t k = 0; k < docs.size(); ++k) docs_of[docs[k].participant].push_back(k);
    long kept = 0;
    for (std::size_t i = 0; i < people.size(); ++i) {
      if (!keep[i]) continue;
      ++kept;
      std::string id = people[i].id;
      out.participant(std::move(people[i]));
      auto it = docs_of.find(id);
      if (it == docs_of.end()) continue;
      std::vector<std::size_t>& mine = it->second;
      std::stable_sort(mine.begin(), mine.end(), [&](std::size_t a, std::size_t b) { return text::natural_less(docs[a].id, docs[b].id); });
      for (std::size_t k : mine) out.doc(docs[k]);
      docs_of.erase(it);  // a second participant of the same id gets no doc twice
    }
    acc.count_in(kept);
    acc.count_out(kept);
  }
}

}  // namespace qda::ingest
