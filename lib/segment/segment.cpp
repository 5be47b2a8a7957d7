// Meaning units: sentences grouped until the cues at a gap add up to the threshold; turns and
// episodes are hard boundaries.
#include "segment/segment.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

namespace qda::segment {

namespace {
double round2(double x) { return std::round(x * 100) / 100; }

[[noreturn]] void bad(const std::string& msg, const std::string& key) {
  Location l;
  l.key = key;
  throw DataError(msg, l);
}

std::size_t cp_index(std::int64_t v, std::size_t ncp, const std::string& what, const std::string& key) {
  if (v < 0 || static_cast<std::uint64_t>(v) > ncp)
    bad(what + " " + std::to_string(v) + " is outside the text (" + std::to_string(ncp) + " code points)", key);
  return static_cast<std::size_t>(v);
}
}  // namespace

Doc read_doc(Record rec) {
  Doc d;
  d.id = rec.get_string("id").value_or("");
  auto text = rec.get_string("text");
  if (!text) bad("doc has no text", "text");
  if (text->empty()) bad("doc text is empty", "text");
  if (auto at = text::first_invalid_utf8(*text); at != std::string::npos)
    bad("invalid UTF-8 in the text at code point " + std::to_string(text::cp_length(text->substr(0, at))), "text");
  d.text = std::move(*text);
  std::size_t ncp = text::cp_length(d.text);
  simdjson::dom::parser parser;
  if (const auto* raw = rec.raw("turns")) {
    simdjson::dom::array turns;
    if (parser.parse(*raw).get_array().get(turns)) bad("must be an array of turns", "turns");
    std::size_t i = 0, prev_end = 0;
    for (auto t : turns) {
      std::string key = "turns[" + std::to_string(i) + "]";
      Turn turn;
      std::string_view sv;
      if (t["speaker"].get_string().get(sv)) bad("a turn needs a speaker string", key);
      turn.speaker = sv;
      if (!t["label"].get_string().get(sv)) turn.label = sv;
      simdjson::dom::array span;
      std::int64_t s, e;
      if (t["span"].get_array().get(span) || span.size() != 2 || span.at(0).get_int64().get(s) || span.at(1).get_int64().get(e))
        bad("a turn needs a span [start, end]", key + ".span");
      turn.span = {cp_index(s, ncp, "turn start", key + ".span"), cp_index(e, ncp, "turn end", key + ".span")};
      if (turn.span.start > turn.span.end || turn.span.start < prev_end)
        bad("span [" + std::to_string(s) + ", " + std::to_string(e) + "] is reversed or overlaps the turn before", key + ".span");
      prev_end = turn.span.end;
      d.turns.push_back(std::move(turn));
      ++i;
    }
  }
  if (!rec.has("turns")) d.turns.push_back(Turn{"participant", "", Span{0, ncp}});
  if (const auto* raw = rec.raw("episodes")) {
    simdjson::dom::array eps;
    if (parser.parse(*raw).get_array().get(eps)) bad("must be an array of episodes", "episodes");
    std::size_t i = 0;
    for (auto e : eps) {
      std::string key = "episodes[" + std::to_string(i++) + "]";
      EpisodeMark m;
      std::string_view sv;
      if (!e["label"].get_string().get(sv)) m.label = sv;
      std::int64_t at, turn;
      if (e["at"].get_int64().get(at)) bad("an episode needs an offset 'at'", key);
      m.at = cp_index(at, ncp, "episode offset", key + ".at");
      if (!e["turn"].get_int64().get(turn)) {
        if (turn < 0 || static_cast<std::size_t>(turn) >= d.turns.size()) bad("episode turn " + std::to_string(turn) + " does not exist", key + ".turn");
        m.turn = static_cast<std::size_t>(turn);
      }
      d.episodes.push_back(std::move(m));
    }
    std::stable_sort(d.episodes.begin(), d.episodes.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  }
  d.rec = std::move(rec);
  return d;
}

namespace {
Markers load(const Options& o) {
  if (!o.markers_file.empty()) return load_markers(yaml::load(o.markers_file));
  const char* text = embedded_markers(o.lang);
  if (!text) throw ConfigError("no built-in markers for language '" + o.lang + "': give --markers FILE");
  return load_markers(yaml::parse(text, "markers-" + o.lang + ".yaml (built in)"));
}
std::vector<Abbreviation> abbreviations(const Options& o) {
  std::vector<Abbreviation> all;
  if (const char* text = embedded_abbreviations(o.lang)) all = parse_abbreviations(text, "abbreviations-" + o.lang + ".txt (built in)");
  for (const auto& f : o.abbreviation_files) {
    auto more = parse_abbreviations(io::read_file(f), f);
    all.insert(all.end(), more.begin(), more.end());
  }
  // Longest first, so "p. ej." is tried before "ej.".
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.folded.size() > b.folded.size(); });
  return all;
}
}  // namespace

Segmenter::Segmenter(const Options& opts) : opts_(opts), markers_(load(opts)), splitter_(opts.lang, abbreviations(opts)) {}

// Episode of every turn: explicit markers win; otherwise an interviewer turn asking for a
// narrative opens one (a repeated prompt before 40 words of answer does not open another);
// a doc without interviewer turns (a questionnaire answer) is one episode.
void Segmenter::episodes(const Doc& d) {
  std::size_t n = d.turns.size();
  turn_episode_.assign(n, 0);
  turn_boundary_.assign(n, Boundary{"turn", "", "", 1});
  mid_turn_.clear();
  for (std::size_t i = 0; i < n; ++i) turn_boundary_[i].cue = d.turns[i].label.empty() ? d.turns[i].speaker : d.turns[i].label;
  if (n) turn_boundary_[0] = Boundary{"start", "", "", 1};
  if (!d.episodes.empty()) {
    std::size_t ep = 0, k = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& sp = d.turns[i].span;
      bool participant = d.turns[i].speaker != "interviewer";
      for (; k < d.episodes.size() && (d.episodes[k].at <= sp.start || (!participant && d.episodes[k].at < sp.end)); ++k) {
        ep = k + 1;
        turn_boundary_[i] = Boundary{"episode", d.episodes[k].label, "", 1};
      }
      turn_episode_[i] = ep;
      for (; k < d.episodes.size() && d.episodes[k].at < sp.end; ++k)
        mid_turn_.push_back({d.episodes[k].at, Boundary{"episode", d.episodes[k].label, "", 1}});
    }
    return;
  }
  bool interview = std::any_of(d.turns.begin(), d.turns.end(), [](const Turn& t) { return t.speaker == "interviewer"; });
  if (!interview) {
    turn_episode_.assign(n, 1);
    return;
  }
  std::size_t ep = 0, words = 0;
  bool by_prompt = false;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& t = d.turns[i];
    if (t.speaker == "interviewer") {
      auto hit = match_prompt(markers_, text_, t.span);
      if (hit && !(by_prompt && words < 40)) {
        ++ep;
        by_prompt = true;
        words = 0;
        turn_boundary_[i] = Boundary{"episode", std::string(text_.utf8.substr(text_.byte_of[hit->start], text_.byte_of[hit->end] - text_.byte_of[hit->start])), "", 1};
      }
    } else {
      words += word_count(text_, t.span);
    }
    turn_episode_[i] = ep;
  }
}

void Segmenter::participant_turn(const Doc& d, std::size_t ti, std::size_t a) {
  std::size_t b = sents_.size();
  if (a == b) return;
  std::size_t ep = turn_episode_[ti];
  std::vector<Tense> tense(b - a);
  std::vector<double> depth;
  if (opts_.granularity != Granularity::turn) {
    bags_.resize(b - a);
    for (std::size_t j = a; j < b; ++j) {
      content_words(markers_, text_, sents_[j].span, bags_[j - a]);
      tense[j - a] = dominant_tense(text_, sents_[j].span);
    }
    bags_.resize(b - a);
    depth = cohesion_depths(markers_, bags_);
  }
  auto slice = [&](Span s) { return std::string(text_.utf8.substr(text_.byte_of[s.start], text_.byte_of[s.end] - text_.byte_of[s.start])); };
  units_.push_back(Unit{ep, 0, d.turns[ti].speaker, sents_[a].span, turn_boundary_[ti]});
  Tense last = tense[0];
  std::size_t in_unit = 1;  // sentences in the current unit
  for (std::size_t j = a + 1; j < b; ++j) {
    Span s = sents_[j].span;
    Boundary best{"sentence", "", "", 0};
    auto mid = std::find_if(mid_turn_.begin(), mid_turn_.end(), [&](const auto& m) { return m.first > sents_[j - 1].span.start && m.first <= s.start; });
    bool hard = mid != mid_turn_.end();
    if (hard) {
      best = mid->second;
      ep = static_cast<std::size_t>(std::find_if(d.episodes.begin(), d.episodes.end(), [&](const auto& e) { return e.at == mid->first; }) - d.episodes.begin()) + 1;
    } else if (opts_.granularity != Granularity::turn) {
      double sum = 0, top = 0;
      auto consider = [&](double score, Boundary cand) {
        sum += score;
        if (score > top) { top = score; best = std::move(cand); }
      };
      if (auto hit = match_marker(markers_, text_, s)) {
        const auto& c = markers_.classes[hit->cls];
        consider(c.weight, Boundary{"marker", slice(hit->where), c.name, 0});
      }
      Tense now = tense[j - a];
      if (now != Tense::unknown && last != Tense::unknown && now != last)
        consider(markers_.tense_weight, Boundary{"tense", std::string(tense_name(last)) + "→" + tense_name(now), "", 0});
      if (now != Tense::unknown) last = now;
      if (depth[j - a] > 0)
        consider(markers_.cohesion_weight * std::min(1.0, depth[j - a]), Boundary{"cohesion", fmt::format("depth {:.2f}", depth[j - a]), "", 0});
      if (static_cast<int>(in_unit) > markers_.length_free && markers_.length_weight > 0)
        consider(markers_.length_weight * static_cast<double>(in_unit - static_cast<std::size_t>(markers_.length_free)),
                 Boundary{"length", fmt::format("{} sentences", in_unit), "", 0});
      best.score = round2(std::min(1.0, sum));
    }
    bool cut = hard || opts_.granularity == Granularity::sentence || (best.score > 0 && best.score >= opts_.threshold);
    if (cut) {
      units_.push_back(Unit{ep, 0, d.turns[ti].speaker, s, best});
      in_unit = 1;
    } else {
      units_.back().span.end = s.end;
      ++in_unit;
    }
  }
}

const std::vector<Unit>& Segmenter::segment(const Doc& d) {
  text_.assign(d.text);
  sents_.clear();
  units_.clear();
  episodes(d);
  for (std::size_t i = 0; i < d.turns.size(); ++i) {
    const auto& t = d.turns[i];
    if (t.span.start == t.span.end) continue;
    if (t.speaker == "interviewer") {
      units_.push_back(Unit{turn_episode_[i], 0, t.speaker, t.span, turn_boundary_[i]});
      continue;
    }
    std::size_t first = sents_.size();
    std::vector<Span> spans;
    splitter_.split(text_, t.span, spans);
    for (auto s : spans) sents_.push_back(Sentence{s, i});
    participant_turn(d, i, first);
  }
  for (std::size_t k = 0; k < units_.size(); ++k) units_[k].seq = k + 1;
  return units_;
}

void Segmenter::write_units(const Doc& d, std::string& out) const {
  for (const auto& u : units_) {
    json::Writer w(out);
    w.begin_object().field("kind", "unit").field("id", fmt::format("{}.u{:03}", d.id, u.seq)).field("doc", d.id);
    for (const char* k : {"participant", "source", "attrs", "category", "question"})
      if (const auto* raw = d.rec.raw(k)) w.key(k).raw(*raw);
    w.field("episode", u.episode).field("seq", u.seq).field("speaker", u.speaker);
    w.key("span").span(u.span.start, u.span.end);
    w.field("text", text_.utf8.substr(text_.byte_of[u.span.start], text_.byte_of[u.span.end] - text_.byte_of[u.span.start]));
    w.key("boundary").begin_object().field("reason", u.boundary.reason);
    if (!u.boundary.cue.empty()) w.field("cue", u.boundary.cue);
    if (!u.boundary.cls.empty()) w.field("class", u.boundary.cls);
    w.field("score", u.boundary.score).end_object();
    w.end_object();
    out += '\n';
  }
}

void run(Segmenter& seg, io::LineReader& in, io::Output& out, Accounting& acc) {
  std::string_view line;
  std::string buf;
  while (in.next(line)) {
    if (text::trim(line).empty()) continue;  // blank lines are not records
    acc.count_in();
    std::string id;
    try {
      // simdjson rejects bad UTF-8 without saying where; say where.
      if (auto bad_at = text::first_invalid_utf8(line); bad_at != std::string_view::npos)
        throw DataError("invalid UTF-8 (byte " + std::to_string(bad_at + 1) + " of the line)", Location{"", 0, static_cast<long>(bad_at) + 1});
      Record r = Record::parse(line);
      if (r.kind() != "doc") {
        out.line(line);
        acc.count_out();
        continue;
      }
      id = r.get_string("id").value_or("");
      Doc d = read_doc(std::move(r));
      seg.segment(d);
      buf.clear();
      seg.write_units(d, buf);
      out.write(buf);
      acc.count_out();
    } catch (Error& e) {
      Location where = in.where();
      where.record = id;
      e.locate(where);
      acc.reject(e, line);
    }
  }
}

}  // namespace qda::segment
